//! The proof file.
//!
//! Layout (all integers little endian):
//!
//! | offset | bytes | field |
//! |---|---|---|
//! | 0 | 8 | magic `ZIRVPRF\0` |
//! | 8 | 2 | format version ([`FORMAT_VERSION`]) |
//! | 10 | 1 | hash: 0 Poseidon2, 1 Keccak |
//! | 11 | 1 | security: 0 = 100 bits, 1 = 128 bits |
//! | 12 | 4 | program id length `n` |
//! | 16 | n | program id (postcard of each table's commitment and log2 height) |
//! | 16+n | 256 | the 64 public u32 outputs |
//! | 272+n | 40 | Mem's end state (5 field elements, u64 each): the last row of its last instance |
//! | 312+n | 4 | number of instances |
//! | 316+n | ... | each instance: kind (u32: a machine id, or 0x100 + id for a table's anchor), log2 height (u8), root length (u32) and root (postcard of the Merkle cap of its rows), bus part (3 u64), proof length (u32) and proof (postcard of Plonky3's uni-stark `Proof`) |
//!
//! Nothing may follow. The header is not trusted: the verifier checks the program id against the
//! one it was given, derives the bus challenges from everything before the instance proofs
//! (and their roots), and passes the outputs, the challenges and each bus part to the instance
//! proofs as public values; a changed byte makes verification fail (or parsing, with the byte
//! offset in the error). Format 5 (one batch STARK, one segment) is refused by its version.

use crate::config::{HashKind, SecurityLevel};
use crate::program_id::ProgramId;
use thiserror::Error;
use zirv_core::memmap::NUM_OUTPUTS;

/// The file's magic bytes.
pub const MAGIC: &[u8; 8] = b"ZIRVPRF\0";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 6;
/// Field elements of Mem's end state.
pub const MEM_END: usize = 5;
/// The most instances a proof file holds.
pub const MAX_INSTANCES: usize = 1 << 20;

/// One instance of a proof.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceProof {
    /// What it proves (`crate::InstanceKind::code`).
    pub kind: u32,
    /// log2 of its height.
    pub log_height: u8,
    /// The commitment to its rows (postcard of the Merkle cap), made before the bus challenges.
    pub root: Vec<u8>,
    /// Its part of the bus sum (three limbs of a Goldilocks^3 element, canonical u64s).
    pub bus_part: [u64; 3],
    /// The postcard-encoded uni-stark proof.
    pub proof: Vec<u8>,
}

/// A proof with its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofFile {
    /// The hash of Merkle trees and transcript.
    pub hash: HashKind,
    /// The FRI security level.
    pub security: SecurityLevel,
    /// The program id the proof claims.
    pub program_id: ProgramId,
    /// The public outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// Mem's end state (canonical u64s).
    pub mem_end: [u64; MEM_END],
    /// The instances, in canonical order.
    pub instances: Vec<InstanceProof>,
}

/// Why a proof file does not parse.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProofFileError {
    /// The file ends early.
    #[error(
        "proof file truncated: {field} needs {need} bytes at byte offset {offset}, {have} left"
    )]
    Truncated {
        /// The field being read.
        field: &'static str,
        /// Its offset.
        offset: usize,
        /// Bytes it needs.
        need: usize,
        /// Bytes left.
        have: usize,
    },
    /// Not a Zirv proof.
    #[error("not a Zirv proof file (bad magic at byte offset 0)")]
    Magic,
    /// Another format version.
    #[error(
        "proof format version {found} at byte offset 8; this build reads version \
         {FORMAT_VERSION} only (a proof made by another Zirv version, e.g. a single-segment \
         proof of format 5: prove again with this one)"
    )]
    Version {
        /// The version found.
        found: u16,
    },
    /// A field holds a value no proof has.
    #[error("invalid {field} {value} at byte offset {offset}")]
    Invalid {
        /// Field.
        field: &'static str,
        /// Value.
        value: u64,
        /// Offset.
        offset: usize,
    },
    /// Bytes after the proof.
    #[error("{0} unexpected bytes after the proof")]
    Trailing(usize),
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, field: &'static str, n: usize) -> Result<&'a [u8], ProofFileError> {
        let have = self.bytes.len() - self.pos;
        if n > have {
            return Err(ProofFileError::Truncated {
                field,
                offset: self.pos,
                need: n,
                have,
            });
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn u32(&mut self, field: &'static str) -> Result<u32, ProofFileError> {
        Ok(u32::from_le_bytes(
            self.take(field, 4)?.try_into().expect("4"),
        ))
    }
}

impl<'a> Reader<'a> {
    fn u64(&mut self, field: &'static str) -> Result<u64, ProofFileError> {
        let at = self.pos;
        let v = u64::from_le_bytes(self.take(field, 8)?.try_into().expect("8"));
        if v >= 0xffff_ffff_0000_0001 {
            return Err(ProofFileError::Invalid {
                field,
                value: v,
                offset: at,
            });
        }
        Ok(v)
    }
    fn bytes(
        &mut self,
        len_field: &'static str,
        field: &'static str,
    ) -> Result<Vec<u8>, ProofFileError> {
        let n = self.u32(len_field)? as usize;
        Ok(self.take(field, n)?.to_vec())
    }
}

impl ProofFile {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let size: usize = self
            .instances
            .iter()
            .map(|i| 40 + i.root.len() + i.proof.len())
            .sum();
        let mut b = Vec::with_capacity(320 + self.program_id.bytes.len() + size);
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        b.push(match self.hash {
            HashKind::Poseidon2 => 0,
            HashKind::Keccak => 1,
        });
        b.push(match self.security {
            SecurityLevel::Bits100 => 0,
            SecurityLevel::Bits128 => 1,
        });
        b.extend_from_slice(&(self.program_id.bytes.len() as u32).to_le_bytes());
        b.extend_from_slice(&self.program_id.bytes);
        for o in self.outputs {
            b.extend_from_slice(&o.to_le_bytes());
        }
        for v in self.mem_end {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&(self.instances.len() as u32).to_le_bytes());
        for i in &self.instances {
            b.extend_from_slice(&i.kind.to_le_bytes());
            b.push(i.log_height);
            b.extend_from_slice(&(i.root.len() as u32).to_le_bytes());
            b.extend_from_slice(&i.root);
            for v in i.bus_part {
                b.extend_from_slice(&v.to_le_bytes());
            }
            b.extend_from_slice(&(i.proof.len() as u32).to_le_bytes());
            b.extend_from_slice(&i.proof);
        }
        b
    }

    /// Byte offset of instance `index`'s proof in the file's bytes.
    pub fn instance_proof_offset(&self, index: usize) -> usize {
        let before: usize = self.instances[..index]
            .iter()
            .map(|i| 4 + 1 + 4 + i.root.len() + 24 + 4 + i.proof.len())
            .sum();
        316 + self.program_id.bytes.len()
            + before
            + 4
            + 1
            + 4
            + self.instances[index].root.len()
            + 24
            + 4
    }

    /// Parses a proof file.
    pub fn from_bytes(bytes: &[u8]) -> Result<ProofFile, ProofFileError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take("magic", 8)? != MAGIC {
            return Err(ProofFileError::Magic);
        }
        let version = u16::from_le_bytes(r.take("version", 2)?.try_into().expect("2"));
        if version != FORMAT_VERSION {
            return Err(ProofFileError::Version { found: version });
        }
        let hash = match r.take("hash", 1)?[0] {
            0 => HashKind::Poseidon2,
            1 => HashKind::Keccak,
            v => {
                return Err(ProofFileError::Invalid {
                    field: "hash",
                    value: v as u64,
                    offset: 10,
                });
            }
        };
        let security = match r.take("security level", 1)?[0] {
            0 => SecurityLevel::Bits100,
            1 => SecurityLevel::Bits128,
            v => {
                return Err(ProofFileError::Invalid {
                    field: "security level",
                    value: v as u64,
                    offset: 11,
                });
            }
        };
        let id = r.bytes("program id length", "program id")?;
        let mut outputs = [0u32; NUM_OUTPUTS];
        for o in outputs.iter_mut() {
            *o = r.u32("outputs")?;
        }
        let mut mem_end = [0u64; MEM_END];
        for v in mem_end.iter_mut() {
            *v = r.u64("Mem end state")?;
        }
        let at = r.pos;
        let count = r.u32("instance count")? as usize;
        if count == 0 || count > MAX_INSTANCES {
            return Err(ProofFileError::Invalid {
                field: "instance count",
                value: count as u64,
                offset: at,
            });
        }
        let mut instances = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let kind = r.u32("instance kind")?;
            let log_height = r.take("instance height", 1)?[0];
            let root = r.bytes("root length", "root")?;
            let mut bus_part = [0u64; 3];
            for v in bus_part.iter_mut() {
                *v = r.u64("bus part")?;
            }
            let proof = r.bytes("instance proof length", "instance proof")?;
            instances.push(InstanceProof {
                kind,
                log_height,
                root,
                bus_part,
                proof,
            });
        }
        if r.pos != bytes.len() {
            return Err(ProofFileError::Trailing(bytes.len() - r.pos));
        }
        Ok(ProofFile {
            hash,
            security,
            program_id: ProgramId { hash, bytes: id },
            outputs,
            mem_end,
            instances,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProofFile {
        ProofFile {
            hash: HashKind::Keccak,
            security: SecurityLevel::Bits128,
            program_id: ProgramId {
                hash: HashKind::Keccak,
                bytes: vec![1, 2, 3],
            },
            outputs: std::array::from_fn(|i| i as u32 * 7),
            mem_end: [1, 2, 3, 4, 5],
            instances: vec![
                InstanceProof {
                    kind: 3,
                    log_height: 4,
                    root: vec![7; 5],
                    bus_part: [1, 0, 9],
                    proof: vec![9; 10],
                },
                InstanceProof {
                    kind: 0x100,
                    log_height: 2,
                    root: vec![],
                    bus_part: [0; 3],
                    proof: vec![1],
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let f = sample();
        let b = f.to_bytes();
        assert_eq!(ProofFile::from_bytes(&b), Ok(f.clone()));
        for i in 0..f.instances.len() {
            let at = f.instance_proof_offset(i);
            assert_eq!(
                &b[at..at + f.instances[i].proof.len()],
                &f.instances[i].proof[..]
            );
        }
    }

    #[test]
    fn every_truncation_is_an_error_with_an_offset() {
        let b = sample().to_bytes();
        for len in 0..b.len() {
            let e = ProofFile::from_bytes(&b[..len]).unwrap_err();
            assert!(
                matches!(e, ProofFileError::Truncated { .. } | ProofFileError::Magic),
                "{e}"
            );
        }
        let mut long = b.clone();
        long.push(0);
        assert_eq!(
            ProofFile::from_bytes(&long),
            Err(ProofFileError::Trailing(1))
        );
        let mut v = b.clone();
        v[8] = 7;
        assert_eq!(
            ProofFile::from_bytes(&v),
            Err(ProofFileError::Version { found: 7 })
        );
        let mut c = b.clone();
        c[16 + 3 + 256 + 40..][..4].copy_from_slice(&0u32.to_le_bytes());
        assert!(
            ProofFile::from_bytes(&c)
                .unwrap_err()
                .to_string()
                .contains("instance count")
        );
        let mut e = b.clone();
        e[16 + 3 + 256..][..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(
            ProofFile::from_bytes(&e)
                .unwrap_err()
                .to_string()
                .contains("Mem end state")
        );
        v = b;
        v[10] = 9;
        assert!(
            ProofFile::from_bytes(&v)
                .unwrap_err()
                .to_string()
                .contains("offset 10")
        );
    }
}

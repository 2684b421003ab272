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
//! | 16 | n | program id (postcard of the preprocessed commitment and table heights) |
//! | 16+n | 256 | the 64 public u32 outputs |
//! | 272+n | k | instances of each split machine of the registry (`zirv_machines::split_machines`: Binary, Arith and Shift, 1 to 3 each) |
//! | 272+n+k | 4 | proof length `m` |
//! | 276+n+k | m | the STARK proof (postcard of Plonky3's `BatchProof`) |
//!
//! Nothing may follow. The header is not trusted: the verifier checks the program id against the
//! one it was given and passes the outputs to the STARK verifier as public values, so a changed
//! header byte makes verification fail (or parsing, with the byte offset in the error).

use crate::config::{HashKind, SecurityLevel};
use crate::program_id::ProgramId;
use thiserror::Error;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_machines::{Split, split_machines};

/// The file's magic bytes.
pub const MAGIC: &[u8; 8] = b"ZIRVPRF\0";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 5;

/// Byte offset of the STARK proof, less the program id's length.
pub fn proof_offset() -> usize {
    272 + split_machines().count() + 4
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
    /// Instances of each split machine (`zirv_machines::split_machines`, in order).
    pub split: Vec<u8>,
    /// The postcard-encoded STARK proof.
    pub proof: Vec<u8>,
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
         {FORMAT_VERSION} only (a proof made by another Zirv version: prove again with this one)"
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

impl ProofFile {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(300 + self.program_id.bytes.len() + self.proof.len());
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
        b.extend_from_slice(&self.split);
        b.extend_from_slice(&(self.proof.len() as u32).to_le_bytes());
        b.extend_from_slice(&self.proof);
        b
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
        let n = r.u32("program id length")? as usize;
        let id = r.take("program id", n)?.to_vec();
        let mut outputs = [0u32; NUM_OUTPUTS];
        for o in outputs.iter_mut() {
            *o = r.u32("outputs")?;
        }
        let at = r.pos;
        let split = r
            .take("instance counts", split_machines().count())?
            .to_vec();
        let max = |m: zirv_machines::MachineId| match m.spec().split {
            Split::PowersOfTwo { max } => max,
            Split::One => 1,
        };
        if let Some((i, &v)) = split
            .iter()
            .zip(split_machines())
            .enumerate()
            .map(|(i, (v, m))| (i, (v, max(m))))
            .find(|&(_, (&v, max))| v == 0 || v as usize > max)
            .map(|(i, (v, _))| (i, v))
        {
            return Err(ProofFileError::Invalid {
                field: "instance count",
                value: v as u64,
                offset: at + i,
            });
        }
        let m = r.u32("proof length")? as usize;
        let proof = r.take("proof", m)?.to_vec();
        if r.pos != bytes.len() {
            return Err(ProofFileError::Trailing(bytes.len() - r.pos));
        }
        Ok(ProofFile {
            hash,
            security,
            program_id: ProgramId { hash, bytes: id },
            outputs,
            split,
            proof,
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
            split: vec![2, 3, 1],
            proof: vec![9; 10],
        }
    }

    #[test]
    fn round_trips() {
        let f = sample();
        assert_eq!(ProofFile::from_bytes(&f.to_bytes()), Ok(f));
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
        c[272 + 3] = 4;
        assert!(
            ProofFile::from_bytes(&c)
                .unwrap_err()
                .to_string()
                .contains("instance count")
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

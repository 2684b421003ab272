//! Program ids: the commitment to everything a proof takes as fixed.
//!
//! A proof's fixed tables are the program's ROM, its initial data words (RomData) and the
//! 16-bit lookup table, each committed once as the rows of its *anchor* instance
//! ([`crate::instance`]); the commitments are bound into the bus challenges and each is the
//! preprocessed commitment of its anchor's proof, so a proof of one program does not verify
//! against another's id. The id is the postcard encoding of each table's (Merkle cap, log2
//! height), in registry order, under the chosen hash, printed as hex with the hash's name as
//! prefix (`poseidon2:...`, `keccak:...`). The heights let a verifier rebuild each anchor's
//! verifying key from the id alone. Adding a fixed table to the proof system changes every id
//! (the proof format version changes with it).

use crate::config::{Commitment, HashKind, HashScheme, Keccak, Poseidon2, SecurityLevel};
use crate::instance::{InstanceAir, InstanceKind, log_height};
use p3_air::BaseAir;
use p3_uni_stark::setup_preprocessed;
use serde::{Serialize, de::DeserializeOwned};
use std::fmt;
use thiserror::Error;
use zirv_core::Rom;
use zirv_machines::{MachineId, TableSource, preprocessed_machines};

/// A program id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProgramId {
    /// The hash it was computed with.
    pub hash: HashKind,
    /// The serialized (commitment, log2 heights).
    pub bytes: Vec<u8>,
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.hash.name())?;
        self.bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Why a program id could not be computed, parsed or decoded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ProgramIdError {
    /// The commitment failed (a table shape the PCS refuses).
    #[error("cannot commit to the program's tables: {0}")]
    Commit(String),
    /// The text does not start with a known hash name.
    #[error("a program id starts with `poseidon2:` or `keccak:`")]
    Prefix,
    /// An odd number of hex digits.
    #[error("odd number of hex digits ({digits}) after the `{hash}:` prefix")]
    OddLength {
        /// The hash prefix.
        hash: &'static str,
        /// Digits found.
        digits: usize,
    },
    /// A character that is not a hex digit.
    #[error("not a hex digit at character {offset} of the program id")]
    NotHex {
        /// Character offset in the whole text (prefix included).
        offset: usize,
    },
    /// The bytes are not a (commitment, heights) pair of this hash.
    #[error("the program id's bytes do not decode: {0}")]
    Decode(String),
    /// The table heights are not those of Zirv's preprocessed machines.
    #[error("the program id has {found} table heights; this build's proofs have {expected}")]
    Heights {
        /// Heights found.
        found: usize,
        /// Preprocessed machines.
        expected: usize,
    },
}

/// The id's bytes for each table's commitment and log2 height.
pub fn encode_id<C: Serialize>(tables: &[(C, usize)]) -> Result<Vec<u8>, ProgramIdError> {
    postcard::to_allocvec(tables).map_err(|e| ProgramIdError::Commit(e.to_string()))
}

impl ProgramId {
    /// Parses the text form (`poseidon2:<hex>` or `keccak:<hex>`).
    pub fn parse(s: &str) -> Result<ProgramId, ProgramIdError> {
        let (hash, prefix) = [HashKind::Poseidon2, HashKind::Keccak]
            .into_iter()
            .map(|h| (h, h.name()))
            .find(|(_, name)| {
                s.len() > name.len() && s.starts_with(name) && s.as_bytes()[name.len()] == b':'
            })
            .ok_or(ProgramIdError::Prefix)?;
        let start = prefix.len() + 1;
        let hex = &s.as_bytes()[start..];
        let digit = |i: usize| -> Result<u8, ProgramIdError> {
            (hex[i] as char)
                .to_digit(16)
                .map(|d| d as u8)
                .ok_or(ProgramIdError::NotHex {
                    offset: s[..start + i].chars().count(),
                })
        };
        // Check every character first, so that a non-ASCII one is named, not counted as two.
        (0..hex.len()).try_for_each(|i| digit(i).map(|_| ()))?;
        if !hex.len().is_multiple_of(2) {
            return Err(ProgramIdError::OddLength {
                hash: prefix,
                digits: hex.len(),
            });
        }
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| Ok(digit(i)? << 4 | digit(i + 1)?))
            .collect::<Result<Vec<u8>, ProgramIdError>>()?;
        Ok(ProgramId { hash, bytes })
    }

    /// Each table's commitment and log2 height (one per preprocessed machine, in registry
    /// order), for hash `H` (which must be the id's).
    pub fn decode<H: HashScheme>(&self) -> Result<Vec<(Commitment<H>, usize)>, ProgramIdError>
    where
        Commitment<H>: DeserializeOwned,
    {
        let tables: Vec<(Commitment<H>, usize)> =
            postcard::from_bytes(&self.bytes).map_err(|e| ProgramIdError::Decode(e.to_string()))?;
        let expected = preprocessed_machines().count();
        if tables.len() != expected {
            return Err(ProgramIdError::Heights {
                found: tables.len(),
                expected,
            });
        }
        if let Some(&(_, h)) = tables
            .iter()
            .find(|(_, h)| *h > zirv_machines::MAX_LOG_HEIGHT)
        {
            return Err(ProgramIdError::Decode(format!(
                "table height 2^{h} is too large"
            )));
        }
        Ok(tables)
    }
}

/// Each table machine of `rom` with its anchor AIR (its table as rows) and its log2 height, in
/// registry order.
pub fn anchors(rom: &Rom) -> Result<Vec<(MachineId, InstanceAir, usize)>, ProgramIdError> {
    preprocessed_machines()
        .map(|m| {
            let air = m.air(TableSource::Program(rom));
            let table = air
                .preprocessed_trace()
                .ok_or_else(|| ProgramIdError::Commit(format!("{} has no table", m.spec().name)))?;
            let h = log_height(&table);
            Ok((
                m,
                InstanceAir::new(InstanceKind::Anchor(m), air, Some(table)),
                h,
            ))
        })
        .collect()
}

fn commit<H: HashScheme>(rom: &Rom) -> Result<Vec<u8>, ProgramIdError> {
    // The FRI security level does not enter the commitment (same blowup); use the default.
    let config = H::config(SecurityLevel::default());
    let tables = anchors(rom)?
        .into_iter()
        .map(|(m, air, h)| {
            let (_, vk) = setup_preprocessed(&config, &air, h)
                .map_err(|e| ProgramIdError::Commit(format!("{e:?}")))?
                .ok_or_else(|| ProgramIdError::Commit(format!("{} has no table", m.spec().name)))?;
            Ok((vk.commitment, h))
        })
        .collect::<Result<Vec<_>, ProgramIdError>>()?;
    encode_id(&tables)
}

/// The program id of `rom` under `hash`.
pub fn program_id(rom: &Rom, hash: HashKind) -> Result<ProgramId, ProgramIdError> {
    let bytes = match hash {
        HashKind::Poseidon2 => commit::<Poseidon2>(rom)?,
        HashKind::Keccak => commit::<Keccak>(rom)?,
    };
    Ok(ProgramId { hash, bytes })
}

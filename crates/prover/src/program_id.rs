//! Program ids: the commitment to everything a proof takes as fixed.
//!
//! A proof's preprocessed tables are the program's ROM, its initial data words (RomData) and the
//! fixed lookup tables (Range), committed together once; that commitment is bound into the
//! transcript of every proof, so a proof of one program does not verify against another's id.
//! The id is the postcard encoding of (the commitment's Merkle cap, the tables' log2 heights)
//! under the chosen hash, printed as hex with the hash's name as prefix (`poseidon2:...`,
//! `keccak:...`). The heights let a verifier rebuild the preprocessed metadata from the id
//! alone. Adding a fixed table to the proof system changes every id (the proof format version
//! changes with it).

use crate::air::ZirvAir;
use crate::config::{HashKind, SecurityLevel, keccak_config, poseidon2_config};
use p3_air::BaseAir;
use p3_batch_stark::ProverData;
use serde::Serialize;
use std::fmt;
use thiserror::Error;
use zirv_core::Rom;
use zirv_sm_mem::{RomDataAir, rom_data_words};
use zirv_sm_rom::RomAir;
use zirv_sm_tables::RangeAir;

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
        let prefix = match self.hash {
            HashKind::Poseidon2 => "poseidon2",
            HashKind::Keccak => "keccak",
        };
        write!(f, "{prefix}:")?;
        self.bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Why a program id could not be computed.
#[derive(Debug, Error)]
pub enum ProgramIdError {
    /// The commitment failed (a table shape the PCS refuses).
    #[error("cannot commit to the program's tables: {0}")]
    Commit(String),
}

/// The machines with preprocessed tables, in proof order.
pub fn preprocessed_airs(rom: &Rom) -> Vec<ZirvAir> {
    vec![
        ZirvAir::Rom(RomAir::new(rom)),
        ZirvAir::RomData(RomDataAir::new(&rom_data_words(&rom.memory))),
        ZirvAir::Range(RangeAir::default()),
    ]
}

/// log2 of each preprocessed table's height.
fn log_heights(airs: &[ZirvAir]) -> Vec<usize> {
    airs.iter()
        .map(|a| {
            let m = a.preprocessed_trace().expect("a preprocessed machine");
            (m.values.len() / m.width).trailing_zeros() as usize
        })
        .collect()
}

macro_rules! commit {
    ($config:expr, $rom:expr) => {{
        let airs = preprocessed_airs($rom);
        let heights = log_heights(&airs);
        let data = ProverData::from_airs_and_degrees(&$config, &airs, &heights)
            .map_err(|e| ProgramIdError::Commit(format!("{e:?}")))?;
        let pre = data
            .common
            .preprocessed
            .ok_or_else(|| ProgramIdError::Commit("no preprocessed commitment".into()))?;
        encode_id(&pre.commitment, &heights)?
    }};
}

/// The id's bytes for a commitment and the preprocessed tables' log2 heights.
pub(crate) fn encode_id<C: Serialize>(
    commitment: &C,
    heights: &[usize],
) -> Result<Vec<u8>, ProgramIdError> {
    postcard::to_allocvec(&(commitment, heights)).map_err(|e| ProgramIdError::Commit(e.to_string()))
}

impl ProgramId {
    /// Parses the text form (`poseidon2:<hex>` or `keccak:<hex>`).
    pub fn parse(s: &str) -> Result<ProgramId, String> {
        let (hash, hex) = if let Some(h) = s.strip_prefix("poseidon2:") {
            (HashKind::Poseidon2, h)
        } else if let Some(h) = s.strip_prefix("keccak:") {
            (HashKind::Keccak, h)
        } else {
            return Err("a program id starts with `poseidon2:` or `keccak:`".into());
        };
        if hex.len() % 2 != 0 {
            return Err("odd number of hex digits".into());
        }
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|i| {
                u8::from_str_radix(&hex[i..i + 2], 16)
                    .map_err(|_| format!("not a hex digit pair at character {i}"))
            })
            .collect::<Result<Vec<u8>, String>>()?;
        Ok(ProgramId { hash, bytes })
    }
}

/// The program id of `rom` under `hash`.
pub fn program_id(rom: &Rom, hash: HashKind) -> Result<ProgramId, ProgramIdError> {
    // The FRI security level does not enter the commitment (same blowup); use the default.
    let bytes = match hash {
        HashKind::Poseidon2 => commit!(poseidon2_config(SecurityLevel::default()), rom),
        HashKind::Keccak => commit!(keccak_config(SecurityLevel::default()), rom),
    };
    Ok(ProgramId { hash, bytes })
}

//! Program ids: the commitment to a program's ROM table.
//!
//! The ROM machine's table is preprocessed: it is committed once, and that commitment is bound
//! into the transcript of every proof, so a proof of one program does not verify against
//! another's id. The id is the postcard encoding of the Merkle cap of the preprocessed
//! commitment under the chosen hash, printed as hex with the hash's name as prefix
//! (`poseidon2:...`, `keccak:...`).

use crate::config::{HashKind, SecurityLevel, keccak_config, poseidon2_config};
use p3_batch_stark::ProverData;
use p3_uni_stark::StarkGenericConfig;
use serde::Serialize;
use std::fmt;
use thiserror::Error;
use zirv_core::Rom;
use zirv_sm_rom::RomAir;

/// A program id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ProgramId {
    /// The hash it was computed with.
    pub hash: HashKind,
    /// The serialized commitment.
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
    #[error("cannot commit to the ROM table: {0}")]
    Commit(String),
}

fn commit<SC: StarkGenericConfig>(config: &SC, rom: &Rom) -> Result<Vec<u8>, ProgramIdError>
where
    p3_uni_stark::Com<SC>: Serialize,
    p3_air::symbolic::SymbolicExpressionExt<p3_uni_stark::Val<SC>, SC::Challenge>:
        p3_field::Algebra<SC::Challenge>,
    p3_uni_stark::Val<SC>: p3_field::PrimeField64,
{
    let air = RomAir::<p3_uni_stark::Val<SC>>::new(rom);
    let log_h = air.height().trailing_zeros() as usize;
    let data = ProverData::from_airs_and_degrees(config, &[air], &[log_h])
        .map_err(|e| ProgramIdError::Commit(format!("{e:?}")))?;
    let pre = data
        .common
        .preprocessed
        .ok_or_else(|| ProgramIdError::Commit("no preprocessed commitment".into()))?;
    postcard::to_allocvec(&pre.commitment).map_err(|e| ProgramIdError::Commit(e.to_string()))
}

/// The program id of `rom` under `hash`.
pub fn program_id(rom: &Rom, hash: HashKind) -> Result<ProgramId, ProgramIdError> {
    // The FRI security level does not enter the commitment (same blowup); use the default.
    let bytes = match hash {
        HashKind::Poseidon2 => commit(&poseidon2_config(SecurityLevel::default()), rom)?,
        HashKind::Keccak => commit(&keccak_config(SecurityLevel::default()), rom)?,
    };
    Ok(ProgramId { hash, bytes })
}

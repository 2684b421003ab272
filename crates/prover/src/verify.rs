//! Verification: a proof file against a program (its ELF or its id).

use crate::air::ZirvAir;
use crate::config::{HashKind, Val, keccak_config, poseidon2_config};
use crate::program_id::{ProgramId, program_id};
use crate::proof::{ProofFile, ProofFileError};
use crate::prove::{
    NUM_PREPROCESSED, OUTPUT_INDEX, REG_FILE_INDEX, machine_airs, placeholder_airs,
};
use p3_batch_stark::{BatchProof, ProverData, verify_batch};
use p3_field::PrimeCharacteristicRing;
use thiserror::Error;
use zirv_core::Rom;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_sm_mem::reg_file::REG_ROWS;
use zirv_witness::{MACHINES, MAX_STEPS};

/// What the verifier checks the proof against.
#[derive(Clone, Copy, Debug)]
pub enum Expected<'a> {
    /// The program itself (its id is recomputed).
    Rom(&'a Rom),
    /// A program id.
    Id(&'a ProgramId),
}

/// Why a proof was rejected.
#[derive(Debug, Error)]
pub enum VerifyError {
    /// The file does not parse.
    #[error(transparent)]
    File(#[from] ProofFileError),
    /// The proof is of another program.
    #[error("the proof is for program {found}, not {expected}")]
    WrongProgram {
        /// The id in the proof.
        found: String,
        /// The id expected.
        expected: String,
    },
    /// A field of the proof has a shape no honest proof has.
    #[error("malformed proof: {0}")]
    Malformed(String),
    /// The STARK verifier rejected the proof.
    #[error("invalid proof: {0}")]
    Invalid(String),
}

macro_rules! verify_with {
    ($config:expr, $file:expr, $airs_for:expr) => {{
        let config = $config;
        let file: &ProofFile = $file;
        let (commitment, pre_heights): (_, Vec<usize>) =
            postcard::from_bytes(&file.program_id.bytes)
                .map_err(|e| VerifyError::Malformed(format!("program id: {e}")))?;
        let proof: BatchProof<_> = postcard::from_bytes(&file.proof).map_err(|e| {
            VerifyError::Malformed(format!(
                "STARK proof (byte offset {} of the file on): {e}",
                crate::proof::PROOF_OFFSET + file.program_id.bytes.len()
            ))
        })?;
        let heights = proof.degree_bits.clone();
        let split: Vec<usize> = file.split.iter().map(|&n| n as usize).collect();
        check_heights(&heights, &pre_heights, &split)?;
        let airs: Vec<ZirvAir> = $airs_for(&pre_heights, &split);
        let mut common = ProverData::from_airs_and_degrees(&config, &airs, &heights)
            .map_err(|e| VerifyError::Malformed(format!("{e:?}")))?
            .common;
        match common.preprocessed.as_mut() {
            Some(p) => p.commitment = commitment,
            None => return Err(VerifyError::Malformed("no preprocessed tables".into())),
        }
        let mut pvs = vec![vec![]; airs.len()];
        pvs[OUTPUT_INDEX] = file.outputs.iter().map(|&v| Val::from_u32(v)).collect();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            verify_batch(&config, &airs, &proof, &pvs, &common)
        }));
        match r {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(VerifyError::Invalid(format!("{e:?}"))),
            Err(_) => Err(VerifyError::Malformed(
                "the STARK verifier refused the proof's shape".into(),
            )),
        }
    }};
}

fn check_heights(heights: &[usize], pre: &[usize], split: &[usize]) -> Result<(), VerifyError> {
    let instances = MACHINES.len() - split.len() + split.iter().sum::<usize>();
    if heights.len() != instances || pre.len() != NUM_PREPROCESSED {
        return Err(VerifyError::Malformed(format!(
            "{} instances and {} preprocessed tables; the header says {instances} and a proof \
             has {NUM_PREPROCESSED}",
            heights.len(),
            pre.len(),
        )));
    }
    if heights[..NUM_PREPROCESSED] != *pre {
        return Err(VerifyError::Malformed(
            "preprocessed table heights differ from the program id's".into(),
        ));
    }
    // Main at most MAX_STEPS rows; Output exactly one; RegFile exactly its 64 register words.
    let reg_file = REG_ROWS.trailing_zeros() as usize;
    let limits = [
        (3, MAX_STEPS.trailing_zeros() as usize, false),
        (OUTPUT_INDEX, 0, true),
        (REG_FILE_INDEX, reg_file, true),
    ];
    for (i, max, exact) in limits {
        if heights[i] > max || (exact && heights[i] != max) {
            return Err(VerifyError::Malformed(format!(
                "{} has 2^{} rows (at most 2^{max})",
                MACHINES[i], heights[i]
            )));
        }
    }
    if heights.iter().any(|&h| h > 28) {
        return Err(VerifyError::Malformed(
            "an instance exceeds 2^28 rows".into(),
        ));
    }
    Ok(())
}

/// Verifies a proof file's bytes; returns the public outputs of a valid proof.
pub fn verify(bytes: &[u8], expected: Expected<'_>) -> Result<[u32; NUM_OUTPUTS], VerifyError> {
    let file = ProofFile::from_bytes(bytes)?;
    let expected_id = match expected {
        Expected::Rom(rom) => {
            program_id(rom, file.hash).map_err(|e| VerifyError::Malformed(e.to_string()))?
        }
        Expected::Id(id) => id.clone(),
    };
    if expected_id != file.program_id {
        return Err(VerifyError::WrongProgram {
            found: file.program_id.to_string(),
            expected: expected_id.to_string(),
        });
    }
    let airs_for = |pre: &[usize], split: &[usize]| match expected {
        Expected::Rom(rom) => machine_airs(rom, split),
        Expected::Id(_) => placeholder_airs(pre, split),
    };
    let level = file.security;
    match file.hash {
        HashKind::Poseidon2 => verify_with!(poseidon2_config(level), &file, airs_for)?,
        HashKind::Keccak => verify_with!(keccak_config(level), &file, airs_for)?,
    }
    Ok(file.outputs)
}

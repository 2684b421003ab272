//! Verification: a proof file against a program (its ELF's ROM or its id).
//!
//! Order of checks, cheapest first, so that no malformed proof reaches Plonky3's verifier with a
//! shape it was not built for:
//! 1. the file's header parses ([`ProofFile::from_bytes`]);
//! 2. the proof is for the expected program id (and so the expected hash), at no less than the
//!    minimum security level;
//! 3. the instance layout (the registry plus the recorded instance counts) is one a proof can
//!    have, the STARK proof decodes, and every instance's height is within its machine's bound
//!    (`zirv_machines::Height`), the preprocessed ones equal to the program id's;
//! 4. the STARK verifier runs on the verifying data built from the program id alone: the
//!    machines' shapes and bus layout, with the committed tables' commitment taken from the id
//!    (no table is rebuilt or committed).

use crate::error::{StarkCheck, VerifyError};
use p3_batch_stark::common::{GlobalPreprocessed, PreprocessedInstanceMeta};
use p3_batch_stark::{BatchProof, CommonData, ProverData, verify_batch};
use serde::de::DeserializeOwned;
use zirv_core::Rom;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_machines::{Height, Layout, TableSource, ZirvAir};
use zirv_stark::config::Stark;
use zirv_stark::proof::proof_offset;
use zirv_stark::{
    Commitment, HashKind, HashScheme, Keccak, Poseidon2, ProgramId, ProofFile, SecurityLevel, Val,
    program_id,
};

/// What the verifier checks the proof against.
#[derive(Clone, Copy, Debug)]
pub enum Expected<'a> {
    /// The program itself (its id is recomputed: a commitment to its tables).
    Rom(&'a Rom),
    /// A program id (nothing is committed).
    Id(&'a ProgramId),
}

/// How to verify.
#[derive(Clone, Copy, Debug, Default)]
pub struct VerifyOptions {
    /// The lowest security level accepted (default: 100 bits).
    pub min_security: SecurityLevel,
}

/// What a valid proof proves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The 64 public u32 outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// The program.
    pub program_id: ProgramId,
    /// The hash of its Merkle trees and transcript.
    pub hash: HashKind,
    /// The security level it was made at.
    pub security: SecurityLevel,
}

/// Verifies a proof file's bytes against `expected`.
pub fn verify(
    bytes: &[u8],
    expected: Expected<'_>,
    opts: &VerifyOptions,
) -> Result<Verified, VerifyError> {
    let file = ProofFile::from_bytes(bytes)?;
    let expected_id = match expected {
        Expected::Rom(rom) => program_id(rom, file.hash)?,
        Expected::Id(id) => id.clone(),
    };
    if expected_id != file.program_id {
        return Err(VerifyError::WrongProgram {
            found: file.program_id.to_string(),
            expected: expected_id.to_string(),
        });
    }
    if file.security.bits() < opts.min_security.bits() {
        return Err(VerifyError::Security {
            found: file.security.bits(),
            min: opts.min_security.bits(),
        });
    }
    match file.hash {
        HashKind::Poseidon2 => verify_stark::<Poseidon2>(&file)?,
        HashKind::Keccak => verify_stark::<Keccak>(&file)?,
    }
    Ok(Verified {
        outputs: file.outputs,
        program_id: file.program_id,
        hash: file.hash,
        security: file.security,
    })
}

/// Checks every instance's height against its machine's bound (and the preprocessed tables'
/// heights against the program id's).
fn check_heights(layout: &Layout, heights: &[usize], program: &[usize]) -> Result<(), VerifyError> {
    if heights.len() != layout.machines().len() {
        return Err(VerifyError::Instances {
            found: heights.len(),
            expected: layout.machines().len(),
        });
    }
    let mut pre = program.iter();
    for (i, (&m, &h)) in layout.machines().iter().zip(heights).enumerate() {
        let ok = match m.spec().height {
            Height::Exactly(log) => h == log,
            Height::AtMost(log) => h <= log,
            Height::FromProgramId => pre.next().is_some_and(|&p| p == h),
        };
        if !ok {
            return Err(VerifyError::Height {
                machine: m.spec().name,
                instance: i,
                log_height: h,
                bound: match m.spec().height {
                    Height::Exactly(log) => format!("exactly 2^{log}"),
                    Height::AtMost(log) => format!("at most 2^{log}"),
                    Height::FromProgramId => "the program id's".into(),
                },
            });
        }
    }
    Ok(())
}

/// The verifying data of a proof with instances `layout` of heights `heights`, built from the
/// machines' shapes and the program id's commitment: no table is built or committed.
fn verifying_data<H: HashScheme>(
    config: &Stark<H>,
    airs: &[ZirvAir],
    layout: &Layout,
    heights: &[usize],
    commitment: Commitment<H>,
) -> Result<CommonData<Stark<H>>, VerifyError> {
    // Shape-only AIRs have no preprocessed trace, so this derives the bus layout (lookups) and
    // commits nothing.
    let data = ProverData::from_airs_and_degrees(config, airs, heights)
        .map_err(|e| VerifyError::Stark(StarkCheck::Shape(format!("{e:?}"))))?;
    let mut instances = Vec::with_capacity(airs.len());
    let mut matrix_to_instance = Vec::new();
    for (i, (air, &m)) in airs.iter().zip(layout.machines()).enumerate() {
        instances.push(m.is_preprocessed().then(|| {
            matrix_to_instance.push(i);
            PreprocessedInstanceMeta {
                matrix_index: matrix_to_instance.len() - 1,
                width: p3_air::BaseAir::<Val>::preprocessed_width(air),
                degree_bits: heights[i],
            }
        }));
    }
    Ok(CommonData::new(
        Some(GlobalPreprocessed {
            commitment,
            instances,
            matrix_to_instance,
        }),
        data.common.lookups,
    ))
}

fn verify_stark<H: HashScheme>(file: &ProofFile) -> Result<(), VerifyError>
where
    Commitment<H>: DeserializeOwned,
{
    let config = H::config(file.security);
    let (commitment, program_heights) = file.program_id.decode::<H>()?;
    let counts: Vec<usize> = file.split.iter().map(|&n| n as usize).collect();
    let layout = Layout::from_split_counts(&counts)?;
    let proof: BatchProof<Stark<H>> =
        postcard::from_bytes(&file.proof).map_err(|e| VerifyError::Encoding {
            offset: proof_offset() + file.program_id.bytes.len(),
            reason: e.to_string(),
        })?;
    let n = layout.machines().len();
    for (what, found) in [
        ("instance heights", proof.degree_bits.len()),
        ("opened instances", proof.opened_values.instances.len()),
        ("bus terminals", proof.lookup_terminals.len()),
    ] {
        if found != n {
            return Err(VerifyError::Stark(StarkCheck::Shape(format!(
                "{found} {what}; the layout has {n} instances"
            ))));
        }
    }
    let heights = &proof.degree_bits;
    check_heights(&layout, heights, &program_heights)?;
    let airs = layout.airs(TableSource::ShapeOnly);
    let common = verifying_data::<H>(&config, &airs, &layout, heights, commitment)?;
    let public = layout.public_values(&file.outputs);
    verify_batch(&config, &airs, &proof, &public, &common)
        .map_err(|e| VerifyError::Stark(StarkCheck::from_batch_error(e)))
}

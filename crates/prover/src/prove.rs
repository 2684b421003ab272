//! Proving a witness: every machine's instances in one batch STARK, written once over the hash
//! scheme ([`HashScheme`]).

use p3_batch_stark::{ProverData, StarkInstance, prove_batch};
use std::time::Instant;
use thiserror::Error;
use zirv_core::Rom;
use zirv_machines::{Layout, TableSource, ZirvAir};
use zirv_stark::program_id::encode_id;
use zirv_stark::{HashKind, HashScheme, Keccak, Poseidon2, ProgramId, ProofFile, SecurityLevel};
use zirv_witness::Witness;

/// How to prove.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProveOptions {
    /// Merkle/transcript hash.
    pub hash: HashKind,
    /// FRI security level.
    pub security: SecurityLevel,
}

/// Why the proof system made no proof of a witness. Every case is a bug in Zirv (witness
/// generation builds only shapes the prover takes): please report it.
#[derive(Debug, Error)]
pub enum ProveError {
    /// Committing the program's tables failed.
    #[error("the prover failed to commit the program's tables: {0}")]
    Setup(String),
    /// The STARK prover failed.
    #[error("the STARK prover failed: {0}")]
    Stark(String),
    /// The proof did not serialize.
    #[error("the proof does not serialize: {0}")]
    Encode(String),
}

/// Where the time went, and the shape of the proof.
#[derive(Clone, Debug, Default)]
pub struct ProveStats {
    /// Steps proven.
    pub steps: u64,
    /// Seconds in the emulator (trace mode).
    pub execute_s: f64,
    /// Seconds building the witness.
    pub witness_s: f64,
    /// Seconds in the STARK prover.
    pub prove_s: f64,
    /// Per instance: (machine name, rows, main columns).
    pub shapes: Vec<(&'static str, usize, usize)>,
}

fn log2(n: usize) -> usize {
    n.trailing_zeros() as usize
}

/// Proves `witness` under hash scheme `H`; returns the program id's bytes and the proof's.
fn prove_with<H: HashScheme>(
    level: SecurityLevel,
    airs: &[ZirvAir],
    layout: &Layout,
    witness: &Witness,
) -> Result<(Vec<u8>, Vec<u8>), ProveError> {
    let config = H::config(level);
    let traces = witness.instance_traces();
    let heights: Vec<usize> = traces
        .iter()
        .map(|t| log2(t.values.len() / t.width))
        .collect();
    let public = layout.public_values(&witness.outputs);
    let instances: Vec<StarkInstance<'_, _, ZirvAir>> = airs
        .iter()
        .zip(&traces)
        .zip(public)
        .map(|((air, trace), public_values)| StarkInstance {
            air,
            trace,
            public_values,
        })
        .collect();
    let data = ProverData::from_airs_and_degrees(&config, airs, &heights)
        .map_err(|e| ProveError::Setup(format!("{e:?}")))?;
    let pre = data
        .common
        .preprocessed
        .as_ref()
        .ok_or_else(|| ProveError::Setup("no preprocessed commitment".into()))?;
    let pre_heights: Vec<usize> = layout
        .machines()
        .iter()
        .zip(&heights)
        .filter(|(m, _)| m.is_preprocessed())
        .map(|(_, &h)| h)
        .collect();
    let id =
        encode_id(&pre.commitment, &pre_heights).map_err(|e| ProveError::Setup(e.to_string()))?;
    let proof =
        prove_batch(&config, &instances, &data).map_err(|e| ProveError::Stark(format!("{e:?}")))?;
    let bytes = postcard::to_allocvec(&proof).map_err(|e| ProveError::Encode(e.to_string()))?;
    Ok((id, bytes))
}

/// Proves a witness of `rom` (tests use it to prove faulty witnesses).
pub fn prove_witness(
    rom: &Rom,
    witness: &Witness,
    opts: &ProveOptions,
) -> Result<(ProofFile, ProveStats), ProveError> {
    let layout = witness.layout();
    let airs = layout.airs(TableSource::Program(rom));
    let t = Instant::now();
    let (id, proof) = match opts.hash {
        HashKind::Poseidon2 => prove_with::<Poseidon2>(opts.security, &airs, &layout, witness)?,
        HashKind::Keccak => prove_with::<Keccak>(opts.security, &airs, &layout, witness)?,
    };
    let shapes = layout
        .machines()
        .iter()
        .zip(witness.instance_traces())
        .map(|(m, t)| (m.spec().name, t.values.len() / t.width, t.width))
        .collect();
    Ok((
        ProofFile {
            hash: opts.hash,
            security: opts.security,
            program_id: ProgramId {
                hash: opts.hash,
                bytes: id,
            },
            outputs: witness.outputs,
            split: layout.split_counts().iter().map(|&n| n as u8).collect(),
            proof,
        },
        ProveStats {
            steps: witness.steps,
            prove_s: t.elapsed().as_secs_f64(),
            shapes,
            ..ProveStats::default()
        },
    ))
}

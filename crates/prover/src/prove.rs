//! Proving: execute (trace mode), build the witness, prove every machine in one STARK.

use crate::air::ZirvAir;
use crate::config::{HashKind, SecurityLevel, Val, keccak_config, poseidon2_config};
use crate::program_id::{ProgramId, encode_id};
use crate::proof::ProofFile;
use p3_batch_stark::{ProverData, StarkInstance, prove_batch};
use p3_field::PrimeCharacteristicRing;
use std::time::Instant;
use thiserror::Error;
use zirv_core::Rom;
use zirv_emulator::{Emulator, NullIo, Options, VmError};
use zirv_sm_arith::ArithAir;
use zirv_sm_binary::BinaryAir;
use zirv_sm_main::MainAir;
use zirv_sm_mem::{InputDataAir, MemAir, MemAlignAir, OutputAir, RegFileAir, RomDataAir};
use zirv_sm_rom::RomAir;
use zirv_sm_shift::ShiftAir;
use zirv_sm_tables::RangeAir;
use zirv_witness::{MACHINES, MAX_STEPS, SPLIT_MACHINES, Witness, WitnessError};

/// Index of the Output machine in [`MACHINES`] (the one with public values).
pub const OUTPUT_INDEX: usize = 7;
/// Index of the RegFile machine in [`MACHINES`].
pub const REG_FILE_INDEX: usize = 8;
/// Number of machines with preprocessed tables (the first ones).
pub const NUM_PREPROCESSED: usize = 3;

/// The instances of a proof of `rom`, in [`MACHINES`] order, with `split` instances of each
/// machine of [`SPLIT_MACHINES`].
pub fn machine_airs(rom: &Rom, split: &[usize]) -> Vec<ZirvAir> {
    let mut airs = crate::program_id::preprocessed_airs(rom);
    airs.extend(other_airs(split));
    airs
}

/// The instances of the machines without preprocessed tables, in order.
pub(crate) fn other_airs(split: &[usize]) -> Vec<ZirvAir> {
    let mut airs = vec![
        ZirvAir::Main(MainAir),
        ZirvAir::MemAlign(MemAlignAir),
        ZirvAir::Mem(MemAir),
        ZirvAir::InputData(InputDataAir),
        ZirvAir::Output(OutputAir),
        ZirvAir::RegFile(RegFileAir),
    ];
    airs.extend(std::iter::repeat_n(ZirvAir::Binary(BinaryAir), split[0]));
    airs.extend(std::iter::repeat_n(ZirvAir::Arith(ArithAir), split[1]));
    airs.extend(std::iter::repeat_n(ZirvAir::Shift(ShiftAir), split[2]));
    airs
}

/// The instances of a proof with placeholder preprocessed tables of the given log2 heights
/// (for a verifier that has only a program id).
pub(crate) fn placeholder_airs(pre_log_heights: &[usize], split: &[usize]) -> Vec<ZirvAir> {
    let mut airs = vec![
        ZirvAir::Rom(RomAir::placeholder(1 << pre_log_heights[0])),
        ZirvAir::RomData(RomDataAir::placeholder(1 << pre_log_heights[1])),
        ZirvAir::Range(RangeAir::default()),
    ];
    airs.extend(other_airs(split));
    airs
}

/// The instance counts of the machines of [`SPLIT_MACHINES`] in a witness.
fn split_counts(witness: &Witness<Val>) -> Vec<usize> {
    witness.counts[MACHINES.len() - SPLIT_MACHINES.len()..].to_vec()
}

/// How to prove.
#[derive(Clone, Copy, Debug, Default)]
pub struct ProveOptions {
    /// Merkle/transcript hash.
    pub hash: HashKind,
    /// FRI security level.
    pub security: SecurityLevel,
}

/// Why no proof was made.
#[derive(Debug, Error)]
pub enum ProveError {
    /// The guest failed in the emulator.
    #[error("execution failed: {0}")]
    Vm(#[from] VmError),
    /// The run cannot be proven (see the message).
    #[error(transparent)]
    Witness(#[from] WitnessError),
    /// The proof system refused (a bug: please report it).
    #[error("the prover failed: {0}")]
    Prover(String),
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
    /// Per machine: (name, rows, main columns).
    pub shapes: Vec<(&'static str, usize, usize)>,
}

/// Executes `rom` on `input` and proves the run.
pub fn prove(
    rom: &Rom,
    input: &[u8],
    opts: &ProveOptions,
) -> Result<(ProofFile, ProveStats), ProveError> {
    let t = Instant::now();
    let mut chunks = Vec::new();
    let emu_opts = Options {
        max_steps: MAX_STEPS,
        ..Options::default()
    };
    let report =
        Emulator::new(rom).run_traced(input, &emu_opts, &mut NullIo, |c| chunks.push(c))?;
    if report.exit_code != 0 {
        return Err(WitnessError::Failed(report.exit_code).into());
    }
    let execute_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let witness = zirv_witness::generate::<Val>(rom, &chunks, input, &report.outputs)?;
    drop(chunks);
    let witness_s = t.elapsed().as_secs_f64();
    let (proof, mut stats) = prove_witness(rom, &witness, opts)?;
    stats.execute_s = execute_s;
    stats.witness_s = witness_s;
    Ok((proof, stats))
}

fn log2(n: usize) -> usize {
    n.trailing_zeros() as usize
}

macro_rules! prove_with {
    ($config:expr, $airs:expr, $witness:expr) => {{
        let config = $config;
        let airs = $airs;
        let w = $witness;
        let heights: Vec<usize> = w
            .traces
            .iter()
            .map(|t| log2(t.values.len() / t.width))
            .collect();
        let outputs: Vec<Val> = w.outputs.iter().map(|&v| Val::from_u32(v)).collect();
        let instances: Vec<StarkInstance<'_, _, ZirvAir>> = airs
            .iter()
            .zip(&w.traces)
            .enumerate()
            .map(|(i, (air, trace))| StarkInstance {
                air,
                trace,
                public_values: if i == OUTPUT_INDEX {
                    outputs.clone()
                } else {
                    vec![]
                },
            })
            .collect();
        let data = ProverData::from_airs_and_degrees(&config, airs, &heights)
            .map_err(|e| ProveError::Prover(format!("{e:?}")))?;
        let pre = data
            .common
            .preprocessed
            .as_ref()
            .ok_or_else(|| ProveError::Prover("no preprocessed commitment".into()))?;
        let id = encode_id(&pre.commitment, &heights[..NUM_PREPROCESSED])
            .map_err(|e| ProveError::Prover(e.to_string()))?;
        let proof = prove_batch(&config, &instances, &data)
            .map_err(|e| ProveError::Prover(format!("{e:?}")))?;
        let bytes = postcard::to_allocvec(&proof).map_err(|e| ProveError::Prover(e.to_string()))?;
        (id, bytes)
    }};
}

/// Proves a witness of `rom` (tests use it to prove faulty witnesses).
pub fn prove_witness(
    rom: &Rom,
    witness: &Witness<Val>,
    opts: &ProveOptions,
) -> Result<(ProofFile, ProveStats), ProveError> {
    let split = split_counts(witness);
    let airs = machine_airs(rom, &split);
    let t = Instant::now();
    let (id, proof) = match opts.hash {
        HashKind::Poseidon2 => prove_with!(poseidon2_config(opts.security), &airs, witness),
        HashKind::Keccak => prove_with!(keccak_config(opts.security), &airs, witness),
    };
    let names = MACHINES
        .iter()
        .zip(&witness.counts)
        .flat_map(|(&name, &n)| std::iter::repeat_n(name, n));
    let shapes = names
        .zip(&witness.traces)
        .map(|(name, t)| (name, t.values.len() / t.width, t.width))
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
            split: split.iter().map(|&n| n as u8).collect(),
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

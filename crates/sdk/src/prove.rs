//! Proving and verifying from the host: execute in trace mode, build the witness, prove; and
//! verify a proof against a program or its id (the `zirv-verifier` crate).

use std::time::Instant;
use thiserror::Error;
use zirv_core::Rom;
use zirv_emulator::{ChunkStore, Emulator, GuestIo, NullIo, Options, VmError};
use zirv_prover::{ProveOptions, ProveStats, Run, prove_run};
use zirv_stark::ProofFile;
use zirv_witness::{MAX_STEPS, WitnessError};

/// Why no proof was made.
#[derive(Debug, Error)]
pub enum ProveError {
    /// The guest failed in the emulator (exit status 250 in `zirv prove`).
    #[error("execution failed: {0}")]
    Vm(VmError),
    /// The run does not end within the steps allowed (`ProveOptions::max_steps`, at most the
    /// 2^36 steps one proof holds).
    #[error("the run takes more than {max} steps, the most allowed for a proof")]
    TooLong {
        /// The most steps allowed.
        max: u64,
    },
    /// The run cannot be proven (it failed, or uses an op no machine proves).
    #[error(transparent)]
    Witness(#[from] WitnessError),
    /// The proof system failed (a bug).
    #[error(transparent)]
    Prover(#[from] zirv_prover::ProveError),
}

/// A phase of proving, announced as it starts (for progress displays).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProvePhase {
    /// Executing the guest in trace mode.
    Execute,
    /// The prover starts (it builds each instance from the chunk traces as it goes).
    Prove,
    /// Phase 1: committing every instance, walking the run; `steps` of `total` walked.
    Commit {
        /// Steps walked.
        steps: u64,
        /// Steps of the run.
        total: u64,
    },
    /// Phase 2: proving instance `index` of `total`.
    ProveInstance {
        /// The instance (0-based).
        index: usize,
        /// Instances in the proof.
        total: usize,
    },
}

/// Executes `rom` on `input` (framed records, as `zirv run --input` takes) and proves the run.
/// The guest's output is discarded; [`prove_with`] passes it on.
pub fn prove(
    rom: &Rom,
    input: &[u8],
    opts: &ProveOptions,
) -> Result<(ProofFile, ProveStats), ProveError> {
    prove_with(rom, input, opts, &mut NullIo, |_| {})
}

/// As [`prove`], with the guest's stdout and stderr going to `io` and each phase announced to
/// `on_phase` as it starts.
pub fn prove_with<G: GuestIo>(
    rom: &Rom,
    input: &[u8],
    opts: &ProveOptions,
    io: &mut G,
    mut on_phase: impl FnMut(ProvePhase),
) -> Result<(ProofFile, ProveStats), ProveError> {
    on_phase(ProvePhase::Execute);
    let t = Instant::now();
    // The chunk traces stay in memory up to `opts.chunk_bytes`; the rest go to a temporary file.
    let mut chunks = ChunkStore::new(opts.chunk_bytes);
    let mut stored = Ok(());
    let max = opts.max_steps.min(MAX_STEPS);
    let emu_opts = Options {
        max_steps: max,
        ..Options::default()
    };
    let report = Emulator::new(rom)
        .run_traced(input, &emu_opts, io, |c| {
            if stored.is_ok() {
                stored = chunks.push(c);
            }
        })
        .map_err(|e| match e {
            VmError::StepLimit { limit, .. } if limit == max => ProveError::TooLong { max },
            e => ProveError::Vm(e),
        })?;
    stored.map_err(WitnessError::Spill)?;
    if report.exit_code != 0 {
        return Err(WitnessError::Failed(report.exit_code).into());
    }
    let execute_s = t.elapsed().as_secs_f64();
    on_phase(ProvePhase::Prove);
    let run = Run {
        chunks: &chunks,
        input,
        outputs: &report.outputs,
    };
    let (proof, mut stats) = prove_run(rom, run, opts, &mut |phase, done, total| {
        on_phase(match phase {
            1 => ProvePhase::Commit {
                steps: done as u64,
                total: total as u64,
            },
            _ => ProvePhase::ProveInstance { index: done, total },
        })
    })
    .map_err(|e| match e {
        zirv_prover::ProveError::Witness(e) => ProveError::Witness(e),
        e => ProveError::Prover(e),
    })?;
    stats.execute_s = execute_s;
    Ok((proof, stats))
}

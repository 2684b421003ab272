//! Witness generation: from an execution's chunk traces to the traces of every machine in one
//! proof.
//!
//! Chunks replay in parallel (each fills its own rows of Main and collects what those rows send);
//! then MemAlign answers the loads and stores, InputData and RomData provide initial words,
//! Output reads the final output words, Mem sorts every access, and the 16-bit table and the ROM
//! count their look-ups; every machine that answers ops builds its traces from the ops the
//! registry (`zirv-machines`) routes to it. The result is each machine's traces, keyed by
//! machine; the prover cuts them into instances (`zirv_prover::instances`).
//!
//! Only what the machines can prove is accepted: a run that did not exit with 0, or that executes
//! an op no machine proves yet, is refused with an error naming the step and pc.

#[cfg(feature = "fault-injection")]
mod fault;
pub mod spill;
pub mod walk;

pub use walk::{Piece, WalkOptions, Walked, walk};

#[cfg(feature = "fault-injection")]
pub use fault::Fault;

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;
use rayon::prelude::*;
use std::collections::BTreeMap;
use thiserror::Error;
use zirv_core::event::PrecompileCall;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::Rom;
use zirv_emulator::{ChunkTrace, ReplayEnd, ReplayError, replay_chunk_with};
use zirv_machines::{INPUT_LOG_ROWS, MachineId, route, route_call};
use zirv_sm_main::columns::WIDTH_COLS;
use zirv_sm_main::{MainSends, fill_register_ages, fill_row};
use zirv_sm_mem::{
    align_trace, input_trace, input_words, mem_trace, output_trace, reg_file_trace, rom_data_words,
};
use zirv_sm_rom::columns::table_height;
use zirv_sm_rom::multiplicity_trace;

pub use zirv_machines::{MAX_STEPS, Val};

/// Why no witness could be built.
#[derive(Debug, Error)]
pub enum WitnessError {
    /// The run executed an op that no machine proves yet.
    #[error(
        "operation `{op}` at pc {pc:#x} (step {step}) is a {kind:?} op, and no machine proves \
         those yet: this program cannot be proven"
    )]
    Unprovable {
        /// Op name.
        op: &'static str,
        /// RISC-V pc.
        pc: u64,
        /// Step.
        step: u64,
        /// The op's kind (no machine of the registry answers it).
        kind: OpKind,
    },
    /// The guest did not exit with 0.
    #[error("the guest exited with code {0}: only successful runs (exit 0) can be proven")]
    Failed(u64),
    /// The run did not reach its exit in the traces given.
    #[error("the traces end before the guest exits")]
    NoExit,
    /// Too many steps for one proof.
    #[error("{steps} steps exceed the {max} steps one proof holds")]
    TooLong {
        /// Steps.
        steps: u64,
        /// Limit.
        max: u64,
    },
    /// The input is larger than a proof takes.
    #[error("the input has {words} words (8 bytes each); a proof takes at most {max}")]
    InputTooLong {
        /// Words of input.
        words: usize,
        /// The most a proof takes.
        max: usize,
    },
    /// Mem's rows or the chunk traces could not be spilled to (or read back from) a temporary
    /// file.
    #[error("a temporary file of the witness (Mem's rows or chunk traces) failed: {0}")]
    Spill(std::io::Error),
    /// A chunk did not replay.
    #[error("chunk starting at step {step} does not replay: {source}")]
    Replay {
        /// The chunk's first step.
        step: u64,
        /// Why.
        source: ReplayError,
    },
}

/// Every machine's traces for one proof, and the public values.
#[derive(Clone)]
pub struct Witness {
    /// Each machine's traces (one per instance).
    pub traces: BTreeMap<MachineId, Vec<RowMajorMatrix<Val>>>,
    /// The 64 public u32 outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// Steps executed.
    pub steps: u64,
    /// Each precompile machine's calls, in step order (its traces hold them as one instance;
    /// `zirv_prover::instances::cut` builds its instances from them).
    pub calls: BTreeMap<MachineId, Vec<PrecompileCall>>,
}

impl Witness {
    /// The first trace of `machine`, to change (tests that forge witnesses).
    pub fn trace_mut(&mut self, machine: MachineId) -> &mut RowMajorMatrix<Val> {
        &mut self
            .traces
            .get_mut(&machine)
            .expect("every machine has a trace")[0]
    }
}

/// What replaying one chunk gives besides its rows of Main.
struct ChunkOut {
    sends: MainSends,
    rom_counts: Vec<u64>,
}

/// Builds the witness of a run from its chunk traces (in order, the last ending in the exit),
/// the input bytes it ran on (as laid out after the free-input slot) and its public outputs.
pub fn generate(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
) -> Result<Witness, WitnessError> {
    build(rom, chunks, input, outputs, |_| {}, |_| {}, |_| {})
}

/// As [`generate`], with one lie told (tests only).
#[cfg(feature = "fault-injection")]
pub fn generate_with_fault(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
    fault: Fault,
) -> Result<Witness, WitnessError> {
    build(
        rom,
        chunks,
        input,
        outputs,
        |p| fault.apply_before(p),
        |main| fault.apply_after_registers(main),
        |accesses| fault.apply_to_memory(accesses),
    )
}

/// What witness generation holds before it builds the memory machines' traces (where a fault
/// is injected).
#[cfg_attr(not(feature = "fault-injection"), allow(dead_code))]
struct Parts<'a> {
    main: &'a mut RowMajorMatrix<Val>,
    accesses: &'a mut Vec<zirv_sm_mem::Access>,
    requests: &'a mut Vec<zirv_sm_mem::AlignRequest>,
    input_words: &'a mut Vec<u64>,
    rom_words: &'a mut Vec<(u64, u64)>,
    outputs: &'a mut [u32; NUM_OUTPUTS],
    regs: &'a mut Vec<zirv_sm_main::RegAccess>,
    u16: &'a mut zirv_sm_tables::U16Counts,
}

fn build(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
    tamper: impl FnOnce(Parts<'_>),
    tamper_registers: impl FnOnce(&mut RowMajorMatrix<Val>),
    tamper_memory: impl FnOnce(&mut Vec<zirv_sm_mem::Access>),
) -> Result<Witness, WitnessError> {
    let steps = check_limits(chunks.iter().map(|c| c.steps).sum(), input)?;
    let words = input_words(input);
    let height = (steps as usize).max(4).next_power_of_two();
    let mut main_values = Val::zero_vec(height * WIDTH_COLS);
    let mut slices = Vec::with_capacity(chunks.len());
    let mut rest = &mut main_values[..];
    for c in chunks {
        let (mine, tail) = rest.split_at_mut(c.steps as usize * WIDTH_COLS);
        slices.push(mine);
        rest = tail;
    }
    let outs: Vec<Result<ChunkOut, WitnessError>> = chunks
        .par_iter()
        .zip(slices)
        .enumerate()
        .map(|(ci, (chunk, rows))| replay_into(rom, chunk, ci + 1 == chunks.len(), rows))
        .collect();
    let mut sends = MainSends::default();
    let mut counts = vec![0u64; rom.insts.len()];
    for out in outs {
        let out = out?;
        sends.accesses.extend(out.sends.accesses);
        sends.align.extend(out.sends.align);
        sends.u16.merge(&out.sends.u16);
        sends.regs.extend(out.sends.regs);
        sends.ops.extend(out.sends.ops);
        sends.calls.extend(out.sends.calls);
        counts
            .iter_mut()
            .zip(out.rom_counts)
            .for_each(|(c, n)| *c += n);
    }
    let mut main = RowMajorMatrix::new(main_values, WIDTH_COLS);
    let mut outputs = *outputs;
    let mut u16 = sends.u16;
    let mut accesses = sends.accesses;
    let mut requests = sends.align;
    let mut words = words;
    let mut rom_words = rom_data_words(&rom.memory);
    tamper(Parts {
        main: &mut main,
        accesses: &mut accesses,
        requests: &mut requests,
        input_words: &mut words,
        rom_words: &mut rom_words,
        outputs: &mut outputs,
        regs: &mut sends.regs,
        u16: &mut u16,
    });
    let mut final_regs = [(0, 0); zirv_core::rom::NUM_REGS];
    fill_register_ages(&mut main.values, 0, &sends.regs, &mut final_regs, &mut u16);
    tamper_registers(&mut main);
    let align = align_trace::<Val>(&requests, &mut accesses, &mut u16);
    tamper_memory(&mut accesses);
    let (input_data, input_init) = input_trace::<Val>(&words, &mut u16);
    let output = output_trace::<Val>(&outputs, &mut accesses);
    let mut init = rom_words;
    init.extend(input_init);
    let mem = mem_trace::<Val>(&accesses, &init);
    mem.range_values.iter().for_each(|&v| u16.range(v));
    let mut traces = BTreeMap::new();
    for &m in MachineId::ALL {
        if let Some(build) = m.spec().traces {
            // The ops of the kinds it answers, in step order.
            let ops: Vec<(zirv_core::op::Op, u64, u64)> = sends
                .ops
                .iter()
                .filter(|(op, _, _)| route(op.kind()) == Some(m))
                .copied()
                .collect();
            traces.insert(m, vec![build(&ops, &mut u16)]);
        }
    }
    let mut calls = BTreeMap::new();
    for &m in MachineId::ALL {
        if let Some(build) = m.spec().call_traces {
            let mine: Vec<PrecompileCall> = sends
                .calls
                .iter()
                .filter(|c| route_call(c.op) == Some(m))
                .cloned()
                .collect();
            traces.insert(m, vec![build(&mine, &mut u16)]);
            calls.insert(m, mine);
        }
    }
    let rom_mult = multiplicity_trace::<Val>(&counts, table_height(rom));
    let rom_data = RowMajorMatrix::new(Val::zero_vec(rom_data_height(rom)), 1);
    for (m, t) in [
        (MachineId::Rom, rom_mult),
        (MachineId::RomData, rom_data),
        (MachineId::U16, u16.trace()),
        (MachineId::Main, main),
        (MachineId::MemAlign, align),
        (MachineId::Mem, mem.trace),
        (MachineId::InputData, input_data),
        (MachineId::Output, output),
        (MachineId::RegFile, reg_file_trace(&final_regs)),
    ] {
        traces.insert(m, vec![t]);
    }
    debug_assert!(MachineId::ALL.iter().all(|m| traces.contains_key(m)));
    Ok(Witness {
        traces,
        outputs,
        steps,
        calls,
    })
}

/// RomData's height for a program (as `RomDataAir::new` builds it).
fn rom_data_height(rom: &Rom) -> usize {
    rom_data_words(&rom.memory).len().max(4).next_power_of_two()
}

/// Checks a run's length and input against what a proof holds; its steps.
fn check_limits(steps: u64, input: &[u8]) -> Result<u64, WitnessError> {
    if steps > MAX_STEPS {
        return Err(WitnessError::TooLong {
            steps,
            max: MAX_STEPS,
        });
    }
    let words = input_words(input).len();
    if words > 1 << INPUT_LOG_ROWS {
        return Err(WitnessError::InputTooLong {
            words,
            max: 1 << INPUT_LOG_ROWS,
        });
    }
    Ok(steps)
}

/// Replays `chunk` (`last`: the run's last) into its rows of Main (`rows`, zeroed, one row per
/// step) and collects what they send.
fn replay_into(
    rom: &Rom,
    chunk: &ChunkTrace,
    last: bool,
    rows: &mut [Val],
) -> Result<ChunkOut, WitnessError> {
    // External op kinds no machine of the registry answers (looked up once, not per step);
    // precompiles are routed by op.
    let unprovable = OpKind::ALL.map(|k| {
        !matches!(k, OpKind::Internal | OpKind::System | OpKind::Precompile) && route(k).is_none()
    });
    let unproven_call = |op: Op| op.kind() == OpKind::Precompile && route_call(op).is_none();
    let mut sends = MainSends::default();
    let mut rom_counts = vec![0u64; rom.insts.len()];
    let mut bad: Option<WitnessError> = None;
    let mut k = 0usize;
    let end = replay_chunk_with(rom, chunk, |ev| {
        let kind = ev.inst.op.kind();
        if bad.is_none() && (unprovable[kind as usize] || unproven_call(ev.inst.op)) {
            bad = Some(WitnessError::Unprovable {
                op: ev.inst.op.name(),
                pc: ev.inst.origin.riscv_pc,
                step: ev.step,
                kind,
            });
        }
        fill_row(
            ev,
            &mut rows[k * WIDTH_COLS..(k + 1) * WIDTH_COLS],
            &mut sends,
        );
        rom_counts[ev.index] += 1;
        k += 1;
    })
    .map_err(|source| WitnessError::Replay {
        step: chunk.start.step,
        source,
    })?;
    if let Some(e) = bad {
        return Err(e);
    }
    match end {
        ReplayEnd::Exit { code: 0, .. } if last => {}
        ReplayEnd::Exit { code, .. } if code != 0 => return Err(WitnessError::Failed(code)),
        ReplayEnd::Continue(_) if last => return Err(WitnessError::NoExit),
        _ => {}
    }
    Ok(ChunkOut { sends, rom_counts })
}

//! Witness generation: from an execution's chunk traces to the traces of every machine in one
//! proof.
//!
//! Chunks replay in parallel (each fills its own rows of Main and collects what those rows send);
//! then MemAlign answers the loads and stores, InputData and RomData provide initial words,
//! Output reads the final output words, Mem sorts every access, and the 16-bit table and the ROM
//! count their look-ups. The result is one trace per machine, in [`MACHINES`] order.
//!
//! Only what the machines can prove is accepted: a run that did not exit with 0, or that executes
//! an op no machine proves yet, is refused with an error naming the step and pc.

#[cfg(feature = "fault-injection")]
mod fault;

#[cfg(feature = "fault-injection")]
pub use fault::Fault;

use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use rayon::prelude::*;
use thiserror::Error;
use zirv_core::memmap::NUM_OUTPUTS;
use zirv_core::op::OpKind;
use zirv_core::rom::Rom;
use zirv_emulator::{ChunkTrace, ReplayEnd, ReplayError, replay_chunk_with};
use zirv_sm_arith::arith_traces;
use zirv_sm_binary::binary_traces;
use zirv_sm_main::columns::WIDTH_COLS;
use zirv_sm_main::{MainSends, fill_register_ages, fill_row};
use zirv_sm_mem::{
    align_trace, input_trace, input_words, mem_trace, output_trace, reg_file_trace, rom_data_words,
};
use zirv_sm_rom::columns::table_height;
use zirv_sm_rom::multiplicity_trace;
use zirv_sm_shift::shift_traces;

/// The machines of a proof, in instance order.
pub const MACHINES: [&str; 12] = [
    "Rom",
    "RomData",
    "U16",
    "Main",
    "MemAlign",
    "Mem",
    "InputData",
    "Output",
    "RegFile",
    "Binary",
    "Arith",
    "Shift",
];

/// The machines whose rows are split into several power-of-two instances (the last ones of
/// [`MACHINES`], so that every other machine's instance index is fixed).
pub const SPLIT_MACHINES: [&str; 3] = ["Binary", "Arith", "Shift"];

/// The most steps one proof holds (Main's height).
pub const MAX_STEPS: u64 = 1 << 22;

/// Why no witness could be built.
#[derive(Debug, Error)]
pub enum WitnessError {
    /// The run executed an op that no machine proves yet.
    #[error(
        "operation `{op}` at pc {pc:#x} (step {step}) needs the {machine} machine, which is not \
         implemented yet: this program cannot be proven"
    )]
    Unprovable {
        /// Op name.
        op: &'static str,
        /// RISC-V pc.
        pc: u64,
        /// Step.
        step: u64,
        /// The machine it needs.
        machine: &'static str,
    },
    /// The guest did not exit with 0.
    #[error("the guest exited with code {0}: only successful runs (exit 0) can be proven")]
    Failed(u64),
    /// The run did not reach its exit in the traces given.
    #[error("the traces end before the guest exits")]
    NoExit,
    /// Too many steps for one proof.
    #[error(
        "{steps} steps exceed the {max} steps one proof holds (continuations are not implemented yet)"
    )]
    TooLong {
        /// Steps.
        steps: u64,
        /// Limit.
        max: u64,
    },
    /// A chunk did not replay.
    #[error("chunk starting at step {step} does not replay: {source}")]
    Replay {
        /// The chunk's first step.
        step: u64,
        /// Why.
        source: ReplayError,
    },
}

/// Every machine's trace for one proof, and the public values.
pub struct Witness<F> {
    /// The traces of every instance: each machine's instances in [`MACHINES`] order.
    pub traces: Vec<RowMajorMatrix<F>>,
    /// How many instances each machine of [`MACHINES`] has (1, or up to
    /// [`zirv_sm_tables::MAX_SPLIT`] for the machines of [`SPLIT_MACHINES`]).
    pub counts: Vec<usize>,
    /// The 64 public u32 outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// Steps executed.
    pub steps: u64,
}

struct ChunkOut<F> {
    rows: Vec<F>,
    sends: MainSends,
    rom_counts: Vec<u64>,
}

/// Builds the witness of a run from its chunk traces (in order, the last ending in the exit),
/// the input bytes it ran on (as laid out after the free-input slot) and its public outputs.
pub fn generate<F: PrimeField64>(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
) -> Result<Witness<F>, WitnessError> {
    build(rom, chunks, input, outputs, |_| {}, |_| {}, |_| {})
}

/// As [`generate`], with one lie told (tests only).
#[cfg(feature = "fault-injection")]
pub fn generate_with_fault<F: PrimeField64>(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
    fault: Fault,
) -> Result<Witness<F>, WitnessError> {
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
struct Parts<'a, F> {
    main: &'a mut RowMajorMatrix<F>,
    accesses: &'a mut Vec<zirv_sm_mem::Access>,
    requests: &'a mut Vec<zirv_sm_mem::AlignRequest>,
    input_words: &'a mut Vec<u64>,
    rom_words: &'a mut Vec<(u64, u64)>,
    outputs: &'a mut [u32; NUM_OUTPUTS],
    regs: &'a mut Vec<zirv_sm_main::RegAccess>,
    u16: &'a mut zirv_sm_tables::U16Counts,
}

fn build<F: PrimeField64>(
    rom: &Rom,
    chunks: &[ChunkTrace],
    input: &[u8],
    outputs: &[u32; NUM_OUTPUTS],
    tamper: impl FnOnce(Parts<'_, F>),
    tamper_registers: impl FnOnce(&mut RowMajorMatrix<F>),
    tamper_memory: impl FnOnce(&mut Vec<zirv_sm_mem::Access>),
) -> Result<Witness<F>, WitnessError> {
    let steps: u64 = chunks.iter().map(|c| c.steps).sum();
    if steps > MAX_STEPS {
        return Err(WitnessError::TooLong {
            steps,
            max: MAX_STEPS,
        });
    }
    let outs: Vec<Result<ChunkOut<F>, WitnessError>> = chunks
        .par_iter()
        .enumerate()
        .map(|(ci, chunk)| replay(rom, chunk, ci + 1 == chunks.len()))
        .collect();
    let mut main_values = Vec::new();
    let mut sends = MainSends::default();
    let mut counts = vec![0u64; rom.insts.len()];
    for out in outs {
        let out = out?;
        main_values.extend(out.rows);
        sends.accesses.extend(out.sends.accesses);
        sends.align.extend(out.sends.align);
        sends.u16.merge(&out.sends.u16);
        sends.regs.extend(out.sends.regs);
        sends.binary.extend(out.sends.binary);
        sends.arith.extend(out.sends.arith);
        sends.shift.extend(out.sends.shift);
        counts
            .iter_mut()
            .zip(out.rom_counts)
            .for_each(|(c, n)| *c += n);
    }
    let height = (steps as usize).max(4).next_power_of_two();
    main_values.resize(height * WIDTH_COLS, F::ZERO);
    let mut main = RowMajorMatrix::new(main_values, WIDTH_COLS);
    let mut outputs = *outputs;
    let mut u16 = sends.u16;
    let mut accesses = sends.accesses;
    let mut requests = sends.align;
    let mut words = input_words(input);
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
    let final_regs = fill_register_ages(&mut main.values, &sends.regs, &mut u16);
    tamper_registers(&mut main);
    let align = align_trace::<F>(&requests, &mut accesses, &mut u16);
    tamper_memory(&mut accesses);
    let (input_data, input_init) = input_trace::<F>(&words, &mut u16);
    let output = output_trace::<F>(&outputs, &mut accesses);
    let mut init = rom_words;
    init.extend(input_init);
    let mem = mem_trace::<F>(&accesses, &init);
    mem.range_values.iter().for_each(|&v| u16.range(v));
    let binary = binary_traces::<F>(&sends.binary, &mut u16);
    let arith = arith_traces::<F>(&sends.arith, &mut u16);
    let shift = shift_traces::<F>(&sends.shift, &mut u16);
    let mut instances = vec![1; MACHINES.len() - SPLIT_MACHINES.len()];
    instances.extend([binary.len(), arith.len(), shift.len()]);
    let rom_mult = multiplicity_trace::<F>(&counts, table_height(rom));
    let rom_data = RowMajorMatrix::new(F::zero_vec(rom_data_height(rom)), 1);
    let mut traces = vec![
        rom_mult,
        rom_data,
        u16.trace(),
        main,
        align,
        mem.trace,
        input_data,
        output,
        reg_file_trace(&final_regs),
    ];
    traces.extend(binary);
    traces.extend(arith);
    traces.extend(shift);
    Ok(Witness {
        traces,
        counts: instances,
        outputs,
        steps,
    })
}

/// RomData's height for a program (as `RomDataAir::new` builds it).
fn rom_data_height(rom: &Rom) -> usize {
    rom_data_words(&rom.memory).len().max(4).next_power_of_two()
}

fn replay<F: PrimeField64>(
    rom: &Rom,
    chunk: &ChunkTrace,
    last: bool,
) -> Result<ChunkOut<F>, WitnessError> {
    let mut rows = F::zero_vec(chunk.steps as usize * WIDTH_COLS);
    let mut sends = MainSends::default();
    let mut rom_counts = vec![0u64; rom.insts.len()];
    let mut bad: Option<WitnessError> = None;
    let mut k = 0usize;
    let end = replay_chunk_with(rom, chunk, |ev| {
        let kind = ev.inst.op.kind();
        if bad.is_none() && kind == OpKind::Precompile {
            bad = Some(WitnessError::Unprovable {
                op: ev.inst.op.name(),
                pc: ev.inst.origin.riscv_pc,
                step: ev.step,
                machine: "precompile",
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
    Ok(ChunkOut {
        rows,
        sends,
        rom_counts,
    })
}

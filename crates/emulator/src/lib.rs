//! Zirv emulator: runs a transpiled ROM.
//!
//! - Fast mode ([`Emulator::run`]): no tracing cost on the hot path.
//! - Statistics mode ([`Emulator::run_with_stats`]): counts steps per instruction.
//! - Trace mode ([`Emulator::run_traced`]): per chunk of [`DEFAULT_CHUNK_STEPS`] steps, a
//!   [`ChunkTrace`] that replays on its own ([`replay_chunk`]).
//!
//! The guest's output goes to a [`GuestIo`]; the run's results come back as a [`Report`].

mod chunks;
mod error;
mod input;
mod io;
mod machine;
mod memory;
mod observer;
pub mod precompiles;
mod stats;
mod step;
mod trace;

pub use chunks::{ChunkSource, ChunkStore, DEFAULT_CHUNK_BYTES};
pub use error::{InputError, PrecompileError, PrecompileFault, VmError};
pub use input::{frame_records, validate_input};
pub use io::{CaptureIo, GuestIo, NullIo, StdIo};
pub use memory::{Memory, buffer_readable};
pub use stats::Stats;
pub use trace::{ChunkState, ChunkTrace, ReplayEnd, ReplayError, replay_chunk, replay_chunk_with};
pub use zirv_core::event::{Flow, MemEvent, PrecompileAccess, StepEvent, StepValues};

use machine::{Machine, X, compile};
use observer::{CountObserver, NoObserver, Observer, TraceObserver};
use step::REGS_LEN;
use zirv_core::memmap::{NUM_OUTPUTS, OUTPUT_ADDR};
use zirv_core::rom::{NUM_REGS, Rom};

/// Steps per trace chunk: 2^18.
pub const DEFAULT_CHUNK_STEPS: u64 = 1 << 18;
/// Default step limit: 2^32 steps (about 20-40 s of fast-mode execution).
pub const DEFAULT_MAX_STEPS: u64 = 1 << 32;

/// Run options.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Stop with [`VmError::StepLimit`] after this many steps.
    pub max_steps: u64,
    /// Steps per chunk in trace mode.
    pub chunk_steps: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_steps: DEFAULT_MAX_STEPS,
            chunk_steps: DEFAULT_CHUNK_STEPS,
        }
    }
}

/// The outcome of a run that ended with the guest's exit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The exit code (a0 of the exit ecall; 0 when the entry point returned).
    pub exit_code: u64,
    /// Steps executed, the exit ecall included.
    pub steps: u64,
    /// The 64 public u32 outputs.
    pub outputs: [u32; NUM_OUTPUTS],
    /// The final state (registers; the pc is that of the exit ecall).
    pub final_state: ChunkState,
    /// Statistics, when requested.
    pub stats: Option<Stats>,
}

impl Report {
    /// The outputs as 256 little-endian bytes.
    pub fn output_bytes(&self) -> Vec<u8> {
        self.outputs.iter().flat_map(|v| v.to_le_bytes()).collect()
    }
}

/// A ROM compiled for execution; runs it any number of times.
pub struct Emulator<'r> {
    rom: &'r Rom,
    code: Vec<X>,
}

impl<'r> Emulator<'r> {
    /// Compiles `rom`.
    pub fn new(rom: &'r Rom) -> Self {
        Emulator {
            rom,
            code: compile(rom),
        }
    }

    fn machine(&self, input: &[u8]) -> Machine<'_> {
        Machine {
            rom: self.rom,
            code: &self.code,
            regs: [0; REGS_LEN],
            mem: Memory::new(&self.rom.memory, input),
            idx: self.rom.index_of(Rom::ENTRY_PC).expect("boot ROM exists") as u32,
            steps: 0,
        }
    }

    /// Fast mode. `input` is the framed input (see [`validate_input`]).
    pub fn run<G: GuestIo>(
        &self,
        input: &[u8],
        opts: &Options,
        io: &mut G,
    ) -> Result<Report, VmError> {
        self.run_observed(input, opts, io, &mut NoObserver, |_| None)
    }

    /// Fast mode with statistics.
    pub fn run_with_stats<G: GuestIo>(
        &self,
        input: &[u8],
        opts: &Options,
        io: &mut G,
    ) -> Result<Report, VmError> {
        let mut obs = CountObserver {
            counts: vec![0; self.code.len()],
        };
        self.run_observed(input, opts, io, &mut obs, |o| {
            Some(Stats::from_counts(self.rom, &o.counts))
        })
    }

    /// Runs in one block (no chunks) with an observer; `stats` derives the report's statistics.
    fn run_observed<G: GuestIo, O: Observer>(
        &self,
        input: &[u8],
        opts: &Options,
        io: &mut G,
        obs: &mut O,
        stats: impl FnOnce(&O) -> Option<Stats>,
    ) -> Result<Report, VmError> {
        let mut m = self.machine(input);
        let code = drive(&mut m, obs, io, opts.max_steps, opts.max_steps, |_, _| {})?;
        Ok(report(&m, code, stats(obs)))
    }

    /// Trace mode: `sink` receives each chunk's trace as soon as the chunk ends.
    pub fn run_traced<G: GuestIo>(
        &self,
        input: &[u8],
        opts: &Options,
        io: &mut G,
        mut sink: impl FnMut(ChunkTrace),
    ) -> Result<Report, VmError> {
        let mut m = self.machine(input);
        let mut obs = TraceObserver::default();
        let chunk = opts.chunk_steps.max(1);
        let mut start = state_of(&m);
        let code = drive(
            &mut m,
            &mut obs,
            io,
            opts.max_steps,
            chunk,
            |m, obs: &mut TraceObserver| {
                let end = state_of(m);
                let reads =
                    std::mem::replace(&mut obs.reads, Vec::with_capacity(chunk as usize / 2));
                let steps = end.step - start.step;
                sink(ChunkTrace {
                    start: std::mem::replace(&mut start, end),
                    steps,
                    reads,
                });
            },
        )?;
        Ok(report(&m, code, None))
    }
}

/// The state of a machine between steps.
fn state_of(m: &Machine<'_>) -> ChunkState {
    let mut regs = [0u64; NUM_REGS];
    regs.copy_from_slice(&m.regs[..NUM_REGS]);
    ChunkState {
        step: m.steps,
        pc: m.rom.insts.get(m.idx as usize).map_or(0, |i| i.pc),
        regs,
    }
}

/// Runs blocks of at most `block` steps until exit or the step limit, calling `at_boundary`
/// after each block (and after the last, exiting one).
fn drive<O: Observer, G: GuestIo>(
    m: &mut Machine<'_>,
    obs: &mut O,
    io: &mut G,
    max_steps: u64,
    block: u64,
    mut at_boundary: impl FnMut(&Machine<'_>, &mut O),
) -> Result<u64, VmError> {
    loop {
        let budget = block.min(max_steps - m.steps);
        if budget == 0 {
            let pc = m.rom.insts.get(m.idx as usize).map_or(0, |i| i.pc);
            return Err(VmError::StepLimit {
                limit: max_steps,
                pc,
            });
        }
        let r = m.run_block(obs, io, budget)?;
        at_boundary(m, obs);
        if let Some(code) = r {
            return Ok(code);
        }
    }
}

fn report(m: &Machine<'_>, exit_code: u64, stats: Option<Stats>) -> Report {
    let mut outputs = [0u32; NUM_OUTPUTS];
    for (k, o) in outputs.iter_mut().enumerate() {
        let addr = OUTPUT_ADDR + 4 * k as u64;
        *o = (m.mem.peek_word(addr & !7) >> (8 * (addr & 7))) as u32;
    }
    Report {
        exit_code,
        steps: m.steps,
        outputs,
        final_state: state_of(m),
        stats,
    }
}

//! Chunk traces and their replay.
//!
//! Trace mode cuts the execution into chunks of `chunk_steps` (2^18 by default) steps. A
//! [`ChunkTrace`] holds the state at the chunk's start (pc, all registers, step number) and
//! every aligned memory word read during the chunk, in order (see
//! [`crate::observer::TraceObserver`] for exactly which). That is enough to replay the chunk
//! on its own, with no memory image, to the state at the next chunk's start: witness generation
//! replays chunks in parallel from these records.
//!
//! Precompile calls read and write through the same port as loads and stores (aligned 8-byte
//! words), so their input words are in `reads` like load words, and replay reports their
//! accesses in [`StepEvent::precompile`].
//!
//! Not recorded: the bytes a `write` ecall prints (they change no register or memory) and the
//! values stored (replay recomputes them).

use crate::error::VmError;
use crate::memory::width_mask;
use crate::step::{DataPort, Regs, step_values, words_touched};
use thiserror::Error;
use zirv_core::event::{Flow, MemEvent, PrecompileAccess, StepEvent};
use zirv_core::op::OpKind;
use zirv_core::rom::{NUM_REGS, Rom, RomInst};

/// The machine state between chunks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkState {
    /// Global step number.
    pub step: u64,
    /// Next pc.
    pub pc: u64,
    /// Registers.
    pub regs: [u64; NUM_REGS],
}

/// The minimal trace of one chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkTrace {
    /// The state at the chunk's start (global step number, pc, registers).
    pub start: ChunkState,
    /// Steps in the chunk.
    pub steps: u64,
    /// Aligned memory words read, in order.
    pub reads: Vec<u64>,
}

impl ChunkTrace {
    /// Bytes this trace occupies as data (header + reads).
    pub fn size_bytes(&self) -> usize {
        8 * (3 + NUM_REGS + self.reads.len())
    }
}

/// How a replay ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayEnd {
    /// Ran all its steps; the state at the next chunk's start.
    Continue(Box<ChunkState>),
    /// The guest exited on the chunk's last step.
    Exit {
        /// Exit code.
        code: u64,
        /// Global step count at the exit.
        steps: u64,
    },
}

/// Why a replay failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReplayError {
    /// The trace holds fewer reads than the replay needs.
    #[error("trace exhausted at step {step} (pc {pc:#x}): {used} reads consumed")]
    Exhausted {
        /// Step.
        step: u64,
        /// pc.
        pc: u64,
        /// Reads consumed.
        used: usize,
    },
    /// The trace holds more reads than the chunk used.
    #[error("trace has {extra} unused reads after the chunk's last step")]
    Leftover {
        /// Unused reads.
        extra: usize,
    },
    /// The pc has no instruction.
    #[error("no instruction at pc {0:#x}")]
    NoInstruction(u64),
    /// The guest exited before the chunk's last step.
    #[error("exit at step {0}, before the chunk's end")]
    EarlyExit(u64),
    /// A VM error during replay (the original run would have stopped there).
    #[error(transparent)]
    Vm(#[from] VmError),
}

struct ReplayPort<'a> {
    reads: &'a [u64],
    pos: usize,
    short: bool,
    event: Option<MemEvent>,
    /// The current step's precompile accesses.
    precompile: Vec<PrecompileAccess>,
}

impl ReplayPort<'_> {
    fn next(&mut self) -> u64 {
        match self.reads.get(self.pos) {
            Some(&v) => {
                self.pos += 1;
                v
            }
            None => {
                self.short = true;
                0
            }
        }
    }
    fn words(&mut self, addr: u64, w: u8) -> ([u64; 2], u64) {
        let (_, two) = words_touched(addr, w);
        let lo = self.next();
        let hi = if two { self.next() } else { 0 };
        let v = ((((hi as u128) << 64 | lo as u128) >> (8 * (addr & 7))) as u64) & width_mask(w);
        ([lo, hi], v)
    }
}

impl DataPort for ReplayPort<'_> {
    fn load(&mut self, _inst: &RomInst, addr: u64, w: u8) -> Result<u64, VmError> {
        let (words, value) = self.words(addr, w);
        self.event = Some(MemEvent {
            addr,
            width: w,
            is_write: false,
            value,
            words,
        });
        Ok(value)
    }
    fn store(&mut self, _inst: &RomInst, addr: u64, w: u8, v: u64) -> Result<(), VmError> {
        let words = if w != 8 || addr & 7 != 0 {
            self.words(addr, w).0
        } else {
            [0; 2]
        };
        self.event = Some(MemEvent {
            addr,
            width: w,
            is_write: true,
            value: v,
            words,
        });
        Ok(())
    }
    fn load_vm(&mut self, _addr: u64) -> u64 {
        self.next()
    }
    fn store_vm(&mut self, _addr: u64, _v: u64) {}
    fn writable(&self, _addr: u64, _w: u8) -> bool {
        // The run that recorded the trace checked it; a replayed store only reports itself.
        true
    }
    fn precompile_access(&mut self, access: PrecompileAccess) {
        self.precompile.push(access);
    }
    fn write(&mut self, inst: &RomInst, fd: u64, _addr: u64, _len: u64) -> Result<(), VmError> {
        // The bytes are not in the trace and stop nothing (an unreadable buffer only gets a
        // notice on stderr): only the descriptor can stop the run.
        if fd != 1 && fd != 2 {
            return Err(VmError::BadFd {
                pc: inst.origin.riscv_pc,
                fd,
            });
        }
        Ok(())
    }
}

/// Replays a chunk against the ROM alone.
pub fn replay_chunk(rom: &Rom, chunk: &ChunkTrace) -> Result<ReplayEnd, ReplayError> {
    replay_chunk_with(rom, chunk, |_| {})
}

/// Replays a chunk and hands every step to `on_step` (witness generation).
pub fn replay_chunk_with(
    rom: &Rom,
    chunk: &ChunkTrace,
    mut on_step: impl FnMut(&StepEvent<'_>),
) -> Result<ReplayEnd, ReplayError> {
    let mut regs: Regs = [0; crate::step::REGS_LEN];
    regs[..NUM_REGS].copy_from_slice(&chunk.start.regs);
    let mut port = ReplayPort {
        reads: &chunk.reads,
        pos: 0,
        short: false,
        event: None,
        precompile: Vec::new(),
    };
    let mut pc = chunk.start.pc;
    for k in 0..chunk.steps {
        let index = rom.index_of(pc).ok_or(ReplayError::NoInstruction(pc))?;
        let inst = &rom.insts[index];
        port.event = None;
        port.precompile.clear();
        let values = step_values(inst, &mut regs, &mut port)?;
        let flow = values.flow;
        if port.short {
            return Err(ReplayError::Exhausted {
                step: chunk.start.step + k,
                pc,
                used: port.pos,
            });
        }
        on_step(&StepEvent {
            step: chunk.start.step + k,
            index,
            inst,
            values,
            // A precompile's accesses are all in `precompile`, none in `mem`.
            mem: if inst.op.kind() == OpKind::Precompile {
                None
            } else {
                port.event
            },
            precompile: &port.precompile,
        });
        match flow {
            Flow::Next(n) => pc = n,
            Flow::Exit(code) => {
                if k + 1 != chunk.steps {
                    return Err(ReplayError::EarlyExit(chunk.start.step + k));
                }
                if port.pos != chunk.reads.len() {
                    return Err(ReplayError::Leftover {
                        extra: chunk.reads.len() - port.pos,
                    });
                }
                return Ok(ReplayEnd::Exit {
                    code,
                    steps: chunk.start.step + k + 1,
                });
            }
        }
    }
    if port.pos != chunk.reads.len() {
        return Err(ReplayError::Leftover {
            extra: chunk.reads.len() - port.pos,
        });
    }
    let mut out = [0u64; NUM_REGS];
    out.copy_from_slice(&regs[..NUM_REGS]);
    Ok(ReplayEnd::Continue(Box::new(ChunkState {
        step: chunk.start.step + chunk.steps,
        pc,
        regs: out,
    })))
}

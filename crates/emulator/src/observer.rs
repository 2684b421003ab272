//! Observers: what the run loop reports besides executing. The fast mode uses [`NoObserver`],
//! whose methods are empty and inline away, so the hot path carries no tracing cost; trace
//! and statistics modes are separate monomorphisations of the same loop.

use crate::memory::Memory;
use crate::step::words_touched;

/// Hooks called by the run loop.
pub trait Observer {
    /// Called before each step with the instruction's index.
    fn on_step(&mut self, idx: u32);
    /// Called after a successful guest or VM load of `w` bytes at `addr`.
    fn on_load(&mut self, mem: &Memory, addr: u64, w: u8);
    /// Called before a guest store of `w` bytes at `addr` (after its permission check).
    fn on_store(&mut self, mem: &Memory, addr: u64, w: u8);
}

/// Observes nothing (fast mode).
pub struct NoObserver;

impl Observer for NoObserver {
    #[inline(always)]
    fn on_step(&mut self, _idx: u32) {}
    #[inline(always)]
    fn on_load(&mut self, _mem: &Memory, _addr: u64, _w: u8) {}
    #[inline(always)]
    fn on_store(&mut self, _mem: &Memory, _addr: u64, _w: u8) {}
}

/// Records the minimal trace: every aligned word read, in order.
///
/// A load records the aligned 8-byte word(s) it touches (one, or two if it crosses a boundary),
/// so a chunk replays without the memory image and witness generation later has the full words
/// that the memory machine needs. A store that does not overwrite whole aligned words (any
/// store narrower than 8 bytes, or misaligned) records the old word(s) it modifies, since
/// the memory machine proves it as a read-modify-write of those words.
#[derive(Default)]
pub struct TraceObserver {
    /// The words read so far in the current chunk.
    pub reads: Vec<u64>,
}

impl Observer for TraceObserver {
    #[inline(always)]
    fn on_step(&mut self, _idx: u32) {}
    #[inline(always)]
    fn on_load(&mut self, mem: &Memory, addr: u64, w: u8) {
        let (a8, two) = words_touched(addr, w);
        self.reads.push(mem.peek_word(a8));
        if two {
            self.reads.push(mem.peek_word(a8 + 8));
        }
    }
    #[inline(always)]
    fn on_store(&mut self, mem: &Memory, addr: u64, w: u8) {
        if w == 8 && addr & 7 == 0 {
            return;
        }
        self.on_load(mem, addr, w);
    }
}

/// Counts executions per instruction index (statistics mode).
pub struct CountObserver {
    /// Executions of each instruction.
    pub counts: Vec<u64>,
}

impl Observer for CountObserver {
    #[inline(always)]
    fn on_step(&mut self, idx: u32) {
        self.counts[idx as usize] += 1;
    }
    #[inline(always)]
    fn on_load(&mut self, _mem: &Memory, _addr: u64, _w: u8) {}
    #[inline(always)]
    fn on_store(&mut self, _mem: &Memory, _addr: u64, _w: u8) {}
}

impl<A: Observer, B: Observer> Observer for (A, B) {
    #[inline(always)]
    fn on_step(&mut self, idx: u32) {
        self.0.on_step(idx);
        self.1.on_step(idx);
    }
    #[inline(always)]
    fn on_load(&mut self, mem: &Memory, addr: u64, w: u8) {
        self.0.on_load(mem, addr, w);
        self.1.on_load(mem, addr, w);
    }
    #[inline(always)]
    fn on_store(&mut self, mem: &Memory, addr: u64, w: u8) {
        self.0.on_store(mem, addr, w);
        self.1.on_store(mem, addr, w);
    }
}

//! Execution statistics, derived after the run from per-instruction execution counts.

use std::collections::BTreeMap;
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::{ASrc, BSrc, Dest, Rom};

/// What a run did, by op and by memory access.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// ROM steps per op.
    pub steps_per_op: BTreeMap<Op, u64>,
    /// RISC-V instructions executed (the boot ROM's steps excluded).
    pub riscv_instructions: u64,
    /// Steps of the generated boot ROM.
    pub boot_steps: u64,
    /// Guest loads by width (index: 0 = 1 byte, 1 = 2, 2 = 4, 3 = 8).
    pub loads: [u64; 4],
    /// Guest stores by width.
    pub stores: [u64; 4],
    /// VM-internal accesses (the CSR file): reads, writes.
    pub vm_accesses: (u64, u64),
    /// Precompile calls per precompile op (each call is one step).
    pub precompile_calls: BTreeMap<Op, u64>,
}

fn width_slot(w: u8) -> usize {
    match w {
        1 => 0,
        2 => 1,
        4 => 2,
        _ => 3,
    }
}

impl Stats {
    /// Builds statistics from execution counts per ROM instruction index.
    pub fn from_counts(rom: &Rom, counts: &[u64]) -> Stats {
        let mut s = Stats::default();
        for (inst, &n) in rom.insts.iter().zip(counts) {
            if n == 0 {
                continue;
            }
            *s.steps_per_op.entry(inst.op).or_default() += n;
            if inst.op.kind() == OpKind::Precompile {
                *s.precompile_calls.entry(inst.op).or_default() += n;
            }
            if inst.origin.boot {
                s.boot_steps += n;
            } else if inst.origin.first {
                s.riscv_instructions += n;
            }
            if matches!(inst.b, BSrc::Ind(_)) {
                s.loads[width_slot(inst.width)] += n;
            }
            if matches!(inst.dest, Dest::Ind(_)) {
                s.stores[width_slot(inst.width)] += n;
            }
            s.vm_accesses.0 +=
                n * (matches!(inst.a, ASrc::Mem(_)) as u64 + matches!(inst.b, BSrc::Mem(_)) as u64);
            s.vm_accesses.1 += n * matches!(inst.dest, Dest::Mem(_)) as u64;
        }
        s
    }

    /// Total steps.
    pub fn steps(&self) -> u64 {
        self.steps_per_op.values().sum()
    }

    /// ROM steps per executed RISC-V instruction (program steps only: boot ROM excluded).
    pub fn steps_per_instruction(&self) -> f64 {
        (self.steps() - self.boot_steps) as f64 / self.riscv_instructions.max(1) as f64
    }
}

//! Main's witness: one row per replayed step, plus what the row sends to other machines (memory
//! accesses, MemAlign requests, 16-bit table look-ups), which their witnesses must answer.

use crate::columns::*;
use p3_field::PrimeField64;
use zirv_core::event::{Flow, PrecompileCall, StepEvent};
use zirv_core::memmap::UART_ADDR;
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::{ASrc, BSrc, Dest};
use zirv_data_bus::timestamp;
use zirv_sm_mem::{Access, AlignRequest};
use zirv_sm_rom::columns::encode_inst;
use zirv_sm_tables::{U16Counts, block_region};

/// What Main's rows send to the other machines.
#[derive(Default)]
pub struct MainSends {
    /// Register and fixed-address words read and written (to Mem).
    pub accesses: Vec<Access>,
    /// Loads and stores (to MemAlign).
    pub align: Vec<AlignRequest>,
    /// Look-ups in the 16-bit table.
    pub u16: U16Counts,
    /// Register accesses, in step and slot order (their ages are filled in by
    /// [`fill_register_ages`] once every chunk's rows exist).
    pub regs: Vec<RegAccess>,
    /// External ops `(op, a, b)` on the operation bus, in step order. Witness generation hands
    /// each to the machine the registry (`zirv-machines`) routes its kind to; Main itself does
    /// not know which machine answers.
    pub ops: Vec<(Op, u64, u64)>,
    /// Precompile calls, in step order (their memory accesses are in [`Self::accesses`] too).
    pub calls: Vec<PrecompileCall>,
}

/// One register access of a step.
#[derive(Clone, Copy, Debug)]
pub struct RegAccess {
    /// The step (Main's row).
    pub step: u64,
    /// The timestamp slot (0: `a`, 1: `b`, 3: the destination).
    pub slot: u64,
    /// The register.
    pub reg: u8,
    /// Whether it writes.
    pub is_write: bool,
    /// The value read or written.
    pub value: u64,
}

/// Each register's last version `(timestamp, value)` (all `(0, 0)` at boot: RegFile's first
/// versions).
pub type RegVersions = [(u64, u64); zirv_core::rom::NUM_REGS];

/// Fills the age columns (and the destination's previous value) of register accesses in Main's
/// rows `main`, whose first row is step `first_step`, given the accesses of those rows in order
/// and each register's version before them (`last`, updated to the versions after them); counts
/// the age limbs' range look-ups. Called over consecutive runs of steps, from the boot versions,
/// it fills a whole execution; `last` then holds each register's final version (for RegFile).
pub fn fill_register_ages<F: PrimeField64>(
    main: &mut [F],
    first_step: u64,
    regs: &[RegAccess],
    last: &mut RegVersions,
    u16: &mut U16Counts,
) {
    for r in regs {
        let ts = timestamp(r.step, r.slot);
        let (prev_ts, prev_v) = last[r.reg as usize];
        let age = ts - 1 - prev_ts;
        let row = &mut main[(r.step - first_step) as usize * WIDTH_COLS..][..WIDTH_COLS];
        let col = age_col(r.slot);
        row[col] = F::from_u64(age & 0xffff);
        row[col + 1] = F::from_u64(age >> 16);
        u16.range(age & 0xffff);
        u16.range(age >> 16);
        if r.is_write {
            set_u64(row, PV_LO, PV_HI, prev_v);
        }
        last[r.reg as usize] = (ts, r.value);
    }
}

fn set_u64<F: PrimeField64>(row: &mut [F], lo: usize, hi: usize, v: u64) {
    row[lo] = F::from_u64(v & 0xffff_ffff);
    row[hi] = F::from_u64(v >> 32);
}

/// The word address of a fixed (VM-internal, aligned) address.
fn fixed_addr8(addr: u64) -> u64 {
    addr / 8
}

/// Fills a load's or store's address columns (the 16-bit limbs of its first and last byte's
/// address and their region class) and counts their look-ups.
pub fn fill_address<F: PrimeField64>(row: &mut [F], addr: u64, width: u8, u16: &mut U16Counts) {
    let end = addr.wrapping_add(width as u64 - 1);
    let (l0, l1, e0, e1) = (
        addr & 0xffff,
        (addr >> 16) & 0xffff,
        end & 0xffff,
        (end >> 16) & 0xffff,
    );
    row[L0] = F::from_u64(l0);
    row[L1] = F::from_u64(l1);
    row[E0] = F::from_u64(e0);
    row[E1] = F::from_u64(e1);
    let (rg, rr, rw) = block_region(l1);
    row[RG] = F::from_u64(rg);
    row[RR] = F::from_bool(rr);
    row[RW] = F::from_bool(rw);
    u16.range(l0);
    u16.range(e0);
    u16.region(l1);
    u16.region(e1);
}

/// Fills `row` (of width [`WIDTH_COLS`], zeroed) for one step and records what it sends.
pub fn fill_row<F: PrimeField64>(ev: &StepEvent<'_>, row: &mut [F], sends: &mut MainSends) {
    let inst = ev.inst;
    let mut values = ev.values;
    let is_call = inst.op.kind() == OpKind::Precompile;
    if is_call {
        // A call's `c` (and so its stored value, which no destination takes) is its step.
        values.c = ev.step;
        values.stored = ev.step;
    }
    let v = &values;
    row[..NUM_ROM_FIELDS].copy_from_slice(&encode_inst::<F>(inst));
    row[IS_STEP] = F::ONE;
    row[STEP] = F::from_u64(ev.step);
    set_u64(row, A_LO, A_HI, v.a);
    set_u64(row, B_LO, B_HI, v.b);
    set_u64(row, C_LO, C_HI, v.c);
    row[FLAG] = F::from_bool(v.flag);
    set_u64(row, V_LO, V_HI, v.stored);
    let exit = matches!(v.flow, Flow::Exit(_));
    // The exit has no next step; its npc is what the formula gives (the AIR checks it anyway).
    row[NPC] = F::from_u64(inst.next_pc(v.c, v.flag));
    if inst.set_pc {
        let t = v.c.wrapping_add(inst.jmp1 as u64);
        row[LOWBIT] = F::from_u64(t & 1);
        let carry = ((v.c & 0xffff_ffff) as i64 + inst.jmp1 - (t & 0xffff_ffff) as i64) >> 32;
        row[JCARRY] = F::from_i64(carry);
    }
    let sel = match inst.op {
        Op::Flag => IS_FLAG,
        Op::CopyB => IS_COPYB,
        Op::Ecall => IS_ECALL,
        op if is_call => {
            sends.calls.push(PrecompileCall {
                op,
                step: ev.step,
                a: v.a,
                b: v.b,
                accesses: ev.precompile.to_vec(),
            });
            row[IS_PRECOMPILE] = F::ONE;
            IS_EXTERNAL
        }
        op => {
            sends.ops.push((op, v.a, v.b));
            IS_EXTERNAL
        }
    };
    row[sel] = F::ONE;
    row[IS_EXIT] = F::from_bool(exit);

    let step = ev.step;
    let mut reg = |reg: u8, slot: u64, is_write: bool, value: u64| {
        sends.regs.push(RegAccess {
            step,
            slot,
            reg,
            is_write,
            value,
        })
    };
    if let ASrc::Reg(r) = inst.a {
        reg(r, 0, false, v.a);
    }
    if let BSrc::Reg(r) = inst.b {
        reg(r, 1, false, v.b);
    }
    // The exit writes a0 too (the AIR's register chain; nothing reads it after the exit).
    if let Dest::Reg(r) = inst.dest {
        reg(r, 3, true, v.stored);
    }
    let mut access = |addr8: u64, slot: u64, is_write: bool, value: u64| {
        sends.accesses.push(Access {
            addr8,
            ts: timestamp(step, slot),
            is_write,
            value,
        })
    };
    if let ASrc::Mem(addr) = inst.a {
        access(fixed_addr8(addr), 0, false, v.a);
    }
    if let BSrc::Mem(addr) = inst.b {
        access(fixed_addr8(addr), 1, false, v.b);
    }
    if let Dest::Mem(addr) = inst.dest {
        access(fixed_addr8(addr), 3, true, v.stored);
    }
    // A precompile's words: read at slot 1, written at slot 3 (zirv_sm_precompile).
    for p in ev.precompile {
        access(
            p.addr / 8,
            if p.is_write { 3 } else { 1 },
            p.is_write,
            p.value,
        );
    }

    let off = match (inst.b, inst.dest) {
        (BSrc::Ind(off), _) | (_, Dest::Ind(off)) => Some(off as u64),
        _ => None,
    };
    if let (Some(off), Some(m)) = (off, ev.mem) {
        set_u64(row, OFF_LO, OFF_HI, off);
        row[ACARRY] = F::from_u64(((v.a & 0xffff_ffff) + (off & 0xffff_ffff)) >> 32);
        let addr = m.addr;
        fill_address(row, addr, m.width, &mut sends.u16);
        row[IS_UART] = F::from_bool(m.is_write && addr == UART_ADDR && m.width == 1);
        sends.align.push(AlignRequest {
            step,
            addr,
            width: m.width,
            is_write: m.is_write,
            value: m.value,
            words: m.words,
        });
    }
}

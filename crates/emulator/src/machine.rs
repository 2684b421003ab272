//! The fast interpreter.
//!
//! The ROM is compiled once into [`X`] records: the common shapes of ROM instruction (ALU op
//! on registers or an immediate, load, store, branch, copy, indirect jump) get a specialised
//! [`Kind`] with static successor indices, so a step is one dispatch on a dense `u8` with no
//! decoding of sources and destinations; everything else falls back to the generic
//! [`crate::step::step`]. Op semantics come from `zirv_core::op` in both paths.
//!
//! One loop, monomorphised per [`Observer`]: fast mode (`NoObserver`) pays nothing for trace
//! or statistics hooks.

use crate::error::VmError;
use crate::io::GuestIo;
use crate::memory::Memory;
use crate::observer::Observer;
use crate::step::{DataPort, REGS_LEN, Regs, SINK, step};
use zirv_core::event::Flow;
use zirv_core::memmap::{Region, UART_ADDR};
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::{ASrc, BSrc, Dest, Rom, RomInst};

/// A compiled instruction.
#[derive(Clone, Copy, Debug)]
pub(crate) struct X {
    pub kind: Kind,
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
    /// Immediate operand, offset, or (BadJump) the bad target.
    pub imm: u64,
    /// Second constant: the return address of `Jalr`, the ROM index of `Generic`/`BadJump`.
    pub imm2: u64,
    /// Successor index when `flag` is clear.
    pub next: u32,
    /// Successor index when `flag` is set.
    pub target: u32,
}

macro_rules! define_interpreter {
    ($($op:ident => $rr:ident, $ri:ident;)*) => {
        /// Specialised instruction shapes.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Kind {
            $($rr, $ri,)*
            CopyImm, CopyReg, Jalr, Beq, Blt, Bltu,
            Lb, Lh, Lw, Ld, Lbu, Lhu, Lwu, Sb, Sh, Sw, Sd,
            Generic, BadJump,
        }

        /// The register-register and register-immediate kinds of an ALU op.
        fn alu_kind(op: Op, imm: bool) -> Option<Kind> {
            match op {
                $(Op::$op => Some(if imm { Kind::$ri } else { Kind::$rr }),)*
                _ => None,
            }
        }

        impl Machine<'_> {
            /// Runs at most `budget` steps. `Ok(Some(code))` when the guest exits.
            pub(crate) fn run_block<O: Observer, G: GuestIo>(
                &mut self,
                obs: &mut O,
                io: &mut G,
                budget: u64,
            ) -> Result<Option<u64>, VmError> {
                let Machine { rom, code, regs: r, mem, idx, steps } = self;
                let code: &[X] = code;
                let mut i = *idx as usize;
                let mut left = budget;
                macro_rules! reg {
                    ($x:expr) => { r[($x as usize) & (REGS_LEN - 1)] };
                }
                macro_rules! load {
                    ($x:expr, $w:expr, $ext:expr) => {{
                        let addr = reg!($x.rs1).wrapping_add($x.imm);
                        match mem.load(addr, $w) {
                            Some(v) => {
                                obs.on_load(mem, addr, $w);
                                reg!($x.rd) = $ext(v);
                                i = $x.next as usize;
                            }
                            None => break Err(load_error(&rom.insts[$x.imm2 as usize], addr, $w)),
                        }
                    }};
                }
                macro_rules! store {
                    ($x:expr, $w:expr) => {{
                        let addr = reg!($x.rs1).wrapping_add($x.imm);
                        if let Err(e) = store_checked(mem, obs, io, &rom.insts[$x.imm2 as usize], addr, $w, reg!($x.rs2)) {
                            break Err(e);
                        }
                        i = $x.next as usize;
                    }};
                }
                let result = loop {
                    if left == 0 {
                        break Ok(None);
                    }
                    left -= 1;
                    obs.on_step(i as u32);
                    let x = &code[i];
                    match x.kind {
                        $(
                            Kind::$rr => {
                                reg!(x.rd) = Op::$op.eval(reg!(x.rs1), reg!(x.rs2)).0;
                                i = x.next as usize;
                            }
                            Kind::$ri => {
                                reg!(x.rd) = Op::$op.eval(reg!(x.rs1), x.imm).0;
                                i = x.next as usize;
                            }
                        )*
                        Kind::CopyImm => {
                            reg!(x.rd) = x.imm;
                            i = x.next as usize;
                        }
                        Kind::CopyReg => {
                            reg!(x.rd) = reg!(x.rs1);
                            i = x.next as usize;
                        }
                        Kind::Beq => {
                            let f = Op::Eq.eval(reg!(x.rs1), reg!(x.rs2)).1;
                            i = if f { x.target } else { x.next } as usize;
                        }
                        Kind::Blt => {
                            let f = Op::Lt.eval(reg!(x.rs1), reg!(x.rs2)).1;
                            i = if f { x.target } else { x.next } as usize;
                        }
                        Kind::Bltu => {
                            let f = Op::Ltu.eval(reg!(x.rs1), reg!(x.rs2)).1;
                            i = if f { x.target } else { x.next } as usize;
                        }
                        Kind::Jalr => {
                            let t = reg!(x.rs1).wrapping_add(x.imm) & !1;
                            reg!(x.rd) = x.imm2;
                            match rom.index_of(t) {
                                Some(j) => i = j,
                                None => {
                                    let pc = rom.insts[i].origin.riscv_pc;
                                    break Err(VmError::JumpOutsideCode { pc, target: t });
                                }
                            }
                        }
                        Kind::Lb => load!(x, 1, |v| Op::SignExtendB.eval(0, v).0),
                        Kind::Lh => load!(x, 2, |v| Op::SignExtendH.eval(0, v).0),
                        Kind::Lw => load!(x, 4, |v| Op::SignExtendW.eval(0, v).0),
                        Kind::Ld => load!(x, 8, |v| v),
                        Kind::Lbu => load!(x, 1, |v| v),
                        Kind::Lhu => load!(x, 2, |v| v),
                        Kind::Lwu => load!(x, 4, |v| v),
                        Kind::Sb => store!(x, 1),
                        Kind::Sh => store!(x, 2),
                        Kind::Sw => store!(x, 4),
                        Kind::Sd => store!(x, 8),
                        Kind::Generic => {
                            let inst = &rom.insts[x.imm2 as usize];
                            let mut port = MemPort { mem, obs, io };
                            match step(inst, r, &mut port) {
                                Ok(Flow::Next(pc)) => match rom.index_of(pc) {
                                    Some(j) => i = j,
                                    None => {
                                        break Err(VmError::JumpOutsideCode { pc: inst.origin.riscv_pc, target: pc });
                                    }
                                },
                                Ok(Flow::Exit(c)) => break Ok(Some(c)),
                                Err(e) => break Err(e),
                            }
                        }
                        Kind::BadJump => {
                            // Not a step: the jump that led here was.
                            left += 1;
                            let pc = rom.insts[x.imm2 as usize].origin.riscv_pc;
                            break Err(VmError::JumpOutsideCode { pc, target: x.imm });
                        }
                    }
                };
                *idx = i as u32;
                *steps += budget - left;
                result
            }
        }
    };
}

define_interpreter! {
    Add => AddRR, AddRI;
    AddW => AddWRR, AddWRI;
    Sub => SubRR, SubRI;
    SubW => SubWRR, SubWRI;
    And => AndRR, AndRI;
    Or => OrRR, OrRI;
    Xor => XorRR, XorRI;
    Eq => EqRR, EqRI;
    Lt => LtRR, LtRI;
    Ltu => LtuRR, LtuRI;
    Min => MinRR, MinRI;
    Minu => MinuRR, MinuRI;
    Max => MaxRR, MaxRI;
    Maxu => MaxuRR, MaxuRI;
    MinW => MinWRR, MinWRI;
    MinuW => MinuWRR, MinuWRI;
    MaxW => MaxWRR, MaxWRI;
    MaxuW => MaxuWRR, MaxuWRI;
    Sll => SllRR, SllRI;
    SllW => SllWRR, SllWRI;
    Srl => SrlRR, SrlRI;
    SrlW => SrlWRR, SrlWRI;
    Sra => SraRR, SraRI;
    SraW => SraWRR, SraWRI;
    SignExtendB => SextBRR, SextBRI;
    SignExtendH => SextHRR, SextHRI;
    SignExtendW => SextWRR, SextWRI;
    Mul => MulRR, MulRI;
    Mulh => MulhRR, MulhRI;
    Mulhsu => MulhsuRR, MulhsuRI;
    Mulhu => MulhuRR, MulhuRI;
    MulW => MulWRR, MulWRI;
    Div => DivRR, DivRI;
    Divu => DivuRR, DivuRI;
    Rem => RemRR, RemRI;
    Remu => RemuRR, RemuRI;
    DivW => DivWRR, DivWRI;
    DivuW => DivuWRR, DivuWRI;
    RemW => RemWRR, RemWRI;
    RemuW => RemuWRR, RemuWRI;
}

fn load_error(inst: &RomInst, addr: u64, w: u8) -> VmError {
    VmError::Load {
        pc: inst.origin.riscv_pc,
        addr,
        width: w,
        region: Region::of(addr).name(),
    }
}

/// A guest store with its permission check; the UART byte port goes to stdout (and memory).
#[inline(always)]
fn store_checked<O: Observer, G: GuestIo>(
    mem: &mut Memory,
    obs: &mut O,
    io: &mut G,
    inst: &RomInst,
    addr: u64,
    w: u8,
    v: u64,
) -> Result<(), VmError> {
    if Memory::writable(addr, w) {
        obs.on_store(mem, addr, w);
        mem.store_unchecked(addr, w, v);
        Ok(())
    } else {
        store_slow(mem, obs, io, inst, addr, w, v)
    }
}

#[cold]
#[inline(never)]
fn store_slow<O: Observer, G: GuestIo>(
    mem: &mut Memory,
    obs: &mut O,
    io: &mut G,
    inst: &RomInst,
    addr: u64,
    w: u8,
    v: u64,
) -> Result<(), VmError> {
    if addr == UART_ADDR && w == 1 {
        obs.on_store(mem, addr, w);
        mem.store_unchecked(addr, w, v);
        io.write(1, &[v as u8]);
        return Ok(());
    }
    Err(VmError::Store {
        pc: inst.origin.riscv_pc,
        addr,
        width: w,
        region: Region::of(addr).name(),
    })
}

/// Real memory as a [`DataPort`] (the generic path).
struct MemPort<'a, O, G> {
    mem: &'a mut Memory,
    obs: &'a mut O,
    io: &'a mut G,
}

impl<O: Observer, G: GuestIo> DataPort for MemPort<'_, O, G> {
    fn load(&mut self, inst: &RomInst, addr: u64, w: u8) -> Result<u64, VmError> {
        let v = self
            .mem
            .load(addr, w)
            .ok_or_else(|| load_error(inst, addr, w))?;
        self.obs.on_load(self.mem, addr, w);
        Ok(v)
    }
    fn store(&mut self, inst: &RomInst, addr: u64, w: u8, v: u64) -> Result<(), VmError> {
        store_checked(self.mem, self.obs, self.io, inst, addr, w, v)
    }
    fn writable(&self, addr: u64, w: u8) -> bool {
        Memory::writable(addr, w)
    }
    fn load_vm(&mut self, addr: u64) -> u64 {
        self.obs.on_load(self.mem, addr, 8);
        self.mem.peek_word(addr)
    }
    fn store_vm(&mut self, addr: u64, v: u64) {
        self.mem.store_unchecked(addr, 8, v);
    }
    fn write(&mut self, inst: &RomInst, fd: u64, addr: u64, len: u64) -> Result<(), VmError> {
        if fd != 1 && fd != 2 {
            return Err(VmError::BadFd {
                pc: inst.origin.riscv_pc,
                fd,
            });
        }
        // The bytes are host output, outside the proven statement: the proof does not read
        // them, so a buffer the guest may not read does not stop the run either (docs/guest.md,
        // "Write"). The VM says so on the guest's stderr instead.
        match self.mem.read_bytes(addr, len) {
            Some(bytes) => self.io.write(fd, &bytes),
            None => self
                .io
                .write(2, unreadable_buffer_notice(inst, addr, len).as_bytes()),
        }
        Ok(())
    }
}

/// A running program: compiled code, registers, memory, position.
pub(crate) struct Machine<'r> {
    pub rom: &'r Rom,
    pub code: &'r [X],
    pub regs: Regs,
    pub mem: Memory,
    /// Index of the next instruction.
    pub idx: u32,
    /// Steps executed so far.
    pub steps: u64,
}

/// Compiles a ROM into [`X`] records. Index `i < rom.insts.len()` is ROM instruction `i`;
/// static jumps to addresses without an instruction lead to `BadJump` records after them.
pub(crate) fn compile(rom: &Rom) -> Vec<X> {
    let n = rom.insts.len();
    let mut code = Vec::with_capacity(n + 16);
    let mut bad = Vec::new();
    let mut resolve = |target: u64, src: usize| -> u32 {
        match rom.index_of(target) {
            Some(j) => j as u32,
            None => {
                bad.push(X {
                    kind: Kind::BadJump,
                    rd: SINK,
                    rs1: 0,
                    rs2: 0,
                    imm: target,
                    imm2: src as u64,
                    next: 0,
                    target: 0,
                });
                (n + bad.len() - 1) as u32
            }
        }
    };
    for (i, inst) in rom.insts.iter().enumerate() {
        let next = resolve(inst.pc.wrapping_add(inst.jmp2 as u64), i);
        let target = if inst.set_pc || inst.jmp1 == inst.jmp2 {
            next
        } else {
            resolve(inst.pc.wrapping_add(inst.jmp1 as u64), i)
        };
        let mut x = X {
            kind: Kind::Generic,
            rd: SINK,
            rs1: 0,
            rs2: 0,
            imm: 0,
            imm2: i as u64,
            next,
            target,
        };
        specialise(inst, &mut x);
        code.push(x);
    }
    code.extend(bad);
    code
}

/// Picks a specialised kind for `inst` when one applies; otherwise leaves `Generic`.
fn specialise(inst: &RomInst, x: &mut X) {
    let dest_reg = match inst.dest {
        Dest::None => Some(SINK),
        Dest::Reg(r) => Some(r),
        _ => None,
    };
    let sets_flag = matches!(inst.op, Op::Flag | Op::Eq | Op::Lt | Op::Ltu);
    let straight = !inst.set_pc && !inst.store_pc && (!sets_flag || x.next == x.target);
    let w = inst.width;
    match (inst.a, inst.b, inst.op, dest_reg) {
        // Copies (lui, li, mv, jal, auipc, nops).
        (_, BSrc::Imm(v), Op::CopyB, Some(rd)) if straight && !matches!(inst.a, ASrc::Mem(_)) => {
            *x = X {
                kind: Kind::CopyImm,
                rd,
                imm: v,
                ..*x
            };
        }
        (_, BSrc::Reg(s), Op::CopyB, Some(rd)) if straight && !matches!(inst.a, ASrc::Mem(_)) => {
            *x = X {
                kind: Kind::CopyReg,
                rd,
                rs1: s,
                ..*x
            };
        }
        // `flag` with nothing stored: an unconditional jump to pc + jmp1.
        (ASrc::Imm(_) | ASrc::Reg(_), BSrc::Imm(_) | BSrc::Reg(_), Op::Flag, Some(SINK))
            if !inst.set_pc && !inst.store_pc =>
        {
            *x = X {
                kind: Kind::CopyImm,
                rd: SINK,
                imm: 0,
                next: x.target,
                ..*x
            };
        }
        // Indirect jumps (jalr).
        (ASrc::Imm(_), BSrc::Reg(s), Op::CopyB, Some(rd)) if inst.set_pc => {
            let ret = inst.pc.wrapping_add(inst.jmp2 as u64);
            let rd = if inst.store_pc {
                rd
            } else if rd == SINK {
                SINK
            } else {
                return;
            };
            *x = X {
                kind: Kind::Jalr,
                rd,
                rs1: s,
                imm: inst.jmp1 as u64,
                imm2: ret,
                ..*x
            };
        }
        // Branches.
        (ASrc::Reg(a), BSrc::Reg(b), Op::Eq | Op::Lt | Op::Ltu, Some(SINK))
            if !inst.set_pc && !inst.store_pc =>
        {
            let kind = match inst.op {
                Op::Eq => Kind::Beq,
                Op::Lt => Kind::Blt,
                _ => Kind::Bltu,
            };
            *x = X {
                kind,
                rs1: a,
                rs2: b,
                ..*x
            };
        }
        // ALU ops.
        (ASrc::Reg(a), BSrc::Reg(b), op, Some(rd)) if straight => {
            if let Some(kind) = alu_kind(op, false) {
                *x = X {
                    kind,
                    rd,
                    rs1: a,
                    rs2: b,
                    ..*x
                };
            }
        }
        (ASrc::Reg(a), BSrc::Imm(v), op, Some(rd)) if straight => {
            if let Some(kind) = alu_kind(op, true) {
                *x = X {
                    kind,
                    rd,
                    rs1: a,
                    imm: v,
                    ..*x
                };
            }
        }
        // Loads.
        (ASrc::Reg(a), BSrc::Ind(off), op, Some(rd)) if straight => {
            let kind = match (op, w) {
                (Op::SignExtendB, 1) => Kind::Lb,
                (Op::SignExtendH, 2) => Kind::Lh,
                (Op::SignExtendW, 4) => Kind::Lw,
                (Op::CopyB, 8) => Kind::Ld,
                (Op::CopyB, 1) => Kind::Lbu,
                (Op::CopyB, 2) => Kind::Lhu,
                (Op::CopyB, 4) => Kind::Lwu,
                _ => return,
            };
            *x = X {
                kind,
                rd,
                rs1: a,
                imm: off as u64,
                ..*x
            };
        }
        _ => {}
    }
    // Stores.
    if let (ASrc::Reg(a), BSrc::Reg(b), Op::CopyB, Dest::Ind(off), true) =
        (inst.a, inst.b, inst.op, inst.dest, straight)
    {
        let kind = match w {
            1 => Kind::Sb,
            2 => Kind::Sh,
            4 => Kind::Sw,
            8 => Kind::Sd,
            _ => return,
        };
        *x = X {
            kind,
            rs1: a,
            rs2: b,
            imm: off as u64,
            ..*x
        };
    }
    debug_assert!(x.kind == Kind::Generic || inst.op.kind() != OpKind::System);
}

/// What the VM writes to the guest's stderr for a `write` ecall whose buffer it may not read.
pub(crate) fn unreadable_buffer_notice(inst: &RomInst, addr: u64, len: u64) -> String {
    format!(
        "zirv: write ecall at pc {:#x}: buffer {addr:#x} of {len} bytes is not readable memory; \
         nothing written\n",
        inst.origin.riscv_pc
    )
}

//! The transpiler: ELF program -> [`Rom`].
//!
//! Each RISC-V instruction becomes one ROM instruction at the same address in the common case
//! (ALU ops, loads, stores, branches, jumps, lui/auipc), so a step is a RISC-V instruction. AMOs,
//! `lr`/`sc` and CSR read-modify-writes expand into a few steps: the first sits at the
//! instruction's address, the others in expansion slots after the boot ROM (in the boot area,
//! `BOOT_ADDR + 4 * i`); the last step jumps back to the next RISC-V instruction.
//!
//! Every halfword of every executable segment is decoded, not only those a linear sweep would
//! reach: a jump into the middle of a 4-byte instruction then executes exactly what hardware
//! would, and data between code never desynchronises decoding. Bytes that do not decode become
//! [`Op::Illegal`] instructions, which stop the run only if executed.
//!
//! Precompile calls (abi.md): `csrs CSR, rs` is one step of the precompile's op; the
//! two-operand form `csrs CSR, rs1; add x0, rs2, x0` is folded into one step (see
//! [`transpile`] for how the ROM carries both registers); any other access to a precompile CSR
//! reads 0 and writes nothing.
//!
//! Simplifications that change the ROM, not the semantics: `addi rd, x0, imm`, `lui`, `auipc`
//! (its value is a constant once the pc is known) and moves become `copyb` (proven in Main,
//! no ALU row); stores to x0 are dropped.

use crate::decode::{AluOp, AmoOp, BranchCond, CsrOp, CsrSrc, DecodeError, Instr, decode};
use crate::elf::{ElfError, ElfProgram, load_elf};
use crate::memmap::{BOOT_ADDR, CSR_FILE_ADDR, INPUT_ADDR, OUTPUT_ADDR, STACK_TOP};
use crate::op::Op;
use crate::rom::{
    ASrc, BSrc, Dest, MemInit, NO_RESERVATION, Origin, REG_RES, REG_TMP1, REG_TMP2, Rom, RomInst,
};

/// The value `marchid` (CSR 0xF12) reads: "ZIRV" in ASCII.
pub const MARCHID: u64 = 0x5A49_5256;

/// The syscall number of `exit`.
pub const SYS_EXIT: u64 = 93;
/// The syscall number of `write`.
pub const SYS_WRITE: u64 = 64;

/// Where a step goes next.
#[derive(Clone, Copy, Debug)]
enum Tgt {
    /// The next step of this expansion, or the next RISC-V instruction after the last step.
    Next,
    /// Step `k` of this expansion.
    Step(usize),
    /// This RISC-V instruction's pc plus an offset (branch and jump targets).
    Rel(i64),
    /// A literal jmp value (indirect-jump offset, or the return-address offset).
    Lit(i64),
}

#[derive(Clone, Copy, Debug)]
struct Step {
    a: ASrc,
    b: BSrc,
    op: Op,
    dest: Dest,
    width: u8,
    store_pc: bool,
    set_pc: bool,
    j1: Tgt,
    j2: Tgt,
}

impl Step {
    fn new(a: ASrc, b: BSrc, op: Op, dest: Dest) -> Step {
        Step {
            a,
            b,
            op,
            dest,
            width: 8,
            store_pc: false,
            set_pc: false,
            j1: Tgt::Next,
            j2: Tgt::Next,
        }
    }
    /// `dest = b` (internal copy).
    fn copy(b: BSrc, dest: Dest) -> Step {
        Step::new(ASrc::Imm(0), b, Op::CopyB, dest)
    }
    fn width(mut self, w: u8) -> Step {
        self.width = w;
        self
    }
    fn jumps(mut self, j1: Tgt, j2: Tgt) -> Step {
        self.j1 = j1;
        self.j2 = j2;
        self
    }
}

/// A register destination, or none for x0.
fn rd_dest(rd: u8) -> Dest {
    if rd == 0 { Dest::None } else { Dest::Reg(rd) }
}

fn alu_op(op: AluOp) -> Op {
    match op {
        AluOp::Add => Op::Add,
        AluOp::Sub => Op::Sub,
        AluOp::Sll => Op::Sll,
        AluOp::Slt => Op::Lt,
        AluOp::Sltu => Op::Ltu,
        AluOp::Xor => Op::Xor,
        AluOp::Srl => Op::Srl,
        AluOp::Sra => Op::Sra,
        AluOp::Or => Op::Or,
        AluOp::And => Op::And,
        AluOp::Mul => Op::Mul,
        AluOp::Mulh => Op::Mulh,
        AluOp::Mulhsu => Op::Mulhsu,
        AluOp::Mulhu => Op::Mulhu,
        AluOp::Div => Op::Div,
        AluOp::Divu => Op::Divu,
        AluOp::Rem => Op::Rem,
        AluOp::Remu => Op::Remu,
        AluOp::AddW => Op::AddW,
        AluOp::SubW => Op::SubW,
        AluOp::SllW => Op::SllW,
        AluOp::SrlW => Op::SrlW,
        AluOp::SraW => Op::SraW,
        AluOp::MulW => Op::MulW,
        AluOp::DivW => Op::DivW,
        AluOp::DivuW => Op::DivuW,
        AluOp::RemW => Op::RemW,
        AluOp::RemuW => Op::RemuW,
    }
}

fn amo_op(op: AmoOp, width: u8) -> Op {
    let w = width == 4;
    match op {
        AmoOp::Swap => Op::CopyB,
        AmoOp::Add => {
            if w {
                Op::AddW
            } else {
                Op::Add
            }
        }
        AmoOp::Xor => Op::Xor,
        AmoOp::And => Op::And,
        AmoOp::Or => Op::Or,
        AmoOp::Min => {
            if w {
                Op::MinW
            } else {
                Op::Min
            }
        }
        AmoOp::Max => {
            if w {
                Op::MaxW
            } else {
                Op::Max
            }
        }
        AmoOp::Minu => {
            if w {
                Op::MinuW
            } else {
                Op::Minu
            }
        }
        AmoOp::Maxu => {
            if w {
                Op::MaxuW
            } else {
                Op::Maxu
            }
        }
    }
}

/// The op that turns a zero-extended loaded value into the register value.
fn load_op(width: u8, signed: bool) -> Op {
    match (width, signed) {
        (1, true) => Op::SignExtendB,
        (2, true) => Op::SignExtendH,
        (4, true) => Op::SignExtendW,
        _ => Op::CopyB,
    }
}

/// The steps of one instruction at `pc` of length `len`.
fn expand(ins: Instr, pc: u64, len: u8) -> Vec<Step> {
    let one = |s: Step| vec![s];
    match ins {
        Instr::Lui { rd, imm } => one(Step::copy(BSrc::Imm(imm as u64), rd_dest(rd))),
        Instr::Auipc { rd, imm } => one(Step::copy(
            BSrc::Imm(pc.wrapping_add(imm as u64)),
            rd_dest(rd),
        )),
        Instr::Jal { rd, imm } => one(Step::copy(
            BSrc::Imm(pc.wrapping_add(len as u64)),
            rd_dest(rd),
        )
        .jumps(Tgt::Rel(imm), Tgt::Rel(imm))),
        Instr::Jalr { rd, rs1, imm } => {
            let mut s =
                Step::copy(BSrc::Reg(rs1), rd_dest(rd)).jumps(Tgt::Lit(imm), Tgt::Lit(len as i64));
            s.set_pc = true;
            s.store_pc = rd != 0;
            one(s)
        }
        Instr::Branch {
            cond,
            rs1,
            rs2,
            imm,
        } => {
            let (op, swap) = match cond {
                BranchCond::Eq => (Op::Eq, false),
                BranchCond::Ne => (Op::Eq, true),
                BranchCond::Lt => (Op::Lt, false),
                BranchCond::Ge => (Op::Lt, true),
                BranchCond::Ltu => (Op::Ltu, false),
                BranchCond::Geu => (Op::Ltu, true),
            };
            let (t, f) = (Tgt::Rel(imm), Tgt::Rel(len as i64));
            let (j1, j2) = if swap { (f, t) } else { (t, f) };
            one(Step::new(ASrc::Reg(rs1), BSrc::Reg(rs2), op, Dest::None).jumps(j1, j2))
        }
        Instr::Load {
            rd,
            rs1,
            imm,
            width,
            signed,
        } => one(Step::new(
            ASrc::Reg(rs1),
            BSrc::Ind(imm),
            load_op(width, signed),
            rd_dest(rd),
        )
        .width(width)),
        Instr::Store {
            rs1,
            rs2,
            imm,
            width,
        } => one(Step::new(ASrc::Reg(rs1), BSrc::Reg(rs2), Op::CopyB, Dest::Ind(imm)).width(width)),
        Instr::AluImm { op, rd, rs1, imm } => {
            let s = match op {
                AluOp::Add | AluOp::Or | AluOp::Xor if rs1 == 0 => {
                    Step::copy(BSrc::Imm(imm as u64), rd_dest(rd))
                }
                AluOp::Add | AluOp::Or | AluOp::Xor if imm == 0 => {
                    Step::copy(BSrc::Reg(rs1), rd_dest(rd))
                }
                _ => Step::new(
                    ASrc::Reg(rs1),
                    BSrc::Imm(imm as u64),
                    alu_op(op),
                    rd_dest(rd),
                ),
            };
            one(s)
        }
        Instr::Alu { op, rd, rs1, rs2 } => {
            let s = match op {
                AluOp::Add | AluOp::Or | AluOp::Xor if rs1 == 0 => {
                    Step::copy(BSrc::Reg(rs2), rd_dest(rd))
                }
                AluOp::Add | AluOp::Or | AluOp::Xor | AluOp::Sub if rs2 == 0 => {
                    Step::copy(BSrc::Reg(rs1), rd_dest(rd))
                }
                _ => Step::new(ASrc::Reg(rs1), BSrc::Reg(rs2), alu_op(op), rd_dest(rd)),
            };
            one(s)
        }
        Instr::Fence | Instr::FenceI | Instr::Ebreak | Instr::Wfi => {
            one(Step::new(ASrc::Imm(0), BSrc::Imm(0), Op::Flag, Dest::None))
        }
        Instr::Ecall => one(Step::new(
            ASrc::Reg(17),
            BSrc::Reg(12),
            Op::Ecall,
            Dest::Reg(10),
        )),
        Instr::Lr { rd, rs1, width } => vec![
            Step::copy(BSrc::Reg(rs1), Dest::Reg(REG_RES)),
            Step::new(
                ASrc::Reg(REG_RES),
                BSrc::Ind(0),
                load_op(width, true),
                rd_dest(rd),
            )
            .width(width),
        ],
        Instr::Sc {
            rd,
            rs1,
            rs2,
            width,
        } => {
            let mut v = vec![
                // s0: reservation held on this address? flag -> s1 (store), else s2.
                Step::new(
                    ASrc::Reg(rs1),
                    BSrc::Reg(REG_RES),
                    Op::Eq,
                    Dest::Reg(REG_TMP1),
                )
                .jumps(Tgt::Step(1), Tgt::Step(2)),
                // s1: the store.
                Step::new(ASrc::Reg(rs1), BSrc::Reg(rs2), Op::CopyB, Dest::Ind(0)).width(width),
                // s2: every sc clears the reservation.
                Step::copy(BSrc::Imm(NO_RESERVATION), Dest::Reg(REG_RES)),
            ];
            if rd != 0 {
                // s3: rd = 0 on success, 1 on failure.
                v.push(Step::new(
                    ASrc::Reg(REG_TMP1),
                    BSrc::Imm(1),
                    Op::Xor,
                    Dest::Reg(rd),
                ));
            }
            v
        }
        Instr::Amo {
            op,
            rd,
            rs1,
            rs2,
            width,
        } => {
            let direct = rd != 0 && rd != rs1 && rd != rs2;
            let old = if direct { rd } else { REG_TMP1 };
            let mut v = vec![
                Step::new(
                    ASrc::Reg(rs1),
                    BSrc::Ind(0),
                    load_op(width, true),
                    Dest::Reg(old),
                )
                .width(width),
            ];
            if op == AmoOp::Swap {
                v.push(
                    Step::new(ASrc::Reg(rs1), BSrc::Reg(rs2), Op::CopyB, Dest::Ind(0)).width(width),
                );
            } else {
                v.push(Step::new(
                    ASrc::Reg(old),
                    BSrc::Reg(rs2),
                    amo_op(op, width),
                    Dest::Reg(REG_TMP2),
                ));
                v.push(
                    Step::new(ASrc::Reg(rs1), BSrc::Reg(REG_TMP2), Op::CopyB, Dest::Ind(0))
                        .width(width),
                );
            }
            if !direct && rd != 0 {
                v.push(Step::copy(BSrc::Reg(REG_TMP1), Dest::Reg(rd)));
            }
            v
        }
        Instr::Csr { op, rd, src, csr } => expand_csr(op, rd, src, csr),
    }
}

fn expand_csr(op: CsrOp, rd: u8, src: CsrSrc, csr: u16) -> Vec<Step> {
    let operand = match src {
        CsrSrc::Reg(r) => BSrc::Reg(r),
        CsrSrc::Imm(i) => BSrc::Imm(i as u64),
    };
    let operand_zero = matches!(src, CsrSrc::Reg(0) | CsrSrc::Imm(0));
    let writes = op == CsrOp::Write || !operand_zero;
    // Precompiles: only `csrs CSR, rs` (csrrs x0, CSR, rs with rs != x0) is a call, with rs
    // holding the operand pointer (the two-operand form is folded in `transpile`). Any other
    // access to a precompile CSR is a plain access that reads 0 and writes nothing.
    if let Some(p) = Op::precompile_for_csr(csr) {
        return match (op, rd, src) {
            (CsrOp::Set, 0, CsrSrc::Reg(r)) if r != 0 => {
                vec![Step::new(ASrc::Imm(0), BSrc::Reg(r), p, Dest::None)]
            }
            _ => vec![Step::copy(BSrc::Imm(0), rd_dest(rd))],
        };
    }
    // Read-only CSRs (0xC00..=0xFFF): writing one is an illegal instruction.
    if csr >> 10 == 3 {
        if writes {
            return vec![illegal_step(0)];
        }
        let value = if csr == 0xF12 { MARCHID } else { 0 };
        return vec![Step::copy(BSrc::Imm(value), rd_dest(rd))];
    }
    let addr = CSR_FILE_ADDR + 8 * csr as u64;
    let mem = BSrc::Mem(addr);
    if !writes {
        return vec![Step::copy(mem, rd_dest(rd))];
    }
    let reads_rd = matches!(src, CsrSrc::Reg(r) if r == rd) && rd != 0;
    let mut v = Vec::new();
    match op {
        CsrOp::Write if rd == 0 => v.push(Step::copy(operand, Dest::Mem(addr))),
        CsrOp::Write if !reads_rd => {
            v.push(Step::copy(mem, Dest::Reg(rd)));
            v.push(Step::copy(operand, Dest::Mem(addr)));
        }
        _ => {
            v.push(Step::copy(mem, Dest::Reg(REG_TMP1)));
            match (op, src) {
                (CsrOp::Write, _) => v.push(Step::copy(operand, Dest::Mem(addr))),
                (CsrOp::Set, _) => v.push(Step::new(
                    ASrc::Reg(REG_TMP1),
                    operand,
                    Op::Or,
                    Dest::Mem(addr),
                )),
                (CsrOp::Clear, CsrSrc::Imm(i)) => v.push(Step::new(
                    ASrc::Reg(REG_TMP1),
                    BSrc::Imm(!(i as u64)),
                    Op::And,
                    Dest::Mem(addr),
                )),
                (CsrOp::Clear, CsrSrc::Reg(r)) => {
                    v.push(Step::new(
                        ASrc::Reg(r),
                        BSrc::Imm(u64::MAX),
                        Op::Xor,
                        Dest::Reg(REG_TMP2),
                    ));
                    v.push(Step::new(
                        ASrc::Reg(REG_TMP1),
                        BSrc::Reg(REG_TMP2),
                        Op::And,
                        Dest::Mem(addr),
                    ));
                }
            }
            if rd != 0 {
                v.push(Step::copy(BSrc::Reg(REG_TMP1), Dest::Reg(rd)));
            }
        }
    }
    v
}

fn illegal_step(raw: u32) -> Step {
    Step::new(ASrc::Imm(0), BSrc::Imm(raw as u64), Op::Illegal, Dest::None)
}

/// Errors of [`transpile_elf`].
pub type TranspileError = ElfError;

/// Builds the ROM of an ELF file.
pub fn transpile_elf(elf: &[u8]) -> Result<Rom, TranspileError> {
    transpile(&load_elf(elf)?)
}

/// Whether a CSR's precompile takes two direct operands (`csrs CSR, rs1; add x0, rs2, x0`).
pub fn is_two_operand_precompile(csr: u16) -> bool {
    matches!(csr, 0x803 | 0x805)
}

/// The second operand's register of `add x0, rs2, x0` (the 32-bit encoding, nothing else), if
/// `raw` is that instruction.
pub fn second_operand_add(raw: u32) -> Option<u8> {
    // funct7 = 0, rs2 = x0, funct3 = 0, rd = x0, opcode OP; only rs1 (bits 15..20) varies.
    (raw & 0xFFF0_7FFF == 0x0000_0033).then_some(((raw >> 15) & 0x1F) as u8)
}

/// The halfwords of a code segment that a linear sweep from its start decodes as instruction
/// starts (an undecodable halfword advances by 2).
fn sweep_starts(bytes: &[u8]) -> Vec<bool> {
    let mut starts = vec![false; bytes.len().div_ceil(2)];
    let mut off = 0;
    while off < bytes.len() {
        starts[off / 2] = true;
        off += decode(&bytes[off..]).map_or(2, |(_, len)| len as usize);
    }
    starts
}

/// Assembles ROM instructions: program steps at their pcs, expansion steps in boot-area slots.
struct Builder {
    boot: Vec<RomInst>,
    program: Vec<RomInst>,
}

impl Builder {
    fn next_boot_pc(&self) -> u64 {
        BOOT_ADDR + 4 * self.boot.len() as u64
    }

    /// Places the steps of the instruction at `pc`; `boot` puts the first step in the boot area.
    fn place(&mut self, steps: &[Step], pc: u64, len: u8, raw: u32, boot: bool) {
        let n = steps.len();
        // pcs: step 0 at pc, the rest in consecutive boot slots (allocated after step 0 if boot).
        let first_extra = if boot {
            self.next_boot_pc() + 4
        } else {
            self.next_boot_pc()
        };
        let step_pc = |k: usize| {
            if k == 0 {
                pc
            } else {
                first_extra + 4 * (k as u64 - 1)
            }
        };
        let after = pc.wrapping_add(len as u64);
        for (k, s) in steps.iter().enumerate() {
            let here = step_pc(k);
            let resolve = |t: Tgt| -> i64 {
                let abs = match t {
                    Tgt::Next if k + 1 < n => step_pc(k + 1),
                    Tgt::Next => after,
                    Tgt::Step(j) => step_pc(j),
                    Tgt::Rel(off) => pc.wrapping_add(off as u64),
                    Tgt::Lit(v) => return v,
                };
                abs.wrapping_sub(here) as i64
            };
            let inst = RomInst {
                pc: here,
                a: s.a,
                b: s.b,
                op: s.op,
                dest: s.dest,
                width: s.width,
                store_pc: s.store_pc,
                set_pc: s.set_pc,
                jmp1: resolve(s.j1),
                jmp2: resolve(s.j2),
                origin: Origin {
                    riscv_pc: pc,
                    raw,
                    first: k == 0,
                    boot,
                },
            };
            if k == 0 && !boot {
                self.program.push(inst);
            } else {
                self.boot.push(inst);
            }
        }
    }
}

/// The boot ROM of abi.md: set sp, a0, a1 and the reservation, call the entry, exit(0).
fn boot_steps(entry: u64) -> Vec<(Step, Option<u64>)> {
    let ret = BOOT_ADDR + 4 * 5;
    let call_pc = BOOT_ADDR + 4 * 4;
    vec![
        (Step::copy(BSrc::Imm(STACK_TOP), Dest::Reg(2)), None),
        (Step::copy(BSrc::Imm(INPUT_ADDR), Dest::Reg(10)), None),
        (Step::copy(BSrc::Imm(OUTPUT_ADDR), Dest::Reg(11)), None),
        (
            Step::copy(BSrc::Imm(NO_RESERVATION), Dest::Reg(REG_RES)),
            None,
        ),
        (
            Step::copy(BSrc::Imm(ret), Dest::Reg(1)),
            Some(entry.wrapping_sub(call_pc)),
        ),
        (Step::copy(BSrc::Imm(0), Dest::Reg(10)), None),
        (Step::copy(BSrc::Imm(SYS_EXIT), Dest::Reg(17)), None),
        (
            Step::new(ASrc::Reg(17), BSrc::Reg(12), Op::Ecall, Dest::Reg(10)),
            None,
        ),
    ]
}

/// Builds the ROM of a loaded program.
///
/// Two-operand precompile calls (abi.md): `csrs CSR, rs1` at `pc` immediately followed by the
/// 32-bit `add x0, rs2, x0` becomes ONE step at `pc` with `a = Reg(rs1)`, `b = Reg(rs2)` and both
/// jumps to `pc + 8`, so the pair is one step and control continues after the `add`. The `add`
/// keeps its own ROM entry at `pc + 4`, a plain no-op (it writes x0): it never runs as part of
/// the call, and a jump straight into it executes that no-op, as hardware would. A two-operand
/// `csrs` without that `add` rejects the ELF ([`ElfError::UnpairedPrecompileCall`]) when it lies
/// on the linear sweep of its segment (where the compiler put instructions); one that only
/// appears when decoding from the middle of another instruction becomes an illegal
/// instruction, which stops the run only if executed. One-operand calls have `a = Imm(0)` and
/// `b = Reg(rs)`.
pub fn transpile(prog: &ElfProgram) -> Result<Rom, ElfError> {
    let mut b = Builder {
        boot: Vec::new(),
        program: Vec::new(),
    };
    for (s, call) in boot_steps(prog.entry) {
        let pc = b.next_boot_pc();
        let s = match call {
            Some(off) => s.jumps(Tgt::Lit(off as i64), Tgt::Lit(off as i64)),
            None => s.jumps(Tgt::Lit(4), Tgt::Lit(4)),
        };
        b.place(&[s], pc, 4, 0, true);
    }

    let code: Vec<_> = prog.segments.iter().filter(|s| s.flags.exec).collect();
    let code_start = code.first().map_or(0, |s| s.vaddr);
    let code_end = code
        .iter()
        .map(|s| s.vaddr + s.data.len() as u64)
        .max()
        .unwrap_or(0);
    for seg in &code {
        let bytes = &seg.data;
        let swept = sweep_starts(bytes);
        for off in (0..bytes.len()).step_by(2) {
            let pc = seg.vaddr + off as u64;
            match decode(&bytes[off..]) {
                Ok((ins, len)) => {
                    let raw = if len == 2 {
                        u16::from_le_bytes([bytes[off], bytes[off + 1]]) as u32
                    } else {
                        u32::from_le_bytes([
                            bytes[off],
                            bytes[off + 1],
                            bytes[off + 2],
                            bytes[off + 3],
                        ])
                    };
                    let steps = match ins {
                        Instr::Csr {
                            op: CsrOp::Set,
                            rd: 0,
                            src: CsrSrc::Reg(r1),
                            csr,
                        } if r1 != 0 && is_two_operand_precompile(csr) => {
                            let next = bytes
                                .get(off + 4..off + 8)
                                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
                            match (next.and_then(second_operand_add), swept[off / 2]) {
                                (Some(r2), _) => {
                                    let op = Op::precompile_for_csr(csr).expect("precompile CSR");
                                    vec![
                                        Step::new(ASrc::Reg(r1), BSrc::Reg(r2), op, Dest::None)
                                            .jumps(Tgt::Rel(8), Tgt::Rel(8)),
                                    ]
                                }
                                (None, true) => {
                                    return Err(ElfError::UnpairedPrecompileCall { pc, csr });
                                }
                                (None, false) => vec![illegal_step(raw)],
                            }
                        }
                        _ => expand(ins, pc, len),
                    };
                    // An expansion that turned out illegal (a write to a read-only CSR) names its bits.
                    let steps: Vec<Step> = steps
                        .into_iter()
                        .map(|s| {
                            if s.op == Op::Illegal {
                                illegal_step(raw)
                            } else {
                                s
                            }
                        })
                        .collect();
                    b.place(&steps, pc, len, raw, false);
                }
                Err(e) => {
                    let raw = match e {
                        DecodeError::Illegal { raw } => raw,
                        _ => u16::from_le_bytes([
                            bytes[off],
                            bytes.get(off + 1).copied().unwrap_or(0),
                        ]) as u32,
                    };
                    b.place(&[illegal_step(raw)], pc, 2, raw, false);
                }
            }
        }
    }

    let boot_len = b.boot.len();
    let mut insts = b.boot;
    let mut code_index = vec![u32::MAX; (code_end - code_start).div_ceil(2) as usize];
    for inst in b.program {
        code_index[((inst.pc - code_start) / 2) as usize] = insts.len() as u32;
        insts.push(inst);
    }
    Ok(Rom {
        insts,
        boot_len,
        code_start,
        code_index,
        elf_entry: prog.entry,
        memory: prog
            .segments
            .iter()
            .filter(|s| !s.data.is_empty())
            .map(|s| MemInit {
                addr: s.vaddr,
                bytes: s.data.clone(),
            })
            .collect(),
        code_ranges: code
            .iter()
            .map(|s| (s.vaddr, s.vaddr + s.data.len() as u64))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elf::build_test_elf;
    use object::elf::{PF_R, PF_X};

    fn rom_of(code: &[u8]) -> Rom {
        transpile_elf(&build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, PF_R | PF_X, code, code.len() as u64)],
        ))
        .unwrap()
    }

    #[test]
    fn boot_rom_calls_the_entry_and_exits() {
        let rom = rom_of(&[0x13, 0, 0, 0]);
        assert_eq!(rom.insts[0].pc, BOOT_ADDR);
        let call = rom.get(BOOT_ADDR + 16).unwrap();
        assert_eq!(call.next_pc(0, false), 0x9000_0000);
        assert_eq!(call.dest, Dest::Reg(1));
        assert_eq!(call.b, BSrc::Imm(BOOT_ADDR + 20));
        assert_eq!(rom.get(BOOT_ADDR + 28).unwrap().op, Op::Ecall);
    }

    #[test]
    fn every_halfword_is_decoded() {
        // addi x0,x0,0 (4 bytes) followed by c.nop.
        let rom = rom_of(&[0x13, 0, 0, 0, 0x01, 0x00]);
        assert!(rom.get(0x9000_0000).is_some());
        assert_eq!(
            rom.get(0x9000_0002).unwrap().op,
            Op::Illegal,
            "upper half of addi decodes as 0x0000"
        );
        assert_eq!(rom.get(0x9000_0004).unwrap().dest, Dest::None, "c.nop");
        assert!(rom.get(0x9000_0001).is_none());
        assert!(rom.get(0x9000_0006).is_none());
    }

    #[test]
    fn branches_resolve_relative_targets() {
        // bne a0, a1, -8 at 0x9000_0008 (after two nops): 0xfeb51ce3
        let mut code = vec![0x13, 0, 0, 0, 0x13, 0, 0, 0];
        code.extend_from_slice(&0xfeb5_1ce3u32.to_le_bytes());
        let rom = rom_of(&code);
        let br = rom.get(0x9000_0008).unwrap();
        assert_eq!(br.op, Op::Eq);
        assert_eq!(br.next_pc(0, false), 0x9000_0000, "not equal -> taken");
        assert_eq!(br.next_pc(1, true), 0x9000_000c, "equal -> fall through");
    }

    #[test]
    fn amo_expands_into_slots_and_returns() {
        // amoadd.d a0, a1, (a2) = 0x00b6352f
        let rom = rom_of(&0x00b6_352fu32.to_le_bytes());
        let s0 = rom.get(0x9000_0000).unwrap();
        assert_eq!(s0.b, BSrc::Ind(0));
        let s1 = rom.get(s0.next_pc(0, false)).unwrap();
        assert_eq!(s1.op, Op::Add);
        let s2 = rom.get(s1.next_pc(0, false)).unwrap();
        assert_eq!(s2.dest, Dest::Ind(0));
        assert_eq!(s2.next_pc(0, false), 0x9000_0004);
        assert!(!s1.origin.first && s1.origin.riscv_pc == 0x9000_0000);
    }

    #[test]
    fn writes_to_read_only_csrs_are_illegal() {
        // csrw cycle(0xC00), a0 = csrrw x0, 0xc00, a0 = 0xc0051073
        let rom = rom_of(&0xc005_1073u32.to_le_bytes());
        let i = rom.get(0x9000_0000).unwrap();
        assert_eq!(i.op, Op::Illegal);
        assert_eq!(i.b, BSrc::Imm(0xc005_1073));
        // csrr a0, marchid = csrrs a0, 0xf12, x0 = 0xf1202573
        let rom = rom_of(&0xf120_2573u32.to_le_bytes());
        assert_eq!(rom.get(0x9000_0000).unwrap().b, BSrc::Imm(MARCHID));
    }

    #[test]
    fn precompile_csr_becomes_one_op() {
        // csrs 0x800, a0 = csrrs x0, 0x800, a0 = 0x80052073
        let rom = rom_of(&0x8005_2073u32.to_le_bytes());
        let i = rom.get(0x9000_0000).unwrap();
        assert_eq!(i.op, Op::Keccakf);
        assert_eq!(i.a, ASrc::Imm(0));
        assert_eq!(i.b, BSrc::Reg(10));
        assert_eq!(i.next_pc(0, false), 0x9000_0004);
    }

    fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn two_operand_call_is_one_step_that_skips_the_add() {
        // csrs 0x803, a0; add x0, a1, x0; then csrs 0x805, a2; add x0, a3, x0.
        let rom = rom_of(&words(&[
            0x8035_2073,
            0x0005_8033,
            0x8056_2073,
            0x0006_8033,
        ]));
        let i = rom.get(0x9000_0000).unwrap();
        assert_eq!(
            (i.op, i.a, i.b),
            (Op::Secp256k1Add, ASrc::Reg(10), BSrc::Reg(11))
        );
        assert_eq!(i.next_pc(0, false), 0x9000_0008);
        assert_eq!(i.next_pc(0, true), 0x9000_0008);
        let add = rom.get(0x9000_0004).unwrap();
        assert_eq!(add.op, Op::CopyB, "the add alone is a no-op");
        assert_eq!(add.dest, Dest::None);
        let j = rom.get(0x9000_0008).unwrap();
        assert_eq!(
            (j.op, j.a, j.b),
            (Op::Sha256f, ASrc::Reg(12), BSrc::Reg(13))
        );
        assert_eq!(j.next_pc(0, false), 0x9000_0010);
    }

    #[test]
    fn two_operand_call_without_its_add_is_rejected() {
        let elf = |code: &[u8]| {
            build_test_elf(
                0x9000_0000,
                &[(0x9000_0000, PF_R | PF_X, code, code.len() as u64)],
            )
        };
        // Followed by a nop, by `add x0, a1, a2` (rs2 != x0), by `add a0, a1, x0`, or by nothing.
        for (code, pc) in [
            (words(&[0x13, 0x8035_2073, 0x13]), 0x9000_0004),
            (words(&[0x8055_2073, 0x00c5_8033]), 0x9000_0000),
            (words(&[0x8055_2073, 0x0005_8533]), 0x9000_0000),
            (words(&[0x13, 0x8055_2073]), 0x9000_0004),
        ] {
            let e = transpile_elf(&elf(&code)).unwrap_err();
            assert!(
                matches!(e, ElfError::UnpairedPrecompileCall { pc: p, .. } if p == pc),
                "{e}"
            );
            assert!(e.to_string().contains(&format!("pc {pc:#x}")), "{e}");
        }
        // One-operand precompiles need no add.
        for csr in [0x800u32, 0x801, 0x802, 0x804] {
            let rom = rom_of(&words(&[(csr << 20) | 0x0005_2073, 0x13]));
            assert_eq!(
                rom.get(0x9000_0000).unwrap().op.precompile_csr(),
                Some(csr as u16)
            );
        }
    }

    #[test]
    fn other_accesses_to_precompile_csrs_read_zero_and_write_nothing() {
        for raw in [
            0x8000_2573u32, // csrr a0, 0x800 (csrrs a0, 0x800, x0)
            0x8005_1573,    // csrrw a0, 0x800, a0
            0x8035_3573,    // csrrc a0, 0x803, a0
            0x8052_e573,    // csrrsi a0, 0x805, 5
            0x8005_2573,    // csrrs a0, 0x800, a0 (rd != x0: not a call)
            0x8050_2073,    // csrrs x0, 0x805, x0 (rs1 = x0: not a call)
            0x8015_1073,    // csrw 0x801, a0
        ] {
            let rom = rom_of(&raw.to_le_bytes());
            let i = rom.get(0x9000_0000).unwrap();
            assert_eq!((i.op, i.b), (Op::CopyB, BSrc::Imm(0)), "{raw:#x}");
            assert!(matches!(i.dest, Dest::None | Dest::Reg(10)), "{raw:#x}");
            assert_eq!(i.next_pc(0, false), 0x9000_0004, "{raw:#x}: one step");
        }
    }
}

//! RISC-V decoder: RV64IMAC + Zicsr + Zifencei, every 16-bit compressed form included.
//!
//! [`decode`] turns the bytes at an instruction address into an [`Instr`] and its length.
//! Compressed instructions are expanded to the 32-bit instruction they stand for (with length
//! 2), so everything downstream (the transpiler) sees one instruction set. Encodings that the
//! specification marks reserved or that belong to extensions Zirv does not implement (F, D, ...)
//! are [`DecodeError`]s; the transpiler turns those into ROM instructions that stop the run with
//! "illegal instruction" only if they are executed, because data may sit between code.

use thiserror::Error;

/// A register number, 0..=31.
pub type Reg = u8;

/// Register-register and register-immediate ALU operations (RV64I + M, with the `w` forms).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AluOp {
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Mul,
    Mulh,
    Mulhsu,
    Mulhu,
    Div,
    Divu,
    Rem,
    Remu,
    AddW,
    SubW,
    SllW,
    SrlW,
    SraW,
    MulW,
    DivW,
    DivuW,
    RemW,
    RemuW,
}

/// Conditional-branch conditions.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BranchCond {
    Eq,
    Ne,
    Lt,
    Ge,
    Ltu,
    Geu,
}

/// Atomic memory operations (the `amo*` instructions of the A extension).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmoOp {
    Swap,
    Add,
    Xor,
    And,
    Or,
    Min,
    Max,
    Minu,
    Maxu,
}

/// The three CSR read-modify-write operations.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CsrOp {
    /// csrrw / csrrwi: write the operand.
    Write,
    /// csrrs / csrrsi: set the operand's bits.
    Set,
    /// csrrc / csrrci: clear the operand's bits.
    Clear,
}

/// The source operand of a CSR instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CsrSrc {
    /// A register (csrrw, csrrs, csrrc).
    Reg(Reg),
    /// A 5-bit zero-extended immediate (csrrwi, csrrsi, csrrci).
    Imm(u8),
}

/// A decoded instruction. Immediates are already sign-extended and scaled.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Instr {
    Lui {
        rd: Reg,
        imm: i64,
    },
    Auipc {
        rd: Reg,
        imm: i64,
    },
    Jal {
        rd: Reg,
        imm: i64,
    },
    Jalr {
        rd: Reg,
        rs1: Reg,
        imm: i64,
    },
    Branch {
        cond: BranchCond,
        rs1: Reg,
        rs2: Reg,
        imm: i64,
    },
    /// A load of `width` bytes (1, 2, 4, 8), sign- or zero-extended.
    Load {
        rd: Reg,
        rs1: Reg,
        imm: i64,
        width: u8,
        signed: bool,
    },
    /// A store of the low `width` bytes of `rs2`.
    Store {
        rs1: Reg,
        rs2: Reg,
        imm: i64,
        width: u8,
    },
    AluImm {
        op: AluOp,
        rd: Reg,
        rs1: Reg,
        imm: i64,
    },
    Alu {
        op: AluOp,
        rd: Reg,
        rs1: Reg,
        rs2: Reg,
    },
    /// lr.w / lr.d (`width` 4 or 8).
    Lr {
        rd: Reg,
        rs1: Reg,
        width: u8,
    },
    /// sc.w / sc.d (`width` 4 or 8).
    Sc {
        rd: Reg,
        rs1: Reg,
        rs2: Reg,
        width: u8,
    },
    /// amo*.w / amo*.d (`width` 4 or 8).
    Amo {
        op: AmoOp,
        rd: Reg,
        rs1: Reg,
        rs2: Reg,
        width: u8,
    },
    Fence,
    FenceI,
    Ecall,
    Ebreak,
    Wfi,
    Csr {
        op: CsrOp,
        rd: Reg,
        src: CsrSrc,
        csr: u16,
    },
}

/// Why some bytes are not an instruction Zirv executes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// Not a valid RV64IMAC/Zicsr/Zifencei encoding (or a reserved one).
    #[error("illegal instruction {raw:#010x}")]
    Illegal {
        /// The raw instruction bits (16-bit forms zero-extended).
        raw: u32,
    },
    /// A 32-bit instruction whose second half lies past the end of the code.
    #[error("truncated instruction: only 2 of 4 bytes present")]
    Truncated,
    /// No bytes at all.
    #[error("no instruction bytes")]
    Empty,
}

/// Decodes the instruction at the start of `bytes`, returning it and its length (2 or 4).
pub fn decode(bytes: &[u8]) -> Result<(Instr, u8), DecodeError> {
    if bytes.len() < 2 {
        return Err(DecodeError::Empty);
    }
    let lo = u16::from_le_bytes([bytes[0], bytes[1]]);
    if lo & 3 != 3 {
        return decode_compressed(lo).map(|i| (i, 2));
    }
    if bytes.len() < 4 {
        return Err(DecodeError::Truncated);
    }
    let raw = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    decode32(raw).map(|i| (i, 4))
}

#[inline]
fn rd(raw: u32) -> Reg {
    ((raw >> 7) & 31) as Reg
}
#[inline]
fn rs1(raw: u32) -> Reg {
    ((raw >> 15) & 31) as Reg
}
#[inline]
fn rs2(raw: u32) -> Reg {
    ((raw >> 20) & 31) as Reg
}
#[inline]
fn funct3(raw: u32) -> u32 {
    (raw >> 12) & 7
}
#[inline]
fn funct7(raw: u32) -> u32 {
    raw >> 25
}
#[inline]
fn imm_i(raw: u32) -> i64 {
    ((raw as i32) >> 20) as i64
}
#[inline]
fn imm_s(raw: u32) -> i64 {
    ((((raw as i32) >> 25) << 5) | (((raw >> 7) & 31) as i32)) as i64
}
#[inline]
fn imm_b(raw: u32) -> i64 {
    let v = (((raw as i32) >> 31) << 12)
        | ((((raw >> 7) & 1) as i32) << 11)
        | ((((raw >> 25) & 0x3f) as i32) << 5)
        | ((((raw >> 8) & 0xf) as i32) << 1);
    v as i64
}
#[inline]
fn imm_u(raw: u32) -> i64 {
    ((raw & 0xffff_f000) as i32) as i64
}
#[inline]
fn imm_j(raw: u32) -> i64 {
    let v = (((raw as i32) >> 31) << 20)
        | ((((raw >> 12) & 0xff) as i32) << 12)
        | ((((raw >> 20) & 1) as i32) << 11)
        | ((((raw >> 21) & 0x3ff) as i32) << 1);
    v as i64
}

/// Decodes a 32-bit instruction.
pub fn decode32(raw: u32) -> Result<Instr, DecodeError> {
    let ill = Err(DecodeError::Illegal { raw });
    let (rd, rs1, rs2, f3, f7) = (rd(raw), rs1(raw), rs2(raw), funct3(raw), funct7(raw));
    Ok(match raw & 0x7f {
        0x37 => Instr::Lui {
            rd,
            imm: imm_u(raw),
        },
        0x17 => Instr::Auipc {
            rd,
            imm: imm_u(raw),
        },
        0x6f => Instr::Jal {
            rd,
            imm: imm_j(raw),
        },
        0x67 if f3 == 0 => Instr::Jalr {
            rd,
            rs1,
            imm: imm_i(raw),
        },
        0x63 => {
            let cond = match f3 {
                0 => BranchCond::Eq,
                1 => BranchCond::Ne,
                4 => BranchCond::Lt,
                5 => BranchCond::Ge,
                6 => BranchCond::Ltu,
                7 => BranchCond::Geu,
                _ => return ill,
            };
            Instr::Branch {
                cond,
                rs1,
                rs2,
                imm: imm_b(raw),
            }
        }
        0x03 => {
            let (width, signed) = match f3 {
                0 => (1, true),
                1 => (2, true),
                2 => (4, true),
                3 => (8, false),
                4 => (1, false),
                5 => (2, false),
                6 => (4, false),
                _ => return ill,
            };
            Instr::Load {
                rd,
                rs1,
                imm: imm_i(raw),
                width,
                signed,
            }
        }
        0x23 => {
            let width = match f3 {
                0 => 1,
                1 => 2,
                2 => 4,
                3 => 8,
                _ => return ill,
            };
            Instr::Store {
                rs1,
                rs2,
                imm: imm_s(raw),
                width,
            }
        }
        0x13 => {
            let imm = imm_i(raw);
            let op = match f3 {
                0 => AluOp::Add,
                2 => AluOp::Slt,
                3 => AluOp::Sltu,
                4 => AluOp::Xor,
                6 => AluOp::Or,
                7 => AluOp::And,
                1 if raw >> 26 == 0 => AluOp::Sll,
                5 if raw >> 26 == 0 => AluOp::Srl,
                5 if raw >> 26 == 0x10 => AluOp::Sra,
                _ => return ill,
            };
            let imm = if matches!(f3, 1 | 5) { imm & 63 } else { imm };
            Instr::AluImm { op, rd, rs1, imm }
        }
        0x1b => {
            let op = match (f3, f7) {
                (0, _) => AluOp::AddW,
                (1, 0) => AluOp::SllW,
                (5, 0) => AluOp::SrlW,
                (5, 0x20) => AluOp::SraW,
                _ => return ill,
            };
            let imm = if f3 == 0 { imm_i(raw) } else { rs2 as i64 };
            Instr::AluImm { op, rd, rs1, imm }
        }
        0x33 => {
            let op = match (f7, f3) {
                (0, 0) => AluOp::Add,
                (0x20, 0) => AluOp::Sub,
                (0, 1) => AluOp::Sll,
                (0, 2) => AluOp::Slt,
                (0, 3) => AluOp::Sltu,
                (0, 4) => AluOp::Xor,
                (0, 5) => AluOp::Srl,
                (0x20, 5) => AluOp::Sra,
                (0, 6) => AluOp::Or,
                (0, 7) => AluOp::And,
                (1, 0) => AluOp::Mul,
                (1, 1) => AluOp::Mulh,
                (1, 2) => AluOp::Mulhsu,
                (1, 3) => AluOp::Mulhu,
                (1, 4) => AluOp::Div,
                (1, 5) => AluOp::Divu,
                (1, 6) => AluOp::Rem,
                (1, 7) => AluOp::Remu,
                _ => return ill,
            };
            Instr::Alu { op, rd, rs1, rs2 }
        }
        0x3b => {
            let op = match (f7, f3) {
                (0, 0) => AluOp::AddW,
                (0x20, 0) => AluOp::SubW,
                (0, 1) => AluOp::SllW,
                (0, 5) => AluOp::SrlW,
                (0x20, 5) => AluOp::SraW,
                (1, 0) => AluOp::MulW,
                (1, 4) => AluOp::DivW,
                (1, 5) => AluOp::DivuW,
                (1, 6) => AluOp::RemW,
                (1, 7) => AluOp::RemuW,
                _ => return ill,
            };
            Instr::Alu { op, rd, rs1, rs2 }
        }
        0x0f => match f3 {
            0 => Instr::Fence,
            1 => Instr::FenceI,
            _ => return ill,
        },
        0x73 => match f3 {
            0 => match raw {
                0x0000_0073 => Instr::Ecall,
                0x0010_0073 => Instr::Ebreak,
                0x1050_0073 => Instr::Wfi,
                _ => return ill,
            },
            4 => return ill,
            _ => {
                let op = match f3 & 3 {
                    1 => CsrOp::Write,
                    2 => CsrOp::Set,
                    _ => CsrOp::Clear,
                };
                let src = if f3 & 4 != 0 {
                    CsrSrc::Imm(rs1)
                } else {
                    CsrSrc::Reg(rs1)
                };
                Instr::Csr {
                    op,
                    rd,
                    src,
                    csr: (raw >> 20) as u16,
                }
            }
        },
        0x2f => {
            let width = match f3 {
                2 => 4,
                3 => 8,
                _ => return ill,
            };
            let op = match raw >> 27 {
                0x02 if rs2 == 0 => return Ok(Instr::Lr { rd, rs1, width }),
                0x03 => {
                    return Ok(Instr::Sc {
                        rd,
                        rs1,
                        rs2,
                        width,
                    });
                }
                0x01 => AmoOp::Swap,
                0x00 => AmoOp::Add,
                0x04 => AmoOp::Xor,
                0x0c => AmoOp::And,
                0x08 => AmoOp::Or,
                0x10 => AmoOp::Min,
                0x14 => AmoOp::Max,
                0x18 => AmoOp::Minu,
                0x1c => AmoOp::Maxu,
                _ => return ill,
            };
            Instr::Amo {
                op,
                rd,
                rs1,
                rs2,
                width,
            }
        }
        _ => return ill,
    })
}

/// Bit `i` of `x`, as a u32.
#[inline]
fn bit(x: u16, i: u32) -> u32 {
    ((x >> i) & 1) as u32
}

/// Bits `hi..=lo` of `x`.
#[inline]
fn bits(x: u16, hi: u32, lo: u32) -> u32 {
    ((x as u32) >> lo) & ((1 << (hi - lo + 1)) - 1)
}

/// Sign-extends the low `n` bits of `v`.
#[inline]
fn sext(v: u32, n: u32) -> i64 {
    ((v as i64) << (64 - n)) >> (64 - n)
}

/// Decodes a 16-bit compressed instruction into the instruction it expands to.
pub fn decode_compressed(c: u16) -> Result<Instr, DecodeError> {
    let ill = Err(DecodeError::Illegal { raw: c as u32 });
    let f3 = bits(c, 15, 13);
    // Register fields.
    let rd_full = bits(c, 11, 7) as Reg;
    let rs2_full = bits(c, 6, 2) as Reg;
    let rd_p = (bits(c, 4, 2) + 8) as Reg; // rd' / rs2' in bits 4:2
    let rs1_p = (bits(c, 9, 7) + 8) as Reg; // rs1' / rd' in bits 9:7
    // The 6-bit immediate of CI-format: imm[5] = bit 12, imm[4:0] = bits 6:2.
    let ci_imm = sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
    Ok(match (c & 3, f3) {
        (0, 0) => {
            // c.addi4spn: nzuimm[5:4|9:6|2|3] = bits[12:11|10:7|6|5]
            let imm = (bits(c, 12, 11) << 4)
                | (bits(c, 10, 7) << 6)
                | (bit(c, 6) << 2)
                | (bit(c, 5) << 3);
            if imm == 0 {
                return ill;
            }
            Instr::AluImm {
                op: AluOp::Add,
                rd: rd_p,
                rs1: 2,
                imm: imm as i64,
            }
        }
        (0, 2) => {
            let imm = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
            Instr::Load {
                rd: rd_p,
                rs1: rs1_p,
                imm: imm as i64,
                width: 4,
                signed: true,
            }
        }
        (0, 3) => {
            let imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
            Instr::Load {
                rd: rd_p,
                rs1: rs1_p,
                imm: imm as i64,
                width: 8,
                signed: false,
            }
        }
        (0, 6) => {
            let imm = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
            Instr::Store {
                rs1: rs1_p,
                rs2: rd_p,
                imm: imm as i64,
                width: 4,
            }
        }
        (0, 7) => {
            let imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
            Instr::Store {
                rs1: rs1_p,
                rs2: rd_p,
                imm: imm as i64,
                width: 8,
            }
        }
        (1, 0) => Instr::AluImm {
            op: AluOp::Add,
            rd: rd_full,
            rs1: rd_full,
            imm: ci_imm,
        },
        (1, 1) => {
            if rd_full == 0 {
                return ill;
            }
            Instr::AluImm {
                op: AluOp::AddW,
                rd: rd_full,
                rs1: rd_full,
                imm: ci_imm,
            }
        }
        (1, 2) => Instr::AluImm {
            op: AluOp::Add,
            rd: rd_full,
            rs1: 0,
            imm: ci_imm,
        },
        (1, 3) => {
            if rd_full == 2 {
                // c.addi16sp: nzimm[9|4|6|8:7|5] = bits[12|6|5|4:3|2]
                let v = (bit(c, 12) << 9)
                    | (bit(c, 6) << 4)
                    | (bit(c, 5) << 6)
                    | (bits(c, 4, 3) << 7)
                    | (bit(c, 2) << 5);
                if v == 0 {
                    return ill;
                }
                Instr::AluImm {
                    op: AluOp::Add,
                    rd: 2,
                    rs1: 2,
                    imm: sext(v, 10),
                }
            } else {
                if ci_imm == 0 {
                    return ill;
                }
                Instr::Lui {
                    rd: rd_full,
                    imm: ci_imm << 12,
                }
            }
        }
        (1, 4) => {
            let shamt = ((bit(c, 12) << 5) | bits(c, 6, 2)) as i64;
            match bits(c, 11, 10) {
                0 => Instr::AluImm {
                    op: AluOp::Srl,
                    rd: rs1_p,
                    rs1: rs1_p,
                    imm: shamt,
                },
                1 => Instr::AluImm {
                    op: AluOp::Sra,
                    rd: rs1_p,
                    rs1: rs1_p,
                    imm: shamt,
                },
                2 => Instr::AluImm {
                    op: AluOp::And,
                    rd: rs1_p,
                    rs1: rs1_p,
                    imm: ci_imm,
                },
                _ => {
                    let op = match (bit(c, 12), bits(c, 6, 5)) {
                        (0, 0) => AluOp::Sub,
                        (0, 1) => AluOp::Xor,
                        (0, 2) => AluOp::Or,
                        (0, 3) => AluOp::And,
                        (1, 0) => AluOp::SubW,
                        (1, 1) => AluOp::AddW,
                        _ => return ill,
                    };
                    Instr::Alu {
                        op,
                        rd: rs1_p,
                        rs1: rs1_p,
                        rs2: rd_p,
                    }
                }
            }
        }
        (1, 5) => {
            // c.j: imm[11|4|9:8|10|6|7|3:1|5] = bits[12|11|10:9|8|7|6|5:3|2]
            let v = (bit(c, 12) << 11)
                | (bit(c, 11) << 4)
                | (bits(c, 10, 9) << 8)
                | (bit(c, 8) << 10)
                | (bit(c, 7) << 6)
                | (bit(c, 6) << 7)
                | (bits(c, 5, 3) << 1)
                | (bit(c, 2) << 5);
            Instr::Jal {
                rd: 0,
                imm: sext(v, 12),
            }
        }
        (1, 6) | (1, 7) => {
            // c.beqz / c.bnez: imm[8|4:3] = bits[12|11:10], imm[7:6|2:1|5] = bits[6:5|4:3|2]
            let v = (bit(c, 12) << 8)
                | (bits(c, 11, 10) << 3)
                | (bits(c, 6, 5) << 6)
                | (bits(c, 4, 3) << 1)
                | (bit(c, 2) << 5);
            let cond = if f3 == 6 {
                BranchCond::Eq
            } else {
                BranchCond::Ne
            };
            Instr::Branch {
                cond,
                rs1: rs1_p,
                rs2: 0,
                imm: sext(v, 9),
            }
        }
        (2, 0) => {
            let shamt = ((bit(c, 12) << 5) | bits(c, 6, 2)) as i64;
            Instr::AluImm {
                op: AluOp::Sll,
                rd: rd_full,
                rs1: rd_full,
                imm: shamt,
            }
        }
        (2, 2) => {
            if rd_full == 0 {
                return ill;
            }
            let imm = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
            Instr::Load {
                rd: rd_full,
                rs1: 2,
                imm: imm as i64,
                width: 4,
                signed: true,
            }
        }
        (2, 3) => {
            if rd_full == 0 {
                return ill;
            }
            let imm = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
            Instr::Load {
                rd: rd_full,
                rs1: 2,
                imm: imm as i64,
                width: 8,
                signed: false,
            }
        }
        (2, 4) => match (bit(c, 12), rd_full, rs2_full) {
            (0, 0, 0) => return ill,
            (0, rs1, 0) => Instr::Jalr { rd: 0, rs1, imm: 0 },
            (0, rd, rs2) => Instr::Alu {
                op: AluOp::Add,
                rd,
                rs1: 0,
                rs2,
            },
            (_, 0, 0) => Instr::Ebreak,
            (_, rs1, 0) => Instr::Jalr { rd: 1, rs1, imm: 0 },
            (_, rd, rs2) => Instr::Alu {
                op: AluOp::Add,
                rd,
                rs1: rd,
                rs2,
            },
        },
        (2, 6) => {
            let imm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
            Instr::Store {
                rs1: 2,
                rs2: rs2_full,
                imm: imm as i64,
                width: 4,
            }
        }
        (2, 7) => {
            let imm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
            Instr::Store {
                rs1: 2,
                rs2: rs2_full,
                imm: imm as i64,
                width: 8,
            }
        }
        _ => return ill,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_basic_forms() {
        // addi a0, a0, -1
        assert_eq!(
            decode32(0xfff5_0513).unwrap(),
            Instr::AluImm {
                op: AluOp::Add,
                rd: 10,
                rs1: 10,
                imm: -1
            }
        );
        // lui a0, 0x80000 -> sign-extended
        assert_eq!(
            decode32(0x8000_0537).unwrap(),
            Instr::Lui {
                rd: 10,
                imm: -0x8000_0000
            }
        );
        // jal ra, -4 (0xffdff0ef)
        assert_eq!(
            decode32(0xffdf_f0ef).unwrap(),
            Instr::Jal { rd: 1, imm: -4 }
        );
        // beq a0, a1, 16 -> 0x00b50863
        assert_eq!(
            decode32(0x00b5_0863).unwrap(),
            Instr::Branch {
                cond: BranchCond::Eq,
                rs1: 10,
                rs2: 11,
                imm: 16
            }
        );
        // sd a1, -8(sp) -> 0xfeb13c23
        assert_eq!(
            decode32(0xfeb1_3c23).unwrap(),
            Instr::Store {
                rs1: 2,
                rs2: 11,
                imm: -8,
                width: 8
            }
        );
        // srai a0, a0, 63 -> 0x43f55513
        assert_eq!(
            decode32(0x43f5_5513).unwrap(),
            Instr::AluImm {
                op: AluOp::Sra,
                rd: 10,
                rs1: 10,
                imm: 63
            }
        );
        assert_eq!(decode32(0x0000_0073).unwrap(), Instr::Ecall);
    }

    #[test]
    fn rejects_reserved_encodings() {
        assert!(decode(&[0, 0]).is_err(), "all-zero halfword is illegal");
        assert!(decode(&[0xff, 0xff, 0xff, 0xff]).is_err());
        assert_eq!(decode(&[0x13]), Err(DecodeError::Empty));
        assert_eq!(decode(&[0x13, 0x05]), Err(DecodeError::Truncated));
        // c.addi16sp with zero immediate
        assert!(decode_compressed(0x6101 & !0x107c).is_err());
        // c.lwsp with rd = 0
        assert!(decode_compressed(0x4002).is_err());
        // c.jr with rs1 = 0
        assert!(decode_compressed(0x8002).is_err());
        // slli with shamt[6] set (funct6 != 0)
        assert!(decode32(0x0405_1513 | (1 << 26)).is_err());
    }

    #[test]
    fn decodes_compressed_forms() {
        // c.li a0, -1 = 0x557d
        assert_eq!(
            decode_compressed(0x557d).unwrap(),
            Instr::AluImm {
                op: AluOp::Add,
                rd: 10,
                rs1: 0,
                imm: -1
            }
        );
        // c.addi16sp sp, -64 = 0x7139
        assert_eq!(
            decode_compressed(0x7139).unwrap(),
            Instr::AluImm {
                op: AluOp::Add,
                rd: 2,
                rs1: 2,
                imm: -64
            }
        );
        // c.sdsp ra, 24(sp) = 0xec06
        assert_eq!(
            decode_compressed(0xec06).unwrap(),
            Instr::Store {
                rs1: 2,
                rs2: 1,
                imm: 24,
                width: 8
            }
        );
        // c.ldsp ra, 24(sp) = 0x60e2
        assert_eq!(
            decode_compressed(0x60e2).unwrap(),
            Instr::Load {
                rd: 1,
                rs1: 2,
                imm: 24,
                width: 8,
                signed: false
            }
        );
        // c.ret = c.jr ra = 0x8082
        assert_eq!(
            decode_compressed(0x8082).unwrap(),
            Instr::Jalr {
                rd: 0,
                rs1: 1,
                imm: 0
            }
        );
        // c.mv a0, a1 = 0x852e
        assert_eq!(
            decode_compressed(0x852e).unwrap(),
            Instr::Alu {
                op: AluOp::Add,
                rd: 10,
                rs1: 0,
                rs2: 11
            }
        );
        // c.ebreak = 0x9002
        assert_eq!(decode_compressed(0x9002).unwrap(), Instr::Ebreak);
    }
}

//! The op table: every ROM operation `(c, flag) = op(a, b)`, its numeric code, the state machine
//! that proves it, and its exact semantics in one function.
//!
//! This is the single source of truth: the emulator's fast path calls the same `#[inline]`
//! functions through [`Op::eval`] (or the per-op function it dispatches to), and the AIRs of the
//! proving machines are tested against [`Op::eval`]. Adding an op means one line in
//! [`define_ops!`] and one semantics function.
//!
//! Conventions:
//! - Values are u64 (RV64 registers). `w` forms operate on the low 32 bits and sign-extend the
//!   32-bit result to 64 bits, as RISC-V's `*w` instructions do.
//! - Comparisons (`eq`, `lt`, `ltu`, ...) return `c = flag as u64` and `flag` = the result; the ROM
//!   uses the flag to choose the next pc. Every other op returns `flag = false`, except `flag`,
//!   which returns `(0, true)`.
//! - Division follows RISC-V: division by zero gives all ones (quotient) and the dividend
//!   (remainder); signed `MIN / -1` gives `MIN` and remainder 0.

/// Which machine proves an op (architecture.md): internal ops are proven inside Main.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// Proven in Main (copy, flag).
    Internal,
    /// Binary machine: add/sub, logic, comparisons, min/max, sign extensions.
    Binary,
    /// Shift machine: sll, srl, sra and their 32-bit (`w`) forms, limb by limb.
    Shift,
    /// Arith machine: multiplication, division, remainder.
    Arith,
    /// A precompile machine; the op's `b` is the pointer to its operands.
    Precompile,
    /// Handled by the VM itself: `ecall` (exit, write) and the illegal-instruction trap.
    System,
}

impl OpKind {
    /// How many kinds there are (Main's sends keep one list per kind, indexed `kind as usize`).
    pub const COUNT: usize = 6;
    /// Every kind, in discriminant order.
    pub const ALL: [OpKind; OpKind::COUNT] = [
        OpKind::Internal,
        OpKind::Binary,
        OpKind::Shift,
        OpKind::Arith,
        OpKind::Precompile,
        OpKind::System,
    ];
}

macro_rules! define_ops {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $kind:ident, $func:ident; )*) => {
        /// A ROM operation. The discriminant is the op's code in the ROM.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Op {
            $( $(#[$doc])* $variant = $code, )*
        }

        impl Op {
            /// Every op, in code order.
            pub const ALL: &'static [Op] = &[ $( Op::$variant, )* ];

            /// The op's mnemonic.
            pub fn name(self) -> &'static str {
                match self { $( Op::$variant => $name, )* }
            }

            /// The machine that proves the op.
            pub fn kind(self) -> OpKind {
                match self { $( Op::$variant => OpKind::$kind, )* }
            }

            /// The op's numeric code.
            pub fn code(self) -> u8 {
                self as u8
            }

            /// The op with this code, if any.
            pub fn from_code(code: u8) -> Option<Op> {
                match code { $( $code => Some(Op::$variant), )* _ => None }
            }

            /// The op's semantics: `(c, flag) = op(a, b)`. Precompile and system ops have
            /// effects beyond `(c, flag)`; here they return `(b, false)`, which is what they store.
            #[inline(always)]
            pub fn eval(self, a: u64, b: u64) -> (u64, bool) {
                match self { $( Op::$variant => $func(a, b), )* }
            }
        }
    };
}

define_ops! {
    /// `c = 0, flag = 1`: unconditional jump to `pc + jmp1`.
    Flag = 0x00, "flag", Internal, op_flag;
    /// `c = b`.
    CopyB = 0x01, "copyb", Internal, op_copyb;

    /// 64-bit wrapping add.
    Add = 0x10, "add", Binary, op_add;
    /// 32-bit add, sign-extended.
    AddW = 0x11, "add_w", Binary, op_add_w;
    /// 64-bit wrapping subtract.
    Sub = 0x12, "sub", Binary, op_sub;
    /// 32-bit subtract, sign-extended.
    SubW = 0x13, "sub_w", Binary, op_sub_w;
    /// Bitwise and.
    And = 0x14, "and", Binary, op_and;
    /// Bitwise or.
    Or = 0x15, "or", Binary, op_or;
    /// Bitwise xor.
    Xor = 0x16, "xor", Binary, op_xor;
    /// `a == b`.
    Eq = 0x17, "eq", Binary, op_eq;
    /// Signed `a < b`.
    Lt = 0x18, "lt", Binary, op_lt;
    /// Unsigned `a < b`.
    Ltu = 0x19, "ltu", Binary, op_ltu;
    /// Signed minimum.
    Min = 0x1a, "min", Binary, op_min;
    /// Unsigned minimum.
    Minu = 0x1b, "minu", Binary, op_minu;
    /// Signed maximum.
    Max = 0x1c, "max", Binary, op_max;
    /// Unsigned maximum.
    Maxu = 0x1d, "maxu", Binary, op_maxu;
    /// Signed 32-bit minimum, sign-extended.
    MinW = 0x1e, "min_w", Binary, op_min_w;
    /// Unsigned 32-bit minimum, sign-extended.
    MinuW = 0x1f, "minu_w", Binary, op_minu_w;
    /// Signed 32-bit maximum, sign-extended.
    MaxW = 0x20, "max_w", Binary, op_max_w;
    /// Unsigned 32-bit maximum, sign-extended.
    MaxuW = 0x21, "maxu_w", Binary, op_maxu_w;

    /// `a << (b & 63)`.
    Sll = 0x30, "sll", Shift, op_sll;
    /// 32-bit `a << (b & 31)`, sign-extended.
    SllW = 0x31, "sll_w", Shift, op_sll_w;
    /// Logical `a >> (b & 63)`.
    Srl = 0x32, "srl", Shift, op_srl;
    /// 32-bit logical `a >> (b & 31)`, sign-extended.
    SrlW = 0x33, "srl_w", Shift, op_srl_w;
    /// Arithmetic `a >> (b & 63)`.
    Sra = 0x34, "sra", Shift, op_sra;
    /// 32-bit arithmetic `a >> (b & 31)`, sign-extended.
    SraW = 0x35, "sra_w", Shift, op_sra_w;
    /// Sign-extend the low byte of `b`.
    SignExtendB = 0x36, "signextend_b", Binary, op_sext_b;
    /// Sign-extend the low half-word of `b`.
    SignExtendH = 0x37, "signextend_h", Binary, op_sext_h;
    /// Sign-extend the low word of `b`.
    SignExtendW = 0x38, "signextend_w", Binary, op_sext_w;

    /// Low 64 bits of `a * b`.
    Mul = 0x40, "mul", Arith, op_mul;
    /// High 64 bits of signed `a * b`.
    Mulh = 0x41, "mulh", Arith, op_mulh;
    /// High 64 bits of signed `a` times unsigned `b`.
    Mulhsu = 0x42, "mulhsu", Arith, op_mulhsu;
    /// High 64 bits of unsigned `a * b`.
    Mulhu = 0x43, "mulhu", Arith, op_mulhu;
    /// 32-bit multiply, sign-extended.
    MulW = 0x44, "mul_w", Arith, op_mul_w;
    /// Signed division.
    Div = 0x45, "div", Arith, op_div;
    /// Unsigned division.
    Divu = 0x46, "divu", Arith, op_divu;
    /// Signed remainder.
    Rem = 0x47, "rem", Arith, op_rem;
    /// Unsigned remainder.
    Remu = 0x48, "remu", Arith, op_remu;
    /// 32-bit signed division, sign-extended.
    DivW = 0x49, "div_w", Arith, op_div_w;
    /// 32-bit unsigned division, sign-extended.
    DivuW = 0x4a, "divu_w", Arith, op_divu_w;
    /// 32-bit signed remainder, sign-extended.
    RemW = 0x4b, "rem_w", Arith, op_rem_w;
    /// 32-bit unsigned remainder, sign-extended.
    RemuW = 0x4c, "remu_w", Arith, op_remu_w;

    /// keccak-f[1600] on `*b` (CSR 0x800).
    Keccakf = 0x60, "keccakf", Precompile, op_system;
    /// 256-bit multiply-add (CSR 0x801).
    Arith256 = 0x61, "arith256", Precompile, op_system;
    /// 256-bit modular multiply-add (CSR 0x802).
    Arith256Mod = 0x62, "arith256_mod", Precompile, op_system;
    /// secp256k1 point addition (CSR 0x803).
    Secp256k1Add = 0x63, "secp256k1_add", Precompile, op_system;
    /// secp256k1 point doubling (CSR 0x804).
    Secp256k1Dbl = 0x64, "secp256k1_dbl", Precompile, op_system;
    /// SHA-256 compression (CSR 0x805).
    Sha256f = 0x65, "sha256f", Precompile, op_system;

    /// `ecall`: `a` = the call number (a7), `b` = a2; `write` stores `c = b` into a0.
    Ecall = 0x70, "ecall", System, op_system;
    /// An instruction that could not be decoded: executing it stops the run.
    Illegal = 0x71, "illegal", System, op_system;
}

impl Op {
    /// The precompile op for a CSR number of the precompile range (abi.md).
    pub fn precompile_for_csr(csr: u16) -> Option<Op> {
        Some(match csr {
            0x800 => Op::Keccakf,
            0x801 => Op::Arith256,
            0x802 => Op::Arith256Mod,
            0x803 => Op::Secp256k1Add,
            0x804 => Op::Secp256k1Dbl,
            0x805 => Op::Sha256f,
            _ => return None,
        })
    }

    /// The precompile's CSR number (for messages).
    pub fn precompile_csr(self) -> Option<u16> {
        (0x800u16..=0x805).find(|&c| Op::precompile_for_csr(c) == Some(self))
    }
}

#[inline(always)]
fn sext32(v: u32) -> u64 {
    v as i32 as i64 as u64
}

/// `(c, flag)` for a comparison result.
#[inline(always)]
fn cmp(r: bool) -> (u64, bool) {
    (r as u64, r)
}

macro_rules! simple {
    ($($name:ident($a:ident, $b:ident) => $e:expr;)*) => {
        $(
            #[doc = concat!("Semantics of `", stringify!($name), "`.")]
            #[inline(always)]
            pub fn $name($a: u64, $b: u64) -> (u64, bool) {
                ($e, false)
            }
        )*
    };
}

simple! {
    op_copyb(_a, b) => b;
    op_add(a, b) => a.wrapping_add(b);
    op_add_w(a, b) => sext32((a as u32).wrapping_add(b as u32));
    op_sub(a, b) => a.wrapping_sub(b);
    op_sub_w(a, b) => sext32((a as u32).wrapping_sub(b as u32));
    op_and(a, b) => a & b;
    op_or(a, b) => a | b;
    op_xor(a, b) => a ^ b;
    op_min(a, b) => if (a as i64) < (b as i64) { a } else { b };
    op_minu(a, b) => a.min(b);
    op_max(a, b) => if (a as i64) > (b as i64) { a } else { b };
    op_maxu(a, b) => a.max(b);
    op_min_w(a, b) => sext32((a as i32).min(b as i32) as u32);
    op_minu_w(a, b) => sext32((a as u32).min(b as u32));
    op_max_w(a, b) => sext32((a as i32).max(b as i32) as u32);
    op_maxu_w(a, b) => sext32((a as u32).max(b as u32));
    op_sll(a, b) => a << (b & 63);
    op_sll_w(a, b) => sext32((a as u32) << (b & 31));
    op_srl(a, b) => a >> (b & 63);
    op_srl_w(a, b) => sext32((a as u32) >> (b & 31));
    op_sra(a, b) => ((a as i64) >> (b & 63)) as u64;
    op_sra_w(a, b) => sext32(((a as i32) >> (b & 31)) as u32);
    op_sext_b(_a, b) => b as i8 as i64 as u64;
    op_sext_h(_a, b) => b as i16 as i64 as u64;
    op_sext_w(_a, b) => sext32(b as u32);
    op_mul(a, b) => a.wrapping_mul(b);
    op_mulh(a, b) => (((a as i64 as i128) * (b as i64 as i128)) >> 64) as u64;
    op_mulhsu(a, b) => (((a as i64 as i128) * (b as i128)) >> 64) as u64;
    op_mulhu(a, b) => (((a as u128) * (b as u128)) >> 64) as u64;
    op_mul_w(a, b) => sext32((a as u32).wrapping_mul(b as u32));
    op_div(a, b) => if b == 0 { u64::MAX } else { (a as i64).wrapping_div(b as i64) as u64 };
    op_divu(a, b) => a.checked_div(b).unwrap_or(u64::MAX);
    op_rem(a, b) => if b == 0 { a } else { (a as i64).wrapping_rem(b as i64) as u64 };
    op_remu(a, b) => if b == 0 { a } else { a % b };
    op_div_w(a, b) => if b as u32 == 0 { u64::MAX } else { sext32((a as i32).wrapping_div(b as i32) as u32) };
    op_divu_w(a, b) => (a as u32).checked_div(b as u32).map_or(u64::MAX, sext32);
    op_rem_w(a, b) => if b as u32 == 0 { sext32(a as u32) } else { sext32((a as i32).wrapping_rem(b as i32) as u32) };
    op_remu_w(a, b) => if b as u32 == 0 { sext32(a as u32) } else { sext32((a as u32) % (b as u32)) };
    op_system(_a, b) => b;
}

/// Semantics of `flag`.
#[inline(always)]
pub fn op_flag(_a: u64, _b: u64) -> (u64, bool) {
    (0, true)
}
/// Semantics of `eq`.
#[inline(always)]
pub fn op_eq(a: u64, b: u64) -> (u64, bool) {
    cmp(a == b)
}
/// Semantics of `lt`.
#[inline(always)]
pub fn op_lt(a: u64, b: u64) -> (u64, bool) {
    cmp((a as i64) < (b as i64))
}
/// Semantics of `ltu`.
#[inline(always)]
pub fn op_ltu(a: u64, b: u64) -> (u64, bool) {
    cmp(a < b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &op in Op::ALL {
            assert!(seen.insert(op.code()), "duplicate code {:#x}", op.code());
            assert_eq!(Op::from_code(op.code()), Some(op));
        }
        assert_eq!(Op::from_code(0xff), None);
    }

    #[test]
    fn division_edge_cases_follow_riscv() {
        let min = i64::MIN as u64;
        let m1 = u64::MAX;
        assert_eq!(Op::Div.eval(7, 0).0, u64::MAX);
        assert_eq!(Op::Divu.eval(7, 0).0, u64::MAX);
        assert_eq!(Op::Rem.eval(7, 0).0, 7);
        assert_eq!(Op::Remu.eval(7, 0).0, 7);
        assert_eq!(Op::Div.eval(min, m1).0, min);
        assert_eq!(Op::Rem.eval(min, m1).0, 0);
        let min32 = i32::MIN as i64 as u64;
        assert_eq!(Op::DivW.eval(min32, m1).0, min32);
        assert_eq!(Op::RemW.eval(min32, m1).0, 0);
        assert_eq!(
            Op::DivW.eval(5, 0x1_0000_0000).0,
            u64::MAX,
            "only the low 32 bits of b count"
        );
        assert_eq!(Op::RemuW.eval(0x8000_0001, 0).0, 0xFFFF_FFFF_8000_0001);
        assert_eq!(Op::DivuW.eval(0xFFFF_FFFE, 1).0, 0xFFFF_FFFF_FFFF_FFFE);
    }

    #[test]
    fn multiplication_high_halves() {
        assert_eq!(Op::Mulhu.eval(u64::MAX, u64::MAX).0, u64::MAX - 1);
        assert_eq!(Op::Mulh.eval(u64::MAX, u64::MAX).0, 0);
        assert_eq!(Op::Mulhsu.eval(u64::MAX, u64::MAX).0, u64::MAX);
        assert_eq!(Op::MulW.eval(0x7FFF_FFFF, 2).0, 0xFFFF_FFFF_FFFF_FFFE);
    }

    #[test]
    fn shifts_mask_their_amount() {
        assert_eq!(Op::Sll.eval(1, 64).0, 1);
        assert_eq!(Op::Sll.eval(1, 63).0, 1 << 63);
        assert_eq!(Op::SllW.eval(1, 31).0, 0xFFFF_FFFF_8000_0000);
        assert_eq!(Op::SllW.eval(1, 32).0, 1);
        assert_eq!(Op::Sra.eval(1 << 63, 63).0, u64::MAX);
        assert_eq!(Op::SraW.eval(0x8000_0000, 31).0, u64::MAX);
        assert_eq!(Op::SrlW.eval(0xFFFF_FFFF_8000_0000, 31).0, 1);
        assert_eq!(Op::SrlW.eval(0x8000_0000, 0).0, 0xFFFF_FFFF_8000_0000);
    }

    #[test]
    fn comparisons_set_flag_and_c() {
        assert_eq!(Op::Lt.eval(u64::MAX, 0), (1, true));
        assert_eq!(Op::Ltu.eval(u64::MAX, 0), (0, false));
        assert_eq!(Op::Eq.eval(3, 3), (1, true));
        assert_eq!(Op::Flag.eval(9, 9), (0, true));
        assert_eq!(Op::MinW.eval(0x8000_0000, 1).0, 0xFFFF_FFFF_8000_0000);
        assert_eq!(Op::MaxuW.eval(0x8000_0000, 1).0, 0xFFFF_FFFF_8000_0000);
    }

    #[test]
    fn precompile_csrs_map_both_ways() {
        for csr in 0x800..=0x805u16 {
            let op = Op::precompile_for_csr(csr).unwrap();
            assert_eq!(op.kind(), OpKind::Precompile);
            assert_eq!(op.precompile_csr(), Some(csr));
        }
        assert_eq!(Op::precompile_for_csr(0x806), None);
    }
}

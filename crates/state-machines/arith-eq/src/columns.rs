//! ArithEq's row layout: one row per call.

use zirv_core::op::Op;
use zirv_sm_precompile::OPERAND_COLS;

/// The ops ArithEq answers, in selector order.
pub const OPS: &[Op] = &[Op::Arith256, Op::Arith256Mod];

/// Rows per call (the same for every op of [`OPS`]).
pub const ROWS_PER_CALL: usize = 1;

/// 16-bit limbs of a 256-bit number.
pub const LIMBS: usize = 16;
/// 16-bit limbs of the quotient (up to 512 bits).
pub const Q_LIMBS: usize = 32;
/// Positions of the limb equation: `0..=46` (`Q_31·M_15` lands at 46).
pub const POSITIONS: usize = Q_LIMBS + LIMBS - 1;
/// Carries: one out of every position but the last (whose carry out is 0).
pub const CARRIES: usize = POSITIONS - 1;
/// Borrows of `m - d - 1` in 32-bit halves: one out of every half but the last.
pub const BORROWS: usize = LIMBS / 2 - 1;
/// A carry `c` is stored as `c + CARRY_OFFSET = cl + 2^16·ch` with `cl < 2^16`, `ch < 2^8`.
pub const CARRY_OFFSET: u64 = 1 << 23;

/// Selector of arith256.
pub const S256: usize = 0;
/// Selector of arith256_mod.
pub const SMOD: usize = 1;
/// Selectors (one-hot on call rows, all 0 on padding rows).
pub const NUM_SEL: usize = 2;
/// The call's step.
pub const STEP: usize = NUM_SEL;
/// Operand `a`'s limbs.
pub const A: usize = STEP + 1;
/// Operand `b`'s limbs.
pub const B: usize = A + LIMBS;
/// Operand `c`'s limbs.
pub const C: usize = B + LIMBS;
/// The fourth pointer's number: `m` (arith256_mod, read) or `dl` (arith256, written).
pub const M: usize = C + LIMBS;
/// The fifth pointer's number, written: `d` (arith256_mod) or `dh` (arith256).
pub const D: usize = M + LIMBS;
/// The quotient `q` (arith256_mod; 0 for arith256).
pub const Q: usize = D + LIMBS;
/// `m - d - 1` (arith256_mod; 0 for arith256).
pub const E: usize = Q + Q_LIMBS;
/// Borrows of `m - d - 1` between 32-bit halves.
pub const BOR: usize = E + LIMBS;
/// Carries' low limbs.
pub const CL: usize = BOR + BORROWS;
/// Carries' high bytes.
pub const CH: usize = CL + CARRIES;
/// The operand address checks, [`OPERAND_COLS`] columns each, in [`Operand`] order.
pub const OPERANDS: usize = CH + CARRIES;
/// Columns.
pub const WIDTH: usize = OPERANDS + NUM_OPERANDS * OPERAND_COLS;

/// The operands whose addresses a row checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// The parameter struct (5 pointers), read by both ops.
    Params = 0,
    /// `a`, read by both.
    OpA,
    /// `b`, read by both.
    OpB,
    /// `c`, read by both.
    OpC,
    /// `m`, read by arith256_mod.
    OpM,
    /// `dl`, written by arith256.
    OpDl,
    /// `d` (arith256_mod) or `dh` (arith256), written by both.
    OpD,
}

/// Operand address checks per row.
pub const NUM_OPERANDS: usize = 7;

/// The first column of operand `o`'s address check.
pub const fn operand(o: Operand) -> usize {
    OPERANDS + o as usize * OPERAND_COLS
}

/// The selector column of `op`.
pub fn sel(op: Op) -> usize {
    OPS.iter()
        .position(|&o| o == op)
        .unwrap_or_else(|| panic!("{} is not an ArithEq op", op.name()))
}

/// A column's name, for test messages.
pub fn name(col: usize) -> String {
    let groups: [(&str, usize, usize); 12] = [
        ("s256", S256, 1),
        ("smod", SMOD, 1),
        ("step", STEP, 1),
        ("a", A, LIMBS),
        ("b", B, LIMBS),
        ("c", C, LIMBS),
        ("m", M, LIMBS),
        ("d", D, LIMBS),
        ("q", Q, Q_LIMBS),
        ("e", E, LIMBS),
        ("bor", BOR, BORROWS),
        ("cl", CL, CARRIES),
    ];
    for (n, start, len) in groups {
        if (start..start + len).contains(&col) {
            return format!("{n}[{}]", col - start);
        }
    }
    if (CH..CH + CARRIES).contains(&col) {
        return format!("ch[{}]", col - CH);
    }
    const OPS_NAMES: [&str; NUM_OPERANDS] = ["params", "a", "b", "c", "m", "dl", "d"];
    const FIELDS: [&str; OPERAND_COLS] = ["w", "block", "e0", "e1", "rg", "rr", "rw"];
    if (OPERANDS..WIDTH).contains(&col) {
        let i = col - OPERANDS;
        return format!(
            "{}.{}",
            OPS_NAMES[i / OPERAND_COLS],
            FIELDS[i % OPERAND_COLS]
        );
    }
    format!("column {col}")
}

//! Shift's columns: op selectors, the operand's limbs, the shift amount's parts, the limbs of
//! `X · mul`, the limb positions, the sign fill, the result limbs.

use zirv_core::op::Op;

/// The ops this machine proves, in selector order.
pub const SHIFT_OPS: [Op; 6] = [Op::Sll, Op::SllW, Op::Srl, Op::SrlW, Op::Sra, Op::SraW];

/// The selector column of an op of [`SHIFT_OPS`].
pub fn sel(op: Op) -> usize {
    SHIFT_OPS
        .iter()
        .position(|&o| o == op)
        .unwrap_or_else(|| panic!("{} is not a Shift op", op.name()))
}

/// Number of op selectors (columns `0..NUM_SEL`).
pub const NUM_SEL: usize = SHIFT_OPS.len();
/// The operand `X`: 4 limbs of 16 bits (`a`; for `w` forms `a`'s low word, zero-extended, or
/// sign-extended for `sra_w`).
pub const X: usize = NUM_SEL;
/// Bus value `a`, high half (`X`'s high half, except for `w` forms, which do not read it).
pub const A_HI: usize = X + 4;
/// `b`'s low 16 bits (looked up in the `Shamt` table).
pub const BL0: usize = A_HI + 1;
/// `b`'s bits 16..32.
pub const BL1: usize = BL0 + 1;
/// Bus value `b`, high half (not read).
pub const B_HI: usize = BL1 + 1;
/// `w` forms: bit 5 of `b` (not part of the shift amount).
pub const B5: usize = B_HI + 1;
/// `2^s`, `s = sh & 15` (from the `Shamt` table).
pub const M: usize = B5 + 1;
/// The multiplier: `2^s` for left shifts, `2^(16-s)` for right shifts.
pub const MUL: usize = M + 1;
/// Low limbs of `X_k · mul` (4 columns).
pub const LO: usize = MUL + 1;
/// High limbs of `X_k · mul` (4 columns).
pub const HI: usize = LO + 4;
/// Left shifts: one-hot limb offset `q` (4 columns).
pub const PL: usize = HI + 4;
/// Right shifts: one-hot limb offset `q` (4 columns).
pub const PR: usize = PL + 4;
/// The fill above `X` for right shifts: 1 when `sra`/`sra_w` shifts a negative value.
pub const S: usize = PR + 4;
/// `S · mul`.
pub const SM: usize = S + 1;
/// Top bit of `X_1` (bit 31).
pub const SX1: usize = SM + 1;
/// Top bit of `X_3` (bit 63).
pub const SX3: usize = SX1 + 1;
/// The shifted value's 4 limbs (64-bit; `w` forms use the low two).
pub const R: usize = SX3 + 1;
/// Top bit of `R_1` (bit 31: `w` results' sign).
pub const SR: usize = R + 4;
/// Bus value `c`, high half.
pub const C_HI: usize = SR + 1;
/// Number of columns.
pub const WIDTH: usize = C_HI + 1;

/// Column names, for messages and the mutation tests.
pub fn name(col: usize) -> String {
    if col < NUM_SEL {
        return format!("sel[{}]", SHIFT_OPS[col].name());
    }
    let groups: [(usize, usize, &str); 6] = [
        (X, 4, "x"),
        (LO, 4, "lo"),
        (HI, 4, "hi"),
        (PL, 4, "pl"),
        (PR, 4, "pr"),
        (R, 4, "r"),
    ];
    for (start, n, g) in groups {
        if (start..start + n).contains(&col) {
            return format!("{g}[{}]", col - start);
        }
    }
    let names = [
        (A_HI, "a_hi"),
        (BL0, "bl0"),
        (BL1, "bl1"),
        (B_HI, "b_hi"),
        (B5, "b5"),
        (M, "m"),
        (MUL, "mul"),
        (S, "s"),
        (SM, "sm"),
        (SX1, "sx1"),
        (SX3, "sx3"),
        (SR, "sr"),
        (C_HI, "c_hi"),
    ];
    names
        .iter()
        .find(|(c, _)| *c == col)
        .map_or("?", |(_, n)| n)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_name() {
        for col in 0..WIDTH {
            assert_ne!(name(col), "?", "column {col}");
        }
    }
}

//! Arith's columns: op selectors, the bus values, the multiplier's limbs (`X`, `Y`, `Z` 4 limbs
//! each, `P` 8), their top bits and sign flags, the carries, the division checks and the division
//! checks.

use zirv_core::op::Op;

/// The ops this machine proves, in selector order.
pub const ARITH_OPS: [Op; 13] = [
    Op::Mul,
    Op::Mulh,
    Op::Mulhsu,
    Op::Mulhu,
    Op::MulW,
    Op::Div,
    Op::Divu,
    Op::Rem,
    Op::Remu,
    Op::DivW,
    Op::DivuW,
    Op::RemW,
    Op::RemuW,
];

/// The selector column of an op of [`ARITH_OPS`].
pub fn sel(op: Op) -> usize {
    ARITH_OPS
        .iter()
        .position(|&o| o == op)
        .unwrap_or_else(|| panic!("{} is not an Arith op", op.name()))
}

/// Number of op selectors (columns `0..NUM_SEL`).
pub const NUM_SEL: usize = ARITH_OPS.len();
/// Bus value `a`, low half.
pub const A_LO: usize = NUM_SEL;
/// `a`, high half.
pub const A_HI: usize = A_LO + 1;
/// `b`, low half.
pub const B_LO: usize = A_HI + 1;
/// `b`, high half.
pub const B_HI: usize = B_LO + 1;
/// `c`, low half.
pub const C_LO: usize = B_HI + 1;
/// `c`, high half.
pub const C_HI: usize = C_LO + 1;
/// `X`: 4 limbs of 16 bits.
pub const X: usize = C_HI + 1;
/// `Y`: 4 limbs.
pub const Y: usize = X + 4;
/// `Z`: 4 limbs.
pub const Z: usize = Y + 4;
/// `P`: 8 limbs (128 bits).
pub const P: usize = Z + 4;
/// Top bits of the limbs [`MSB_LIMBS`], in that order.
pub const MSB: usize = P + 8;
/// The limbs whose top bit is looked up (`RangeMsb`): bit 31 and bit 63 of `X`, `Y`, `Z`, `P`.
pub const MSB_LIMBS: [usize; 8] = [X + 1, X + 3, Y + 1, Y + 3, Z + 1, Z + 3, P + 1, P + 3];
/// Bit 31 of `X`.
pub const MX1: usize = MSB;
/// Bit 63 of `X`.
pub const MX3: usize = MSB + 1;
/// Bit 31 of `Y`.
pub const MY1: usize = MSB + 2;
/// Bit 63 of `Y`.
pub const MY3: usize = MSB + 3;
/// Bit 31 of `Z`.
pub const MZ1: usize = MSB + 4;
/// Bit 63 of `Z`.
pub const MZ3: usize = MSB + 5;
/// Bit 31 of `P`.
pub const MP1: usize = MSB + 6;
/// Bit 63 of `P`.
pub const MP3: usize = MSB + 7;
/// `X` is sign-extended (it is signed and negative).
pub const SXF: usize = MSB + 8;
/// `Y` is sign-extended.
pub const SYF: usize = SXF + 1;
/// `Z` is sign-extended.
pub const SZF: usize = SYF + 1;
/// Signed division: the dividend's sign.
pub const SA: usize = SZF + 1;
/// Carries of the 8 limb positions, low 16 bits.
pub const CL: usize = SA + 1;
/// Carries, bits 16..20.
pub const CH: usize = CL + 8;
/// Division by zero.
pub const BZ: usize = CH + 8;
/// Division: the inverse of the sum of `Y`'s limbs when it is not zero.
pub const YINV: usize = BZ + 1;
/// Signed overflow: `MIN / -1`.
pub const OV: usize = YINV + 1;
/// `|Z|`: 4 limbs.
pub const RA: usize = OV + 1;
/// `|Z|`: the borrow out of the low half of `-Z`.
pub const ER: usize = RA + 4;
/// `|Y|`: 4 limbs.
pub const BA: usize = ER + 1;
/// `|Y|`: the borrow out of the low half of `-Y`.
pub const EB: usize = BA + 4;
/// `|Y| - |Z| - 1` (non-negative): 4 limbs.
pub const D: usize = EB + 1;
/// The borrow out of `D`'s low half.
pub const KD: usize = D + 4;
/// Number of columns.
pub const WIDTH: usize = KD + 1;

/// Column names, for messages and the mutation tests.
pub fn name(col: usize) -> String {
    if col < NUM_SEL {
        return format!("sel[{}]", ARITH_OPS[col].name());
    }
    let groups: [(usize, usize, &str); 9] = [
        (X, 4, "x"),
        (Y, 4, "y"),
        (Z, 4, "z"),
        (P, 8, "p"),
        (CL, 8, "cl"),
        (CH, 8, "ch"),
        (RA, 4, "ra"),
        (BA, 4, "ba"),
        (D, 4, "d"),
    ];
    for (start, n, g) in groups {
        if (start..start + n).contains(&col) {
            return format!("{g}[{}]", col - start);
        }
    }
    let names = [
        (A_LO, "a_lo"),
        (A_HI, "a_hi"),
        (B_LO, "b_lo"),
        (B_HI, "b_hi"),
        (C_LO, "c_lo"),
        (C_HI, "c_hi"),
        (MX1, "mx1"),
        (MX3, "mx3"),
        (MY1, "my1"),
        (MY3, "my3"),
        (MZ1, "mz1"),
        (MZ3, "mz3"),
        (MP1, "mp1"),
        (MP3, "mp3"),
        (SXF, "sxf"),
        (SYF, "syf"),
        (SZF, "szf"),
        (SA, "sa"),
        (BZ, "bz"),
        (YINV, "yinv"),
        (OV, "ov"),
        (ER, "er"),
        (EB, "eb"),
        (KD, "kd"),
    ];
    names
        .iter()
        .find(|(c, _)| *c == col)
        .map_or("?", |(_, n)| n)
        .to_string()
}

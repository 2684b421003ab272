//! Binary's columns: one-hot op selectors, the operands' bytes with what the `Logic` table
//! gives for each pair, the adder's result bytes and carries, and the output.

use zirv_core::op::Op;

/// The ops this machine proves, in selector order.
pub const BINARY_OPS: [Op; 21] = [
    Op::Add,
    Op::AddW,
    Op::Sub,
    Op::SubW,
    Op::And,
    Op::Or,
    Op::Xor,
    Op::Eq,
    Op::Lt,
    Op::Ltu,
    Op::Min,
    Op::Minu,
    Op::Max,
    Op::Maxu,
    Op::MinW,
    Op::MinuW,
    Op::MaxW,
    Op::MaxuW,
    Op::SignExtendB,
    Op::SignExtendH,
    Op::SignExtendW,
];

/// The selector column of an op of [`BINARY_OPS`].
pub fn sel(op: Op) -> usize {
    BINARY_OPS
        .iter()
        .position(|&o| o == op)
        .unwrap_or_else(|| panic!("{} is not a Binary op", op.name()))
}

/// Number of op selectors (columns `0..NUM_SEL`).
pub const NUM_SEL: usize = BINARY_OPS.len();
/// `a`'s bytes, little-endian (8 columns).
pub const A: usize = NUM_SEL;
/// `b`'s bytes.
pub const B: usize = A + 8;
/// `a_i & b_i` per byte.
pub const AND: usize = B + 8;
/// `a_i ^ b_i` per byte.
pub const XOR: usize = AND + 8;
/// The sign bit of each byte of `a`.
pub const MA: usize = XOR + 8;
/// The sign bit of each byte of `b`.
pub const MB: usize = MA + 8;
/// The adder's result bytes: `a + b` (add), `a - b` (sub and comparisons), `a` (otherwise).
pub const R: usize = MB + 8;
/// Sign bit of `r`'s byte 3.
pub const MR3: usize = R + 8;
/// Sign bit of `r`'s byte 7.
pub const MR7: usize = MR3 + 1;
/// Carry (borrow) out of the adder's low half.
pub const K0: usize = MR7 + 1;
/// Carry (borrow) out of the adder's high half.
pub const K1: usize = K0 + 1;
/// Signed comparisons: the xor of the operands' sign bits (at bit 63, or bit 31 for `w`).
pub const SX: usize = K1 + 1;
/// The comparison `a < b` of the op's kind (signed or not, 64 or 32 bits).
pub const LT: usize = SX + 1;
/// The flag sent on the bus.
pub const FLAG: usize = LT + 1;
/// `eq`: the inverse of `r_lo + r_hi` when it is not zero.
pub const INV: usize = FLAG + 1;
/// Result, low 32 bits.
pub const C_LO: usize = INV + 1;
/// Result, high 32 bits.
pub const C_HI: usize = C_LO + 1;
/// Number of columns.
pub const WIDTH: usize = C_HI + 1;

/// Column names, for messages and the mutation tests.
pub fn name(col: usize) -> String {
    let groups = [
        (A, "a"),
        (B, "b"),
        (AND, "and"),
        (XOR, "xor"),
        (MA, "ma"),
        (MB, "mb"),
        (R, "r"),
    ];
    if col < NUM_SEL {
        return format!("sel[{}]", BINARY_OPS[col].name());
    }
    for (start, n) in groups {
        if (start..start + 8).contains(&col) {
            return format!("{n}[{}]", col - start);
        }
    }
    match col {
        MR3 => "mr3",
        MR7 => "mr7",
        K0 => "k0",
        K1 => "k1",
        SX => "sx",
        LT => "lt",
        FLAG => "flag",
        INV => "inv",
        C_LO => "c_lo",
        C_HI => "c_hi",
        _ => "?",
    }
    .to_string()
}

//! Binary's witness: one row per op Main sent, padded with zero rows to a power of two.

use crate::columns::*;
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::op::Op;
use zirv_sm_tables::U16Counts;

fn msb(byte: u64) -> u64 {
    byte >> 7
}

/// Fills `row` (zeroed, [`WIDTH`] columns) for `(c, flag) = op(a, b)` and counts its look-ups.
pub fn fill_row<F: PrimeField64>(op: Op, a: u64, b: u64, row: &mut [F], u16: &mut U16Counts) {
    let set = |row: &mut [F], col: usize, v: u64| row[col] = F::from_u64(v);
    row[sel(op)] = F::ONE;
    let byte = |v: u64, i: usize| (v >> (8 * i)) & 0xff;
    for i in 0..8 {
        let (x, y) = (byte(a, i), byte(b, i));
        set(row, A + i, x);
        set(row, B + i, y);
        set(row, AND + i, x & y);
        set(row, XOR + i, x ^ y);
        set(row, MA + i, msb(x));
        set(row, MB + i, msb(y));
        u16.logic(x as u8, y as u8);
    }
    let lo = |v: u64| v & 0xffff_ffff;
    let (r, k0, k1) = match op {
        Op::Add | Op::AddW => (
            a.wrapping_add(b),
            (lo(a) + lo(b)) >> 32,
            a.overflowing_add(b).1 as u64,
        ),
        Op::And | Op::Or | Op::Xor | Op::SignExtendB | Op::SignExtendH | Op::SignExtendW => {
            (a, 0, 0)
        }
        _ => (a.wrapping_sub(b), (lo(a) < lo(b)) as u64, (a < b) as u64),
    };
    for i in 0..8 {
        set(row, R + i, byte(r, i));
    }
    set(row, MR3, msb(byte(r, 3)));
    set(row, MR7, msb(byte(r, 7)));
    set(row, K0, k0);
    set(row, K1, k1);
    u16.bytes_msb(byte(r, 3) as u8, byte(r, 7) as u8);
    for (x, y) in [(0, 1), (2, 4), (5, 6)] {
        u16.bytes(byte(r, x) as u8, byte(r, y) as u8);
    }
    let (sx, borrow) = match op {
        Op::Lt | Op::Min | Op::Max => (msb(byte(a, 7)) ^ msb(byte(b, 7)), k1),
        Op::Ltu | Op::Minu | Op::Maxu => (0, k1),
        Op::MinW | Op::MaxW => (msb(byte(a, 3)) ^ msb(byte(b, 3)), k0),
        Op::MinuW | Op::MaxuW => (0, k0),
        _ => (0, 0),
    };
    set(row, SX, sx);
    set(row, LT, borrow ^ sx);
    let (c, flag) = op.eval(a, b);
    set(row, FLAG, flag as u64);
    if op == Op::Eq {
        let sum = F::from_u64(lo(r)) + F::from_u64(r >> 32);
        row[INV] = sum.try_inverse().unwrap_or(F::ZERO);
    }
    set(row, C_LO, lo(c));
    set(row, C_HI, c >> 32);
}

/// Binary's trace for the ops `(op, a, b)` (each of [`BINARY_OPS`]); the look-ups go to `u16`.
pub fn binary_trace<F: PrimeField64>(
    ops: &[(Op, u64, u64)],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    zirv_sm_tables::alu_trace(ops, WIDTH, fill_row, u16)
}

//! Shift's witness: one row per op Main sent, padded with zero rows to a power of two.

use crate::columns::*;
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::op::Op;
use zirv_sm_tables::U16Counts;

/// The trace of `ops` (each `(op, a, b)` with `op` in [`SHIFT_OPS`]) in one instance; the
/// 16-bit table look-ups go to `u16`.
pub fn shift_trace<F: PrimeField64>(
    ops: &[(Op, u64, u64)],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    zirv_sm_tables::alu_trace(ops, WIDTH, fill_row, u16)
}

fn limbs(v: u64) -> [u64; 4] {
    [v & 0xffff, (v >> 16) & 0xffff, (v >> 32) & 0xffff, v >> 48]
}

/// Fills one row (zeroed) for `c = op(a, b)`.
pub fn fill_row<F: PrimeField64>(op: Op, a: u64, b: u64, row: &mut [F], u16: &mut U16Counts) {
    use Op::*;
    let w = matches!(op, SllW | SrlW | SraW);
    let left = matches!(op, Sll | SllW);
    let sh = b & if w { 31 } else { 63 };
    let (s, q) = (sh & 15, (sh >> 4) as usize);
    let bl0 = b & 0xffff;
    let m = 1u64 << s;
    let mul = if left { m } else { (1 << 16) >> s };
    let x = match op {
        SllW | SrlW => a & 0xffff_ffff,
        SraW => a as i32 as i64 as u64,
        _ => a,
    };
    let fill = match op {
        Sra => a >> 63,
        SraW => (a >> 31) & 1,
        _ => 0,
    };
    let r = if left {
        x << sh
    } else {
        // `X` extended with the fill to 128 bits, shifted right.
        let ext = (x as u128) | if fill == 1 { !0u128 << 64 } else { 0 };
        (ext >> sh) as u64
    };
    let rl = limbs(r);
    let sr = rl[1] >> 15;
    let c_hi = if w { sr * 0xffff_ffff } else { r >> 32 };
    debug_assert_eq!(
        (r & 0xffff_ffff) | c_hi << 32,
        op.eval(a, b).0,
        "{} {a:#x} {b:#x}",
        op.name()
    );

    let mut set = |col: usize, v: u64| row[col] = F::from_u64(v);
    set(sel(op), 1);
    let xl = limbs(x);
    for k in 0..4 {
        set(X + k, xl[k]);
        let p = xl[k] * mul;
        set(LO + k, p & 0xffff);
        set(HI + k, p >> 16);
        set(R + k, rl[k]);
        u16.range(p & 0xffff);
        u16.range(p >> 16);
    }
    set(A_HI, a >> 32);
    set(BL0, bl0);
    set(BL1, (b >> 16) & 0xffff);
    set(B_HI, b >> 32);
    set(B5, if w { (bl0 >> 5) & 1 } else { 0 });
    set(M, m);
    set(MUL, mul);
    set(if left { PL + q } else { PR + q }, 1);
    set(S, fill);
    set(SM, fill * mul);
    set(SX1, xl[1] >> 15);
    set(SX3, xl[3] >> 15);
    set(SR, sr);
    set(C_HI, c_hi);
    u16.shamt(bl0);
    u16.range((b >> 16) & 0xffff);
    u16.range(xl[0]);
    u16.range(xl[2]);
    u16.range_msb(xl[1]);
    u16.range_msb(xl[3]);
    u16.range_msb(rl[1]);
}

//! Arith's witness: one row per op Main sent, padded with zero rows to a power of two.

use crate::columns::*;
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::op::Op;
use zirv_sm_tables::U16Counts;

/// The multiplier's operands for one op: `X·Y + Z = P (mod 2^128)` with the sign flags that
/// extend `X`, `Y`, `Z`, and whether the row is the signed overflow `MIN / -1`.
struct Operands {
    x: u64,
    y: u64,
    z: u64,
    sx: bool,
    sy: bool,
    sz: bool,
    ov: bool,
}

fn msb64(v: u64) -> bool {
    v >> 63 == 1
}

fn operands(op: Op, a: u64, b: u64) -> Operands {
    use Op::*;
    let plain = |x, y, z| Operands {
        x,
        y,
        z,
        sx: false,
        sy: false,
        sz: false,
        ov: false,
    };
    match op {
        Mul | Mulhu | MulW => plain(a, b, 0),
        Mulh => Operands {
            sx: msb64(a),
            sy: msb64(b),
            ..plain(a, b, 0)
        },
        Mulhsu => Operands {
            sx: msb64(a),
            ..plain(a, b, 0)
        },
        Div | Divu | Rem | Remu | DivW | DivuW | RemW | RemuW => {
            let signed = matches!(op, Div | Rem | DivW | RemW);
            let w = matches!(op, DivW | DivuW | RemW | RemuW);
            let (n, d): (i128, i128) = match (signed, w) {
                (true, true) => (a as i32 as i128, b as i32 as i128),
                (false, true) => (a as u32 as i128, b as u32 as i128),
                (true, false) => (a as i64 as i128, b as i64 as i128),
                (false, false) => (a as i128, b as i128),
            };
            let ov = signed && !w && a == i64::MIN as u64 && b == u64::MAX;
            let (q, r) = if d == 0 {
                (-1, n)
            } else if ov {
                (i64::MIN as i128, 0)
            } else {
                (n / d, n % d)
            };
            let (x, y, z) = (q as u64, d as u64, r as u64);
            Operands {
                sx: signed && msb64(x),
                sy: signed && msb64(y),
                sz: signed && msb64(z),
                ov,
                ..plain(x, y, z)
            }
        }
        _ => unreachable!("{} is not an Arith op", op.name()),
    }
}

fn ext(v: u64, signed: bool) -> u128 {
    if signed {
        v as i64 as i128 as u128
    } else {
        v as u128
    }
}

fn limbs(v: u128, n: usize) -> Vec<u64> {
    (0..n).map(|i| ((v >> (16 * i)) & 0xffff) as u64).collect()
}

/// Fills `row` (zeroed, [`WIDTH`] columns) for `c = op(a, b)` and counts its look-ups.
pub fn fill_row<F: PrimeField64>(op: Op, a: u64, b: u64, row: &mut [F], u16: &mut U16Counts) {
    let set = |row: &mut [F], col: usize, v: u64| row[col] = F::from_u64(v);
    let lo = |v: u64| v & 0xffff_ffff;
    row[sel(op)] = F::ONE;
    let (c, _) = op.eval(a, b);
    for (col, v) in [
        (A_LO, lo(a)),
        (A_HI, a >> 32),
        (B_LO, lo(b)),
        (B_HI, b >> 32),
        (C_LO, lo(c)),
        (C_HI, c >> 32),
    ] {
        set(row, col, v);
    }
    let o = operands(op, a, b);
    let p = ext(o.x, o.sx)
        .wrapping_mul(ext(o.y, o.sy))
        .wrapping_add(ext(o.z, o.sz));
    let (xl, yl, zl, pl) = (
        limbs(o.x as u128, 4),
        limbs(o.y as u128, 4),
        limbs(o.z as u128, 4),
        limbs(p, 8),
    );
    for (base, ls) in [(X, &xl), (Y, &yl), (Z, &zl), (P, &pl)] {
        for (i, &v) in ls.iter().enumerate() {
            set(row, base + i, v);
        }
    }
    let limb_at = |col: usize| -> u64 {
        match col {
            c if (X..X + 4).contains(&c) => xl[c - X],
            c if (Y..Y + 4).contains(&c) => yl[c - Y],
            c if (Z..Z + 4).contains(&c) => zl[c - Z],
            c => pl[c - P],
        }
    };
    for (i, &limb) in MSB_LIMBS.iter().enumerate() {
        let v = limb_at(limb);
        set(row, MSB + i, v >> 15);
        u16.range_msb(v);
    }
    for v in [
        xl[0], xl[2], yl[0], yl[2], zl[0], zl[2], pl[0], pl[2], pl[4], pl[5], pl[6], pl[7],
    ] {
        u16.range(v);
    }
    set(row, SXF, o.sx as u64);
    set(row, SYF, o.sy as u64);
    set(row, SZF, o.sz as u64);
    let sdiv = matches!(op, Op::Div | Op::Rem | Op::DivW | Op::RemW);
    set(row, SA, (sdiv && pl[3] >> 15 == 1) as u64);

    // Carries of the limb products.
    let ext_limbs = |l: &[u64], s: bool| -> Vec<u128> {
        (0..8)
            .map(|i| {
                if i < 4 {
                    l[i] as u128
                } else if s {
                    0xffff
                } else {
                    0
                }
            })
            .collect()
    };
    let (xe, ye, ze) = (
        ext_limbs(&xl, o.sx),
        ext_limbs(&yl, o.sy),
        ext_limbs(&zl, o.sz),
    );
    let mut carry = 0u128;
    for k in 0..8 {
        let mut sum = ze[k] + carry;
        for i in 0..=k {
            sum += xe[i] * ye[k - i];
        }
        let rest = sum - pl[k] as u128;
        debug_assert_eq!(rest & 0xffff, 0, "limb {k} of {}", op.name());
        carry = rest >> 16;
        debug_assert!(carry < 1 << 20);
        set(row, CL + k, (carry & 0xffff) as u64);
        set(row, CH + k, (carry >> 16) as u64);
        u16.range((carry & 0xffff) as u64);
        u16.u4((carry >> 16) as u64);
    }

    // Division checks.
    let divc = matches!(
        op,
        Op::Div | Op::Divu | Op::Rem | Op::Remu | Op::DivW | Op::DivuW | Op::RemW | Op::RemuW
    );
    let bz = divc && o.y == 0;
    set(row, BZ, bz as u64);
    set(row, OV, o.ov as u64);
    if divc && !bz {
        let sum: u64 = yl.iter().sum();
        row[YINV] = F::from_u64(sum).inverse();
    }
    let abs = |v: u64, neg: bool| if neg { v.wrapping_neg() } else { v };
    let (ra, ba) = (abs(o.z, o.sz), abs(o.y, o.sy));
    set(row, ER, (o.sz && lo(o.z) != 0) as u64);
    set(row, EB, (o.sy && lo(o.y) != 0) as u64);
    let bounded = (divc && !bz) || matches!(op, Op::Srl | Op::Sra | Op::SrlW | Op::SraW);
    let d = if bounded { ba - ra - 1 } else { 0 };
    set(row, KD, (bounded && lo(ba) < lo(ra) + 1) as u64);
    for (base, v) in [(RA, ra), (BA, ba), (D, d)] {
        for (i, l) in limbs(v as u128, 4).into_iter().enumerate() {
            set(row, base + i, l);
            u16.range(l);
        }
    }
}

/// Arith's trace for the ops `(op, a, b)` (each of [`ARITH_OPS`]); the look-ups go to `u16`.
pub fn arith_trace<F: PrimeField64>(
    ops: &[(Op, u64, u64)],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    zirv_sm_tables::alu_trace(ops, WIDTH, fill_row, u16)
}

//! Secp256k1's witness: 8 rows per call, padded with zero rows that send nothing.

use crate::columns::*;
use num_bigint::{BigInt, BigUint};
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::event::PrecompileCall;
use zirv_core::op::Op;
use zirv_sm_precompile::{OPERAND_COLS, fill_operand};
use zirv_sm_tables::U16Counts;

fn big(words: &[u64]) -> BigUint {
    BigUint::from_slice(
        &words
            .iter()
            .flat_map(|&w| [w as u32, (w >> 32) as u32])
            .collect::<Vec<_>>(),
    )
}

fn limbs_of(x: &BigUint, n: usize) -> Vec<u64> {
    let mut out = vec![0u64; n];
    for (i, d) in x.to_u64_digits().iter().enumerate() {
        for j in 0..4 {
            if 4 * i + j < n {
                out[4 * i + j] = (d >> (16 * j)) & 0xffff;
            }
        }
    }
    out
}

fn prime() -> BigUint {
    big(&[0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX])
}

/// `x^-1 mod p` (0 for 0).
fn inverse(x: &BigUint, p: &BigUint) -> BigUint {
    x.modpow(&(p - 2u8), p)
}

/// The witnesses of a call's rows (the numbers not read or written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Witnesses {
    /// The slope.
    pub s: BigUint,
    /// `x1^2 mod p`.
    pub x1sq: BigUint,
    /// `x2^2 mod p` (double: `x1sq`).
    pub x2sq: BigUint,
    /// `(x2 - x1)^-1 mod p` (add; 0 for double, and where `x1 = x2`).
    pub inv: BigUint,
}

fn is_add(call: &PrecompileCall) -> bool {
    match call.op {
        Op::Secp256k1Add => true,
        Op::Secp256k1Dbl => false,
        op => panic!("{} is not a Secp256k1 op", op.name()),
    }
}

/// The call's points as read (`x1, y1, x2, y2`; double: `x2, y2 = x1, y1`) and written.
fn points(call: &PrecompileCall) -> [BigUint; 6] {
    let reads: Vec<u64> = call.reads().collect();
    let writes: Vec<u64> = call.writes().collect();
    let x1 = big(&reads[0..4]);
    let y1 = big(&reads[4..8]);
    let (x2, y2) = if is_add(call) {
        (big(&reads[8..12]), big(&reads[12..16]))
    } else {
        (x1.clone(), y1.clone())
    };
    [x1, y1, x2, y2, big(&writes[0..4]), big(&writes[4..8])]
}

/// The honest witnesses of `call` (computed from what it read, mod p).
pub fn witnesses(call: &PrecompileCall) -> Witnesses {
    let p = prime();
    let [x1, y1, x2, y2, ..] = points(call);
    let m = |v: &BigUint| v % &p;
    let sub = |a: &BigUint, b: &BigUint| (m(a) + &p - m(b)) % &p;
    let x1sq = m(&(&x1 * &x1));
    let x2sq = m(&(&x2 * &x2));
    let (s, inv) = if is_add(call) {
        let inv = inverse(&sub(&x2, &x1), &p);
        (m(&(sub(&y2, &y1) * &inv)), inv)
    } else {
        let num = m(&(&x1sq * 3u8));
        (m(&(num * inverse(&m(&(&y1 * 2u8)), &p))), BigUint::ZERO)
    };
    Witnesses { s, x1sq, x2sq, inv }
}

/// Fills the rows of `call` (zeroed, [`ROWS_PER_CALL`] rows of [`WIDTH`]) with its honest
/// witnesses and counts their look-ups. The call is taken as given (a lying call gives rows
/// that fail).
pub fn fill_call<F: PrimeField64>(call: &PrecompileCall, rows: &mut [F], u16: &mut U16Counts) {
    fill_call_with(call, &witnesses(call), rows, u16);
}

/// [`fill_call`] with the witnesses `w` (tests: a prover's other choices); quotients and
/// carries are computed from them (each floored, exact where the row's equation holds).
pub fn fill_call_with<F: PrimeField64>(
    call: &PrecompileCall,
    w: &Witnesses,
    rows: &mut [F],
    u16: &mut U16Counts,
) {
    let add = is_add(call);
    let p = prime();
    let [x1, y1, x2, y2, x3, y3] = points(call);
    let mut numbers = vec![
        x1,
        y1,
        x2,
        y2,
        x3,
        y3,
        w.s.clone(),
        w.x1sq.clone(),
        w.x2sq.clone(),
        w.inv.clone(),
    ];
    // Numbers are 256-bit (the memory words are): keep the witnesses' limbs too.
    for v in numbers.iter_mut() {
        *v %= BigUint::from(1u8) << 256;
    }
    let nl: Vec<Vec<u64>> = numbers.iter().map(|v| limbs_of(v, LIMBS)).collect();
    let kp: BigUint = (BigUint::from(1u8) << 257u32) * &p;

    for (r, row) in rows.chunks_exact_mut(WIDTH).enumerate() {
        let set = |row: &mut [F], col: usize, v: u64| row[col] = F::from_u64(v);
        let kind = match (r, add) {
            (0, true) => 0,
            (0, false) => 1,
            (r, _) => r + 1,
        };
        set(row, kind_col(kind), 1);
        set(row, if add { SADD } else { SDBL }, 1);
        set(row, STEP, call.step);
        for (x, ls) in nl.iter().enumerate() {
            for (i, &v) in ls.iter().enumerate() {
                set(row, num(x) + i, v);
                if r == 0 {
                    u16.range(v);
                }
            }
        }
        // The quotient: (T + K·p) / p, floored (exact for honest calls).
        let eq = &EQUATIONS[kind];
        let mut t = BigInt::ZERO;
        for &(coef, x, y) in eq.prods {
            t += BigInt::from(coef) * BigInt::from(&numbers[x] * &numbers[y]);
        }
        for &(coef, x) in eq.lins {
            t += BigInt::from(coef) * BigInt::from(numbers[x].clone());
        }
        t += BigInt::from(eq.constant);
        if eq.minus_sadd && add {
            t -= 1;
        }
        let total = t + BigInt::from(kp.clone());
        let q = total.to_biguint().map_or(BigUint::ZERO, |tot| tot / &p);
        let ql = limbs_of(&q, Q_LIMBS);
        for (i, &v) in ql.iter().enumerate() {
            set(row, Q + i, v);
            u16.range(v);
        }
        // Carries, position by position.
        let mut carry = 0i128;
        for k in 0..POSITIONS {
            let mut s = carry + KP_LIMBS[k] as i128;
            for &(coef, x, y) in eq.prods {
                for i in 0..LIMBS {
                    if k >= i && k - i < LIMBS {
                        s += coef as i128 * (nl[x][i] * nl[y][k - i]) as i128;
                    }
                }
            }
            if k < LIMBS {
                for &(coef, x) in eq.lins {
                    s += coef as i128 * nl[x][k] as i128;
                }
            }
            if k == 0 {
                s += eq.constant as i128;
                if eq.minus_sadd && add {
                    s -= 1;
                }
            }
            for (j, &pj) in P_LIMBS.iter().enumerate() {
                if k >= j && k - j < Q_LIMBS {
                    s -= (ql[k - j] * pj) as i128;
                }
            }
            carry = s >> 16; // exact for honest calls
            if k < CARRIES {
                let v = (carry + CARRY_OFFSET as i128).clamp(0, (1 << 24) - 1) as u64;
                set(row, CL + k, v & 0xffff);
                set(row, CH + k, v >> 16);
                u16.range(v & 0xffff);
            }
        }
        for k in (0..CARRIES).step_by(2) {
            let ch = |k: usize| row[CH + k].as_canonical_u64() as u8;
            u16.bytes(ch(k), ch(k + 1));
        }
        // The canonical check: e = p - 1 - v in 32-bit halves with borrows.
        let v = &nl[eq.canon];
        let half = |l: &[u64], h: usize| l[2 * h] | l[2 * h + 1] << 16;
        let mut borrow = 1i64;
        for h in 0..LIMBS / 2 {
            let mut d = half(&P_LIMBS, h) as i64 - half(v, h) as i64 - borrow;
            borrow = (d < 0) as i64;
            d += borrow << 32;
            let d = d as u64;
            for (i, l) in [d & 0xffff, (d >> 16) & 0xffff].into_iter().enumerate() {
                set(row, E + 2 * h + i, l);
                u16.range(l);
            }
            if h < BORROWS {
                set(row, BOR + h, borrow as u64);
            }
        }
        // The operands' address checks, on the first row.
        if r == 0 {
            let ptr1 = if add { call.a } else { call.b };
            fill_operand(
                &mut row[OP1..OP1 + OPERAND_COLS],
                ptr1 & 0xffff_ffff,
                8,
                u16,
            );
            if add {
                fill_operand(
                    &mut row[OP2..OP2 + OPERAND_COLS],
                    call.b & 0xffff_ffff,
                    8,
                    u16,
                );
            }
        }
    }
}

/// Secp256k1's trace: [`ROWS_PER_CALL`] rows per call (any mix of [`OPS`]), padded to
/// `(calls.len() * ROWS_PER_CALL).max(4).next_power_of_two()` rows with zero rows that send
/// nothing; every 16-bit-table look-up is counted in `u16`.
pub fn secp256k1_trace<F: PrimeField64>(
    calls: &[PrecompileCall],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let height = (calls.len() * ROWS_PER_CALL).max(4).next_power_of_two();
    let mut values = F::zero_vec(height * WIDTH);
    for (call, rows) in calls
        .iter()
        .zip(values.chunks_exact_mut(ROWS_PER_CALL * WIDTH))
    {
        fill_call(call, rows, u16);
    }
    RowMajorMatrix::new(values, WIDTH)
}

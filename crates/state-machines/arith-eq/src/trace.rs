//! ArithEq's witness: one row per call, padded with rows that send nothing.

use crate::air::{ALL_OPERANDS, operand_use, unused_operand};
use crate::columns::*;
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::event::PrecompileCall;
use zirv_core::op::Op;
use zirv_sm_precompile::{OPERAND_COLS, fill_operand};
use zirv_sm_tables::U16Counts;

/// A number's 16-bit limbs, least significant first.
fn limbs16<const N: usize>(words: &[u64]) -> [u64; N] {
    std::array::from_fn(|i| (words[i / 4] >> (16 * (i % 4))) & 0xffff)
}

/// `x·y` for 16-bit limb vectors, as 16-bit limbs (`out` long enough).
fn mul_add_limbs(x: &[u64], y: &[u64], out: &mut [u64]) {
    let mut acc = vec![0u128; out.len() + 1];
    for (i, &xi) in x.iter().enumerate() {
        for (j, &yj) in y.iter().enumerate() {
            if i + j < acc.len() {
                acc[i + j] += (xi * yj) as u128;
            }
        }
    }
    for (k, &o) in out.iter().enumerate() {
        acc[k] += o as u128;
    }
    let mut carry = 0u128;
    for (k, o) in out.iter_mut().enumerate() {
        let t = acc[k] + carry;
        *o = (t & 0xffff) as u64;
        carry = t >> 16;
    }
}

/// `(n - r) / m` for 16-bit limb vectors (`n` 32 limbs, `r` and `m` 16 limbs), floored, as 32
/// limbs; 0 when `m = 0` or `n < r`. (The emulator ran the call, so honestly `m | n - r`.)
fn quotient(n: &[u64; 32], r: &[u64; 16], m: &[u64; 16]) -> [u64; 32] {
    // Binary long division on u128 words (little endian, 4 words of 128 bits for 512 bits).
    let to_words = |l: &[u64]| -> Vec<u128> {
        let mut w = vec![0u128; 5];
        for (i, &v) in l.iter().enumerate() {
            w[i / 8] |= (v as u128) << (16 * (i % 8));
        }
        w
    };
    let mut num = to_words(n);
    let rr = to_words(r);
    // num -= r
    let mut borrow = false;
    for i in 0..5 {
        let (d1, b1) = num[i].overflowing_sub(rr[i]);
        let (d2, b2) = d1.overflowing_sub(borrow as u128);
        num[i] = d2;
        borrow = b1 || b2;
    }
    let den = to_words(m);
    let mut q = [0u64; 32];
    if borrow || den.iter().all(|&w| w == 0) {
        return q;
    }
    let mut rem = [0u128; 5];
    for bit in (0..512).rev() {
        // rem = 2 rem + bit
        for i in (1..5).rev() {
            rem[i] = (rem[i] << 1) | (rem[i - 1] >> 127);
        }
        rem[0] = (rem[0] << 1) | ((num[bit / 128] >> (bit % 128)) & 1);
        // rem >= den ?
        let ge = (0..5)
            .rev()
            .find(|&i| rem[i] != den[i])
            .is_none_or(|i| rem[i] > den[i]);
        if ge {
            let mut borrow = false;
            for i in 0..5 {
                let (d1, b1) = rem[i].overflowing_sub(den[i]);
                let (d2, b2) = d1.overflowing_sub(borrow as u128);
                rem[i] = d2;
                borrow = b1 || b2;
            }
            q[bit / 16] |= 1 << (bit % 16);
        }
    }
    q
}

/// Fills `row` (zeroed, [`WIDTH`] columns) for `call` and counts its look-ups.
pub fn fill_row<F: PrimeField64>(call: &PrecompileCall, row: &mut [F], u16: &mut U16Counts) {
    let op = call.op;
    let is_mod = match op {
        Op::Arith256 => false,
        Op::Arith256Mod => true,
        _ => panic!("{} is not an ArithEq op", op.name()),
    };
    let set = |row: &mut [F], col: usize, v: u64| row[col] = F::from_u64(v);
    set(row, sel(op), 1);
    set(row, STEP, call.step);
    let reads: Vec<u64> = call.reads().collect();
    let writes: Vec<u64> = call.writes().collect();
    let ptrs = &reads[..5];
    let a: [u64; LIMBS] = limbs16(&reads[5..9]);
    let b: [u64; LIMBS] = limbs16(&reads[9..13]);
    let c: [u64; LIMBS] = limbs16(&reads[13..17]);
    let (m, d): ([u64; LIMBS], [u64; LIMBS]) = if is_mod {
        (limbs16(&reads[17..21]), limbs16(&writes[0..4]))
    } else {
        (limbs16(&writes[0..4]), limbs16(&writes[4..8]))
    };
    for (base, ls) in [(A, &a), (B, &b), (C, &c), (M, &m), (D, &d)] {
        for (i, &v) in ls.iter().enumerate() {
            set(row, base + i, v);
            u16.range(v & 0xffff);
        }
    }

    // The quotient and m - d - 1 (arith256_mod).
    let mut q = [0u64; Q_LIMBS];
    if is_mod {
        let mut n = [0u64; 32];
        n[..LIMBS].copy_from_slice(&c);
        mul_add_limbs(&a, &b, &mut n);
        q = quotient(&n, &d, &m);
        // e = m - d - 1 in 32-bit halves with borrows.
        let half = |l: &[u64; LIMBS], h: usize| l[2 * h] | l[2 * h + 1] << 16;
        let mut borrow = 1i64;
        for h in 0..LIMBS / 2 {
            let mut v = half(&m, h) as i64 - half(&d, h) as i64 - borrow;
            borrow = (v < 0) as i64;
            v += borrow << 32;
            let v = v as u64;
            for (i, l) in [v & 0xffff, (v >> 16) & 0xffff].into_iter().enumerate() {
                set(row, E + 2 * h + i, l);
                u16.range(l);
            }
            if h < BORROWS {
                set(row, BOR + h, borrow as u64);
            }
        }
        for (i, &v) in q.iter().enumerate() {
            set(row, Q + i, v);
            u16.range(v);
        }
    }

    // Carries of the limb equation.
    let mut carry = 0i128;
    for k in 0..POSITIONS {
        let mut s = carry;
        for i in 0..LIMBS {
            if k >= i && k - i < LIMBS {
                s += (a[i] * b[k - i]) as i128;
            }
        }
        if k < LIMBS {
            s += c[k] as i128;
        }
        for j in 0..LIMBS {
            if k >= j && k - j < Q_LIMBS {
                s -= (q[k - j] * m[j]) as i128;
            }
        }
        if k < LIMBS {
            s -= if is_mod { d[k] } else { m[k] } as i128;
        } else if k < 2 * LIMBS && !is_mod {
            s -= d[k - LIMBS] as i128;
        }
        carry = s >> 16; // honestly exact
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

    // Operand address checks.
    let ptr_of = |o: Operand| -> Option<u64> {
        match o {
            Operand::Params => Some(call.b),
            Operand::OpA => Some(ptrs[0]),
            Operand::OpB => Some(ptrs[1]),
            Operand::OpC => Some(ptrs[2]),
            Operand::OpM => is_mod.then_some(ptrs[3]),
            Operand::OpDl => (!is_mod).then_some(ptrs[3]),
            Operand::OpD => Some(ptrs[4]),
        }
    };
    for o in ALL_OPERANDS {
        let (words, usage, _) = operand_use(o);
        let cols = &mut row[operand(o)..operand(o) + OPERAND_COLS];
        match ptr_of(o) {
            Some(p) => fill_operand(cols, p & 0xffff_ffff, words, u16),
            None => fill_padding_operand(cols, words, usage),
        }
    }
}

fn fill_padding_operand<F: PrimeField64>(
    cols: &mut [F],
    words: u64,
    usage: zirv_sm_precompile::Use,
) {
    for (c, v) in cols.iter_mut().zip(unused_operand(words, usage)) {
        *c = F::from_u64(v);
    }
}

/// ArithEq's trace: one row per call (any mix of [`OPS`]), padded to
/// `(calls.len() * ROWS_PER_CALL).max(4).next_power_of_two()` rows with rows that send nothing;
/// every 16-bit-table look-up is counted in `u16`.
pub fn arith_eq_trace<F: PrimeField64>(
    calls: &[PrecompileCall],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let height = (calls.len() * ROWS_PER_CALL).max(4).next_power_of_two();
    let mut values = F::zero_vec(height * WIDTH);
    for (call, row) in calls.iter().zip(values.chunks_exact_mut(WIDTH)) {
        fill_row(call, row, u16);
    }
    for row in values.chunks_exact_mut(WIDTH).skip(calls.len()) {
        for o in ALL_OPERANDS {
            let (words, usage, _) = operand_use(o);
            fill_padding_operand(
                &mut row[operand(o)..operand(o) + OPERAND_COLS],
                words,
                usage,
            );
        }
    }
    RowMajorMatrix::new(values, WIDTH)
}

//! Sha256f rows from the calls witness generation hands over.

use crate::columns::*;
use crate::{K, big_sigma0, big_sigma1, small_sigma0, small_sigma1};
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::event::PrecompileCall;
use zirv_sm_precompile::fill_operand;
use zirv_sm_tables::U16Counts;

/// The trace height for `calls` calls.
pub fn height(calls: usize) -> usize {
    (calls * ROWS_PER_CALL).max(4).next_power_of_two()
}

fn set_bits<F: PrimeField64>(row: &mut [F], base: usize, v: u32) {
    for i in 0..32 {
        row[base + i] = F::from_u64(((v >> i) & 1) as u64);
    }
}

fn set_carry<F: PrimeField64>(row: &mut [F], base: usize, bits: usize, v: u64) {
    debug_assert!(v < 1 << bits);
    for i in 0..bits {
        row[base + i] = F::from_u64((v >> i) & 1);
    }
}

/// One instance holding all of `calls` (each a Sha256f call as the emulator made it: 4 state
/// words and 8 block words read, 4 state words written), its 16-bit look-ups counted in `u16`.
/// Rows past the calls are padding (all zero).
pub fn sha256f_trace<F: PrimeField64>(
    calls: &[PrecompileCall],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let h = height(calls.len());
    let mut values = F::zero_vec(h * WIDTH);
    for (call, block) in calls
        .iter()
        .zip(values.chunks_exact_mut(ROWS_PER_CALL * WIDTH))
    {
        fill_call(call, block, u16);
    }
    RowMajorMatrix::new(values, WIDTH)
}

/// Fills one call's rows.
fn fill_call<F: PrimeField64>(call: &PrecompileCall, rows: &mut [F], u16: &mut U16Counts) {
    let reads: Vec<u64> = call.reads().collect();
    assert_eq!(
        reads.len(),
        12,
        "a Sha256f call reads 4 state and 8 block words"
    );
    let hin: [u32; 8] = std::array::from_fn(|i| (reads[i / 2] >> (32 * (i % 2))) as u32);
    // The message schedule W_0..W_63, then zeros (the window past the schedule).
    let mut w = [0u32; 81];
    for k in 0..8 {
        let word = reads[4 + k];
        w[2 * k] = (word as u32).swap_bytes();
        w[2 * k + 1] = ((word >> 32) as u32).swap_bytes();
    }
    for j in 16..64 {
        w[j] = small_sigma1(w[j - 2])
            .wrapping_add(w[j - 7])
            .wrapping_add(small_sigma0(w[j - 15]))
            .wrapping_add(w[j - 16]);
    }
    let mut s = hin;
    for (t, row) in rows.chunks_exact_mut(WIDTH).enumerate() {
        row[LO + t % 8] = F::ONE;
        row[HI + t / 8] = F::ONE;
        for (col, p) in [(FIRST, 0), (FIN, FIN_ROW), (LAST, OUT_ROW)] {
            row[col] = F::from_bool(t == p);
        }
        for (v, &x) in s.iter().enumerate() {
            set_bits(row, ST + 32 * v, x);
        }
        for p in [0, 1, 14] {
            set_bits(row, xcol(p), w[t + p]);
        }
        for p in (2..14).chain([15]) {
            row[wcol(p)] = F::from_u64(w[t + p] as u64);
        }
        let [a, b, c, d, e, f, g, hh] = s;
        let (s0, s1) = (big_sigma0(a), big_sigma1(e));
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let (sg0, sg1) = (small_sigma0(w[t + 1]), small_sigma1(w[t + 14]));
        for (col, v) in [(S0, s0), (S1, s1), (MAJ, maj), (SG0, sg0), (SG1, sg1)] {
            row[col] = F::from_u64(v as u64);
        }
        for v in 0..8 {
            row[HIN + v] = F::from_u64(hin[v] as u64);
        }
        row[STEP] = F::from_u64(call.step);
        let aw = (call.a & 0xffff) / 8 + (call.a >> 16) * (1 << 13);
        let bw = (call.b & 0xffff) / 8 + (call.b >> 16) * (1 << 13);
        row[AW] = F::from_u64(aw);
        row[BW] = F::from_u64(bw);
        if t < 64 {
            let ch = (e & f) ^ (!e & g);
            let t1 = hh as u64 + s1 as u64 + ch as u64 + K[t] as u64 + w[t] as u64;
            let new_e = d as u64 + t1;
            let new_a = t1 + s0 as u64 + maj as u64;
            set_carry(row, CE, 3, new_e >> 32);
            set_carry(row, CA, 3, new_a >> 32);
            if t < SCHED_ROWS {
                let nw = w[t] as u64 + sg0 as u64 + w[t + 9] as u64 + sg1 as u64;
                debug_assert_eq!(nw as u32, w[t + 16]);
                set_carry(row, CW, 2, nw >> 32);
            }
            s = [new_a as u32, a, b, c, new_e as u32, e, f, g];
        } else if t == FIN_ROW {
            let mut out = [0u32; 8];
            for v in 0..8 {
                let sum = s[v] as u64 + hin[v] as u64;
                row[CO + v] = F::from_u64(sum >> 32);
                out[v] = sum as u32;
            }
            s = out;
        }
        if t == 0 {
            row[PA] = F::from_u64(call.a);
            row[PB] = F::from_u64(call.b);
            fill_operand(&mut row[OPA..OPB], call.a, 4, u16);
            fill_operand(&mut row[OPB..WIDTH], call.b, 8, u16);
        }
    }
    debug_assert!(
        call.writes()
            .eq((0..4).map(|i| s[2 * i] as u64 | (s[2 * i + 1] as u64) << 32)),
        "the call's writes are the compression of its reads"
    );
}

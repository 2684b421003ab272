//! Mem's witness: init rows and accesses, sorted by (address, timestamp), with the order limbs.

use crate::columns::*;
use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;

/// One access of an aligned word, as Main (or MemAlign) puts it on the memory bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    /// Word address (byte address / 8).
    pub addr8: u64,
    /// Timestamp (>= 1; 0 belongs to init rows).
    pub ts: u64,
    /// Write or read.
    pub is_write: bool,
    /// The word read or written.
    pub value: u64,
}

/// Mem's trace and the limbs it looks up in the range table.
pub struct MemTrace<F> {
    /// The rows.
    pub trace: RowMajorMatrix<F>,
    /// Every limb looked up (for the range table's multiplicities).
    pub range_values: Vec<u64>,
}

/// Builds Mem's rows: one init row per initial word, one row per access, sorted by
/// (address, timestamp), padded to a power of two. Does not check consistency: a wrong witness
/// makes a trace the AIR rejects.
pub fn mem_trace<F: PrimeField64>(accesses: &[Access], init: &[(u64, u64)]) -> MemTrace<F> {
    let mut rows: Vec<(u64, u64, bool, u64, bool)> =
        init.iter().map(|&(a, v)| (a, 0, true, v, true)).collect();
    rows.extend(
        accesses
            .iter()
            .map(|a| (a.addr8, a.ts, a.is_write, a.value, false)),
    );
    rows.sort_by_key(|r| (r.0, r.1));
    // Row 0 is the start carry row `(0, 0, 0, 0, is_real)` the verifier sends; real rows
    // follow, then padding (zeros).
    let h = (rows.len() + 1).max(4).next_power_of_two();
    let mut v = F::zero_vec(h * WIDTH);
    carry_row(&mut v[..WIDTH], [F::ZERO; 4], F::ONE);
    let mut range_values = Vec::with_capacity(3 * rows.len());
    let mut prev: Option<(u64, u64)> = None;
    for (row, &(addr8, ts, is_write, value, is_init)) in
        v[WIDTH..].chunks_exact_mut(WIDTH).zip(&rows)
    {
        let same = prev.is_some_and(|(a, _)| a == addr8);
        let increase = match prev {
            Some((_, pts)) if same => ts.wrapping_sub(pts).wrapping_sub(1),
            Some((pa, _)) => addr8.wrapping_sub(pa).wrapping_sub(1),
            None => addr8.wrapping_sub(1),
        };
        let limbs = [
            increase & 0xffff,
            (increase >> 16) & 0xffff,
            (increase >> 32) & 0xffff,
        ];
        range_values.extend(limbs);
        row[ADDR8] = F::from_u64(addr8);
        row[TS] = F::from_u64(ts);
        row[IS_WRITE] = F::from_bool(is_write);
        row[V_LO] = F::from_u64(value & 0xffff_ffff);
        row[V_HI] = F::from_u64(value >> 32);
        row[IS_INIT] = F::from_bool(is_init);
        row[SAME] = F::from_bool(same);
        row[IS_REAL] = F::ONE;
        row[D0] = F::from_u64(limbs[0]);
        row[D1] = F::from_u64(limbs[1]);
        row[D2] = F::from_u64(limbs[2]);
        prev = Some((addr8, ts));
    }
    MemTrace {
        trace: RowMajorMatrix::new(v, WIDTH),
        range_values,
    }
}

/// Writes a carry row (an instance's first row): `[addr8, ts, v_lo, v_hi]` and `is_real` of the
/// row it carries, the other columns canonical (a write, not init, not same, no increase).
pub fn carry_row<F: PrimeField64>(row: &mut [F], state: [F; 4], is_real: F) {
    row.fill(F::ZERO);
    for (c, v) in [ADDR8, TS, V_LO, V_HI].into_iter().zip(state) {
        row[c] = v;
    }
    row[IS_REAL] = is_real;
    row[IS_WRITE] = F::ONE;
}

/// The carry row of `row` (a Mem row).
pub fn carry_of<F: PrimeField64>(row: &[F]) -> Vec<F> {
    let mut out = F::zero_vec(WIDTH);
    carry_row(
        &mut out,
        [row[ADDR8], row[TS], row[V_LO], row[V_HI]],
        row[IS_REAL],
    );
    out
}

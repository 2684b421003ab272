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

/// One of Mem's rows before it is laid out: an init word (timestamp 0) or an access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemRow {
    /// Word address.
    pub addr8: u64,
    /// Timestamp (0 for init rows).
    pub ts: u64,
    /// The word.
    pub value: u64,
    /// Write (init rows count as writes) or read.
    pub is_write: bool,
    /// An init row.
    pub is_init: bool,
}

/// Mem's rows: one init row per initial word and one per access, sorted by (address,
/// timestamp). The keys are distinct in any run (an address has one init row and one access
/// per timestamp slot), so the order does not depend on the order of the inputs.
pub fn mem_rows(accesses: &[Access], init: &[(u64, u64)]) -> Vec<MemRow> {
    let mut rows: Vec<MemRow> = Vec::with_capacity(init.len() + accesses.len());
    rows.extend(init.iter().map(|&(addr8, value)| MemRow {
        addr8,
        ts: 0,
        value,
        is_write: true,
        is_init: true,
    }));
    rows.extend(accesses.iter().map(|a| MemRow {
        addr8: a.addr8,
        ts: a.ts,
        value: a.value,
        is_write: a.is_write,
        is_init: false,
    }));
    rows.sort_unstable_by_key(|r| (r.addr8, r.ts));
    rows
}

/// Builds Mem's rows: one init row per initial word, one row per access, sorted by
/// (address, timestamp), after the start carry row, padded to a power of two: the whole of Mem
/// as one instance. Does not check consistency: a wrong witness makes a trace the AIR rejects.
pub fn mem_trace<F: PrimeField64>(accesses: &[Access], init: &[(u64, u64)]) -> MemTrace<F> {
    let rows = mem_rows(accesses, init);
    let mut range_values = Vec::with_capacity(3 * rows.len());
    let height = (rows.len() + 1).max(4).next_power_of_two();
    let trace = mem_instance(&rows, None, height, &mut |v| range_values.push(v));
    MemTrace {
        trace,
        range_values,
    }
}

/// One instance of Mem: a carry row of `prev` (the row before `rows` in Mem's order; `None`
/// for the first instance, whose carry row is the start row `(0, 0, 0, 0, is_real)` the
/// verifier sends), then `rows`, then zero rows up to `height`. Each row's order limbs are
/// handed to `range` (the carry row has none).
pub fn mem_instance<F: PrimeField64>(
    rows: &[MemRow],
    prev: Option<&MemRow>,
    height: usize,
    range: &mut impl FnMut(u64),
) -> RowMajorMatrix<F> {
    assert!(rows.len() < height, "Mem instance of {height} rows");
    let mut v = F::zero_vec(height * WIDTH);
    let state = prev.map_or([0; 4], |p| {
        [p.addr8, p.ts, p.value & 0xffff_ffff, p.value >> 32]
    });
    carry_row(&mut v[..WIDTH], state.map(F::from_u64), F::ONE);
    let mut prev = prev.map(|p| (p.addr8, p.ts));
    for (row, r) in v[WIDTH..].chunks_exact_mut(WIDTH).zip(rows) {
        let same = prev.is_some_and(|(a, _)| a == r.addr8);
        let increase = match prev {
            // A read may share the timestamp before it (two reads of one call), a write not.
            Some((_, pts)) if same => r.ts.wrapping_sub(pts).wrapping_sub(r.is_write as u64),
            Some((pa, _)) => r.addr8.wrapping_sub(pa).wrapping_sub(1),
            None => r.addr8.wrapping_sub(1),
        };
        let limbs = [
            increase & 0xffff,
            (increase >> 16) & 0xffff,
            (increase >> 32) & 0xffff,
        ];
        limbs.into_iter().for_each(&mut *range);
        row[ADDR8] = F::from_u64(r.addr8);
        row[TS] = F::from_u64(r.ts);
        row[IS_WRITE] = F::from_bool(r.is_write);
        row[V_LO] = F::from_u64(r.value & 0xffff_ffff);
        row[V_HI] = F::from_u64(r.value >> 32);
        row[IS_INIT] = F::from_bool(r.is_init);
        row[SAME] = F::from_bool(same);
        row[IS_REAL] = F::ONE;
        row[D0] = F::from_u64(limbs[0]);
        row[D1] = F::from_u64(limbs[1]);
        row[D2] = F::from_u64(limbs[2]);
        prev = Some((r.addr8, r.ts));
    }
    RowMajorMatrix::new(v, WIDTH)
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

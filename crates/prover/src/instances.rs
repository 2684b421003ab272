//! Cutting a witness into the instances of a proof, in canonical order: for each machine of the
//! registry, its instances in row order, then (for a table machine) its table's anchor.
//!
//! Each machine is cut by its [`Rows`] policy into instances of `2^log_rows` rows; only the last
//! instance of a machine is padded (to a power of two, at least 4 rows):
//! - Main: consecutive steps; every instance starts with a step (its `(pc, step)` arrives on
//!   the continuation bus), only the last holds the exit.
//! - Mem: rows sorted by (address, timestamp), the witness's row 0 the start carry row; each
//!   instance starts with a carry row of the row before its first (`zirv_sm_mem::carry_of`).
//! - Independent rows (MemAlign, the ALU machines): their non-zero rows, in order.
//! - Single machines: their one trace; a table machine's rows are `[table | multiplicities]`.
//!
//! [`cut`] cuts a whole witness (tests build witnesses, lying ones too, with
//! `zirv_witness::generate`); [`walk_instances`] makes the same instances from the chunk traces
//! without ever holding a whole trace (`zirv_witness::walk`): what `zirv prove` runs.

use p3_field::PrimeCharacteristicRing;
use p3_matrix::Matrix;
use p3_matrix::dense::RowMajorMatrix;
use zirv_machines::{MachineId, Rows, Val};
use zirv_sm_mem::carry_of;
use zirv_stark::instance::InstanceKind;
use zirv_witness::walk::padded;
use zirv_witness::{Piece, WalkOptions, Witness};

/// An instance and its rows.
#[derive(Clone)]
pub struct Instance {
    /// What it proves.
    pub kind: InstanceKind,
    /// Its place among the instances of its kind.
    pub index: usize,
    /// Its rows (the preprocessed slot of its proof).
    pub rows: RowMajorMatrix<Val>,
}

impl Instance {
    /// Its place in a proof's canonical order: registry order of machines, a machine's
    /// instances in row order, then its table's anchor.
    pub fn order_key(&self) -> (MachineId, bool, usize) {
        order_key(self.kind, self.index)
    }
}

/// The canonical order's key of instance `index` of `kind` (see [`Instance::order_key`]).
pub fn order_key(kind: InstanceKind, index: usize) -> (MachineId, bool, usize) {
    (
        kind.machine(),
        matches!(kind, InstanceKind::Anchor(_)),
        index,
    )
}

/// Every instance of the run of `rom` given by its chunk traces, input and outputs, as
/// [`cut`] would make them from its whole witness, handed to `visit` one at a time as the walk
/// makes them (machines interleaved; anchors last). `tables` as for [`cut`].
pub fn walk_instances(
    rom: &zirv_core::Rom,
    run: &Run<'_>,
    tables: &[(MachineId, RowMajorMatrix<Val>)],
    opts: WalkOptions,
    visit: &mut dyn FnMut(Instance) -> Result<(), crate::ProveError>,
) -> Result<zirv_witness::Walked, crate::ProveError> {
    let walked = zirv_witness::walk(
        rom,
        run.chunks,
        run.input,
        run.outputs,
        opts,
        &mut |piece: Piece| {
            let rows = match tables.iter().find(|(t, _)| *t == piece.machine) {
                Some((_, t)) => side_by_side(t, &piece.rows),
                None => piece.rows,
            };
            visit(Instance {
                kind: InstanceKind::Machine(piece.machine),
                index: piece.index,
                rows,
            })
        },
    )?;
    for (m, t) in tables {
        visit(Instance {
            kind: InstanceKind::Anchor(*m),
            index: 0,
            rows: t.clone(),
        })?;
    }
    Ok(walked)
}

/// A run to prove: its chunk traces (in order, the last ending in the exit), the input bytes it
/// ran on (as laid out after the free-input slot) and its public outputs.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    /// The chunk traces (a `Vec<ChunkTrace>`, or a `ChunkStore` partly on disk).
    pub chunks: &'a dyn zirv_emulator::ChunkSource,
    /// The input.
    pub input: &'a [u8],
    /// The public outputs.
    pub outputs: &'a [u32; zirv_core::memmap::NUM_OUTPUTS],
}

/// Every instance of `witness`, whose table machines answer from `tables` (each table machine's
/// fixed table, in registry order), cut at `2^log_rows` rows. Each machine's whole trace is
/// dropped once it is cut, so the witness and its instances are not both held.
pub fn cut(
    mut witness: Witness,
    tables: &[(MachineId, RowMajorMatrix<Val>)],
    log_rows: usize,
) -> Vec<Instance> {
    let h = 1usize << log_rows;
    let mut out = vec![];
    for &m in MachineId::ALL {
        let traces = witness.traces.remove(&m).unwrap_or_default();
        let parts = match m.spec().rows {
            Rows::Single => traces,
            Rows::Independent => cut_independent(&traces, h),
            Rows::MainChain => cut_rows(&traces[0], 0, witness.steps as usize, h),
            Rows::MemChain => cut_mem(&traces[0], h),
            Rows::Calls => {
                call_instances(m, witness.calls.remove(&m).unwrap_or_default(), log_rows)
            }
        };
        let table = tables.iter().find(|(t, _)| *t == m).map(|(_, t)| t);
        for (index, rows) in parts.into_iter().enumerate() {
            let rows = match table {
                Some(t) => side_by_side(t, &rows),
                None => rows,
            };
            out.push(Instance {
                kind: InstanceKind::Machine(m),
                index,
                rows,
            });
        }
        if let Some(t) = table {
            out.push(Instance {
                kind: InstanceKind::Anchor(m),
                index: 0,
                rows: t.clone(),
            });
        }
    }
    out
}

/// A precompile machine's instances, built from its calls as the walk builds them (the
/// look-ups they count are already in the witness's 16-bit table).
fn call_instances(
    m: MachineId,
    calls: Vec<zirv_core::event::PrecompileCall>,
    log_rows: usize,
) -> Vec<RowMajorMatrix<Val>> {
    let spec = m.spec();
    let build = spec.call_traces.expect("precompile machines build traces");
    let mut u16 = zirv_sm_tables::U16Counts::default();
    if calls.is_empty() {
        return vec![build(&[], &mut u16)];
    }
    calls
        .chunks(spec.calls_per_instance(log_rows))
        .map(|c| build(c, &mut u16))
        .collect()
}

/// Rows `[start, end)` of `t` in instances of `h` rows, the last padded with zero rows.
fn cut_rows(
    t: &RowMajorMatrix<Val>,
    start: usize,
    end: usize,
    h: usize,
) -> Vec<RowMajorMatrix<Val>> {
    let w = t.width;
    let mut out = vec![];
    let mut at = start;
    loop {
        let n = (end - at).min(h);
        let height = if n == h { h } else { padded(n) };
        let mut values = Val::zero_vec(height * w);
        values[..n * w].copy_from_slice(&t.values[at * w..(at + n) * w]);
        out.push(RowMajorMatrix::new(values, w));
        at += n;
        if at >= end {
            return out;
        }
    }
}

/// The non-zero rows of `traces`, in order, in instances of `h` rows.
fn cut_independent(traces: &[RowMajorMatrix<Val>], h: usize) -> Vec<RowMajorMatrix<Val>> {
    let w = traces.first().map_or(1, |t| t.width);
    let values: Vec<Val> = traces
        .iter()
        .flat_map(|t| t.values.chunks_exact(w))
        .filter(|r| r.iter().any(|v| *v != Val::ZERO))
        .flatten()
        .copied()
        .collect();
    let n = values.len() / w;
    cut_rows(&RowMajorMatrix::new(values, w), 0, n, h)
}

/// Mem's rows (row 0 the start carry row) in instances of `h` rows, each starting with a carry
/// row of the row before its first.
fn cut_mem(t: &RowMajorMatrix<Val>, h: usize) -> Vec<RowMajorMatrix<Val>> {
    use zirv_sm_mem::columns::IS_REAL;
    let w = t.width;
    let used = 1 + t
        .values
        .chunks_exact(w)
        .skip(1)
        .take_while(|r| r[IS_REAL] == Val::ONE)
        .count();
    let mut out = vec![];
    let mut at = 0; // the row carried into the next instance
    loop {
        let n = (used - 1 - at).min(h - 1);
        let height = if n + 1 == h { h } else { padded(n + 1) };
        let mut values = Val::zero_vec(height * w);
        values[..w].copy_from_slice(&carry_of(&t.values[at * w..(at + 1) * w]));
        values[w..(n + 1) * w].copy_from_slice(&t.values[(at + 1) * w..(at + 1 + n) * w]);
        out.push(RowMajorMatrix::new(values, w));
        at += n;
        if at + 1 >= used {
            return out;
        }
    }
}

/// `[a | b]` row by row (same height).
fn side_by_side(a: &RowMajorMatrix<Val>, b: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    assert_eq!(a.height(), b.height(), "a table and its multiplicities");
    let w = a.width + b.width;
    let mut values = Vec::with_capacity(a.height() * w);
    for (ra, rb) in a
        .values
        .chunks_exact(a.width)
        .zip(b.values.chunks_exact(b.width))
    {
        values.extend_from_slice(ra);
        values.extend_from_slice(rb);
    }
    RowMajorMatrix::new(values, w)
}

/// Mem's end state: `(addr8, ts, v_lo, v_hi, is_real)` of the last row of `rows`, Mem's last
/// instance.
pub fn mem_end(rows: &RowMajorMatrix<Val>) -> [Val; zirv_stark::proof::MEM_END] {
    use zirv_sm_mem::columns::{ADDR8, IS_REAL, TS, V_HI, V_LO};
    let w = rows.width;
    let row = &rows.values[rows.values.len() - w..];
    [ADDR8, TS, V_LO, V_HI, IS_REAL].map(|c| row[c])
}

#[cfg(test)]
mod tests {
    use super::*;
    use p3_field::PrimeField64;

    fn m(rows: &[u64], w: usize) -> RowMajorMatrix<Val> {
        RowMajorMatrix::new(rows.iter().map(|&v| Val::new(v)).collect(), w)
    }

    #[test]
    fn rows_are_cut_with_only_the_last_padded() {
        let t = m(&(1..=11).collect::<Vec<_>>(), 1);
        let parts = cut_rows(&t, 0, 11, 4);
        let heights: Vec<usize> = parts.iter().map(|p| p.height()).collect();
        assert_eq!(heights, [4, 4, 4]);
        assert_eq!(parts[2].values[2], Val::new(11));
        assert_eq!(parts[2].values[3], Val::ZERO);
        let parts = cut_rows(&t, 0, 11, 16);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].height(), 16);
    }

    #[test]
    fn independent_rows_drop_zero_rows() {
        let a = m(&[1, 0, 2, 0], 1);
        let b = m(&[3, 0], 1);
        let parts = cut_independent(&[a, b], 2);
        let all: Vec<u64> = parts
            .iter()
            .flat_map(|p| p.values.iter().map(|v| v.as_canonical_u64()))
            .collect();
        assert_eq!(all, [1, 2, 3, 0, 0, 0]);
    }
}

//! The ROM's witness: one multiplicity per row.

use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;

/// The multiplicity column: `counts[i]` executions of ROM instruction `i`, zero on padding rows.
/// `height` is the table's height.
pub fn multiplicity_trace<F: PrimeField64>(counts: &[u64], height: usize) -> RowMajorMatrix<F> {
    assert!(
        counts.len() <= height,
        "{} counts for a table of {height} rows",
        counts.len()
    );
    let mut values = F::zero_vec(height);
    for (v, &c) in values.iter_mut().zip(counts) {
        *v = F::from_u64(c);
    }
    RowMajorMatrix::new(values, 1)
}

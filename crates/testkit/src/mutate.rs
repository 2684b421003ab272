//! The every-cell mutation test: every cell of a row changed by +1 and by -1, and a judge that
//! says whether the change is caught.
//!
//! Every column of a machine is meant to be determined by the claim its rows answer: a changed
//! cell that passes the row's constraints and leaves what the row says on the buses unchanged
//! would be a second witness for the same claim.

use crate::Val;
use crate::check::{RowEval, eval_row};
use p3_air::Air;
use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;
use std::fmt::Debug;

/// Changes each cell of row `row` of `trace` by +1, then by -1, calling `f(trace, col, delta)`
/// with each change in place; the cell is restored after each call.
pub fn each_cell_change(
    trace: &mut RowMajorMatrix<Val>,
    row: usize,
    mut f: impl FnMut(&RowMajorMatrix<Val>, usize, Val),
) {
    let w = trace.width;
    for col in 0..w {
        for delta in [Val::ONE, Val::NEG_ONE] {
            let at = row * w + col;
            let keep = trace.values[at];
            trace.values[at] += delta;
            f(trace, col, delta);
            trace.values[at] = keep;
        }
    }
}

/// Every cell of rows `rows` of `trace` (an instance of `air`, no preprocessed columns or public
/// values) is determined: each honest row passes its constraints and `judge` accepts it
/// (`Ok`); each cell changed by +1 or -1 fails a constraint of its row, or `judge` rejects the
/// row (`Err`: e.g. a look-up a fixed table cannot answer), or says something else of it (e.g.
/// the row answers another claim). `name(col)` names a column in the failure message.
pub fn every_cell_is_determined<A, T, J>(
    air: &A,
    trace: &RowMajorMatrix<Val>,
    rows: impl IntoIterator<Item = usize>,
    judge: J,
    name: impl Fn(usize) -> String,
) where
    A: for<'a> Air<RowEval<'a>>,
    T: PartialEq + Debug,
    J: Fn(&RowEval<'_>) -> Result<T, String>,
{
    let mut t = trace.clone();
    for row in rows {
        let e = eval_row(air, trace, None, &[], row);
        assert!(e.failed.is_empty(), "row {row} fails honestly");
        let honest = judge(&e).unwrap_or_else(|err| panic!("row {row} honestly: {err}"));
        each_cell_change(&mut t, row, |t, col, delta| {
            let e = eval_row(air, t, None, &[], row);
            let caught = !e.failed.is_empty() || !judge(&e).is_ok_and(|j| j == honest);
            assert!(
                caught,
                "row {row}: column {} changed by {delta} is accepted",
                name(col)
            );
        });
    }
}

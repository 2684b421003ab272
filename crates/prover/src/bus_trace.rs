//! An instance's bus columns (its uni-stark main trace), built after the bus challenges: for
//! each row, each group's fraction `sum count_j / fingerprint_j`, and the running sum of the
//! rows before it; the last row's running sum plus its fractions is the instance's bus part.
//!
//! The messages of a row are those [`InstanceAir::messages`] yields when the machine's AIR runs
//! on the row's concrete values (a builder whose constraints are ignored here: the verifier
//! checks them), so prover and AIR cannot disagree on what a row sends.

use p3_air::{AirBuilder, RowWindow};
use p3_field::{PrimeCharacteristicRing, batch_multiplicative_inverse};
use p3_matrix::dense::RowMajorMatrix;
use rayon::prelude::*;
use zirv_stark::bus::{BusChallenges, limbs};
use zirv_stark::instance::{BUS_FIRST, BUS_GROUPS, BUS_LAST};
use zirv_stark::{Challenge, InstanceAir, Val};

/// Rows per parallel task.
const TASK_ROWS: usize = 1 << 12;

/// One row's values as an AIR builder; constraints are not evaluated.
struct RowBuilder<'a> {
    pre: RowWindow<'a, Val>,
    main: RowWindow<'a, Val>,
    publics: &'a [Val],
    row: usize,
    height: usize,
}

impl<'a> AirBuilder for RowBuilder<'a> {
    type F = Val;
    type Expr = Val;
    type Var = Val;
    type PreprocessedWindow = RowWindow<'a, Val>;
    type MainWindow = RowWindow<'a, Val>;
    type PublicVar = Val;
    type PeriodicVar = Val;

    fn main(&self) -> Self::MainWindow {
        self.main
    }
    fn preprocessed(&self) -> &Self::PreprocessedWindow {
        &self.pre
    }
    fn is_first_row(&self) -> Val {
        Val::from_bool(self.row == 0)
    }
    fn is_last_row(&self) -> Val {
        Val::from_bool(self.row + 1 == self.height)
    }
    fn is_transition(&self) -> Val {
        Val::from_bool(self.row + 1 < self.height)
    }
    fn assert_zero<I: Into<Val>>(&mut self, _x: I) {}
    fn public_values(&self) -> &[Val] {
        self.publics
    }
}

/// The bus columns of `rows` (an instance of `air`) under `ch`, and the instance's bus part.
/// `publics` are the instance's public values (the bus part's slot is not read).
pub fn bus_trace(
    air: &InstanceAir,
    rows: &RowMajorMatrix<Val>,
    ch: &BusChallenges,
    publics: &[Val],
) -> (RowMajorMatrix<Val>, Challenge) {
    let w = rows.width;
    let height = rows.values.len() / w;
    let bw = air.bus_width();
    let groups = air.groups();
    let mut out = Val::zero_vec(height * bw);
    let mut row_sums = vec![Challenge::ZERO; height];
    out.par_chunks_mut(TASK_ROWS * bw)
        .zip(row_sums.par_chunks_mut(TASK_ROWS))
        .enumerate()
        .for_each(|(task, (out, sums))| {
            let start = task * TASK_ROWS;
            let mut dens = vec![];
            let mut counts = vec![];
            let empty: [Val; 0] = [];
            for (k, _) in sums.iter().enumerate() {
                let i = start + k;
                let next = (i + 1) % height;
                let mut b = RowBuilder {
                    pre: RowWindow::from_two_rows(
                        &rows.values[i * w..(i + 1) * w],
                        &rows.values[next * w..(next + 1) * w],
                    ),
                    main: RowWindow::from_two_rows(&empty, &empty),
                    publics,
                    row: i,
                    height,
                };
                let (first, last) = (b.is_first_row(), b.is_last_row());
                let messages = air.messages(&mut b, first, last);
                for members in groups {
                    for &j in members {
                        dens.push(ch.fingerprint(&messages[j].0));
                        counts.push(messages[j].1);
                    }
                }
            }
            let invs = batch_multiplicative_inverse(&dens);
            let mut at = 0;
            for (k, sum) in sums.iter_mut().enumerate() {
                let row = &mut out[k * bw..(k + 1) * bw];
                for (g, members) in groups.iter().enumerate() {
                    let mut f = Challenge::ZERO;
                    for _ in members {
                        f += invs[at] * counts[at];
                        at += 1;
                    }
                    let at = BUS_GROUPS + 3 * g;
                    row[at..at + 3].copy_from_slice(&limbs(f));
                    *sum += f;
                }
            }
        });
    let mut acc = Challenge::ZERO;
    for (row, s) in out.chunks_exact_mut(bw).zip(&row_sums) {
        row[..3].copy_from_slice(&limbs(acc));
        acc += *s;
    }
    out[BUS_FIRST] = Val::ONE;
    out[(height - 1) * bw + BUS_LAST] = Val::ONE;
    (RowMajorMatrix::new(out, bw), acc)
}

//! Witness checking without proving: every constraint and every bus message of every row,
//! evaluated on the concrete trace values.
//!
//! A release-build prover does not look at the witness (shared/plonky3-notes.md §7.2); a bad
//! witness surfaces only as a rejected proof, far from its cause. [`check_witness`] names the
//! machine, row and constraint that fail, or the bus tuple that does not balance, in a fraction
//! of a proof's time. The soundness tests use [`eval_row`] to decide quickly whether a mutated
//! cell is caught: a row whose constraints hold and whose messages are unchanged would be
//! accepted; a failed constraint, or a changed multiset of messages in a witness that balanced
//! before, is rejected.

use crate::Val;
use p3_air::{Air, AirBuilder, BaseAir, RowWindow};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::HashMap;

/// A concrete evaluation of one row of one AIR.
pub struct RowEval<'a> {
    main: RowWindow<'a, Val>,
    preprocessed: RowWindow<'a, Val>,
    public_values: &'a [Val],
    row: usize,
    height: usize,
    next_constraint: usize,
    /// Indices (in evaluation order) of the constraints that do not hold.
    pub failed: Vec<usize>,
    /// Every message the row puts on a bus: `(bus, fields, signed count)`.
    pub messages: Vec<(String, Vec<Val>, Val)>,
}

impl<'a> AirBuilder for RowEval<'a> {
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
        &self.preprocessed
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
    fn assert_zero<I: Into<Val>>(&mut self, x: I) {
        if x.into() != Val::ZERO {
            self.failed.push(self.next_constraint);
        }
        self.next_constraint += 1;
    }
    fn public_values(&self) -> &[Val] {
        self.public_values
    }
}

impl InteractionBuilder for RowEval<'_> {
    fn push_interaction<E: Into<Val>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<Val>>,
    ) {
        let (count, _) = count.into().into_parts();
        let fields = fields.into_iter().map(Into::into).collect();
        self.messages.push((bus_name.to_string(), fields, count));
    }
    fn push_local_interaction(&mut self, tuples: impl IntoIterator<Item = (Vec<Val>, Count<Val>)>) {
        for (fields, count) in tuples {
            let (count, _) = count.into_parts();
            self.messages.push(("<local>".into(), fields, count));
        }
    }
}

/// A bus message: the bus and the tuple's canonical values.
type Message = (String, Vec<u64>);
/// Where a message was first seen: (instance, row).
type Location = (usize, usize);

/// Evaluates row `row` of `trace` (an instance of `air`, with its public values).
pub fn eval_row<'a, A>(
    air: &A,
    trace: &'a RowMajorMatrix<Val>,
    preprocessed: Option<&'a RowMajorMatrix<Val>>,
    public_values: &'a [Val],
    row: usize,
) -> RowEval<'a>
where
    A: Air<RowEval<'a>>,
{
    let w = trace.width;
    let height = trace.values.len() / w;
    let rows = |m: &'a RowMajorMatrix<Val>| {
        let w = m.width;
        let next = (row + 1) % height;
        RowWindow::from_two_rows(
            &m.values[row * w..(row + 1) * w],
            &m.values[next * w..(next + 1) * w],
        )
    };
    let mut b = RowEval {
        main: rows(trace),
        preprocessed: preprocessed.map_or(RowWindow::from_two_rows(&[], &[]), rows),
        public_values,
        row,
        height,
        next_constraint: 0,
        failed: vec![],
        messages: vec![],
    };
    air.eval(&mut b);
    b
}

/// Checks a whole witness: the constraints of every row of every instance, and that every bus
/// balances. The error names the first failures.
pub fn check_witness<A>(
    airs: &[A],
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
) -> Result<(), String>
where
    A: BaseAir<Val> + for<'a> Air<RowEval<'a>>,
{
    check_witness_with(airs, traces, public_values, &[])
}

/// As [`check_witness`], with messages from outside the instances (the verifier's boundary
/// messages: `(bus, fields, signed count)`).
pub fn check_witness_with<A>(
    airs: &[A],
    traces: &[RowMajorMatrix<Val>],
    public_values: &[Vec<Val>],
    outside: &[(String, Vec<Val>, Val)],
) -> Result<(), String>
where
    A: BaseAir<Val> + for<'a> Air<RowEval<'a>>,
{
    let mut errors = Vec::new();
    let mut balance: HashMap<Message, (Val, Location)> = HashMap::new();
    for (bus, fields, count) in outside {
        let key = (
            bus.clone(),
            fields.iter().map(|f| f.as_canonical_u64()).collect(),
        );
        balance.entry(key).or_insert((Val::ZERO, (usize::MAX, 0))).0 += *count;
    }
    for (i, (air, trace)) in airs.iter().zip(traces).enumerate() {
        let prep = air.preprocessed_trace();
        let height = trace.values.len() / trace.width;
        for row in 0..height {
            let e = eval_row(air, trace, prep.as_ref(), &public_values[i], row);
            if !e.failed.is_empty() && errors.len() < 8 {
                errors.push(format!(
                    "instance {i}, row {row}: constraints {:?} fail",
                    e.failed
                ));
            }
            for (bus, fields, count) in e.messages {
                let key = (bus, fields.iter().map(|f| f.as_canonical_u64()).collect());
                let entry = balance.entry(key).or_insert((Val::ZERO, (i, row)));
                entry.0 += count;
            }
        }
    }
    let mut unbalanced: Vec<_> = balance
        .into_iter()
        .filter(|(_, (c, _))| *c != Val::ZERO)
        .collect();
    unbalanced.sort_by_key(|(_, (_, at))| *at);
    for ((bus, fields), (count, (i, row))) in unbalanced.into_iter().take(8) {
        errors.push(format!(
            "bus {bus}: tuple {fields:?} has net count {count} (first seen: instance {i}, row {row})"
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

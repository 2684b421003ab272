//! A machine of Zirv and a test's stand-in [`Sender`], as one AIR type ([`TestAir`]), and
//! [`prove_and_verify`], which proves a set of instances with the real STARK and reports a
//! rejection either way (a debug-build prover panics on a bad witness; a release prover proves
//! and the verifier rejects).
//!
//! Plonky3's row selectors are not normalised (`is_first_row` is `N` on the first row), so a
//! machine that counts a message with `is_first_row()` or `is_last_row()` (Main, Mem) needs
//! real 0/1 flags: as in a Zirv proof (`zirv_stark::instance`), a machine here runs with two
//! flag columns appended to its trace, pinned to the first and last row, standing in for the
//! selectors.

use crate::Val;
use crate::sender::Sender;
use p3_air::{Air, AirBuilder, BaseAir, BoundaryPublic, WindowAccess};
use p3_batch_stark::{ProverData, StarkInstance, prove_batch, verify_batch};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;
use std::borrow::Cow;
use zirv_machines::ZirvAir;
use zirv_stark::instance::Cols;
use zirv_stark::{HashScheme, Poseidon2, SecurityLevel};

/// A machine of Zirv, or the test's sender.
#[derive(Clone)]
pub enum TestAir {
    /// A machine of the registry.
    Zirv(ZirvAir),
    /// The stand-in sender.
    Sender(Sender),
}

macro_rules! both {
    ($self:ident, $a:ident => $e:expr) => {
        match $self {
            TestAir::Zirv($a) => $e,
            TestAir::Sender($a) => $e,
        }
    };
}

impl BaseAir<Val> for TestAir {
    fn width(&self) -> usize {
        match self {
            TestAir::Zirv(a) => a.width() + 2,
            TestAir::Sender(a) => a.width(),
        }
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        both!(self, a => a.preprocessed_trace())
    }
    fn preprocessed_width(&self) -> usize {
        both!(self, a => a.preprocessed_width())
    }
    fn num_periodic_columns(&self) -> usize {
        both!(self, a => a.num_periodic_columns())
    }
    fn periodic_columns(&self) -> Cow<'_, [Vec<Val>]> {
        both!(self, a => a.periodic_columns())
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        match self {
            TestAir::Zirv(a) => {
                let mut cols = a.main_next_row_columns();
                cols.push(a.width());
                cols
            }
            TestAir::Sender(a) => a.main_next_row_columns(),
        }
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        both!(self, a => a.preprocessed_next_row_columns())
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        both!(self, a => a.max_constraint_degree())
    }
    fn num_public_values(&self) -> usize {
        both!(self, a => a.num_public_values())
    }
    fn public_boundary_io(&self) -> &[BoundaryPublic] {
        both!(self, a => a.public_boundary_io())
    }
}

impl<AB: AirBuilder<F = Val> + InteractionBuilder> Air<AB> for TestAir {
    fn eval(&self, builder: &mut AB) {
        match self {
            TestAir::Zirv(a) => {
                let w = a.width();
                let main = builder.main();
                let (cur, next) = (main.current_slice(), main.next_slice());
                if cur.len() == w {
                    // A concrete check (`check_witness`) of a trace without flag columns: its
                    // selectors are 0/1 already.
                    return a.eval(builder);
                }
                let (first, last): (AB::Expr, AB::Expr) = (cur[w].into(), cur[w + 1].into());
                builder.when_first_row().assert_one(first.clone());
                builder.when_last_row().assert_one(last.clone());
                builder.when_transition().assert_zero(next[w]);
                builder.when_transition().assert_zero(last.clone());
                let mut flagged = Flagged {
                    main: Cols::new(cur[..w].to_vec(), next[..w].to_vec()),
                    inner: builder,
                    first,
                    last,
                };
                a.eval(&mut flagged);
            }
            TestAir::Sender(a) => a.eval(builder),
        }
    }
}

/// A builder whose first and last row selectors are flag columns.
struct Flagged<'a, AB: AirBuilder> {
    inner: &'a mut AB,
    main: Cols<AB::Var>,
    first: AB::Expr,
    last: AB::Expr,
}

impl<AB: AirBuilder> AirBuilder for Flagged<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = Cols<AB::Var>;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> Cols<AB::Var> {
        self.main.clone()
    }
    fn preprocessed(&self) -> &AB::PreprocessedWindow {
        self.inner.preprocessed()
    }
    fn is_first_row(&self) -> AB::Expr {
        self.first.clone()
    }
    fn is_last_row(&self) -> AB::Expr {
        self.last.clone()
    }
    fn is_transition(&self) -> AB::Expr {
        self.inner.is_transition()
    }
    fn assert_zero<I: Into<AB::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(x);
    }
    fn public_values(&self) -> &[AB::PublicVar] {
        self.inner.public_values()
    }
    fn periodic_values(&self) -> &[AB::PeriodicVar] {
        self.inner.periodic_values()
    }
}

impl<AB: InteractionBuilder> InteractionBuilder for Flagged<'_, AB> {
    fn push_interaction<E: Into<AB::Expr>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) {
        self.inner.push_interaction(bus_name, fields, count);
    }
    fn push_local_interaction(
        &mut self,
        tuples: impl IntoIterator<Item = (Vec<AB::Expr>, Count<AB::Expr>)>,
    ) {
        self.inner.push_local_interaction(tuples);
    }
    fn num_global_interactions(&self) -> usize {
        self.inner.num_global_interactions()
    }
}

/// `trace` with the first- and last-row flag columns appended.
fn with_flags(trace: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    let w = trace.width;
    let height = trace.values.len() / w;
    let mut values = Vec::with_capacity(height * (w + 2));
    for (i, row) in trace.values.chunks_exact(w).enumerate() {
        values.extend_from_slice(row);
        values.push(Val::from_bool(i == 0));
        values.push(Val::from_bool(i + 1 == height));
    }
    RowMajorMatrix::new(values, w + 2)
}

/// Proves `(air, trace)` pairs (no public values) with Poseidon2 at the default security level
/// and verifies the proof against `verify_airs` (the verifier's view of the same machines; it
/// may describe another program). `Ok(())` when the proof verifies; `Err` when the prover
/// refuses the witness (panics or errs) or the verifier rejects.
pub fn prove_and_verify(
    instances: &[(TestAir, RowMajorMatrix<Val>)],
    verify_airs: &[TestAir],
) -> Result<(), String> {
    let config = Poseidon2::config(SecurityLevel::default());
    let traces: Vec<RowMajorMatrix<Val>> = instances
        .iter()
        .map(|(air, trace)| match air {
            TestAir::Zirv(_) => with_flags(trace),
            TestAir::Sender(_) => trace.clone(),
        })
        .collect();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let insts: Vec<StarkInstance<'_, _, _>> = instances
            .iter()
            .zip(&traces)
            .map(|((air, _), trace)| StarkInstance {
                air,
                trace,
                public_values: vec![],
            })
            .collect();
        let data = ProverData::from_instances(&config, &insts).map_err(|e| format!("{e:?}"))?;
        let proof = prove_batch(&config, &insts, &data).map_err(|e| format!("{e:?}"))?;
        let log_heights: Vec<usize> = instances
            .iter()
            .map(|(_, t)| (t.values.len() / t.width).trailing_zeros() as usize)
            .collect();
        let vdata = ProverData::from_airs_and_degrees(&config, verify_airs, &log_heights)
            .map_err(|e| format!("{e:?}"))?;
        let pvs = vec![vec![]; verify_airs.len()];
        verify_batch(&config, verify_airs, &proof, &pvs, &vdata.common)
            .map_err(|e| format!("{e:?}"))
    }));
    result.unwrap_or_else(|_| Err("the prover refused the witness".into()))
}

//! A machine of Zirv and a test's stand-in [`Sender`], as one AIR type ([`TestAir`]), and
//! [`prove_and_verify`], which proves a set of instances with the real STARK and reports a
//! rejection either way (a debug-build prover panics on a bad witness; a release prover proves
//! and the verifier rejects).

use crate::Val;
use crate::sender::Sender;
use p3_air::{Air, AirBuilder, BaseAir, BoundaryPublic};
use p3_batch_stark::{ProverData, StarkInstance, prove_batch, verify_batch};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;
use std::borrow::Cow;
use zirv_machines::ZirvAir;
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
        both!(self, a => a.width())
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
        both!(self, a => a.main_next_row_columns())
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
        both!(self, a => a.eval(builder))
    }
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
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let insts: Vec<StarkInstance<'_, _, _>> = instances
            .iter()
            .map(|(air, trace)| StarkInstance {
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

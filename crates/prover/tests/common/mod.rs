//! The test harness shared by the machine tests: Zirv's machines plus a stand-in sender (where
//! Main will be), as one AIR type, and [`prove_and_verify!`], which reports a rejection either
//! way (a debug-build prover panics on a bad witness; a release prover proves and the verifier
//! rejects).

#![allow(dead_code)]

pub mod programs;

use p3_air::{Air, AirBuilder, BaseAir, BoundaryPublic};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;
use std::borrow::Cow;
use zirv_machines::Val;
use zirv_machines::ZirvAir;

/// A machine of Zirv, or the test's sender.
#[derive(Clone)]
pub enum TestAir<S> {
    Zirv(ZirvAir),
    Sender(S),
}

macro_rules! both {
    ($self:ident, $a:ident => $e:expr) => {
        match $self {
            TestAir::Zirv($a) => $e,
            TestAir::Sender($a) => $e,
        }
    };
}

impl<S: BaseAir<Val>> BaseAir<Val> for TestAir<S> {
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

impl<AB: AirBuilder<F = Val> + InteractionBuilder, S: Air<AB>> Air<AB> for TestAir<S> {
    fn eval(&self, builder: &mut AB) {
        both!(self, a => a.eval(builder))
    }
}

/// Proves `(air, trace)` pairs (a slice) and verifies the proof with `verify_airs` (the
/// verifier's view of the same machines; it may describe another program). Evaluates to
/// `Ok(())` when the proof verifies. A macro, so that the AIR bounds Plonky3 asks for are
/// inferred for each test's sender type.
#[macro_export]
macro_rules! prove_and_verify {
    ($instances:expr, $verify_airs:expr) => {{
        use p3_batch_stark::{ProverData, StarkInstance, prove_batch, verify_batch};
        let instances = $instances;
        let verify_airs = $verify_airs;
        let config = <zirv_stark::Poseidon2 as zirv_stark::HashScheme>::config(
            zirv_stark::SecurityLevel::default(),
        );
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let insts: Vec<StarkInstance<'_, _, _>> = instances
                .iter()
                .map(|(air, trace)| StarkInstance {
                    air,
                    trace,
                    public_values: vec![],
                })
                .collect();
            let data = ProverData::from_instances(&config, &insts).unwrap();
            let proof = prove_batch(&config, &insts, &data).unwrap();
            let log_heights: Vec<usize> = instances
                .iter()
                .map(|(_, t)| (t.values.len() / t.width).trailing_zeros() as usize)
                .collect();
            let vdata =
                ProverData::from_airs_and_degrees(&config, verify_airs, &log_heights).unwrap();
            let pvs = vec![vec![]; verify_airs.len()];
            verify_batch(&config, verify_airs, &proof, &pvs, &vdata.common)
                .map_err(|e| format!("{e:?}"))
        }));
        result.unwrap_or_else(|_| Err::<(), String>("the prover refused the witness".into()))
    }};
}

/// Verifies with the default options and returns the outputs of a valid proof.
pub fn verify(
    bytes: &[u8],
    expected: zirv_sdk::Expected<'_>,
) -> Result<[u32; zirv_core::memmap::NUM_OUTPUTS], zirv_sdk::VerifyError> {
    zirv_sdk::verify(bytes, expected, &zirv_sdk::VerifyOptions::default()).map(|v| v.outputs)
}

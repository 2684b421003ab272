//! A trivial, test-only machine: four rows counting 0, 1, 2, 3.
//!
//! It exists to show, and to test, what adding a machine to Zirv takes (ARCHITECTURE.md,
//! "Adding a machine"): this crate, one entry in `zirv-machines`' registry (behind that crate's
//! `test-machine` feature), and nothing else. With the feature on, every proof carries one
//! Example instance, the verifier checks its height from the registry, and a wrong counter is
//! rejected (`crates/prover/tests/test_machine.rs`).
//!
//! **Proves**: the first row's counter is 0 and each row's is the previous one's plus 1.

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::op::Op;
use zirv_sm_tables::U16Counts;

/// log2 of the machine's height.
pub const LOG_ROWS: usize = 2;

/// The machine: one column, a counter.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExampleAir;

impl<F> BaseAir<F> for ExampleAir {
    fn width(&self) -> usize {
        1
    }
}

impl<AB: AirBuilder> Air<AB> for ExampleAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: AB::Expr = main.current(0).expect("one column").into();
        let next: AB::Expr = main.next(0).expect("one column").into();
        builder.when_first_row().assert_zero(local.clone());
        builder
            .when_transition()
            .assert_eq(next, local + AB::Expr::ONE);
    }
}

/// Its trace (it answers no ops; the registry's trace builders all take the routed ops).
pub fn example_traces<F: PrimeField64>(
    _ops: &[(Op, u64, u64)],
    _u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let rows = (0..1u64 << LOG_ROWS).map(F::from_u64).collect();
    RowMajorMatrix::new(rows, 1)
}

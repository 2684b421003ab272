//! Fixed lookup tables, each a preprocessed column with a multiplicity column.
//!
//! [`RangeAir`]: the values `0..2^16`; a lookup of `[Range, v]` proves `v < 2^16`. Every machine
//! that splits a number into 16-bit limbs (Mem's address and timestamp increases, MemAlign's
//! bytes, the ALU machines' limbs) looks its limbs up here.

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use zirv_data_bus::{BUS, BusId, tuple};

/// Bits of a range-checked limb.
pub const RANGE_BITS: usize = 16;
/// Rows of the range table.
pub const RANGE_HEIGHT: usize = 1 << RANGE_BITS;

/// The 16-bit range table.
#[derive(Clone, Copy, Debug, Default)]
pub struct RangeAir;

impl<F: PrimeField64> BaseAir<F> for RangeAir {
    fn width(&self) -> usize {
        1
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        Some(RowMajorMatrix::new(
            (0..RANGE_HEIGHT as u64).map(F::from_u64).collect(),
            1,
        ))
    }
    fn preprocessed_width(&self) -> usize {
        1
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB> Air<AB> for RangeAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let mult: AB::Expr = builder.main().current(0).expect("one column").into();
        let v: AB::Expr = builder
            .preprocessed()
            .current(0)
            .expect("one column")
            .into();
        let key = tuple(AB::Expr::from_u32(BusId::Range as u32), [v], AB::Expr::ZERO);
        LookupBus::new(BUS).table_entry(builder, key, mult);
    }
}

/// The multiplicity column from the values looked up (each must be `< 2^16`).
pub fn range_trace<F: PrimeField64>(values: impl IntoIterator<Item = u64>) -> RowMajorMatrix<F> {
    let mut counts = vec![0u64; RANGE_HEIGHT];
    for v in values {
        counts[v as usize] += 1;
    }
    RowMajorMatrix::new(counts.into_iter().map(F::from_u64).collect(), 1)
}

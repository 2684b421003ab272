//! Fixed lookup tables, each a preprocessed column with a multiplicity column, and the plumbing
//! every machine with a fixed (preprocessed) table shares: [`FixedTable`] and
//! [`impl_fixed_table_base_air!`].
//!
//! [`RangeAir`]: the values `0..2^16`; a lookup of `[Range, v]` proves `v < 2^16`. Every machine
//! that splits a number into 16-bit limbs (Mem's address and timestamp increases, MemAlign's
//! bytes, the ALU machines' limbs) looks its limbs up here.

use p3_air::{Air, AirBuilder, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::sync::Arc;
use zirv_data_bus::{BUS, BusId, tuple};

/// A preprocessed table, built once and shared by clones (Plonky3 asks for it on every proof).
#[derive(Clone, Debug)]
pub struct FixedTable<F> {
    matrix: Arc<RowMajorMatrix<F>>,
}

impl<F: Clone + Send + Sync> FixedTable<F> {
    /// Wraps a table.
    pub fn new(matrix: RowMajorMatrix<F>) -> Self {
        FixedTable {
            matrix: Arc::new(matrix),
        }
    }
    /// Its rows.
    pub fn height(&self) -> usize {
        self.matrix.values.len() / self.matrix.width
    }
    /// Its columns.
    pub fn width(&self) -> usize {
        self.matrix.width
    }
    /// A copy of the matrix (for `BaseAir::preprocessed_trace`).
    pub fn matrix(&self) -> RowMajorMatrix<F> {
        (*self.matrix).clone()
    }
}

/// Implements `BaseAir<F>` for `$ty<F>`, a machine with one main column and a preprocessed
/// [`FixedTable`] in its field `table`, reading neither's next row.
#[macro_export]
macro_rules! impl_fixed_table_base_air {
    ($ty:ident) => {
        impl<F: p3_field::PrimeField64> p3_air::BaseAir<F> for $ty<F> {
            fn width(&self) -> usize {
                1
            }
            fn preprocessed_trace(&self) -> Option<p3_matrix::dense::RowMajorMatrix<F>> {
                Some(self.table.matrix())
            }
            fn preprocessed_width(&self) -> usize {
                self.table.width()
            }
            fn preprocessed_next_row_columns(&self) -> Vec<usize> {
                vec![]
            }
            fn main_next_row_columns(&self) -> Vec<usize> {
                vec![]
            }
        }
    };
}

/// Bits of a range-checked limb.
pub const RANGE_BITS: usize = 16;
/// Rows of the range table.
pub const RANGE_HEIGHT: usize = 1 << RANGE_BITS;

/// The 16-bit range table.
#[derive(Clone, Debug)]
pub struct RangeAir<F> {
    table: FixedTable<F>,
}

impl<F: PrimeField64> Default for RangeAir<F> {
    fn default() -> Self {
        let values = (0..RANGE_HEIGHT as u64).map(F::from_u64).collect();
        RangeAir {
            table: FixedTable::new(RowMajorMatrix::new(values, 1)),
        }
    }
}

impl_fixed_table_base_air!(RangeAir);

impl<AB> Air<AB> for RangeAir<AB::F>
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

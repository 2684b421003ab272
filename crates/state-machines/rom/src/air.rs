//! The ROM AIR.
//!
//! Constraints:
//! 1. `(1 - valid) * mult = 0`: padding rows have multiplicity 0, so no lookup can match them.
//! 2. `table_entry(bus, [ROM, fields...], mult)`: each row provides its tuple `mult` times.
//!
//! Nothing else: the fields are preprocessed (fixed by the program id), and the bus argument
//! makes every Main lookup match some row with the right multiplicity.

use crate::columns::{NUM_FIELDS, PREP_WIDTH, VALID, rom_table};
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::sync::Arc;
use zirv_core::Rom;
use zirv_data_bus::{BusId, ROM_BUS, rom_tuple};

/// The ROM machine of one program. Cloning shares the (cached) table.
#[derive(Clone, Debug)]
pub struct RomAir<F> {
    table: Arc<RowMajorMatrix<F>>,
}

impl<F: PrimeField64> RomAir<F> {
    /// The machine for `rom`.
    pub fn new(rom: &Rom) -> Self {
        RomAir {
            table: Arc::new(rom_table(rom)),
        }
    }

    /// A machine of `height` rows whose table is all padding: a verifier that knows only a
    /// program id builds the proof's shape from it (the commitment comes from the id).
    pub fn placeholder(height: usize) -> Self {
        RomAir {
            table: Arc::new(RowMajorMatrix::new(
                F::zero_vec(height * PREP_WIDTH),
                PREP_WIDTH,
            )),
        }
    }

    /// The table's height (a power of two).
    pub fn height(&self) -> usize {
        self.table.values.len() / PREP_WIDTH
    }
}

impl<F: PrimeField64> BaseAir<F> for RomAir<F> {
    fn width(&self) -> usize {
        1
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        Some((*self.table).clone())
    }
    fn preprocessed_width(&self) -> usize {
        PREP_WIDTH
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB> Air<AB> for RomAir<AB::F>
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let mult: AB::Expr = builder.main().current(0).expect("one main column").into();
        let prep: Vec<AB::Expr> = builder
            .preprocessed()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let valid = prep[VALID].clone();
        builder.assert_zero((AB::Expr::ONE - valid) * mult.clone());
        let key = rom_tuple(
            AB::Expr::from_u32(BusId::Rom as u32),
            prep[..NUM_FIELDS].iter().cloned(),
        );
        LookupBus::new(ROM_BUS).table_entry(builder, key, mult);
    }
}

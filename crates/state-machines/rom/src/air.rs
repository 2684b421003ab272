//! The ROM AIR.
//!
//! Constraints:
//! 1. `(1 - valid) * mult = 0`: padding rows have multiplicity 0, so no lookup can match them.
//! 2. `table_entry(bus, [ROM, fields...], mult)`: each row provides its tuple `mult` times.
//!
//! Nothing else: the fields are preprocessed (fixed by the program id), and the bus argument
//! makes every Main lookup match some row with the right multiplicity.

use crate::columns::{NUM_FIELDS, PREP_WIDTH, VALID, rom_table};
use p3_air::{Air, AirBuilder, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use zirv_core::Rom;
use zirv_data_bus::{BusId, ROM_BUS, rom_tuple};
use zirv_sm_tables::FixedTable;

/// The ROM machine of one program. Cloning shares the (cached) table.
#[derive(Clone, Debug)]
pub struct RomAir<F> {
    table: FixedTable<F>,
}

impl<F: PrimeField64> RomAir<F> {
    /// The machine for `rom`.
    pub fn new(rom: &Rom) -> Self {
        RomAir {
            table: FixedTable::new(rom_table(rom)),
        }
    }

    /// The verifier's view: the shape without the program (a verifier that knows only a program
    /// id; the table's commitment and height come from the id).
    pub fn shape_only() -> Self {
        RomAir {
            table: FixedTable::shape_only(PREP_WIDTH),
        }
    }

    /// The table's height (a power of two; `None` for the shape-only view).
    pub fn height(&self) -> Option<usize> {
        self.table.height()
    }
}

zirv_sm_tables::impl_fixed_table_base_air!(RomAir);

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

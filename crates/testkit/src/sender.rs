//! A stand-in bus sender for any tuple: where Main (or any other machine) will send, a test's
//! [`Sender`] sends given tuples, so that a machine's bus traffic can be balanced (or not) in
//! isolation.

use crate::Val;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use zirv_data_bus::{BUS, BusId, ROM_BUS, rom_tuple, tuple};

/// Sends one tuple of `fields` values per row on the bus of `id`, with the row's count.
///
/// A row is `[fields..., count]`; the count is constrained to -1, 0 or 1 (a row receives once,
/// sends nothing, or sends once). The tuple goes on [`ROM_BUS`] as [`rom_tuple`] for [`BusId::Rom`], and on [`BUS`] as
/// [`tuple`] (the id, then the fields, zero-padded) for every other id.
#[derive(Clone, Copy, Debug)]
pub struct Sender {
    /// The logical bus.
    pub id: BusId,
    /// How many fields a tuple has (the row's width is one more: the count).
    pub fields: usize,
}

impl Sender {
    /// A sender of `fields`-field tuples on the bus of `id`.
    pub const fn new(id: BusId, fields: usize) -> Self {
        Sender { id, fields }
    }

    /// The sender's trace: one row per tuple of `rows` (each of [`Self::fields`] values), sent
    /// once; then zero rows that send nothing, up to a power of two (at least 4).
    pub fn trace(
        &self,
        rows: impl IntoIterator<Item: IntoIterator<Item = Val>>,
    ) -> RowMajorMatrix<Val> {
        self.signed_trace(rows.into_iter().map(|r| (r, Val::ONE)))
    }

    /// As [`Self::trace`], each tuple with its count (1 sends, -1 receives).
    pub fn signed_trace(
        &self,
        rows: impl IntoIterator<Item = (impl IntoIterator<Item = Val>, Val)>,
    ) -> RowMajorMatrix<Val> {
        let width = self.fields + 1;
        let mut values = Vec::new();
        for (row, count) in rows {
            let start = values.len();
            values.extend(row);
            assert_eq!(
                values.len() - start,
                self.fields,
                "a sent tuple has every field"
            );
            values.push(count);
        }
        let height = (values.len() / width).max(4).next_power_of_two();
        values.resize(height * width, Val::ZERO);
        RowMajorMatrix::new(values, width)
    }
}

impl BaseAir<Val> for Sender {
    fn width(&self) -> usize {
        self.fields + 1
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: AirBuilder<F = Val> + InteractionBuilder> Air<AB> for Sender {
    fn eval(&self, builder: &mut AB) {
        let r: Vec<AB::Expr> = builder
            .main()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let (fields, count) = (r[..self.fields].iter().cloned(), r[self.fields].clone());
        builder.assert_zero(count.clone() * count.clone() * count.clone() - count.clone());
        let id = AB::Expr::from_u32(self.id as u32);
        let (bus, key) = match self.id {
            BusId::Rom => (ROM_BUS, rom_tuple(id, fields)),
            _ => (BUS, tuple(id, fields, AB::Expr::ZERO)),
        };
        LookupBus::new(bus).lookup_key(builder, key, Count::bounded(count, 1));
    }
}

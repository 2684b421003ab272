//! Fixed lookup tables, each a preprocessed column with a multiplicity column, and the plumbing
//! every machine with a fixed (preprocessed) table shares: [`FixedTable`] and
//! [`impl_fixed_table_base_air!`].
//!
//! [`RangeAir`]: the 16-bit table, rows `0..2^16`. A lookup of `[Range, v]` proves `v < 2^16`
//! (Mem's address and timestamp increases, MemAlign's address limbs, Main's address limbs, the
//! ALU machines' limbs); `[Bytes, b0, b1]` proves two bytes (MemAlign); `[Region, block, ..]`
//! gives the memory map's class of a 64 KiB block (Main's load and store addresses).

use p3_air::{Air, AirBuilder, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::sync::Arc;
use zirv_core::memmap::Region;
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

/// The 16-bit table's preprocessed columns: `v`, `v & 0xff`, `v >> 8`, and the region class of
/// the 64 KiB block `v` (`region`, `readable`, `writable`).
pub const U16_PREP_WIDTH: usize = 6;
/// Its multiplicity columns: range, bytes, region.
pub const U16_WIDTH: usize = 3;

/// The region id of a 64 KiB block: INPUT 1, program ROM 2, read/write memory (stack, OUTPUT,
/// data: one id, because the emulator lets an access run from OUTPUT into data) 3, SYS 4,
/// anything else 0. An access must not span two ids (the emulator refuses such accesses).
pub fn block_region(block: u64) -> (u64, bool, bool) {
    let r = Region::of(block << 16);
    let id = match r {
        Region::Input => 1,
        Region::Rom => 2,
        Region::Stack | Region::Output | Region::Data => 3,
        Region::Sys => 4,
        Region::Boot | Region::Unmapped => 0,
    };
    (id, r.readable(), r.writable())
}

/// The 16-bit table: one row per `v < 2^16`, answering three kinds of look-ups with one
/// multiplicity column each:
/// - `[Range, v]`: `v < 2^16`;
/// - `[Bytes, v & 0xff, v >> 8]`: two bytes;
/// - `[Region, v, region, readable, writable]`: the region class of the block `v`
///   (addresses `v << 16 ..`), see [`block_region`]. It also proves `v < 2^16`.
///
/// One table, because each table in a proof costs an instance with its own LogUp columns, and
/// all three have the same 2^16 rows.
#[derive(Clone, Debug)]
pub struct RangeAir<F> {
    table: FixedTable<F>,
}

impl<F: PrimeField64> Default for RangeAir<F> {
    fn default() -> Self {
        let mut values = Vec::with_capacity(RANGE_HEIGHT * U16_PREP_WIDTH);
        for v in 0..RANGE_HEIGHT as u64 {
            let (id, r, w) = block_region(v);
            values.extend([
                F::from_u64(v),
                F::from_u64(v & 0xff),
                F::from_u64(v >> 8),
                F::from_u64(id),
                F::from_bool(r),
                F::from_bool(w),
            ]);
        }
        RangeAir {
            table: FixedTable::new(RowMajorMatrix::new(values, U16_PREP_WIDTH)),
        }
    }
}

impl<F: PrimeField64> p3_air::BaseAir<F> for RangeAir<F> {
    fn width(&self) -> usize {
        U16_WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        Some(self.table.matrix())
    }
    fn preprocessed_width(&self) -> usize {
        U16_PREP_WIDTH
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB> Air<AB> for RangeAir<AB::F>
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let m: Vec<AB::Expr> = builder
            .main()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let p: Vec<AB::Expr> = builder
            .preprocessed()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        bus.table_entry(
            builder,
            tuple(id(BusId::Range), [p[0].clone()], AB::Expr::ZERO),
            m[0].clone(),
        );
        bus.table_entry(
            builder,
            tuple(
                id(BusId::Bytes),
                [p[1].clone(), p[2].clone()],
                AB::Expr::ZERO,
            ),
            m[1].clone(),
        );
        bus.table_entry(
            builder,
            tuple(
                id(BusId::Region),
                [p[0].clone(), p[3].clone(), p[4].clone(), p[5].clone()],
                AB::Expr::ZERO,
            ),
            m[2].clone(),
        );
    }
}

/// How often each kind of look-up hit each value of the 16-bit table.
#[derive(Clone, Debug)]
pub struct U16Counts {
    /// `[Range, v]` look-ups per `v`.
    pub range: Vec<u32>,
    /// `[Bytes, lo, hi]` look-ups per `lo + 256 hi`.
    pub bytes: Vec<u32>,
    /// `[Region, block, ..]` look-ups per block.
    pub region: Vec<u32>,
}

impl Default for U16Counts {
    fn default() -> Self {
        U16Counts {
            range: vec![0; RANGE_HEIGHT],
            bytes: vec![0; RANGE_HEIGHT],
            region: vec![0; RANGE_HEIGHT],
        }
    }
}

impl U16Counts {
    /// Counts a range look-up of `v` (< 2^16).
    #[inline]
    pub fn range(&mut self, v: u64) {
        self.range[v as usize] += 1;
    }
    /// Counts a byte-pair look-up.
    #[inline]
    pub fn bytes(&mut self, lo: u8, hi: u8) {
        self.bytes[lo as usize | (hi as usize) << 8] += 1;
    }
    /// Counts a region look-up of a block.
    #[inline]
    pub fn region(&mut self, block: u64) {
        self.region[block as usize] += 1;
    }
    /// Adds another set of counts.
    pub fn merge(&mut self, other: &U16Counts) {
        for (a, b) in [
            (&mut self.range, &other.range),
            (&mut self.bytes, &other.bytes),
            (&mut self.region, &other.region),
        ] {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
    }
    /// The table's main trace.
    pub fn trace<F: PrimeField64>(&self) -> RowMajorMatrix<F> {
        let mut values = Vec::with_capacity(RANGE_HEIGHT * U16_WIDTH);
        for i in 0..RANGE_HEIGHT {
            values.extend([
                F::from_u32(self.range[i]),
                F::from_u32(self.bytes[i]),
                F::from_u32(self.region[i]),
            ]);
        }
        RowMajorMatrix::new(values, U16_WIDTH)
    }
}

/// The multiplicity columns when only range look-ups of `values` (each `< 2^16`) happen.
pub fn range_trace<F: PrimeField64>(values: impl IntoIterator<Item = u64>) -> RowMajorMatrix<F> {
    let mut c = U16Counts::default();
    values.into_iter().for_each(|v| c.range(v));
    c.trace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_the_memory_map() {
        assert_eq!(block_region(0x0000), (0, false, false));
        assert_eq!(block_region(0x1000), (1, true, false));
        assert_eq!(block_region(0x8fff), (1, true, false));
        assert_eq!(block_region(0x9000), (2, true, false));
        assert_eq!(block_region(0x9800), (0, false, false));
        assert_eq!(block_region(0xa03f), (3, true, true));
        assert_eq!(block_region(0xa040), (4, false, false));
        assert_eq!(block_region(0xa041), (3, true, true));
        assert_eq!(block_region(0xbfff), (3, true, true));
        assert_eq!(block_region(0xc000), (0, false, false));
    }
}

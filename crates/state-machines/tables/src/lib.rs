//! Fixed lookup tables, each a preprocessed column with a multiplicity column, and the plumbing
//! every machine with a fixed (preprocessed) table shares: [`FixedTable`] and
//! [`impl_fixed_table_base_air!`].
//!
//! [`RangeAir`]: the 16-bit table, rows `0..2^16`, answering several kinds of look-ups
//! ([`U16_KINDS`]): `[Range, v]` proves `v < 2^16` (Mem's address and timestamp increases,
//! MemAlign's and Main's address limbs, the ALU machines' limbs); `[Bytes, b0, b1]` proves two
//! bytes (MemAlign); `[Region, block, ..]` gives the memory map's class of a 64 KiB block
//! (Main's load and store addresses); `Logic`, `BytesMsb`, `RangeMsb`, `U4` and `Shamt` serve
//! the Binary, Arith and Shift machines.

use p3_air::{Air, AirBuilder, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::sync::Arc;
use zirv_core::memmap::Region;
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};

/// A preprocessed table, built once and shared by clones (Plonky3 asks for it on every proof).
///
/// A verifier does not need the table's values, only its width: the values are committed in the
/// program id. [`FixedTable::shape_only`] is that verifier's view; its `preprocessed_trace` is
/// `None`, so building the verifying data commits nothing.
#[derive(Clone, Debug)]
pub struct FixedTable<F> {
    matrix: Option<Arc<RowMajorMatrix<F>>>,
    width: usize,
}

impl<F: Clone + Send + Sync> FixedTable<F> {
    /// Wraps a table.
    pub fn new(matrix: RowMajorMatrix<F>) -> Self {
        FixedTable {
            width: matrix.width,
            matrix: Some(Arc::new(matrix)),
        }
    }
    /// A table of `width` columns whose values only the program id knows (a verifier's view).
    pub fn shape_only(width: usize) -> Self {
        FixedTable {
            matrix: None,
            width,
        }
    }
    /// Its rows (`None` for a shape-only table).
    pub fn height(&self) -> Option<usize> {
        self.matrix.as_ref().map(|m| m.values.len() / m.width)
    }
    /// Its columns.
    pub fn width(&self) -> usize {
        self.width
    }
    /// A copy of the matrix (for `BaseAir::preprocessed_trace`); `None` when shape-only.
    pub fn matrix(&self) -> Option<RowMajorMatrix<F>> {
        self.matrix.as_ref().map(|m| (**m).clone())
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
                self.table.matrix()
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

/// A machine's trace with one row per item, filled by `fill`, and zero padding up to `height`
/// rows of `width` columns.
pub fn rows_trace<F: PrimeField64, T>(
    items: &[T],
    height: usize,
    width: usize,
    mut fill: impl FnMut(&T, &mut [F]),
) -> RowMajorMatrix<F> {
    let mut values = F::zero_vec(height * width);
    for (row, item) in values.chunks_exact_mut(width).zip(items) {
        fill(item, row);
    }
    RowMajorMatrix::new(values, width)
}

/// Fills an ALU machine's row (zeroed) for `(op, a, b)` and counts its 16-bit table look-ups.
pub type AluFill<F> = fn(Op, u64, u64, &mut [F], &mut U16Counts);

/// One instance of an ALU machine (Binary, Arith, Shift) with a row per op, padded with zero
/// rows to a power of two (at least 4).
pub fn alu_trace<F: PrimeField64>(
    ops: &[(Op, u64, u64)],
    width: usize,
    fill: AluFill<F>,
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let height = ops.len().max(4).next_power_of_two();
    rows_trace(ops, height, width, |&(op, a, b), row| {
        fill(op, a, b, row, u16)
    })
}

/// Bits of a range-checked limb.
pub const RANGE_BITS: usize = 16;
/// Rows of the range table.
pub const RANGE_HEIGHT: usize = 1 << RANGE_BITS;

/// The region id of a 64 KiB block: INPUT 1, program ROM 2, read/write memory (stack, OUTPUT,
/// data: one id, because the emulator lets an access run from OUTPUT into data) 3, SYS 4,
/// anything else 0. An access must not span two ids (the emulator refuses such accesses).
pub fn block_region(block: u64) -> (u64, bool, bool) {
    let r = Region::of(block << 16);
    (r.class(), r.readable(), r.writable())
}

/// The 16-bit table's look-up kinds, one multiplicity column each, in column order. For a row
/// `v = lo + 256 hi` (`lo`, `hi` its bytes), each kind answers one tuple:
///
/// | kind | tuple payload | proves |
/// |---|---|---|
/// | `Range` | `v` | `v < 2^16` |
/// | `Bytes` | `lo, hi` | two bytes |
/// | `Region` | `v, region, readable, writable` | the class of the 64 KiB block `v` ([`block_region`]) |
/// | `Logic` | `lo, hi, lo & hi, lo ^ hi, lo >> 7, hi >> 7` | two bytes, their and/xor and sign bits (Binary) |
/// | `BytesMsb` | `lo, hi, lo >> 7, hi >> 7` | two bytes and their sign bits (Binary's result) |
/// | `RangeMsb` | `v, v >> 15` | a 16-bit limb and its top bit (Arith's and Shift's sign bits) |
/// | `U4` | `v, v < 16` | sent with `1`: `v < 16` (Arith's carries' high parts) |
/// | `Shamt` | `v, (v >> 4) & 3, (v >> 4) & 1, 2^(v & 15)` | a shift amount's parts (Shift) |
///
/// One table, because each table in a proof costs an instance with its own LogUp columns, and
/// all kinds share the same 2^16 rows.
pub const U16_KINDS: [BusId; 8] = [
    BusId::Range,
    BusId::Bytes,
    BusId::Region,
    BusId::Logic,
    BusId::BytesMsb,
    BusId::RangeMsb,
    BusId::U4,
    BusId::Shamt,
];

/// The 16-bit table's preprocessed columns (see [`u16_row`]).
pub const U16_PREP_WIDTH: usize = 15;
/// Its multiplicity columns, one per kind of [`U16_KINDS`].
pub const U16_WIDTH: usize = U16_KINDS.len();

/// The preprocessed row of `v`: `v, lo, hi, region, readable, writable, lo & hi, lo ^ hi,
/// lo >> 7, hi >> 7, v >> 15, v < 16, (v >> 4) & 3, (v >> 4) & 1, 2^(v & 15)`.
pub fn u16_row(v: u64) -> [u64; U16_PREP_WIDTH] {
    let (lo, hi) = (v & 0xff, v >> 8);
    let (id, r, w) = block_region(v);
    [
        v,
        lo,
        hi,
        id,
        r as u64,
        w as u64,
        lo & hi,
        lo ^ hi,
        lo >> 7,
        hi >> 7,
        v >> 15,
        (v < 16) as u64,
        (v >> 4) & 3,
        (v >> 4) & 1,
        1 << (v & 15),
    ]
}

/// The payload of `kind`'s tuple from a preprocessed row (as expressions or values).
fn kind_payload<E: Clone>(kind: BusId, p: &[E]) -> Vec<E> {
    let pick = |idx: &[usize]| idx.iter().map(|&i| p[i].clone()).collect();
    match kind {
        BusId::Range => pick(&[0]),
        BusId::Bytes => pick(&[1, 2]),
        BusId::Region => pick(&[0, 3, 4, 5]),
        BusId::Logic => pick(&[1, 2, 6, 7, 8, 9]),
        BusId::BytesMsb => pick(&[1, 2, 8, 9]),
        BusId::RangeMsb => pick(&[0, 10]),
        BusId::U4 => pick(&[0, 11]),
        BusId::Shamt => pick(&[0, 12, 13, 14]),
        _ => unreachable!("{kind:?} is not a kind of the 16-bit table"),
    }
}

/// The 16-bit table: one row per `v < 2^16`, answering every kind of [`U16_KINDS`] with one
/// multiplicity column each.
#[derive(Clone, Debug)]
pub struct RangeAir<F> {
    table: FixedTable<F>,
}

impl<F: PrimeField64> Default for RangeAir<F> {
    fn default() -> Self {
        let mut values = Vec::with_capacity(RANGE_HEIGHT * U16_PREP_WIDTH);
        for v in 0..RANGE_HEIGHT as u64 {
            values.extend(u16_row(v).map(F::from_u64));
        }
        RangeAir {
            table: FixedTable::new(RowMajorMatrix::new(values, U16_PREP_WIDTH)),
        }
    }
}

impl<F: PrimeField64> RangeAir<F> {
    /// The verifier's view: the shape without the table (its values are in the program id).
    pub fn shape_only() -> Self {
        RangeAir {
            table: FixedTable::shape_only(U16_PREP_WIDTH),
        }
    }
}

impl<F: PrimeField64> p3_air::BaseAir<F> for RangeAir<F> {
    fn width(&self) -> usize {
        U16_WIDTH
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<F>> {
        self.table.matrix()
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
        for (i, kind) in U16_KINDS.into_iter().enumerate() {
            bus.table_entry(
                builder,
                tuple(
                    AB::Expr::from_u32(kind as u32),
                    kind_payload(kind, &p),
                    AB::Expr::ZERO,
                ),
                m[i].clone(),
            );
        }
    }
}

/// How often each kind of look-up hit each value of the 16-bit table: `counts[k][v]` for the
/// kind `U16_KINDS[k]`.
#[derive(Clone, Debug)]
pub struct U16Counts {
    counts: Vec<Vec<u32>>,
}

impl Default for U16Counts {
    fn default() -> Self {
        U16Counts {
            counts: vec![vec![0; RANGE_HEIGHT]; U16_WIDTH],
        }
    }
}

impl U16Counts {
    #[inline]
    fn hit(&mut self, kind: usize, v: u64) {
        self.counts[kind][v as usize] += 1;
    }
    /// Counts a range look-up of `v` (< 2^16).
    #[inline]
    pub fn range(&mut self, v: u64) {
        self.hit(0, v)
    }
    /// Counts a byte-pair look-up.
    #[inline]
    pub fn bytes(&mut self, lo: u8, hi: u8) {
        self.hit(1, lo as u64 | (hi as u64) << 8)
    }
    /// Counts a region look-up of a block.
    #[inline]
    pub fn region(&mut self, block: u64) {
        self.hit(2, block)
    }
    /// Counts a `Logic` look-up of two bytes.
    #[inline]
    pub fn logic(&mut self, lo: u8, hi: u8) {
        self.hit(3, lo as u64 | (hi as u64) << 8)
    }
    /// Counts a `BytesMsb` look-up of two bytes.
    #[inline]
    pub fn bytes_msb(&mut self, lo: u8, hi: u8) {
        self.hit(4, lo as u64 | (hi as u64) << 8)
    }
    /// Counts a `RangeMsb` look-up of `v` (< 2^16).
    #[inline]
    pub fn range_msb(&mut self, v: u64) {
        self.hit(5, v)
    }
    /// Counts a `U4` look-up of `v` (< 16).
    #[inline]
    pub fn u4(&mut self, v: u64) {
        debug_assert!(v < 16);
        self.hit(6, v)
    }
    /// Counts a `Shamt` look-up of `v` (< 2^16).
    #[inline]
    pub fn shamt(&mut self, v: u64) {
        self.hit(7, v)
    }
    /// Adds another set of counts.
    pub fn merge(&mut self, other: &U16Counts) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        }
    }
    /// The table's main trace.
    pub fn trace<F: PrimeField64>(&self) -> RowMajorMatrix<F> {
        let mut values = Vec::with_capacity(RANGE_HEIGHT * U16_WIDTH);
        for i in 0..RANGE_HEIGHT {
            values.extend(self.counts.iter().map(|c| F::from_u32(c[i])));
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

    /// Every column of every row of the table is what its kind promises (the Binary and Arith
    /// machines' soundness rests on these entries, e.g. the sign bits used by signed
    /// comparisons).
    #[test]
    fn every_entry_is_its_definition() {
        for v in 0..RANGE_HEIGHT as u64 {
            let r = u16_row(v);
            let (lo, hi) = (v % 256, v / 256);
            assert_eq!(&r[..3], &[v, lo, hi]);
            assert_eq!(r[6], lo & hi);
            assert_eq!(r[7], lo ^ hi);
            assert_eq!(r[8], (lo >= 128) as u64);
            assert_eq!(r[9], (hi >= 128) as u64);
            assert_eq!(r[10], (v >= 1 << 15) as u64);
            assert_eq!(r[11], (v < 16) as u64);
            assert_eq!(r[12], (v % 64) / 16);
            assert_eq!(r[13], (v % 32) / 16);
            assert_eq!(r[14], 2u64.pow((v % 16) as u32));
        }
    }

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

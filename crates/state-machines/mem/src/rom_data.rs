//! RomData: the program's initialised memory words as a preprocessed table.
//!
//! Every aligned 8-byte word that a loaded segment gives a non-zero value is one row
//! `(addr8, v_lo, v_hi)`, provided on the init bus with multiplicity exactly 1 (the preprocessed
//! `valid` column; padding rows provide nothing). Words the ELF leaves zero need no row: a first
//! read returns 0 anyway. Being preprocessed, the table is part of the program's commitment.

use p3_air::{Air, AirBuilder, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::BTreeMap;
use zirv_core::rom::MemInit;
use zirv_data_bus::{BUS, BusId, tuple};
use zirv_sm_tables::{FixedTable, impl_fixed_table_base_air};

/// Preprocessed columns: addr8, v_lo, v_hi, valid.
pub const PREP_WIDTH: usize = 4;

/// The non-zero aligned words of an initial memory image, sorted by address.
pub fn rom_data_words(init: &[MemInit]) -> Vec<(u64, u64)> {
    let mut words: BTreeMap<u64, [u8; 8]> = BTreeMap::new();
    for m in init {
        for (k, &b) in m.bytes.iter().enumerate() {
            let a = m.addr + k as u64;
            words.entry(a / 8).or_default()[(a % 8) as usize] = b;
        }
    }
    words
        .into_iter()
        .map(|(a8, b)| (a8, u64::from_le_bytes(b)))
        .filter(|&(_, v)| v != 0)
        .collect()
}

/// The RomData machine of one program.
#[derive(Clone, Debug)]
pub struct RomDataAir<F> {
    table: FixedTable<F>,
}

impl<F: PrimeField64> RomDataAir<F> {
    /// The table for these words.
    pub fn new(words: &[(u64, u64)]) -> Self {
        let h = words.len().max(4).next_power_of_two();
        let mut v = F::zero_vec(h * PREP_WIDTH);
        for (row, &(a8, w)) in v.chunks_exact_mut(PREP_WIDTH).zip(words) {
            row.copy_from_slice(&[
                F::from_u64(a8),
                F::from_u64(w & 0xffff_ffff),
                F::from_u64(w >> 32),
                F::ONE,
            ]);
        }
        RomDataAir {
            table: FixedTable::new(RowMajorMatrix::new(v, PREP_WIDTH)),
        }
    }

    /// The verifier's view: the shape without the words (they are in the program id).
    pub fn shape_only() -> Self {
        RomDataAir {
            table: FixedTable::shape_only(PREP_WIDTH),
        }
    }

    /// The table's height (`None` for the verifier's shape-only view).
    pub fn height(&self) -> Option<usize> {
        self.table.height()
    }

    /// Its (unused, all-zero) main trace.
    pub fn trace(&self) -> RowMajorMatrix<F> {
        RowMajorMatrix::new(F::zero_vec(self.height().unwrap_or(0)), 1)
    }
}

impl_fixed_table_base_air!(RomDataAir);

impl<AB> Air<AB> for RomDataAir<AB::F>
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        // The main column carries nothing; pin it so it cannot carry anything either.
        let unused: AB::Expr = builder.main().current(0).expect("one column").into();
        builder.assert_zero(unused);
        let p: Vec<AB::Expr> = builder
            .preprocessed()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let key = tuple(
            AB::Expr::from_u32(BusId::Init as u32),
            p[..3].iter().cloned(),
            AB::Expr::ZERO,
        );
        LookupBus::new(BUS).lookup_key(builder, key, Count::bounded(p[3].clone(), 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_merge_bytes_and_drop_zeros() {
        let init = [
            MemInit {
                addr: 0x1003,
                bytes: vec![0xaa, 0xbb, 0, 0, 0, 0x01],
            },
            MemInit {
                addr: 0x1010,
                bytes: vec![0; 8],
            },
            MemInit {
                addr: 0x1018,
                bytes: vec![1],
            },
        ];
        assert_eq!(
            rom_data_words(&init),
            vec![(0x200, 0xbb_aa00_0000), (0x201, 0x01), (0x203, 0x01)]
        );
    }
}

//! InputData: the input's words as initial memory values.
//!
//! The input is the prover's private witness: a proof says "there is an input for which this
//! program exits with 0 and these outputs" (docs/prover.md). Its words are initial values of the
//! INPUT region, provided on the init bus like RomData's, but from the witness: row `i` holds the
//! word at `INPUT_ADDR + 8 i` (consecutive from the region's start, so a row can only initialise
//! INPUT words), its halves built from range-checked 16-bit limbs (every memory word has
//! 32-bit halves, which Main's arithmetic relies on). Real rows come first. The first row, the
//! reserved word at `INPUT_ADDR` (the ABI's free-input slot), holds 0, as in every run of the
//! emulator: the private input starts at `INPUT_ADDR + 8`.

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::memmap::INPUT_ADDR;
use zirv_data_bus::{BUS, BusId, tuple};
use zirv_sm_tables::U16Counts;

/// Word address.
pub const ADDR8: usize = 0;
/// Low half.
pub const V_LO: usize = 1;
/// High half.
pub const V_HI: usize = 2;
/// 16-bit limbs of the word, low first.
pub const LIMBS: [usize; 4] = [3, 4, 5, 6];
/// 1 on real rows.
pub const IS_REAL: usize = 7;
/// Number of columns.
pub const WIDTH: usize = 8;

/// The InputData machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct InputDataAir;

impl<F: Sync> BaseAir<F> for InputDataAir {
    fn width(&self) -> usize {
        WIDTH
    }
}

impl<AB> Air<AB> for InputDataAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let n: Vec<AB::Expr> = main.next_slice().iter().map(|&v| v.into()).collect();
        let c = |v: u64| AB::Expr::from_u64(v);
        builder.assert_bool(l[IS_REAL].clone());
        builder
            .when_first_row()
            .assert_eq(l[ADDR8].clone(), c(INPUT_ADDR / 8));
        // The free-input slot is 0 (the emulator has no other value for it).
        builder.when_first_row().assert_zero(l[V_LO].clone());
        builder.when_first_row().assert_zero(l[V_HI].clone());
        builder.assert_eq(
            l[V_LO].clone(),
            l[LIMBS[0]].clone() + l[LIMBS[1]].clone() * c(1 << 16),
        );
        builder.assert_eq(
            l[V_HI].clone(),
            l[LIMBS[2]].clone() + l[LIMBS[3]].clone() * c(1 << 16),
        );
        let mut t = builder.when_transition();
        t.assert_eq(n[ADDR8].clone(), l[ADDR8].clone() + AB::Expr::ONE);
        t.assert_zero((AB::Expr::ONE - l[IS_REAL].clone()) * n[IS_REAL].clone());

        let bus = LookupBus::new(BUS);
        let key = tuple(
            AB::Expr::from_u32(BusId::Init as u32),
            [l[ADDR8].clone(), l[V_LO].clone(), l[V_HI].clone()],
            AB::Expr::ZERO,
        );
        bus.lookup_key(builder, key, Count::bounded(l[IS_REAL].clone(), 1));
        for limb in LIMBS {
            let key = tuple(
                AB::Expr::from_u32(BusId::Range as u32),
                [l[limb].clone()],
                AB::Expr::ZERO,
            );
            bus.lookup_key(builder, key, Count::bounded(l[IS_REAL].clone(), 1));
        }
    }
}

/// The input's words from the INPUT region's start (the free-input slot, then the records),
/// up to the last non-zero one.
pub fn input_words(input: &[u8]) -> Vec<u64> {
    let mut words: Vec<u64> = std::iter::once(0)
        .chain(input.chunks(8).map(|c| {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            u64::from_le_bytes(b)
        }))
        .collect();
    while words.last() == Some(&0) {
        words.pop();
    }
    words
}

/// InputData's trace (at least 4 rows) for `words` at `INPUT_ADDR`, and the init words it
/// provides as `(addr8, value)`.
pub fn input_trace<F: PrimeField64>(
    words: &[u64],
    u16: &mut U16Counts,
) -> (RowMajorMatrix<F>, Vec<(u64, u64)>) {
    let h = words.len().max(4).next_power_of_two();
    let mut values = F::zero_vec(h * WIDTH);
    let base = INPUT_ADDR / 8;
    let mut init = Vec::with_capacity(words.len());
    for (i, row) in values.chunks_exact_mut(WIDTH).enumerate() {
        row[ADDR8] = F::from_u64(base + i as u64);
        if let Some(&w) = words.get(i) {
            row[V_LO] = F::from_u64(w & 0xffff_ffff);
            row[V_HI] = F::from_u64(w >> 32);
            for (k, &col) in LIMBS.iter().enumerate() {
                let limb = (w >> (16 * k)) & 0xffff;
                row[col] = F::from_u64(limb);
                u16.range(limb);
            }
            row[IS_REAL] = F::ONE;
            init.push((base + i as u64, w));
        }
    }
    (RowMajorMatrix::new(values, WIDTH), init)
}

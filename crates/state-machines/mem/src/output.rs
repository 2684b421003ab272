//! Output: the 64 public u32 values.
//!
//! One row that reads the 32 output words (`OUTPUT_ADDR + 8 i`) from Mem at [`FINAL_TS`], after
//! every step, so each read returns the word's last value; its 64 halves are the proof's public
//! values (`word i = out[2i] | out[2i+1] << 32`, the guest's u32 slots in order). The verifier
//! fixes the height to one row.

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::memmap::{NUM_OUTPUTS, OUTPUT_ADDR};
use zirv_data_bus::{BUS, BusId, FINAL_TS, tuple};

use crate::Access;

/// Output words.
pub const NUM_WORDS: usize = NUM_OUTPUTS / 2;

/// The Output machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutputAir;

impl<F: Sync> BaseAir<F> for OutputAir {
    fn width(&self) -> usize {
        NUM_OUTPUTS
    }
    fn num_public_values(&self) -> usize {
        NUM_OUTPUTS
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB> Air<AB> for OutputAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let l: Vec<AB::Expr> = builder
            .main()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let pv: Vec<AB::Expr> = builder.public_values().iter().map(|&v| v.into()).collect();
        for (col, p) in l.iter().zip(pv) {
            builder.assert_eq(col.clone(), p);
        }
        let bus = LookupBus::new(BUS);
        for i in 0..NUM_WORDS {
            let key = tuple(
                AB::Expr::from_u32(BusId::Memory as u32),
                [
                    AB::Expr::from_u64(OUTPUT_ADDR / 8 + i as u64),
                    AB::Expr::from_u64(FINAL_TS),
                    AB::Expr::ZERO,
                    l[2 * i].clone(),
                    l[2 * i + 1].clone(),
                ],
                AB::Expr::ZERO,
            );
            bus.lookup_key(builder, key, Count::bounded(AB::Expr::ONE, 1));
        }
    }
}

/// The output words' final values from the 64 public u32 values.
pub fn output_words(outputs: &[u32; NUM_OUTPUTS]) -> [u64; NUM_WORDS] {
    std::array::from_fn(|i| outputs[2 * i] as u64 | (outputs[2 * i + 1] as u64) << 32)
}

/// Output's one-row trace, and its reads of the final words.
pub fn output_trace<F: PrimeField64>(
    outputs: &[u32; NUM_OUTPUTS],
    accesses: &mut Vec<Access>,
) -> RowMajorMatrix<F> {
    for (i, w) in output_words(outputs).into_iter().enumerate() {
        accesses.push(Access {
            addr8: OUTPUT_ADDR / 8 + i as u64,
            ts: FINAL_TS,
            is_write: false,
            value: w,
        });
    }
    RowMajorMatrix::new(
        outputs.iter().map(|&v| F::from_u32(v)).collect(),
        NUM_OUTPUTS,
    )
}

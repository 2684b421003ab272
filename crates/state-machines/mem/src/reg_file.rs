//! RegFile: the registers' first and last versions, for the offline register check in Main.
//!
//! Registers are not Mem words (docs/prover.md, "Registers"): every register access in Main
//! consumes the version it finds, `[Reg, addr8, ts', v]` with `ts' < ts` (an age proven
//! non-negative with range-checked limbs), and produces the version it leaves,
//! `[Reg, addr8, ts, v']` (`v' = v` for reads). This machine closes each register's chain:
//! one row per register word `REG_BASE / 8 + i` (`i < 64`, fixed by a first-row and a transition
//! constraint, so the verifier needs no table), producing the initial version `(ts 0, value 0)`
//! and consuming the final one (the prover's columns). With strictly increasing timestamps on a
//! balanced bus, every access consumes exactly the version the previous access of its register
//! produced, so each read returns the last value written (0 before any write).

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::memmap::REG_BASE;
use zirv_data_bus::{BUS, BusId, tuple};

/// Rows: register words `REG_BASE / 8 + 0..64` (the ROM's 35 registers and 29 unused words).
pub const REG_ROWS: usize = 64;
/// Column: the word address.
pub const ADDR8: usize = 0;
/// Column: the timestamp of the final version.
pub const FINAL_TS: usize = 1;
/// Column: the final value, low half.
pub const FINAL_LO: usize = 2;
/// Column: the final value, high half.
pub const FINAL_HI: usize = 3;
/// Number of columns.
pub const WIDTH: usize = 4;

/// The RegFile machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct RegFileAir;

impl<F: Sync> BaseAir<F> for RegFileAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![ADDR8]
    }
}

impl<AB> Air<AB> for RegFileAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let next_addr: AB::Expr = main.next_slice()[ADDR8].into();
        builder
            .when_first_row()
            .assert_eq(l[ADDR8].clone(), AB::Expr::from_u64(REG_BASE / 8));
        builder
            .when_transition()
            .assert_eq(next_addr, l[ADDR8].clone() + AB::Expr::ONE);
        let id = AB::Expr::from_u32(BusId::Reg as u32);
        let zero = || AB::Expr::ZERO;
        let init = tuple(
            id.clone(),
            [l[ADDR8].clone(), zero(), zero(), zero()],
            zero(),
        );
        builder.push_interaction(BUS, init, Count::bounded(AB::Expr::ONE, 1));
        let last = tuple(
            id,
            [ADDR8, FINAL_TS, FINAL_LO, FINAL_HI].map(|c| l[c].clone()),
            zero(),
        );
        builder.push_interaction(BUS, last, Count::bounded(AB::Expr::NEG_ONE, 1));
    }
}

/// RegFile's trace from each register's final version `(ts, value)` (index = register).
pub fn reg_file_trace<F: PrimeField64>(last: &[(u64, u64)]) -> RowMajorMatrix<F> {
    let mut values = F::zero_vec(REG_ROWS * WIDTH);
    for (i, row) in values.chunks_exact_mut(WIDTH).enumerate() {
        let (ts, v) = last.get(i).copied().unwrap_or((0, 0));
        row[ADDR8] = F::from_u64(REG_BASE / 8 + i as u64);
        row[FINAL_TS] = F::from_u64(ts);
        row[FINAL_LO] = F::from_u64(v & 0xffff_ffff);
        row[FINAL_HI] = F::from_u64(v >> 32);
    }
    RowMajorMatrix::new(values, WIDTH)
}

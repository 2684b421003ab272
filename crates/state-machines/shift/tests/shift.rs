//! The Shift machine against the op table (`zirv_core::Op::eval`, which the emulator executes):
//! for every op, edge-case and random operands, the honest rows satisfy every constraint and
//! balance the operation bus with a stand-in sender that claims the emulator's result; a wrong
//! claimed result, a `w` shift that takes bit 5 of its amount as a limb offset, and a change to
//! any cell of any row, are rejected. Real proofs check the STARK path (an honest one verifies,
//! wrong results are rejected).

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_shift::columns as sc;
use zirv_sm_shift::{SHIFT_OPS, ShiftAir, shift_trace};
use zirv_sm_tables::U16Counts;
use zirv_testkit::alu::{self, Alu};
use zirv_testkit::check::eval_row;

fn shift() -> Alu {
    Alu {
        air: ZirvAir::Shift(ShiftAir),
        ops: &SHIFT_OPS,
        trace: shift_trace::<Val>,
    }
}

#[test]
fn honest_rows_of_every_op_agree_with_the_op_table() {
    alu::honest_rows_agree_with_the_op_table(&shift());
}

#[test]
fn a_row_that_claims_a_wrong_result_fails() {
    // Shift's `c_lo` is its result limbs `r_0 + 2^16 r_1`.
    let result = |c: u64| {
        vec![
            (sc::R, c & 0xffff),
            (sc::R + 1, (c >> 16) & 0xffff),
            (sc::C_HI, c >> 32),
        ]
    };
    alu::a_wrong_result_fails(&shift(), result, None);
}

#[test]
fn every_cell_of_shift_is_determined() {
    alu::every_cell_is_determined(&shift(), 7, 16, sc::name);
}

/// A `w` shift's amount is `b & 31`: bit 5 of `b` must not move the result by two more limbs.
/// `sll_w` by 17 with `b = 0x31` (bits 4 and 5 set): the honest row shifts by one limb; a row
/// that takes limb offset 3 (the same `Shamt` tuple with `b5 = 0`) must fail.
#[test]
fn a_w_shift_cannot_use_bit_5_as_a_limb_offset() {
    let air = ShiftAir;
    let (a, b) = (0x1234_5678_9abc_def1u64, 0x31u64);
    let honest = shift_trace::<Val>(&[(Op::SllW, a, b)], &mut U16Counts::default());
    assert!(eval_row(&air, &honest, None, &[], 0).failed.is_empty());
    let v = |col: usize| honest.values[col].as_canonical_u64();
    assert_eq!((v(sc::PL + 1), v(sc::B5)), (1, 1));
    let mut t = honest.clone();
    let mut set = |col: usize, x: u64| t.values[col] = Val::from_u64(x);
    set(sc::PL + 1, 0);
    set(sc::PL + 3, 1);
    set(sc::B5, 0);
    // What that offset gives: X's low limb times 2^s, three limbs up (c = 0 in the low word).
    set(sc::R, 0);
    set(sc::R + 1, 0);
    set(sc::R + 2, 0);
    set(sc::R + 3, v(sc::LO));
    set(sc::SR, 0);
    set(sc::C_HI, 0);
    let e = eval_row(&air, &t, None, &[], 0);
    assert_eq!(e.failed.len(), 1, "only the w-offset constraint catches it");
}

#[test]
fn honest_shift_proof_verifies() {
    alu::honest_proof_verifies(&shift());
}

#[test]
fn wrong_shift_result_fails_verification() {
    for bad in [Op::Sra, Op::SllW] {
        alu::a_wrong_result_fails_verification(&shift(), bad);
    }
}

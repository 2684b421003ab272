//! The Arith machine against the op table (`zirv_core::Op::eval`, which the emulator executes):
//! for every op, edge-case and random operands, the honest rows satisfy every constraint and
//! balance the operation bus with a stand-in sender that claims the emulator's result; a wrong
//! claimed result, and a change to any cell of any row, is rejected. Two real proofs check the
//! STARK path (an honest one verifies, a wrong result is rejected).

use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_arith::columns as ac;
use zirv_sm_arith::{ARITH_OPS, ArithAir, arith_trace};
use zirv_testkit::alu::{self, Alu};

fn arith() -> Alu {
    Alu {
        air: ZirvAir::Arith(ArithAir),
        ops: &ARITH_OPS,
        trace: arith_trace::<Val>,
    }
}

#[test]
fn honest_rows_of_every_op_agree_with_the_op_table() {
    alu::honest_rows_agree_with_the_op_table(&arith());
}

#[test]
fn a_row_that_claims_a_wrong_result_fails() {
    let result = |c: u64| vec![(ac::C_LO, c & 0xffff_ffff), (ac::C_HI, c >> 32)];
    alu::a_wrong_result_fails(&arith(), result, None);
}

#[test]
fn every_cell_of_arith_is_determined() {
    alu::every_cell_is_determined(&arith(), 11, 8, ac::name);
}

#[test]
fn honest_arith_proof_verifies() {
    alu::honest_proof_verifies(&arith());
}

#[test]
fn wrong_arith_result_fails_verification() {
    alu::a_wrong_result_fails_verification(&arith(), Op::Mulhsu);
}

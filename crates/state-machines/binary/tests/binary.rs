//! The Binary machine against the op table (`zirv_core::Op::eval`, which the emulator executes):
//! for every op, edge-case and random operands, the honest rows satisfy every constraint and
//! balance the operation bus with a stand-in sender that claims the emulator's `(c, flag)`; a
//! wrong claimed result or flag, and a change to any cell of any row, is rejected. Two real
//! proofs check the STARK path (an honest one verifies, a wrong result is rejected).

use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_binary::columns as bc;
use zirv_sm_binary::{BINARY_OPS, BinaryAir, binary_trace};
use zirv_testkit::alu::{self, Alu};

fn binary() -> Alu {
    Alu {
        air: ZirvAir::Binary(BinaryAir),
        ops: &BINARY_OPS,
        trace: binary_trace::<Val>,
    }
}

#[test]
fn honest_rows_of_every_op_agree_with_the_op_table() {
    alu::honest_rows_agree_with_the_op_table(&binary());
}

#[test]
fn a_row_that_claims_a_wrong_result_or_flag_fails() {
    let result = |c: u64| vec![(bc::C_LO, c & 0xffff_ffff), (bc::C_HI, c >> 32)];
    alu::a_wrong_result_fails(&binary(), result, Some(bc::FLAG));
}

#[test]
fn every_cell_of_binary_is_determined() {
    alu::every_cell_is_determined(&binary(), 11, 8, bc::name);
}

#[test]
fn honest_binary_proof_verifies() {
    alu::honest_proof_verifies(&binary());
}

#[test]
fn wrong_binary_result_fails_verification() {
    alu::a_wrong_result_fails_verification(&binary(), Op::Add);
}

//! The ALU machines together (Binary, Arith, Shift): every op of the op table that goes on the
//! operation bus is proven by exactly one of them, and the 16-bit table they share rejects a
//! multiplicity off by one. Each machine's own tests are in its crate (`tests/`).

use p3_field::PrimeCharacteristicRing;
use zirv_core::op::{Op, OpKind};
use zirv_data_bus::BusId;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_arith::{ARITH_OPS, ArithAir, arith_trace};
use zirv_sm_binary::{BINARY_OPS, BinaryAir, binary_trace};
use zirv_sm_shift::{SHIFT_OPS, ShiftAir, shift_trace};
use zirv_sm_tables::U16_KINDS;
use zirv_testkit::alu::{Alu, op_cases, witness};

fn machines() -> [Alu; 3] {
    [
        Alu {
            air: ZirvAir::Binary(BinaryAir),
            ops: &BINARY_OPS,
            trace: binary_trace::<Val>,
        },
        Alu {
            air: ZirvAir::Arith(ArithAir),
            ops: &ARITH_OPS,
            trace: arith_trace::<Val>,
        },
        Alu {
            air: ZirvAir::Shift(ShiftAir),
            ops: &SHIFT_OPS,
            trace: shift_trace::<Val>,
        },
    ]
}

#[test]
fn every_op_table_op_is_proven_by_exactly_one_machine() {
    for &op in Op::ALL {
        let n = machines().iter().filter(|m| m.ops.contains(&op)).count();
        let external = matches!(op.kind(), OpKind::Binary | OpKind::Shift | OpKind::Arith);
        assert_eq!(n, external as usize, "{}", op.name());
    }
}

#[test]
fn a_table_multiplicity_off_by_one_is_rejected() {
    let machines = machines();
    let all: Vec<Op> = machines.iter().flat_map(|m| m.ops).copied().collect();
    let w = witness(&machines, &op_cases(&all, 9, 32, 6), |op, a, b| {
        op.eval(a, b)
    });
    w.check().unwrap();
    let table = &w.traces[0];
    // Every kind but Region (Main's) serves the ALU machines.
    for kind in (0..table.width).filter(|&k| U16_KINDS[k] != BusId::Region) {
        // The first value of this kind that is looked up, and one that is not.
        let used = (0..1 << 16)
            .find(|&v| table.values[v * table.width + kind] != Val::ZERO)
            .unwrap_or_else(|| panic!("kind {kind} is never looked up"));
        let unused = (0..1 << 16)
            .find(|&v| table.values[v * table.width + kind] == Val::ZERO)
            .unwrap();
        for (v, delta) in [(used, Val::NEG_ONE), (unused, Val::ONE)] {
            let mut bad = w.clone();
            bad.traces[0].values[v * table.width + kind] += delta;
            assert!(
                bad.check().is_err(),
                "kind {kind}, value {v}: {delta} accepted"
            );
        }
    }
}

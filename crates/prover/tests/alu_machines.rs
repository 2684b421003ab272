//! The Binary, Arith and Shift machines against the op table (`zirv_core::Op::eval`, which the
//! emulator executes): for every op, edge-case and random operands, the honest rows satisfy
//! every constraint and balance the operation bus with a stand-in sender that claims the
//! emulator's `(c, flag)`; a wrong claimed result, and a change to any cell of any row, is
//! rejected. Two real proofs check the STARK path (an honest one verifies, a wrong result is
//! rejected by the verifier).

mod common;

use common::TestAir;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::HashSet;
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};
use zirv_machines::Val;
use zirv_machines::ZirvAir;
use zirv_sm_arith::{ARITH_OPS, ArithAir, arith_trace};
use zirv_sm_binary::{BINARY_OPS, BinaryAir, binary_trace};
use zirv_sm_shift::{SHIFT_OPS, ShiftAir, shift_trace};
use zirv_sm_tables::{RangeAir, U16_KINDS, U16Counts};
use zirv_testkit::check::{check_witness, eval_row};

const SENDER_WIDTH: usize = 9;

/// Sends `(op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, flag)` on the operation bus where column 8
/// (boolean) is set, as Main does.
#[derive(Clone)]
struct Sender;

impl<F: Sync> BaseAir<F> for Sender {
    fn width(&self) -> usize {
        SENDER_WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
}

impl<AB: AirBuilder + InteractionBuilder> Air<AB> for Sender {
    fn eval(&self, builder: &mut AB) {
        let r: Vec<AB::Expr> = builder
            .main()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        builder.assert_bool(r[8].clone());
        let key = tuple(
            AB::Expr::from_u32(BusId::Operation as u32),
            r[..8].iter().cloned(),
            AB::Expr::ZERO,
        );
        LookupBus::new(BUS).lookup_key(builder, key, Count::bounded(r[8].clone(), 1));
    }
}

type Air4 = TestAir<Sender>;

/// Operands that exercise carries, signs, zero, overflow and shift amounts.
fn edge_values() -> Vec<u64> {
    let mut v: Vec<u64> = vec![
        0,
        1,
        2,
        3,
        5,
        7,
        15,
        16,
        31,
        32,
        33,
        63,
        64,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x1_0000,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_ffff,
        0x1_0000_0000,
        0x1_0000_0001,
        0x8000_0000_0000_0000,
        0x7fff_ffff_ffff_ffff,
        0x1234_5678_9abc_def0,
        0xfedc_ba98_7654_3210,
        0xffff_ffff_0000_0000,
        0x0000_0001_ffff_ffff,
    ];
    let neg: Vec<u64> = v.iter().map(|x| x.wrapping_neg()).collect();
    v.extend(neg);
    v.sort();
    v.dedup();
    v
}

/// A small deterministic generator (xorshift) for random operands.
fn randoms(n: usize, seed: u64) -> Vec<u64> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // Mix in small and sign-heavy values.
            match s % 4 {
                0 => s >> (s % 64),
                1 => (s as i64 >> (s % 64)) as u64,
                _ => s,
            }
        })
        .collect()
}

/// Operand pairs for `op`: every pair of a subset of edge values, plus random pairs.
fn cases(op: Op, thin: usize) -> Vec<(u64, u64)> {
    cases_with(op, thin, 32)
}

/// As [`cases`], with `n` random pairs.
fn cases_with(op: Op, thin: usize, n: usize) -> Vec<(u64, u64)> {
    let e: Vec<u64> = edge_values().into_iter().step_by(thin).collect();
    let mut out = Vec::new();
    for &a in &e {
        for &b in &e {
            out.push((a, b));
        }
    }
    let r = randoms(2 * n, op.code() as u64 * 7919 + 1);
    for w in r.chunks(2) {
        out.push((w[0], w[1]));
    }
    out
}

fn sender_trace(rows: &[(Op, u64, u64, u64, bool)]) -> RowMajorMatrix<Val> {
    let height = rows.len().max(4).next_power_of_two();
    let mut values = Val::zero_vec(height * SENDER_WIDTH);
    for (r, &(op, a, b, c, flag)) in values.chunks_exact_mut(SENDER_WIDTH).zip(rows) {
        for (i, v) in [
            op.code() as u64,
            a & 0xffff_ffff,
            a >> 32,
            b & 0xffff_ffff,
            b >> 32,
            c & 0xffff_ffff,
            c >> 32,
            flag as u64,
            1,
        ]
        .into_iter()
        .enumerate()
        {
            r[i] = Val::from_u64(v);
        }
    }
    RowMajorMatrix::new(values, SENDER_WIDTH)
}

struct Witness {
    airs: Vec<Air4>,
    traces: Vec<RowMajorMatrix<Val>>,
}

/// The table, the sender (claiming `claim(op, a, b)`) and both ALU machines for `ops`.
fn witness(ops: &[(Op, u64, u64)], claim: impl Fn(Op, u64, u64) -> (u64, bool)) -> Witness {
    let mut u16 = U16Counts::default();
    let bin: Vec<_> = ops
        .iter()
        .copied()
        .filter(|(op, _, _)| BINARY_OPS.contains(op))
        .collect();
    let ari: Vec<_> = ops
        .iter()
        .copied()
        .filter(|(op, _, _)| ARITH_OPS.contains(op))
        .collect();
    let shi: Vec<_> = ops
        .iter()
        .copied()
        .filter(|(op, _, _)| SHIFT_OPS.contains(op))
        .collect();
    let binary = binary_trace::<Val>(&bin, &mut u16);
    let arith = arith_trace::<Val>(&ari, &mut u16);
    let shift = shift_trace::<Val>(&shi, &mut u16);
    let sent: Vec<_> = ops
        .iter()
        .map(|&(op, a, b)| {
            let (c, f) = claim(op, a, b);
            (op, a, b, c, f)
        })
        .collect();
    Witness {
        airs: vec![
            TestAir::Zirv(ZirvAir::U16(RangeAir::default())),
            TestAir::Sender(Sender),
            TestAir::Zirv(ZirvAir::Binary(BinaryAir)),
            TestAir::Zirv(ZirvAir::Arith(ArithAir)),
            TestAir::Zirv(ZirvAir::Shift(ShiftAir)),
        ],
        traces: vec![u16.trace(), sender_trace(&sent), binary, arith, shift],
    }
}

fn check(w: &Witness) -> Result<(), String> {
    check_witness(&w.airs, &w.traces, &vec![vec![]; w.airs.len()])
}

fn all_ops() -> Vec<Op> {
    BINARY_OPS
        .iter()
        .chain(&ARITH_OPS)
        .chain(&SHIFT_OPS)
        .copied()
        .collect()
}

#[test]
fn every_op_table_op_is_proven_by_exactly_one_machine() {
    use zirv_core::op::OpKind;
    for &op in Op::ALL {
        let n = BINARY_OPS.contains(&op) as u32
            + ARITH_OPS.contains(&op) as u32
            + SHIFT_OPS.contains(&op) as u32;
        let external = matches!(op.kind(), OpKind::Binary | OpKind::Shift | OpKind::Arith);
        assert_eq!(n, external as u32, "{}", op.name());
    }
}

#[test]
fn honest_rows_of_every_op_agree_with_the_op_table() {
    let ops: Vec<_> = all_ops()
        .into_iter()
        .flat_map(|op| cases(op, 1).into_iter().map(move |(a, b)| (op, a, b)))
        .collect();
    let w = witness(&ops, |op, a, b| op.eval(a, b));
    check(&w).unwrap();
}

/// The machine's row for `(op, a, b)` with the result columns set to a lie (and the sender
/// claiming the same lie, so the operation bus balances): a constraint of the row must fail.
#[test]
fn a_row_that_claims_a_wrong_result_or_flag_fails() {
    use zirv_sm_arith::columns as ac;
    use zirv_sm_binary::columns as bc;
    use zirv_sm_shift::columns as sc;
    for op in all_ops() {
        let air = TestAir::<Sender>::Zirv(machine_of(op));
        for (a, b) in cases(op, 3) {
            let mut u16 = U16Counts::default();
            let honest = trace_of(op, &[(op, a, b)], &mut u16);
            assert!(eval_row(&air, &honest, None, &[], 0).failed.is_empty());
            let (c, f) = op.eval(a, b);
            let mut lies = vec![];
            for bit in [0, 1, 15, 16, 31, 32, 33, 63] {
                let wrong = c ^ (1 << bit);
                if SHIFT_OPS.contains(&op) {
                    // Shift's `c_lo` is its result limbs `r_0 + 2^16 r_1`.
                    lies.push((sc::R, wrong & 0xffff));
                    lies.push((sc::R + 1, (wrong >> 16) & 0xffff));
                    lies.push((sc::C_HI, wrong >> 32));
                } else if BINARY_OPS.contains(&op) {
                    lies.push((bc::C_LO, wrong & 0xffff_ffff));
                    lies.push((bc::C_HI, wrong >> 32));
                } else {
                    lies.push((ac::C_LO, wrong & 0xffff_ffff));
                    lies.push((ac::C_HI, wrong >> 32));
                }
            }
            if BINARY_OPS.contains(&op) {
                lies.push((bc::FLAG, !f as u64));
            }
            for (col, v) in lies {
                if honest.values[col] == Val::from_u64(v) {
                    continue;
                }
                let mut t = honest.clone();
                t.values[col] = Val::from_u64(v);
                assert!(
                    !eval_row(&air, &t, None, &[], 0).failed.is_empty(),
                    "{} {a:#x} {b:#x}: a row with {col} = {v:#x} passes",
                    op.name()
                );
            }
        }
    }
}

/// The machine that proves `op`.
fn machine_of(op: Op) -> ZirvAir {
    if BINARY_OPS.contains(&op) {
        ZirvAir::Binary(BinaryAir)
    } else if ARITH_OPS.contains(&op) {
        ZirvAir::Arith(ArithAir)
    } else {
        ZirvAir::Shift(ShiftAir)
    }
}

/// The trace of `ops` (all of `op`'s machine) in that machine.
fn trace_of(op: Op, ops: &[(Op, u64, u64)], u16: &mut U16Counts) -> RowMajorMatrix<Val> {
    match machine_of(op) {
        ZirvAir::Binary(_) => binary_trace::<Val>(ops, u16),
        ZirvAir::Arith(_) => arith_trace::<Val>(ops, u16),
        _ => shift_trace::<Val>(ops, u16),
    }
}

/// Every tuple the 16-bit table can answer, by bus and fields.
fn table_tuples() -> HashSet<(String, Vec<u64>)> {
    let air = Air4::Zirv(ZirvAir::U16(RangeAir::default()));
    let prep = air.preprocessed_trace().unwrap();
    let trace = U16Counts::default().trace::<Val>();
    (0..1 << 16)
        .flat_map(|row| {
            eval_row(&air, &trace, Some(&prep), &[], row)
                .messages
                .into_iter()
                .map(|(bus, f, _)| (bus, f.iter().map(|v| v.as_canonical_u64()).collect()))
        })
        .collect()
}

/// A change to any cell of a real row is caught: a constraint of the row fails, or the row's
/// operation-bus tuple changes (it no longer matches what Main sent), or one of its look-ups
/// asks for a tuple the 16-bit table does not have. (A change that passes all three would be a
/// second witness for the same claim: every column is meant to be determined.)
fn every_cell_is_determined(
    air: &Air4,
    trace: &RowMajorMatrix<Val>,
    rows: usize,
    name: fn(usize) -> String,
) {
    let table = table_tuples();
    let op_id = BusId::Operation as u64;
    // The row's operation tuples, and whether every other look-up is answerable.
    let judge = |e: &zirv_testkit::check::RowEval<'_>| {
        let mut ops = Vec::new();
        let mut answerable = true;
        for (bus, f, c) in &e.messages {
            if *c == Val::ZERO {
                continue;
            }
            let fields: Vec<u64> = f.iter().map(|v| v.as_canonical_u64()).collect();
            if fields[0] == op_id {
                ops.push((fields, c.as_canonical_u64()));
            } else if !table.contains(&(bus.clone(), fields)) {
                answerable = false;
            }
        }
        (ops, answerable)
    };
    let w = trace.width;
    for row in 0..rows {
        let honest = eval_row(air, trace, None, &[], row);
        assert!(honest.failed.is_empty(), "row {row} fails honestly");
        let (ops, answerable) = judge(&honest);
        assert!(
            answerable,
            "row {row}: an honest look-up is not in the table"
        );
        for col in 0..w {
            for delta in [Val::ONE, Val::NEG_ONE] {
                let mut t = trace.clone();
                t.values[row * w + col] += delta;
                let e = eval_row(air, &t, None, &[], row);
                let (new_ops, answerable) = judge(&e);
                assert!(
                    !e.failed.is_empty() || new_ops != ops || !answerable,
                    "row {row}: column {} changed by {delta} is accepted",
                    name(col)
                );
            }
        }
    }
}

/// [`every_cell_is_determined`] on the rows of `machine`'s ops for edge and random operands
/// (every `thin`-th edge value, `n` random pairs per op).
fn every_cell_of(machine: ZirvAir, ops: &[Op], thin: usize, n: usize, name: fn(usize) -> String) {
    let ops: Vec<_> = ops
        .iter()
        .flat_map(|&op| {
            cases_with(op, thin, n)
                .into_iter()
                .map(move |(a, b)| (op, a, b))
        })
        .collect();
    let mut u16 = U16Counts::default();
    let trace = trace_of(ops[0].0, &ops, &mut u16);
    every_cell_is_determined(&TestAir::Zirv(machine), &trace, ops.len(), name);
}

#[test]
fn every_cell_of_binary_is_determined() {
    let name = zirv_sm_binary::columns::name;
    every_cell_of(ZirvAir::Binary(BinaryAir), &BINARY_OPS, 11, 8, name);
}

#[test]
fn every_cell_of_arith_is_determined() {
    let name = zirv_sm_arith::columns::name;
    every_cell_of(ZirvAir::Arith(ArithAir), &ARITH_OPS, 11, 8, name);
}

#[test]
fn every_cell_of_shift_is_determined() {
    let name = zirv_sm_shift::columns::name;
    every_cell_of(ZirvAir::Shift(ShiftAir), &SHIFT_OPS, 7, 16, name);
}

/// A `w` shift's amount is `b & 31`: bit 5 of `b` must not move the result by two more limbs.
/// `sll_w` by 17 with `b = 0x31` (bits 4 and 5 set): the honest row shifts by one limb; a row
/// that takes limb offset 3 (the same `Shamt` tuple with `b5 = 0`) must fail.
#[test]
fn a_w_shift_cannot_use_bit_5_as_a_limb_offset() {
    use zirv_sm_shift::columns as sc;
    let air = TestAir::<Sender>::Zirv(ZirvAir::Shift(ShiftAir));
    let (a, b) = (0x1234_5678_9abc_def1u64, 0x31u64);
    let mut u16 = U16Counts::default();
    let honest = shift_trace::<Val>(&[(Op::SllW, a, b)], &mut u16);
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

fn stark_ops() -> Vec<(Op, u64, u64)> {
    all_ops()
        .into_iter()
        .flat_map(|op| {
            cases(op, 9)
                .into_iter()
                .take(20)
                .map(move |(a, b)| (op, a, b))
        })
        .collect()
}

#[test]
fn honest_alu_proof_verifies() {
    let w = witness(&stark_ops(), |op, a, b| op.eval(a, b));
    let instances: Vec<_> = w
        .airs
        .iter()
        .cloned()
        .zip(w.traces.iter().cloned())
        .collect();
    prove_and_verify!(&instances, &w.airs).unwrap();
}

#[test]
fn wrong_alu_result_fails_verification() {
    for bad in [Op::Add, Op::Mulhsu, Op::Sra, Op::SllW] {
        let target = (bad, cases(bad, 9)[3]);
        let w = witness(&stark_ops(), |op, a, b| {
            let (c, f) = op.eval(a, b);
            let lie = (op, (a, b)) == target;
            (if lie { c.wrapping_add(1) } else { c }, f)
        });
        let instances: Vec<_> = w
            .airs
            .iter()
            .cloned()
            .zip(w.traces.iter().cloned())
            .collect();
        assert!(
            prove_and_verify!(&instances, &w.airs).is_err(),
            "{}",
            bad.name()
        );
    }
}

#[test]
fn a_table_multiplicity_off_by_one_is_rejected() {
    let ops: Vec<_> = all_ops()
        .into_iter()
        .flat_map(|op| {
            cases(op, 9)
                .into_iter()
                .take(6)
                .map(move |(a, b)| (op, a, b))
        })
        .collect();
    let w = witness(&ops, |op, a, b| op.eval(a, b));
    check(&w).unwrap();
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
            let mut bad = Witness {
                airs: w.airs.clone(),
                traces: w.traces.clone(),
            };
            bad.traces[0].values[v * table.width + kind] += delta;
            assert!(
                check(&bad).is_err(),
                "kind {kind}, value {v}: {delta} accepted"
            );
        }
    }
}

//! The ALU machines' harness (Binary, Arith, Shift: the machines that answer ops on the
//! operation bus), against the op table (`zirv_core::Op::eval`, which the emulator executes).
//!
//! A witness is the 16-bit table, a stand-in for Main ([`OP_SENDER`]) claiming `(c, flag)` for
//! each `(op, a, b)`, and the machines' traces. The checks each machine's tests run:
//! [`honest_rows_agree_with_the_op_table`], [`a_wrong_result_fails`],
//! [`every_cell_is_determined`], [`honest_proof_verifies`] and
//! [`a_wrong_result_fails_verification`].

use crate::Val;
use crate::air::{TestAir, prove_and_verify};
use crate::check::{RowEval, check_witness, eval_row};
use crate::operands::pairs;
use crate::sender::Sender;
use p3_air::BaseAir;
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::HashSet;
use zirv_core::op::Op;
use zirv_data_bus::BusId;
use zirv_machines::ZirvAir;
use zirv_sm_tables::{RangeAir, U16Counts};

/// A machine's trace builder: its rows for `(op, a, b)`, with its look-ups counted.
pub type AluTrace = fn(&[(Op, u64, u64)], &mut U16Counts) -> RowMajorMatrix<Val>;

/// An ALU machine: its AIR, the ops it answers and its trace builder.
#[derive(Clone)]
pub struct Alu {
    /// Its AIR.
    pub air: ZirvAir,
    /// The ops it answers.
    pub ops: &'static [Op],
    /// Its trace builder.
    pub trace: AluTrace,
}

/// Main's stand-in: sends `(op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, flag)` on the operation bus.
pub const OP_SENDER: Sender = Sender::new(BusId::Operation, 8);

/// Operand pairs for `op`: every pair of every `thin`-th edge value, plus 32 random pairs.
pub fn cases(op: Op, thin: usize) -> Vec<(u64, u64)> {
    cases_with(op, thin, 32)
}

/// As [`cases`], with `n` random pairs (seeded by the op's code).
pub fn cases_with(op: Op, thin: usize, n: usize) -> Vec<(u64, u64)> {
    pairs(thin, n, op.code() as u64 * 7919 + 1)
}

/// `(op, a, b)` for each op of `ops` and each of its [`cases_with`]`(op, thin, n)`, at most
/// `take` per op.
pub fn op_cases(ops: &[Op], thin: usize, n: usize, take: usize) -> Vec<(Op, u64, u64)> {
    ops.iter()
        .flat_map(|&op| {
            cases_with(op, thin, n)
                .into_iter()
                .take(take)
                .map(move |(a, b)| (op, a, b))
        })
        .collect()
}

/// A witness: the instances' AIRs and traces.
#[derive(Clone)]
pub struct Witness {
    /// The 16-bit table, the sender, then the machines.
    pub airs: Vec<TestAir>,
    /// Their traces.
    pub traces: Vec<RowMajorMatrix<Val>>,
}

impl Witness {
    /// The concrete check of every constraint and bus ([`check_witness`]).
    pub fn check(&self) -> Result<(), String> {
        check_witness(&self.airs, &self.traces, &vec![vec![]; self.airs.len()])
    }

    /// A real proof of the witness, verified ([`prove_and_verify`]).
    pub fn prove(&self) -> Result<(), String> {
        let instances: Vec<_> = self
            .airs
            .iter()
            .cloned()
            .zip(self.traces.iter().cloned())
            .collect();
        prove_and_verify(&instances, &self.airs)
    }
}

/// The table, the sender (claiming `claim(op, a, b)` for each op) and `machines`' traces of the
/// ops each answers.
pub fn witness(
    machines: &[Alu],
    ops: &[(Op, u64, u64)],
    claim: impl Fn(Op, u64, u64) -> (u64, bool),
) -> Witness {
    let mut u16 = U16Counts::default();
    let mut airs = vec![
        TestAir::Zirv(ZirvAir::U16(RangeAir::default())),
        TestAir::Sender(OP_SENDER),
    ];
    let mut traces = vec![];
    for m in machines {
        let mine: Vec<_> = ops
            .iter()
            .copied()
            .filter(|(op, _, _)| m.ops.contains(op))
            .collect();
        airs.push(TestAir::Zirv(m.air.clone()));
        traces.push((m.trace)(&mine, &mut u16));
    }
    // Each field is a 32-bit half (the low halves masked), as Main sends them.
    let sent = ops.iter().map(|&(op, a, b)| {
        let (c, f) = claim(op, a, b);
        [
            op.code() as u64,
            a,
            a >> 32,
            b,
            b >> 32,
            c,
            c >> 32,
            f as u64,
        ]
        .map(|v| Val::from_u64(v & 0xffff_ffff))
    });
    let sender = OP_SENDER.trace(sent);
    traces.splice(0..0, [u16.trace(), sender]);
    Witness { airs, traces }
}

/// The honest rows of every op of `m`, for every pair of edge values and random pairs, satisfy
/// every constraint and balance every bus with a sender that claims `Op::eval`'s `(c, flag)`.
pub fn honest_rows_agree_with_the_op_table(m: &Alu) {
    let ops = op_cases(m.ops, 1, 32, usize::MAX);
    witness(std::slice::from_ref(m), &ops, |op, a, b| op.eval(a, b))
        .check()
        .unwrap();
}

/// `m`'s row for `(op, a, b)` with its result cells set to a lie (a bit of `c` flipped:
/// `result_cells(wrong_c)` gives the cells and their values; and the flag, at column `flag`
/// where the machine has one, negated) fails a constraint of the row. (The sender would claim
/// the same lie, so the operation bus balances: the row alone must catch it.)
pub fn a_wrong_result_fails(
    m: &Alu,
    result_cells: impl Fn(u64) -> Vec<(usize, u64)>,
    flag: Option<usize>,
) {
    for &op in m.ops {
        for (a, b) in cases(op, 3) {
            let honest = (m.trace)(&[(op, a, b)], &mut U16Counts::default());
            assert!(eval_row(&m.air, &honest, None, &[], 0).failed.is_empty());
            let (c, f) = op.eval(a, b);
            let mut lies = vec![];
            for bit in [0, 1, 15, 16, 31, 32, 33, 63] {
                lies.extend(result_cells(c ^ (1 << bit)));
            }
            lies.extend(flag.map(|col| (col, !f as u64)));
            for (col, v) in lies {
                if honest.values[col] == Val::from_u64(v) {
                    continue;
                }
                let mut t = honest.clone();
                t.values[col] = Val::from_u64(v);
                assert!(
                    !eval_row(&m.air, &t, None, &[], 0).failed.is_empty(),
                    "{} {a:#x} {b:#x}: a row with {col} = {v:#x} passes",
                    op.name()
                );
            }
        }
    }
}

/// Every tuple the 16-bit table can answer, by bus and fields.
pub fn u16_tuples() -> HashSet<(String, Vec<u64>)> {
    let air = ZirvAir::U16(RangeAir::default());
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

/// A change to any cell of `m`'s rows for edge and random operands (every `thin`-th edge value,
/// `n` random pairs per op) is caught: a constraint of the row fails, or the row's
/// operation-bus tuple changes (it no longer matches what Main sent), or one of its look-ups
/// asks for a tuple the 16-bit table does not have ([`crate::mutate::every_cell_is_determined`]).
pub fn every_cell_is_determined(m: &Alu, thin: usize, n: usize, name: fn(usize) -> String) {
    let ops = op_cases(m.ops, thin, n, usize::MAX);
    let trace = (m.trace)(&ops, &mut U16Counts::default());
    let table = u16_tuples();
    let op_id = BusId::Operation as u64;
    // The row's operation tuples, if every other look-up is answerable.
    let judge = |e: &RowEval<'_>| {
        let mut ops = Vec::new();
        for (bus, f, c) in &e.messages {
            if *c == Val::ZERO {
                continue;
            }
            let fields: Vec<u64> = f.iter().map(|v| v.as_canonical_u64()).collect();
            if fields[0] == op_id {
                ops.push((fields, c.as_canonical_u64()));
            } else if !table.contains(&(bus.clone(), fields.clone())) {
                return Err(format!("the table has no {bus} tuple {fields:?}"));
            }
        }
        Ok(ops)
    };
    crate::mutate::every_cell_is_determined(&m.air, &trace, 0..ops.len(), judge, name);
}

/// The ops a real proof covers: 20 cases of each of `m`'s ops.
fn stark_ops(m: &Alu) -> Vec<(Op, u64, u64)> {
    op_cases(m.ops, 9, 32, 20)
}

/// A real proof of `m`'s honest rows verifies.
pub fn honest_proof_verifies(m: &Alu) {
    witness(std::slice::from_ref(m), &stark_ops(m), |op, a, b| {
        op.eval(a, b)
    })
    .prove()
    .unwrap();
}

/// A witness in which Main claims a wrong result (`c + 1`) for one case of `bad` fails
/// verification.
pub fn a_wrong_result_fails_verification(m: &Alu, bad: Op) {
    let target = (bad, cases(bad, 9)[3]);
    let w = witness(std::slice::from_ref(m), &stark_ops(m), |op, a, b| {
        let (c, f) = op.eval(a, b);
        let lie = (op, (a, b)) == target;
        (if lie { c.wrapping_add(1) } else { c }, f)
    });
    assert!(w.prove().is_err(), "{}", bad.name());
}

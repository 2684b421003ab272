//! Soundness of the Keccakf machine: honest calls pass every constraint and put exactly the
//! call, the operand's look-ups and the state's reads and writes on the bus; a wrong output
//! lane, a wrong read, another address, a skipped read, another step, a call without Main's
//! message and every single changed cell are caught.

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use zirv_core::event::{PrecompileAccess, PrecompileCall};
use zirv_core::op::Op;
use zirv_machines::Val;
use zirv_sm_keccakf::{KeccakfAir, ROWS_PER_CALL, keccakf_trace};
use zirv_sm_tables::U16Counts;
use zirv_testkit::check::{RowEval, eval_row};

/// A call at `step` permuting `state` at `ptr`.
fn call(step: u64, ptr: u64, state: [u64; 25]) -> PrecompileCall {
    let mut out = state;
    tiny_keccak::keccakf(&mut out);
    let mut accesses: Vec<PrecompileAccess> = state
        .iter()
        .enumerate()
        .map(|(i, &value)| PrecompileAccess {
            addr: ptr + 8 * i as u64,
            value,
            is_write: false,
        })
        .collect();
    accesses.extend(out.iter().enumerate().map(|(i, &value)| PrecompileAccess {
        addr: ptr + 8 * i as u64,
        value,
        is_write: true,
    }));
    PrecompileCall {
        op: Op::Keccakf,
        step,
        a: 0,
        b: ptr,
        accesses,
    }
}

fn calls() -> Vec<PrecompileCall> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut v = vec![
        call(3, 0xA044_0000, [0; 25]),
        call(9, 0xA041_0000, [u64::MAX; 25]),
        // Across a 64 KiB block boundary (two blocks of the data region).
        call(20, 0xA044_FFF0, std::array::from_fn(|i| i as u64)),
    ];
    for k in 0..3 {
        let state = std::array::from_fn(|_| rng.random());
        v.push(call(100 + k, 0xA000_1000 + 256 * k, state));
    }
    v
}

type Messages = BTreeMap<(String, Vec<u64>), i64>;

/// Every row's constraint failures and the bus messages of the whole trace (non-zero totals).
fn evaluate(trace: &RowMajorMatrix<Val>) -> (Vec<(usize, Vec<usize>)>, Messages) {
    let h = trace.values.len() / trace.width;
    let mut failed = vec![];
    let mut msgs = Messages::new();
    for row in 0..h {
        let e = eval_row(&KeccakfAir, trace, None, &[], row);
        if !e.failed.is_empty() {
            failed.push((row, e.failed.clone()));
        }
        add(&mut msgs, &e);
    }
    msgs.retain(|_, c| *c != 0);
    (failed, msgs)
}

fn add(msgs: &mut Messages, e: &RowEval<'_>) {
    for (bus, fields, count) in &e.messages {
        let c = count.as_canonical_u64();
        let c = if c > u64::MAX / 2 {
            -((Val::ORDER_U64 - c) as i64)
        } else {
            c as i64
        };
        let key = (
            bus.clone(),
            fields.iter().map(|f| f.as_canonical_u64()).collect(),
        );
        *msgs.entry(key).or_default() += c;
    }
}

/// The messages honest calls must send: Main's call received, 25 reads and 25 writes.
fn expected_memory(calls: &[PrecompileCall]) -> Messages {
    let mut m = Messages::new();
    for c in calls {
        let call = vec![2, Op::Keccakf.code() as u64, 0, 0, c.b, 0, c.step, 0, 2];
        *m.entry(("zirv".into(), call)).or_default() -= 1;
        for a in &c.accesses {
            let ts = 4 * c.step + if a.is_write { 4 } else { 2 };
            let t = vec![
                3,
                a.addr / 8,
                ts,
                a.is_write as u64,
                a.value & 0xffff_ffff,
                a.value >> 32,
                0,
                0,
                0,
            ];
            *m.entry(("zirv".into(), t)).or_default() += 1;
        }
    }
    m
}

/// The messages other than range and region look-ups.
fn non_table(m: &Messages) -> Messages {
    m.iter()
        .filter(|((_, f), _)| f[0] != 4 && f[0] != 8)
        .map(|(k, v)| (k.clone(), *v))
        .collect()
}

#[test]
fn honest_calls_pass_and_send_their_reads_and_writes() {
    let calls = calls();
    let mut u16 = U16Counts::default();
    let trace = keccakf_trace::<Val>(&calls, &mut u16);
    assert_eq!(
        trace.values.len() / trace.width,
        (calls.len() * ROWS_PER_CALL).next_power_of_two()
    );
    let (failed, msgs) = evaluate(&trace);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(non_table(&msgs), expected_memory(&calls));
}

/// The rows of call `k` of a trace.
fn rows_of(k: usize) -> std::ops::Range<usize> {
    k * ROWS_PER_CALL..(k + 1) * ROWS_PER_CALL
}

/// Changes every listed cell of `trace` by `delta`.
fn change(
    trace: &mut RowMajorMatrix<Val>,
    cells: impl IntoIterator<Item = (usize, usize)>,
    delta: u64,
) {
    let w = trace.width;
    for (row, col) in cells {
        trace.values[row * w + col] += Val::from_u64(delta);
    }
}

fn honest() -> (Vec<PrecompileCall>, RowMajorMatrix<Val>) {
    let calls = calls();
    let trace = keccakf_trace::<Val>(&calls, &mut U16Counts::default());
    (calls, trace)
}

#[test]
fn wrong_output_or_input_lanes_fail() {
    use p3_keccak_air::KeccakCols;
    let map: KeccakCols<usize> = {
        let idx: Vec<usize> = (0..zirv_sm_keccakf::KECCAK_COLS).collect();
        let cols: &KeccakCols<usize> = std::borrow::Borrow::borrow(&idx[..]);
        KeccakCols {
            step_flags: cols.step_flags,
            export: cols.export,
            preimage: cols.preimage,
            a: cols.a,
            c: cols.c,
            c_prime: cols.c_prime,
            a_prime: cols.a_prime,
            a_prime_prime: cols.a_prime_prime,
            a_prime_prime_0_0_bits: cols.a_prime_prime_0_0_bits,
            a_prime_prime_prime_0_0_limbs: cols.a_prime_prime_prime_0_0_limbs,
        }
    };
    let (_, trace) = honest();
    for lane in 0..25 {
        let (x, y) = (lane % 5, lane / 5);
        for limb in [0, 3] {
            // The output the last round's row writes.
            let mut t = trace.clone();
            change(
                &mut t,
                [(rows_of(1).end - 1, map.a_prime_prime_prime(y, x, limb))],
                1,
            );
            assert!(!evaluate(&t).0.is_empty(), "output lane {lane} limb {limb}");
            // The input the first round's row reads, on every row of the call.
            let mut t = trace.clone();
            change(&mut t, rows_of(1).map(|r| (r, map.preimage[y][x][limb])), 1);
            assert!(!evaluate(&t).0.is_empty(), "input lane {lane} limb {limb}");
        }
    }
}

#[test]
fn another_address_step_or_a_skipped_call_changes_what_the_bus_sees() {
    use zirv_sm_keccakf::{IS_REAL, OPERAND, PTR, STEP};
    let (calls, trace) = honest();
    let expected = expected_memory(&calls);
    // The pointer one word on, with its address check (w) on: constraints hold, but the call
    // and the words are another call's.
    let mut t = trace.clone();
    change(
        &mut t,
        rows_of(3).flat_map(|r| [(r, PTR), (r, OPERAND), (r, OPERAND + 2)]),
        8,
    );
    change(&mut t, rows_of(3).map(|r| (r, OPERAND)), Val::ORDER_U64 - 7);
    let (failed, msgs) = evaluate(&t);
    assert!(!failed.is_empty() || non_table(&msgs) != expected);
    // Another step.
    let mut t = trace.clone();
    change(&mut t, rows_of(2).map(|r| (r, STEP)), 1);
    let (failed, msgs) = evaluate(&t);
    assert!(
        failed.is_empty(),
        "the step is free in the machine: Main's message binds it"
    );
    assert_ne!(non_table(&msgs), expected);
    // A call made padding: its reads and writes skipped, and Main's call unanswered.
    let mut t = trace.clone();
    let w = t.width;
    for r in rows_of(0) {
        for c in IS_REAL..w {
            t.values[r * w + c] = Val::ZERO;
        }
    }
    let (failed, msgs) = evaluate(&t);
    assert!(failed.is_empty());
    assert_ne!(non_table(&msgs), expected);
    // A padding permutation claimed as a call (only its first row's flag): rejected.
    let mut t = trace.clone();
    let pad = rows_of(calls.len()).start;
    change(&mut t, [(pad, IS_REAL)], 1);
    assert!(!evaluate(&t).0.is_empty());
}

/// Every cell of a call's first, middle and last round rows and of padding rows is determined:
/// a change by +-1 fails a constraint of its row or the row before, or changes the row's bus
/// messages.
#[test]
fn every_cell_is_determined() {
    let (_, trace) = honest();
    let w = trace.width;
    let h = trace.values.len() / w;
    let msgs = |t: &RowMajorMatrix<Val>, row: usize| {
        let mut m = Messages::new();
        add(&mut m, &eval_row(&KeccakfAir, t, None, &[], row));
        m.retain(|_, c| *c != 0);
        m
    };
    let rows = [0, 1, 12, 23, 24, 47, h - 9, h - 2, h - 1];
    let mut t = trace.clone();
    for row in rows {
        let honest = msgs(&trace, row);
        for col in 0..w {
            for delta in [1, Val::ORDER_U64 - 1] {
                change(&mut t, [(row, col)], delta);
                let fails = |r: usize| !eval_row(&KeccakfAir, &t, None, &[], r).failed.is_empty();
                let caught = fails(row) || fails((row + h - 1) % h) || msgs(&t, row) != honest;
                assert!(
                    caught,
                    "row {row}, column {col} changed by {delta} is accepted"
                );
                change(&mut t, [(row, col)], Val::ORDER_U64 - delta);
            }
        }
    }
}

//! The Sha256f machine against `sha2::compress256`, with stand-in senders for Main (the call on
//! the operation bus) and Mem (the words at the call's timestamps, answered on the memory bus),
//! and the 16-bit table for the operand checks: honest calls (random and edge states and
//! blocks) balance every bus; a wrong output word, a wrong read value, a read from another
//! address, a skipped read, a truncated call and a call Main did not make are rejected; every
//! cell of a call's rows (and padding rows) is determined; a real proof verifies.

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use zirv_core::event::{PrecompileAccess, PrecompileCall};
use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_sha256f::columns as sc;
use zirv_sm_sha256f::{ROWS_PER_CALL, Sha256fAir, WIDTH, sha256f_trace};
use zirv_sm_tables::{RangeAir, U16Counts};
use zirv_testkit::check::{check_witness, eval_row};
use zirv_testkit::precompile::{MAIN, MEM, main_trace, mem_trace_of, mem_tuples};
use zirv_testkit::{TestAir, prove_and_verify};

/// A call at `step` with the state at `a`, the block at `b` (byte addresses), as the emulator
/// reports it: the output computed by `sha2::compress256`.
fn call(step: u64, a: u64, b: u64, state: [u32; 8], block: [u8; 64]) -> PrecompileCall {
    let mut out = state;
    sha2::compress256(&mut out, &[block.into()]);
    let word = |s: &[u32; 8], i: usize| s[2 * i] as u64 | (s[2 * i + 1] as u64) << 32;
    let mut accesses = vec![];
    for i in 0..4 {
        accesses.push(PrecompileAccess {
            addr: a + 8 * i as u64,
            value: word(&state, i),
            is_write: false,
        });
    }
    for k in 0..8 {
        accesses.push(PrecompileAccess {
            addr: b + 8 * k as u64,
            value: u64::from_le_bytes(block[8 * k..8 * k + 8].try_into().unwrap()),
            is_write: false,
        });
    }
    for i in 0..4 {
        accesses.push(PrecompileAccess {
            addr: a + 8 * i as u64,
            value: word(&out, i),
            is_write: true,
        });
    }
    PrecompileCall {
        op: Op::Sha256f,
        step,
        a,
        b,
        accesses,
    }
}

/// Edge calls (zero and all-ones state and block, mixed) and `n` random ones, at distinct
/// steps, with operands in the stack and the data region.
fn calls(n: usize, seed: u64) -> Vec<PrecompileCall> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut cases: Vec<([u32; 8], [u8; 64])> = vec![
        ([0; 8], [0; 64]),
        ([u32::MAX; 8], [0xff; 64]),
        ([0; 8], [0xff; 64]),
        ([u32::MAX; 8], [0; 64]),
        (
            [
                0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
                0x5be0cd19,
            ],
            std::array::from_fn(|i| if i == 0 { 0x80 } else { 0 }),
        ),
    ];
    for _ in 0..n {
        cases.push((rng.random(), std::array::from_fn(|_| rng.random())));
    }
    cases
        .into_iter()
        .enumerate()
        .map(|(i, (s, mut blk))| {
            let i = i as u64;
            // The state in the stack, the block in the data region; one block spans two 64 KiB
            // blocks, one follows the state, one starts at the state (its first 32 bytes are the
            // state's words: each is read twice).
            let a = 0xA000_0000 + 0x100 * i;
            let b = match i {
                1 => 0xA044_FFE0,
                2 => a + 32,
                6 => a,
                _ => 0xA043_0000 + 0x40 * i,
            };
            if b == a {
                for (k, w) in s.iter().enumerate() {
                    blk[4 * k..4 * k + 4].copy_from_slice(&w.to_le_bytes());
                }
            }
            call(3 + 5 * i, a, b, s, blk)
        })
        .collect()
}

/// A witness: the 16-bit table, Main's and Mem's stand-ins, the machine.
struct Witness {
    airs: Vec<TestAir>,
    traces: Vec<RowMajorMatrix<Val>>,
}

impl Witness {
    /// The machine's trace of `machine` calls; Main sends `main`'s calls, Mem answers `mem`'s
    /// accesses; `tamper` edits the machine's trace.
    fn new(
        machine: &[PrecompileCall],
        main: &[PrecompileCall],
        mem: &[[Val; 5]],
        tamper: impl Fn(&mut RowMajorMatrix<Val>),
    ) -> Self {
        let mut u16 = U16Counts::default();
        let mut trace = sha256f_trace::<Val>(machine, &mut u16);
        tamper(&mut trace);
        let airs = vec![
            TestAir::Zirv(ZirvAir::U16(RangeAir::default())),
            TestAir::Sender(MAIN),
            TestAir::Sender(MEM),
            TestAir::Zirv(ZirvAir::Sha256f(Sha256fAir)),
        ];
        let traces = vec![u16.trace(), main_trace(main), mem_trace_of(mem), trace];
        Witness { airs, traces }
    }

    fn honest(calls: &[PrecompileCall]) -> Self {
        Self::new(calls, calls, &mem_tuples(calls), |_| {})
    }

    fn check(&self) -> Result<(), String> {
        check_witness(&self.airs, &self.traces, &vec![vec![]; self.airs.len()])
    }

    /// A real proof, verified (a prover that refuses the witness counts as a rejection).
    fn prove(&self) -> Result<(), String> {
        let instances: Vec<_> = self.airs.iter().cloned().zip(self.traces.clone()).collect();
        prove_and_verify(&instances, &self.airs)
    }
}

/// Sets the 32 bit columns at `base` of row `row` to `v`.
fn set_bits(t: &mut RowMajorMatrix<Val>, row: usize, base: usize, v: u32) {
    for i in 0..32 {
        t.values[row * WIDTH + base + i] = Val::from_u64(((v >> i) & 1) as u64);
    }
}

#[test]
fn layout_and_degree() {
    assert_eq!(ROWS_PER_CALL, 66);
    const { assert!(WIDTH < 1000) };
    println!("Sha256f: {WIDTH} columns, {ROWS_PER_CALL} rows per call");
    let t = sha256f_trace::<Val>(&calls(3, 1), &mut U16Counts::default());
    assert_eq!(t.values.len() / WIDTH, 1024);
    let t = sha256f_trace::<Val>(&[], &mut U16Counts::default());
    assert_eq!(t.values.len() / WIDTH, 4);
}

#[test]
fn constraints_are_of_degree_3_and_messages_pair_up() {
    use p3_air::symbolic::AirLayout;
    use p3_lookup::InteractionSymbolicBuilder;
    let b = InteractionSymbolicBuilder::<Val>::from_air(
        &Sha256fAir,
        AirLayout::from_air::<Val>(&Sha256fAir),
    );
    let constraints = b.base_constraints();
    let worst = constraints
        .iter()
        .map(|c| c.degree_multiple())
        .max()
        .unwrap();
    assert_eq!(worst, 3);
    // Every message has degree-1 fields and a count of degree at most 2: two share a fraction
    // column.
    let msgs = b.global_interactions();
    for m in msgs {
        let field = m.fields.iter().map(|f| f.degree_multiple()).max().unwrap();
        assert!(
            field <= 1 && m.count.degree_multiple() <= 2,
            "{}",
            m.bus_name
        );
    }
    println!("{} constraints, {} messages", constraints.len(), msgs.len());
}

#[test]
fn honest_calls_agree_with_compress256() {
    let cs = calls(40, 0x5368_6132);
    Witness::honest(&cs).check().unwrap();
    // The output row holds compress256's state.
    let t = sha256f_trace::<Val>(&cs, &mut U16Counts::default());
    for (k, c) in cs.iter().enumerate() {
        let row = k * ROWS_PER_CALL + sc::OUT_ROW;
        let writes: Vec<u64> = c.writes().collect();
        for v in 0..8 {
            let word: u64 = (0..32)
                .map(|i| t.values[row * WIDTH + sc::ST + 32 * v + i].as_canonical_u64() << i)
                .sum();
            assert_eq!(word, (writes[v / 2] >> (32 * (v % 2))) & 0xffff_ffff);
        }
    }
}

#[test]
fn an_empty_instance_is_all_padding_and_balances() {
    Witness::honest(&[]).check().unwrap();
}

#[test]
fn a_wrong_output_word_fails() {
    let cs = calls(2, 7);
    for k in [0, 6] {
        for v in 0..8 {
            for bit in [0, 13, 31].into_iter().skip((v + k) % 3).step_by(3) {
                // The machine writes the lie, and Mem (whose value it becomes) agrees.
                let mut lie = cs.clone();
                let w = &mut lie[k].accesses[12 + v / 2];
                w.value ^= 1 << (32 * (v % 2) + bit);
                let out = (w.value >> (32 * (v % 2))) as u32;
                let row = k * ROWS_PER_CALL + sc::OUT_ROW;
                let wit = Witness::new(&cs, &cs, &mem_tuples(&lie), |t| {
                    set_bits(t, row, sc::ST + 32 * v, out)
                });
                assert!(wit.check().is_err(), "call {k}, word {v}, bit {bit}");
            }
        }
    }
}

#[test]
fn a_wrong_read_value_fails() {
    // The machine computes from a value Mem does not hold (and writes its compression).
    let cs = calls(1, 9);
    for (k, reads) in [(0, (0..12).collect::<Vec<_>>()), (5, vec![0, 4, 11])] {
        for r in reads {
            let mut lie = cs.clone();
            lie[k].accesses[r].value ^= 1 << (r * 5 % 64);
            let reads: Vec<u64> = lie[k].reads().collect();
            let state: [u32; 8] = std::array::from_fn(|i| (reads[i / 2] >> (32 * (i % 2))) as u32);
            let block: [u8; 64] = std::array::from_fn(|i| reads[4 + i / 8].to_le_bytes()[i % 8]);
            let (c0, a, b) = (&lie[k], lie[k].a, lie[k].b);
            lie[k] = call(c0.step, a, b, state, block);
            let wit = Witness::new(&lie, &cs, &mem_tuples(&cs), |_| {});
            assert!(wit.check().is_err(), "call {k}, read {r}");
            if r % 4 == 0 {
                // The lie is consistent on its own: Mem holding it would balance.
                Witness::honest(&lie).check().unwrap();
            }
        }
    }
}

#[test]
fn a_read_from_another_address_fails() {
    // The machine reads (and writes) the state or the block one word further than the call
    // names; Mem answers those accesses.
    let cs = calls(1, 11);
    for (col, delta) in [(sc::AW, 1u64), (sc::BW, 1), (sc::AW, 8), (sc::BW, 1 << 13)] {
        for k in [0, 3] {
            let mut moved = cs.clone();
            for a in &mut moved[k].accesses {
                let is_state = a.addr >= cs[k].a && a.addr < cs[k].a + 32 && col == sc::AW
                    || (a.addr >= cs[k].b && a.addr < cs[k].b + 64 && col == sc::BW);
                if is_state {
                    a.addr += 8 * delta;
                }
            }
            let wit = Witness::new(&cs, &cs, &mem_tuples(&moved), |t| {
                for r in 0..ROWS_PER_CALL {
                    let at = (k * ROWS_PER_CALL + r) * WIDTH + col;
                    t.values[at] += Val::from_u64(delta);
                }
            });
            assert!(
                wit.check().is_err(),
                "{} + {delta}, call {k}",
                sc::name(col)
            );
        }
    }
}

#[test]
fn a_skipped_read_or_a_truncated_call_fails() {
    let cs = calls(1, 13);
    let mem = mem_tuples(&cs);
    // Mem never saw one of the reads (or a write).
    for skip in [0, 3, 4, 11, 12, 15, 16 + 7, 16 + 15] {
        let mut fewer = mem.clone();
        let _ = fewer.remove(skip);
        assert!(Witness::new(&cs, &cs, &fewer, |_| {}).check().is_err());
    }
    // The machine's block-read rows dropped (the position of row 2 of the second call cleared).
    let wit = Witness::new(&cs, &cs, &mem, |t| {
        let at = (ROWS_PER_CALL + 2) * WIDTH + sc::LO + 2;
        t.values[at] = Val::ZERO;
    });
    assert!(wit.check().is_err());
    // The last call stops before its output row (the rows after it zeroed): no writes.
    let n = cs.len();
    let wit = Witness::new(&cs, &cs, &mem, |t| {
        let from = ((n - 1) * ROWS_PER_CALL + sc::FIN_ROW) * WIDTH;
        t.values[from..].fill(Val::ZERO);
    });
    assert!(wit.check().is_err());
}

#[test]
fn a_call_main_did_not_make_fails() {
    let cs = calls(2, 17);
    // Main made all but one of the calls.
    for k in [0, 3, cs.len() - 1] {
        let mut main = cs.clone();
        main.remove(k);
        assert!(
            Witness::new(&cs, &main, &mem_tuples(&cs), |_| {})
                .check()
                .is_err()
        );
    }
    // The machine claims another step for a call (Mem answering at that step).
    let mut other = cs.clone();
    other[1].step += 1;
    assert!(
        Witness::new(&other, &cs, &mem_tuples(&other), |_| {})
            .check()
            .is_err()
    );
}

/// The messages of rows `rows` with a non-zero count, canonical, sorted.
fn messages(
    air: &Sha256fAir,
    t: &RowMajorMatrix<Val>,
    rows: &[usize],
) -> (bool, Vec<(String, Vec<u64>, u64)>) {
    let mut failed = false;
    let mut out = vec![];
    for &r in rows {
        let e = eval_row(air, t, None, &[], r);
        failed |= !e.failed.is_empty();
        for (bus, f, c) in e.messages {
            if c != Val::ZERO {
                let f = f.iter().map(|v| v.as_canonical_u64()).collect();
                out.push((bus, f, c.as_canonical_u64()));
            }
        }
    }
    out.sort();
    (failed, out)
}

#[test]
fn every_cell_is_determined() {
    // Each cell of a call's rows, of the next call's first rows and of padding rows, changed by
    // +1 or -1, fails a constraint of a window holding its row (its row with the next, or the
    // previous row with its row) or changes a message of those rows.
    let cs = calls(0, 19);
    let cs = &cs[3..5];
    let mut t = sha256f_trace::<Val>(cs, &mut U16Counts::default());
    let height = t.values.len() / WIDTH;
    let air = Sha256fAir;
    let rows: Vec<usize> = (0..ROWS_PER_CALL + 3)
        .chain([2 * ROWS_PER_CALL - 1, 2 * ROWS_PER_CALL, height - 1])
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &row in &rows {
        let window: Vec<usize> = if row == 0 {
            vec![0]
        } else {
            vec![row - 1, row]
        };
        let (failed, honest) = messages(&air, &t, &window);
        assert!(!failed, "row {row} fails honestly");
        for col in 0..WIDTH {
            for delta in [Val::ONE, Val::NEG_ONE] {
                let at = row * WIDTH + col;
                let keep = t.values[at];
                t.values[at] += delta;
                let (failed, msgs) = messages(&air, &t, &window);
                t.values[at] = keep;
                *counts
                    .entry(if failed { "constraint" } else { "message" })
                    .or_default() += 1;
                assert!(
                    failed || msgs != honest,
                    "row {row}: {} changed by {delta} is accepted",
                    sc::name(col)
                );
            }
        }
    }
    println!("caught by: {counts:?}");
}

#[test]
fn honest_proof_verifies_and_a_wrong_output_does_not() {
    let cs = calls(1, 23);
    let cs = &cs[..3];
    Witness::honest(cs).prove().unwrap();
    // The machine writes a wrong word 5 of call 1 (Mem agrees): rejected.
    let mut lie = cs.to_vec();
    lie[1].accesses[14].value ^= 1 << 40;
    let out = (lie[1].accesses[14].value >> 32) as u32;
    let wit = Witness::new(cs, cs, &mem_tuples(&lie), |t| {
        set_bits(t, ROWS_PER_CALL + sc::OUT_ROW, sc::ST + 32 * 5, out)
    });
    assert!(wit.prove().is_err());
}

//! Every cell of Main, MemAlign, InputData, Output and RegFile is determined: on real witnesses
//! (programs with every kind of operand, load, store, jump and ecall), each cell changed by +1
//! or -1 is caught by the rows that read it. A change is caught when
//! - a constraint of the changed row, or of the row before it (transitions), fails; or
//! - a message those rows send to a machine the prover fills (Mem, registers, MemAlign, the
//!   operation bus, the init bus) changes: the receiver, whose own soundness is tested per
//!   machine, no longer matches; or
//! - a look-up in a fixed table (the ROM, the 16-bit table) asks for a tuple the table does not
//!   have.
//!
//! A change that passes all three would be a second witness for the same claims: every column
//! is meant to be determined. Padding rows (after the exit, or after a machine's last request)
//! are held to a stricter rule: a change there must fail a constraint or leave the rows sending
//! exactly what they sent, so padding can never add a message (a store after the exit, say).
//! Their other cells carry nothing and are not constrained. Padding rows are also changed two
//! cells at a time (every pair of columns, +-1 each: Mem's `is_init` with `is_write` once made a
//! padding row consume an init word and send a write), and a Mem padding row is made the init
//! row of an initialised word.

mod common;

use common::programs::{input, instruction_tests, rom};
use p3_air::BaseAir;
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::HashSet;
use zirv_core::Rom;
use zirv_data_bus::ROM_BUS;
use zirv_data_bus::{BUS, tuple};
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_machines::Val;
use zirv_machines::ZirvAir;
use zirv_machines::{MachineId, TableSource};
use zirv_sm_tables::U16_KINDS;
use zirv_testkit::check::{RowEval, check_witness_with, eval_row};
use zirv_testkit::mutate::each_cell_change;
use zirv_witness::{Witness, generate};

/// A bus message with a non-zero count: (bus, fields, count).
type Msg = (String, Vec<u64>, u64);

struct Program {
    airs: Vec<ZirvAir>,
    witness: Witness,
    /// Each instance's machine.
    machines: Vec<MachineId>,
    /// Every instance's trace, in instance order.
    traces: Vec<RowMajorMatrix<Val>>,
    public: Vec<Vec<Val>>,
    /// Every tuple the fixed tables (ROM, RomData, 16-bit table) can answer.
    table: HashSet<(String, Vec<u64>)>,
}

fn witness(rom: &Rom, input: &[u8]) -> Program {
    let mut chunks = Vec::new();
    let opts = Options {
        chunk_steps: 64,
        ..Options::default()
    };
    let report = Emulator::new(rom)
        .run_traced(input, &opts, &mut NullIo, |c| chunks.push(c))
        .unwrap();
    assert_eq!(report.exit_code, 0);
    let witness = generate(rom, &chunks, input, &report.outputs).unwrap();
    // One instance per witness trace (the whole execution in one, as a proof with large
    // instances has it), with the verifier's boundary messages from outside.
    let mut machines = vec![];
    let mut traces: Vec<RowMajorMatrix<Val>> = vec![];
    for &m in MachineId::ALL {
        for t in &witness.traces[&m] {
            machines.push(m);
            traces.push(t.clone());
        }
    }
    let airs: Vec<ZirvAir> = machines
        .iter()
        .map(|m| m.air(TableSource::Program(rom)))
        .collect();
    let public: Vec<Vec<Val>> = machines
        .iter()
        .map(|&m| match m {
            MachineId::Output => witness.outputs.iter().map(|&o| Val::from_u32(o)).collect(),
            _ => vec![],
        })
        .collect();
    check_witness_with(&airs, &traces, &public, &boundary(&witness)).unwrap();
    let mut table = HashSet::new();
    for (i, m) in machines.iter().enumerate() {
        if !m.is_preprocessed() {
            continue;
        }
        let trace = &traces[i];
        let prep = airs[i].preprocessed_trace();
        for row in 0..trace.values.len() / trace.width {
            for (bus, f, _) in eval_row(&airs[i], trace, prep.as_ref(), &public[i], row).messages {
                table.insert((bus, canonical(&f)));
            }
        }
    }
    Program {
        airs,
        witness,
        machines,
        traces,
        public,
        table,
    }
}

impl Program {
    /// The first instance of the machine named `name`.
    fn index(&self, name: &str) -> usize {
        self.machines
            .iter()
            .position(|m| m.spec().name == name)
            .unwrap()
    }
}

/// The messages only the verifier sends and receives: Main's boot state, Mem's start and its
/// end (the last row of the witness's Mem trace).
fn boundary(witness: &Witness) -> Vec<(String, Vec<Val>, Val)> {
    use zirv_sm_mem::columns::{ADDR8, IS_REAL, TS, V_HI, V_LO};
    let mem = &witness.traces[&MachineId::Mem][0];
    let last = &mem.values[mem.values.len() - mem.width..];
    let end = [ADDR8, TS, V_LO, V_HI, IS_REAL].map(|c| last[c]);
    zirv_stark::bus::boundary_messages(&end)
        .into_iter()
        .map(|(fields, count)| {
            let count = if count < 0 { Val::NEG_ONE } else { Val::ONE };
            let fields = tuple(fields[0], fields[1..].to_vec(), Val::ZERO);
            (BUS.to_string(), fields, count)
        })
        .collect()
}

fn canonical(f: &[Val]) -> Vec<u64> {
    f.iter().map(|v| v.as_canonical_u64()).collect()
}

/// Whether a message is a look-up in a fixed table.
fn is_table_lookup(bus: &str, fields: &[u64]) -> bool {
    bus == ROM_BUS || U16_KINDS.iter().any(|&k| fields[0] == k as u64)
}

/// What rows `rows` of an instance send (messages of non-zero count, sorted), and whether any
/// of their constraints fails.
fn judge(p: &Program, i: usize, trace: &RowMajorMatrix<Val>, rows: &[usize]) -> (bool, Vec<Msg>) {
    let mut failed = false;
    let mut msgs = Vec::new();
    for &row in rows {
        let e: RowEval<'_> = eval_row(&p.airs[i], trace, None, &p.public[i], row);
        failed |= !e.failed.is_empty();
        for (bus, f, c) in e.messages {
            if c != Val::ZERO {
                msgs.push((bus, canonical(&f), c.as_canonical_u64()));
            }
        }
    }
    msgs.sort();
    (failed, msgs)
}

/// Checks every cell of instance `i` on the rows `rows`; `is_padding(row)` says which rows are
/// padding. Returns the number of changes checked.
fn every_cell_is_determined(
    p: &Program,
    machine: &str,
    rows: impl Iterator<Item = usize>,
    is_padding: impl Fn(&[Val]) -> bool,
) -> usize {
    let i = p.index(machine);
    let mut trace = p.traces[i].clone();
    let w = trace.width;
    let height = trace.values.len() / w;
    let mut checked = 0;
    for row in rows {
        let window: Vec<usize> = if row > 0 {
            vec![row - 1, row]
        } else {
            vec![row]
        };
        let (failed, honest) = judge(p, i, &trace, &window);
        assert!(!failed, "{machine} row {row} fails honestly");
        let padding = is_padding(&trace.values[row * w..(row + 1) * w]);
        each_cell_change(&mut trace, row, |trace, col, delta| {
            let (failed, msgs) = judge(p, i, trace, &window);
            checked += 1;
            if failed {
                return;
            }
            if padding {
                assert!(
                    msgs == honest,
                    "{machine} padding row {row} (of {height}): column {col} changed by \
                     {delta} passes every constraint and changes what the rows send"
                );
                return;
            }
            let unanswerable = msgs.iter().any(|(b, f, _)| {
                is_table_lookup(b, f) && !p.table.contains(&(b.clone(), f.clone()))
            });
            let dynamic = |m: &[Msg]| -> Vec<Msg> {
                m.iter()
                    .filter(|(b, f, _)| !is_table_lookup(b, f))
                    .cloned()
                    .collect()
            };
            assert!(
                unanswerable || dynamic(&msgs) != dynamic(&honest),
                "{machine} row {row}: column {col} changed by {delta} is accepted"
            );
        });
    }
    checked
}

/// Two-cell changes on padding rows: every pair of columns of each row in `rows`, each changed
/// by +1 or -1, must fail a constraint or leave the rows sending exactly what they sent (a
/// padding row that could be made to send by two coordinated cells, e.g. Mem's `is_init` and
/// `is_write` together, would add a message). Returns the number of changes checked.
fn every_cell_pair_on_padding(
    p: &Program,
    machine: &str,
    rows: impl Iterator<Item = usize>,
) -> usize {
    let i = p.index(machine);
    let mut trace = p.traces[i].clone();
    let w = trace.width;
    let mut checked = 0;
    for row in rows {
        let window: Vec<usize> = (row.saturating_sub(1)..=row).collect();
        let (failed, honest) = judge(p, i, &trace, &window);
        assert!(!failed, "{machine} row {row} fails honestly");
        for c1 in 0..w {
            for c2 in c1 + 1..w {
                for (d1, d2) in [
                    (Val::ONE, Val::ONE),
                    (Val::ONE, Val::NEG_ONE),
                    (Val::NEG_ONE, Val::ONE),
                    (Val::NEG_ONE, Val::NEG_ONE),
                ] {
                    let (a1, a2) = (row * w + c1, row * w + c2);
                    let (k1, k2) = (trace.values[a1], trace.values[a2]);
                    trace.values[a1] += d1;
                    trace.values[a2] += d2;
                    let (failed, msgs) = judge(p, i, &trace, &window);
                    trace.values[a1] = k1;
                    trace.values[a2] = k2;
                    checked += 1;
                    assert!(
                        failed || msgs == honest,
                        "{machine} padding row {row}: columns {c1} ({d1}) and {c2} ({d2}) \
                         pass every constraint and change what the rows send"
                    );
                }
            }
        }
    }
    checked
}

/// A Mem padding row made an init row of an initialised word (its address and value, `is_init`
/// and `is_write`) must fail a constraint: it would consume the word from the init bus and
/// send its write at timestamp 0.
fn mem_padding_cannot_take_an_init_word(p: &Program) {
    use zirv_sm_mem::columns as c;
    let i = p.index("Mem");
    let mut trace = p.traces[i].clone();
    let w = trace.width;
    let rows: Vec<&[Val]> = trace.values.chunks_exact(w).collect();
    let Some(pad) = rows.iter().position(|r| r[c::IS_REAL] == Val::ZERO) else {
        return;
    };
    let Some(init) = rows.iter().find(|r| r[c::IS_INIT] == Val::ONE) else {
        return;
    };
    let (addr8, lo, hi) = (init[c::ADDR8], init[c::V_LO], init[c::V_HI]);
    for (col, v) in [
        (c::ADDR8, addr8),
        (c::V_LO, lo),
        (c::V_HI, hi),
        (c::IS_INIT, Val::ONE),
        (c::IS_WRITE, Val::ONE),
    ] {
        trace.values[pad * w + col] = v;
    }
    let window: Vec<usize> = (pad.saturating_sub(1)..=pad).collect();
    let (failed, _) = judge(p, i, &trace, &window);
    assert!(
        failed,
        "Mem padding row {pad} takes the init word of address {addr8} and passes"
    );
}

/// At most `n` rows spread over `0..len`, plus the first and last.
fn sample(len: usize, n: usize) -> Vec<usize> {
    let step = len.div_ceil(n).max(1);
    let mut rows: Vec<usize> = (0..len).step_by(step).collect();
    rows.extend([0, len.saturating_sub(1)]);
    rows.sort();
    rows.dedup();
    rows
}

fn check_program(p: &Program) {
    use zirv_sm_main::columns as mc;
    use zirv_sm_mem::align;
    let height = |m: &str| {
        let t = &p.traces[p.index(m)];
        t.values.len() / t.width
    };
    let steps = p.witness.steps as usize;
    // Main: every step row (up to 2000, spread) and the padding rows after the exit.
    let mut rows = sample(steps, 2000);
    rows.extend(steps..height("Main").min(steps + 8));
    let n = every_cell_is_determined(p, "Main", rows.into_iter(), |r| r[mc::IS_STEP] == Val::ZERO);
    assert!(n > 0);
    let real = |col: usize| move |r: &[Val]| r[col] == Val::ZERO;
    every_cell_is_determined(
        p,
        "MemAlign",
        sample(height("MemAlign"), 2000).into_iter(),
        real(align::IS_REAL),
    );
    // InputData's rows are the private input: a padding row made real is a longer input, the
    // prover's choice (the statement is "there is an input"), so its rows follow the real rule.
    every_cell_is_determined(p, "InputData", 0..height("InputData"), |_| false);
    // Mem's padding cannot add a message either. (Binary's and Arith's padding rows need no
    // such test: a row made real would answer an op that Main, whose requests are fixed, never
    // sent, and unbalance the operation bus.)
    let is_mem_padding = |r: &[Val]| r[zirv_sm_mem::columns::IS_REAL] == Val::ZERO;
    let mem = &p.traces[p.index("Mem")];
    let padding = (0..height("Mem"))
        .filter(|&r| is_mem_padding(&mem.values[r * mem.width..(r + 1) * mem.width]))
        .take(4);
    let padding: Vec<usize> = padding.collect();
    every_cell_is_determined(p, "Mem", padding.iter().copied(), is_mem_padding);
    every_cell_pair_on_padding(p, "Mem", padding.into_iter());
    mem_padding_cannot_take_an_init_word(p);
    // Main's first padding row (after the exit) and its last row, pair by pair.
    let main_padding = [steps, height("Main") - 1]
        .into_iter()
        .filter(|&r| r >= steps);
    let main_padding: Vec<usize> = main_padding.collect::<HashSet<_>>().into_iter().collect();
    every_cell_pair_on_padding(p, "Main", main_padding.into_iter());
    every_cell_is_determined(p, "Output", 0..1, |_| false);
    every_cell_is_determined(p, "RegFile", 0..height("RegFile"), |_| false);
}

#[test]
fn every_cell_of_the_memory_program_is_determined() {
    check_program(&witness(&rom("mem_ops"), &input()));
}

/// Precompile calls: Main's call rows (the step in `c`, the call flag), Mem's reads and writes
/// of the state at the calls' timestamps, and the whole witness balanced with Keccakf's rows.
#[test]
fn every_cell_of_the_precompile_program_is_determined() {
    for name in ["keccakf", "arith256", "sha256f", "secp256k1"] {
        check_program(&witness(&rom(name), &input()));
    }
}

/// The instruction tests: every RV64IMAC instruction, indirect jumps with carries, the AMO
/// expansions' fixed words, and the system calls.
#[test]
fn every_cell_of_the_instruction_tests_is_determined() {
    for (_, rom, input) in instruction_tests() {
        check_program(&witness(&rom, &input));
    }
}

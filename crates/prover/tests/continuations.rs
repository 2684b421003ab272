//! Continuations: executions cut into many instances per machine (small instance heights here,
//! so that a short program has several Main and Mem instances) prove and verify, and every way
//! of stitching instances wrongly is rejected: instances spliced from another execution of the
//! same program; an instance committed with one trace and proven with another; challenges not
//! drawn from every commitment; the state carried across a boundary changed (pc, a register, a
//! memory value, a timestamp); the start or the end anchored twice or never.

mod common;

use common::programs::{input, rom};
use common::verify;
use p3_field::PrimeCharacteristicRing;
use zirv_core::Rom;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_machines::{MachineId, Val};
use zirv_prover::instances::{Instance, cut, mem_end};
use zirv_prover::prove::{
    ProveError, ProveStats, commit_instance, headers, program_id_bytes, prove_instance,
    prove_instances, tables,
};
use zirv_sdk::{Expected, HashKind, ProveOptions, SecurityLevel, program_id, prove};
use zirv_stark::bus::boundary_sum;
use zirv_stark::instance::log_height;
use zirv_stark::transcript::{Statement, bus_challenges};
use zirv_stark::{InstanceKind, Keccak, ProofFile};
use zirv_witness::{Witness, generate};

/// Instances of 2^4 rows (the least): mem_ops has several Main, Mem and MemAlign instances.
const LOG_ROWS: usize = 4;

fn opts() -> ProveOptions {
    ProveOptions {
        hash: HashKind::Keccak,
        security: SecurityLevel::Bits100,
        instance_log_rows: LOG_ROWS,
        ..ProveOptions::default()
    }
}

fn witness(rom: &Rom, input: &[u8]) -> Witness {
    let mut chunks = Vec::new();
    let report = Emulator::new(rom)
        .run_traced(input, &Options::default(), &mut NullIo, |c| chunks.push(c))
        .unwrap();
    assert_eq!(report.exit_code, 0);
    generate(rom, &chunks, input, &report.outputs).unwrap()
}

fn instances(rom: &Rom, w: &Witness) -> Vec<Instance> {
    cut(w.clone(), &tables(rom).unwrap(), LOG_ROWS)
}

/// Proves `instances` as they are, in this order (Keccak), and returns the file's bytes.
fn prove_these(rom: &Rom, w: &Witness, mut instances: Vec<Instance>) -> Vec<u8> {
    // The prover places instances by (machine, index): number them by position, so that a list
    // grouped by machine in registry order (every list here) is proven as it stands, copies
    // and gaps included.
    for (k, i) in instances.iter_mut().enumerate() {
        i.index = k;
    }
    let mut stats = ProveStats::default();
    let mut source = |f: &mut dyn FnMut(Instance) -> Result<(), ProveError>| {
        instances.iter().try_for_each(|i| f(i.clone()))
    };
    prove_instances::<Keccak>(
        SecurityLevel::Bits100,
        rom,
        &mut source,
        (w.steps, LOG_ROWS),
        &w.outputs,
        &mut |_, _, _| {},
        &mut stats,
    )
    .unwrap()
    .to_bytes()
}

fn rejected(rom: &Rom, bytes: &[u8]) -> bool {
    verify(bytes, Expected::Rom(rom)).is_err()
}

fn count(instances: &[Instance], m: MachineId) -> usize {
    instances
        .iter()
        .filter(|i| i.kind == InstanceKind::Machine(m))
        .count()
}

/// The index of the `k`th instance of `m`.
fn nth(instances: &[Instance], m: MachineId, k: usize) -> usize {
    instances
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind == InstanceKind::Machine(m))
        .nth(k)
        .unwrap()
        .0
}

fn set(i: &mut Instance, row: usize, col: usize, v: Val) {
    let w = i.rows.width;
    i.rows.values[row * w + col] = v;
}

/// The instances `zirv prove` walks from the chunk traces (bounded memory) are exactly those
/// cut from the whole witness, for every machine, at several instance heights and chunk sizes
/// (so that chunks and instances split each other both ways), with Mem's rows spilled to disk
/// or not, and the chunk traces read back from disk.
#[test]
fn walked_instances_are_the_cut_ones() {
    use zirv_prover::instances::{Run, walk_instances};
    for name in [
        "mem_ops",
        "alu",
        "write_input",
        "keccakf",
        "arith256",
        "sha256f",
        "secp256k1",
    ] {
        let rom = rom(name);
        let input = input();
        // (instance height, chunk size, Mem rows held before a sorted run is spilled)
        for (log_rows, chunk_steps, spill_rows) in
            [(4, 7, 1 << 24), (4, 1 << 18, 5), (5, 16, 1), (20, 64, 100)]
        {
            let mut chunks = Vec::new();
            let emu = Options {
                chunk_steps,
                ..Options::default()
            };
            let report = Emulator::new(&rom)
                .run_traced(&input, &emu, &mut NullIo, |c| chunks.push(c))
                .unwrap();
            let w = generate(&rom, &chunks, &input, &report.outputs).unwrap();
            let tables = tables(&rom).unwrap();
            let mut cut = cut(w, &tables, log_rows);
            // The walk reads the chunks from a store with a few in memory, the rest on disk.
            let mut store = zirv_emulator::ChunkStore::new(700);
            for c in &chunks {
                store.push(c.clone()).unwrap();
            }
            assert!(chunks.len() <= 2 || store.spilled() > 0);
            let run = Run {
                chunks: &store,
                input: &input,
                outputs: &report.outputs,
            };
            let mut walked = vec![];
            let opts = zirv_witness::WalkOptions {
                log_rows,
                spill_rows,
            };
            walk_instances(&rom, &run, &tables, opts, &mut |i| {
                walked.push(i);
                Ok(())
            })
            .unwrap();
            walked.sort_by_key(|i| i.order_key());
            cut.sort_by_key(|i| i.order_key());
            let what = format!(
                "{name}, 2^{log_rows} rows, chunks of {chunk_steps} steps, spill {spill_rows}"
            );
            assert_eq!(walked.len(), cut.len(), "{what}");
            for (a, b) in walked.iter().zip(&cut) {
                assert_eq!(a.order_key(), b.order_key(), "{what}");
                assert!(a.rows == b.rows, "{what}: {:?} {}", a.kind, a.index);
            }
        }
    }
}

#[test]
fn many_instances_prove_and_verify() {
    let rom = rom("mem_ops");
    let input = input();
    let w = witness(&rom, &input);
    let insts = instances(&rom, &w);
    assert!(
        count(&insts, MachineId::Main) >= 3,
        "several Main instances"
    );
    assert!(count(&insts, MachineId::Mem) >= 3, "several Mem instances");
    let (file, stats) = prove(&rom, &input, &opts()).unwrap();
    assert_eq!(file.instances.len(), insts.len());
    assert_eq!(stats.shapes.len(), insts.len());
    assert_eq!(
        verify(&file.to_bytes(), Expected::Rom(&rom)).unwrap(),
        w.outputs
    );
    let id = program_id(&rom, HashKind::Keccak).unwrap();
    assert_eq!(file.program_id, id);
    // The same run in one instance per machine verifies with the same outputs and id.
    let (one, _) = prove(
        &rom,
        &input,
        &ProveOptions {
            instance_log_rows: 20,
            ..opts()
        },
    )
    .unwrap();
    assert!(one.instances.len() < file.instances.len());
    assert_eq!(one.program_id, id);
    assert_eq!(
        verify(&one.to_bytes(), Expected::Id(&id)).unwrap(),
        w.outputs
    );
}

/// Chunk traces spilled to disk (none held in memory) prove the same statement: the same
/// instances (their roots) and outputs. (The proofs' bytes differ: proof-of-work grinding
/// finds any valid nonce.)
#[test]
fn chunk_traces_on_disk_prove_the_same_statement() {
    let rom = rom("mem_ops");
    let input = input();
    let (held, _) = prove(&rom, &input, &opts()).unwrap();
    let spilled = ProveOptions {
        chunk_bytes: 0,
        ..opts()
    };
    let (file, _) = prove(&rom, &input, &spilled).unwrap();
    let roots =
        |f: &ProofFile| -> Vec<Vec<u8>> { f.instances.iter().map(|i| i.root.clone()).collect() };
    assert!(roots(&file) == roots(&held), "the same instances");
    assert_eq!(file.mem_end, held.mem_end);
    assert_eq!(
        verify(&file.to_bytes(), Expected::Rom(&rom)).unwrap(),
        held.outputs
    );
}

#[test]
fn instances_spliced_from_another_execution_are_rejected() {
    let rom = rom("mem_ops");
    let a = prove(&rom, &input(), &opts()).unwrap().0;
    let other = zirv_emulator::frame_records([[9u8; 16]]);
    let b = prove(&rom, &other, &opts()).unwrap().0;
    assert!(verify(&b.to_bytes(), Expected::Rom(&rom)).is_ok());
    assert_eq!(a.instances.len(), b.instances.len());
    let mut spliced = 0;
    for k in 0..a.instances.len() {
        if a.instances[k] == b.instances[k] {
            continue;
        }
        let mut f = a.clone();
        f.instances[k] = b.instances[k].clone();
        assert!(
            rejected(&rom, &f.to_bytes()),
            "instance {k} from the other run"
        );
        spliced += 1;
    }
    assert!(spliced > 0);
    // The other run's outputs, or its Mem end, with this run's instances.
    let mut f = a.clone();
    f.outputs = b.outputs;
    if f.outputs != a.outputs {
        assert!(rejected(&rom, &f.to_bytes()));
    }
    let mut f = a.clone();
    f.mem_end = [9, 9, 9, 9, 1];
    assert!(rejected(&rom, &f.to_bytes()), "another Mem end");
}

/// Phase 1 commits instance `k`'s rows, phase 2 proves it with other rows.
#[test]
fn an_instance_proven_with_other_rows_than_committed_is_rejected() {
    let rom = rom("mem_ops");
    let w = witness(&rom, &input());
    let insts = instances(&rom, &w);
    let k = nth(&insts, MachineId::Main, 1);
    let level = SecurityLevel::Bits100;
    let roots: Vec<_> = insts
        .iter()
        .map(|i| {
            commit_instance::<Keccak>(level, &rom, i.clone(), false)
                .unwrap()
                .root
        })
        .collect();
    let id = program_id_bytes::<Keccak>(
        insts
            .iter()
            .map(|i| (i.kind, log_height(&i.rows)))
            .zip(&roots),
    )
    .unwrap();
    let last_mem = nth(&insts, MachineId::Mem, count(&insts, MachineId::Mem) - 1);
    let end = mem_end(&insts[last_mem].rows);
    let statement = Statement {
        security: level,
        program_id: &id,
        outputs: &w.outputs,
        mem_end: &end,
    };
    for subset in [false, true] {
        // `subset`: the challenges are drawn from every root but the last one's.
        let mut hs = headers::<Keccak>(&insts, &roots);
        if subset {
            hs.pop();
        }
        let challenges = bus_challenges::<Keccak>(&statement, &hs);
        let mut proofs = vec![];
        for (j, inst) in instances(&rom, &w).into_iter().enumerate() {
            let mut inst = inst;
            if j == k && !subset {
                // Another step's pc in the rows proven (the ROM row of another instruction).
                let other = insts[k].rows.values[insts[k].rows.width];
                set(&mut inst, 0, zirv_sm_main::columns::PC, other);
            }
            let (p, _, _, _) =
                prove_instance::<Keccak>(level, &rom, inst, None, j, &challenges, &w.outputs)
                    .unwrap();
            proofs.push(p);
        }
        let file = ProofFile {
            hash: HashKind::Keccak,
            security: level,
            program_id: zirv_stark::ProgramId {
                hash: HashKind::Keccak,
                bytes: id.clone(),
            },
            outputs: w.outputs,
            mem_end: end.map(|v| p3_field::PrimeField64::as_canonical_u64(&v)),
            instances: proofs,
        };
        assert!(
            rejected(&rom, &file.to_bytes()),
            "{}",
            if subset {
                "challenges not drawn from every root"
            } else {
                "an instance proven with other rows"
            }
        );
        let _ = boundary_sum(&challenges.0, &end);
    }
}

/// The state a boundary carries, changed in the instance that receives it.
#[test]
fn changed_boundary_state_is_rejected() {
    use zirv_sm_main::columns as main;
    use zirv_sm_mem::columns as mem;
    let rom = rom("mem_ops");
    let w = witness(&rom, &input());
    let honest = instances(&rom, &w);
    let main1 = nth(&honest, MachineId::Main, 1);
    let mem1 = nth(&honest, MachineId::Mem, 1);
    let cases: Vec<(&str, usize, usize, usize)> = vec![
        ("Main's first pc", main1, 0, main::PC),
        ("Main's first step", main1, 0, main::STEP),
        ("a register read at the boundary", main1, 0, main::A_LO),
        ("Mem's carried value", mem1, 0, mem::V_LO),
        ("Mem's carried timestamp", mem1, 0, mem::TS),
        ("Mem's carried address", mem1, 0, mem::ADDR8),
        ("Main's last npc", main1 - 1, (1 << LOG_ROWS) - 1, main::NPC),
    ];
    for (what, at, row, col) in cases {
        let mut insts = instances(&rom, &w);
        let w_ = insts[at].rows.width;
        let v = insts[at].rows.values[row * w_ + col] + Val::ONE;
        set(&mut insts[at], row, col, v);
        assert!(rejected(&rom, &prove_these(&rom, &w, insts)), "{what}");
    }
    // The honest instances, proven the same way, verify.
    assert!(!rejected(&rom, &prove_these(&rom, &w, honest)));
}

/// Main's chain starts once (the verifier's boot state) and ends once (the exit); Mem's
/// starts with the verifier's start row and ends with the end the proof names.
#[test]
fn the_start_and_the_end_are_anchored_exactly_once() {
    let rom = rom("mem_ops");
    let w = witness(&rom, &input());
    // A second chain: Main's first instance twice (both receive the boot state).
    let mut insts = instances(&rom, &w);
    let first = nth(&insts, MachineId::Main, 0);
    let copy = insts[first].clone();
    insts.insert(first + 1, copy);
    assert!(rejected(&rom, &prove_these(&rom, &w, insts)), "boot twice");
    // No end: Main's last instance (with the exit) dropped.
    let mut insts = instances(&rom, &w);
    let last = nth(&insts, MachineId::Main, count(&insts, MachineId::Main) - 1);
    insts.remove(last);
    assert!(rejected(&rom, &prove_these(&rom, &w, insts)), "no exit");
    // No start: Mem's first instance dropped.
    let mut insts = instances(&rom, &w);
    let m0 = nth(&insts, MachineId::Mem, 0);
    insts.remove(m0);
    assert!(
        rejected(&rom, &prove_these(&rom, &w, insts)),
        "no Mem start"
    );
    // Mem's start row moved: the first carry row claims to continue another row.
    let mut insts = instances(&rom, &w);
    let m0 = nth(&insts, MachineId::Mem, 0);
    set(&mut insts[m0], 0, zirv_sm_mem::columns::ADDR8, Val::ONE);
    assert!(
        rejected(&rom, &prove_these(&rom, &w, insts)),
        "another Mem start"
    );
}

//! The registry's test-only machine (`Example`, feature `test-machine`): added through its own
//! crate and one registry entry, it is in every proof, its height is checked by the verifier
//! like any machine's, and a wrong row is rejected (ARCHITECTURE.md, "Adding a machine").
//!
//! Run: `cargo test --release -p zirv-prover --features test-machine --test test_machine`
//! (`scripts/test.sh` does).

#![cfg(feature = "test-machine")]

mod common;

use common::programs::{input, rom};
use common::verify;
use p3_field::PrimeCharacteristicRing;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_machines::{MachineId, Val};
use zirv_prover::prove_witness;
use zirv_sdk::{Expected, ProveOptions, program_id};

#[test]
fn the_example_machine_is_in_every_proof_and_a_wrong_row_is_rejected() {
    assert!(MachineId::ALL.contains(&MachineId::Example));
    let rom = rom("mem_ops");
    let input = input();
    let mut chunks = Vec::new();
    let report = Emulator::new(&rom)
        .run_traced(&input, &Options::default(), &mut NullIo, |c| chunks.push(c))
        .unwrap();
    let witness = zirv_witness::generate(&rom, &chunks, &input, &report.outputs).unwrap();
    assert!(witness.traces.contains_key(&MachineId::Example));
    let opts = ProveOptions::default();
    let (file, stats) = prove_witness(&rom, witness.clone(), &opts).unwrap();
    assert!(
        stats
            .shapes
            .iter()
            .any(|(name, rows, _, _)| name == "Example" && *rows == 4)
    );
    let id = program_id(&rom, opts.hash).unwrap();
    assert_eq!(
        verify(&file.to_bytes(), Expected::Id(&id)).unwrap(),
        report.outputs
    );

    let mut bad = witness;
    bad.trace_mut(MachineId::Example).values[2] += Val::ONE;
    let (file, _) = prove_witness(&rom, bad, &opts).unwrap();
    assert!(verify(&file.to_bytes(), Expected::Id(&id)).is_err());
}

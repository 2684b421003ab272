//! Every self-checking instruction test of tests/riscv/*.S (RV64I, M, A, C, jumps, memory,
//! Zirv's system calls) proves and verifies, and the proof's outputs are the emulator's. The
//! programs exit 0 only when every check in them passes, so these proofs cover every RV64IMAC
//! instruction the execution core implements. Also the ALU test program.

mod common;

use common::programs::{instruction_tests, rom};
use common::verify;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_sdk::{Expected, ProveOptions, prove};

fn prove_and_check(name: &str, rom: &zirv_core::Rom, input: &[u8]) {
    let report = Emulator::new(rom)
        .run(input, &Options::default(), &mut NullIo)
        .unwrap();
    assert_eq!(report.exit_code, 0, "{name} fails on the emulator");
    let (file, stats) =
        prove(rom, input, &ProveOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(stats.steps, report.steps);
    let outputs =
        verify(&file.to_bytes(), Expected::Rom(rom)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(outputs, report.outputs, "{name}");
}

#[test]
fn every_instruction_test_proves_and_verifies() {
    for (name, rom, input) in instruction_tests() {
        prove_and_check(&name, &rom, &input);
    }
}

#[test]
fn alu_program_proves_and_verifies() {
    prove_and_check("alu", &rom("alu"), &[]);
}

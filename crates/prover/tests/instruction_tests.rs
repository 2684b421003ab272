//! Every self-checking instruction test of tests/riscv/*.S (RV64I, M, A, C, jumps, memory,
//! Zirv's system calls) proves and verifies, and the proof's outputs are the emulator's. The
//! programs exit 0 only when every check in them passes, so these proofs cover every RV64IMAC
//! instruction the execution core implements. Also the ALU test program.

mod common;

use common::programs::{assemble, riscv, rom};
use zirv_emulator::{Emulator, NullIo, Options, frame_records};
use zirv_prover::{Expected, ProveOptions, prove, verify};

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
    let mut programs: Vec<_> = std::fs::read_dir(riscv::root().join("tests/riscv"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "S"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 7, "instruction test programs are missing");
    for src in programs {
        let name = src.file_stem().unwrap().to_str().unwrap().to_string();
        let elf = assemble(&src, "prover-instructions");
        let rom = zirv_core::transpile_elf(&elf).unwrap();
        let input = if name == "zirv_system" {
            frame_records([[1u8, 2, 3, 4]])
        } else {
            Vec::new()
        };
        prove_and_check(&name, &rom, &input);
    }
}

#[test]
fn alu_program_proves_and_verifies() {
    prove_and_check("alu", &rom("alu"), &[]);
}

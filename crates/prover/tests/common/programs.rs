//! Test programs for proofs: assembled with Debian's gcc-riscv64-unknown-elf by the emulator's
//! own test helpers (shared, not copied: `riscv`), and transpiled.

#[path = "../../../emulator/tests/common/mod.rs"]
pub mod riscv;

pub use riscv::root;
use std::path::Path;
use zirv_core::Rom;

/// Assembles a `.S` file into `target/riscv-tests/<sub>/<name>.elf`; the ELF's bytes.
pub fn assemble(src: &Path, sub: &str) -> Vec<u8> {
    let name = src.file_stem().unwrap().to_str().unwrap();
    let out = riscv::out_dir(sub).join(format!("{name}.elf"));
    std::fs::read(riscv::build_asm(src, &out)).unwrap()
}

/// Assembles `crates/prover/tests/programs/<name>.S` and returns the ELF's bytes.
pub fn elf(name: &str) -> Vec<u8> {
    let src = root()
        .join("crates/prover/tests/programs")
        .join(format!("{name}.S"));
    assemble(&src, "prover")
}

/// The ROM of a test program.
pub fn rom(name: &str) -> Rom {
    zirv_core::transpile_elf(&elf(name)).unwrap()
}

/// The framed input the tests run on: one record of 16 bytes.
pub fn input() -> Vec<u8> {
    zirv_emulator::frame_records([[1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]])
}

/// The self-checking instruction tests of `tests/riscv` (every RV64IMAC instruction, the AMO
/// expansions, Zirv's system calls), sorted by name: `(name, ROM, input)`.
pub fn instruction_tests() -> Vec<(String, Rom, Vec<u8>)> {
    let mut programs: Vec<_> = std::fs::read_dir(root().join("tests/riscv"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "S"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 7, "instruction test programs are missing");
    programs
        .into_iter()
        .map(|src| {
            let name = src.file_stem().unwrap().to_str().unwrap().to_string();
            let rom = zirv_core::transpile_elf(&assemble(&src, "prover-instructions")).unwrap();
            let input = if name == "zirv_system" {
                zirv_emulator::frame_records([[1u8, 2, 3, 4]])
            } else {
                Vec::new()
            };
            (name, rom, input)
        })
        .collect()
}

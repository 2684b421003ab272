//! Test programs for proofs: assembled with Debian's gcc-riscv64-unknown-elf (as the emulator's
//! tests do) and transpiled.

use std::path::{Path, PathBuf};
use std::process::Command;
use zirv_core::Rom;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Assembles `crates/prover/tests/programs/<name>.S` and returns the ELF's bytes.
pub fn elf(name: &str) -> Vec<u8> {
    let src = root()
        .join("crates/prover/tests/programs")
        .join(format!("{name}.S"));
    let out_dir = root().join("target/prover-tests");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join(format!("{name}.elf"));
    let riscv = root().join("tests/riscv");
    let status = Command::new("riscv64-unknown-elf-gcc")
        .args([
            "-march=rv64imac_zicsr_zifencei",
            "-mabi=lp64",
            "-nostdlib",
            "-nostartfiles",
            "-static",
        ])
        .arg(format!("-T{}", riscv.join("link.ld").display()))
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("riscv64-unknown-elf-gcc is not installed: run scripts/setup.sh");
    assert!(status.success(), "assembling {} failed", src.display());
    std::fs::read(out).unwrap()
}

/// The ROM of a test program.
pub fn rom(name: &str) -> Rom {
    zirv_core::transpile_elf(&elf(name)).unwrap()
}

/// The framed input the tests run on: one record of 16 bytes.
pub fn input() -> Vec<u8> {
    zirv_emulator::frame_records([[1u8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]])
}

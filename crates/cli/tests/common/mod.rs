//! Helpers shared by the CLI's integration tests: running the `zirv` binary, writing files, and
//! hand-encoding RV64 instructions (so the tests that use them need no cross toolchain).

#![allow(dead_code)]

pub mod service;

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `zirv` binary with `args`.
pub fn zirv(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zirv"))
        .args(args)
        .output()
        .unwrap()
}

/// Writes `bytes` to `dir/name`; the path as a string.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// `addi rd, rs1, imm`.
pub fn addi(rd: u32, rs1: u32, imm: i32) -> u32 {
    ((imm as u32) << 20) | (rs1 << 15) | (rd << 7) | 0x13
}

/// `sw rs2, imm(rs1)` (imm < 32).
pub fn sw(rs2: u32, rs1: u32, imm: u32) -> u32 {
    (rs2 << 20) | (rs1 << 15) | (2 << 12) | (imm << 7) | 0x23
}

/// `ecall`.
pub const ECALL: u32 = 0x73;

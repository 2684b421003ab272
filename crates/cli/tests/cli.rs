//! `zirv run` end to end: output passthrough, summary, exit statuses, outputs file, and clear
//! errors for bad ELF and input files. Programs are hand-encoded so these tests need no
//! cross toolchain.

mod common;

use common::{ECALL, addi, sw, write, zirv};
use object::elf::{PF_R, PF_X};
use std::process::Command;
use zirv_core::elf::build_test_elf;

const AUIPC_A1: u32 = 0x0000_0597;

/// Writes "hi\n" to `fd`, stores 0x55 in output slot 0, exits with `code`.
fn program(fd: i32, code: i32) -> Vec<u8> {
    let words = [
        addi(5, 0, 0x55),
        sw(5, 11, 0), // a1 = OUTPUT at boot
        AUIPC_A1,
        addi(11, 11, 36),
        addi(10, 0, fd),
        addi(12, 0, 3),
        addi(17, 0, 64),
        ECALL,
        addi(10, 0, code),
        addi(17, 0, 93),
        ECALL,
    ];
    let mut code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    code.extend_from_slice(b"hi\n\0");
    build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    )
}

#[test]
fn run_passes_output_through_and_summarises() {
    let d = tempfile::tempdir().unwrap();
    let elf = write(d.path(), "p.elf", &program(1, 0));
    let out = d.path().join("out.bin");
    let o = zirv(&["run", &elf, "--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(o.stdout, b"hi\n");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("steps: 16"), "{err}");
    assert!(err.contains("Msteps/s"), "{err}");
    assert!(err.contains("outputs: 00000055 (rest zero)"), "{err}");
    let bytes = std::fs::read(out).unwrap();
    assert_eq!(bytes.len(), 256);
    assert_eq!(&bytes[..4], &[0x55, 0, 0, 0]);
    assert!(bytes[4..].iter().all(|&b| b == 0));
}

#[test]
fn stderr_goes_to_stderr() {
    let d = tempfile::tempdir().unwrap();
    let elf = write(d.path(), "p.elf", &program(2, 0));
    let o = zirv(&["run", &elf]);
    assert_eq!(o.stdout, b"");
    assert!(o.stderr.starts_with(b"hi\n"));
}

#[test]
fn exit_status_follows_the_guest() {
    let d = tempfile::tempdir().unwrap();
    for (code, status) in [(7, 7), (256, 1), (-1, 255), (0, 0)] {
        let elf = write(d.path(), "p.elf", &program(1, code));
        let o = zirv(&["run", &elf]);
        assert_eq!(o.status.code(), Some(status), "guest exit {code}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("exit code: {code}")), "{err}");
    }
}

#[test]
fn stats_and_trace_modes_report() {
    let d = tempfile::tempdir().unwrap();
    let elf = write(d.path(), "p.elf", &program(1, 0));
    let o = zirv(&["run", &elf, "--stats"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("ROM steps per instruction: 1.0000"), "{err}");
    assert!(err.contains("stores  1B: 0  2B: 0  4B: 1  8B: 0"), "{err}");
    let o = zirv(&["run", &elf, "--trace"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("trace: 1 chunk(s)"), "{err}");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn vm_errors_exit_250_with_the_place() {
    let d = tempfile::tempdir().unwrap();
    let elf = write(d.path(), "p.elf", &program(9, 0));
    let o = zirv(&["run", &elf]);
    assert_eq!(o.status.code(), Some(250));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error: write ecall to unsupported file descriptor 9 at pc 0x9000001c"),
        "{err}"
    );
    let elf = write(d.path(), "q.elf", &program(1, 0));
    let o = zirv(&["run", &elf, "--max-steps", "10"]);
    assert_eq!(o.status.code(), Some(250));
    assert!(String::from_utf8_lossy(&o.stderr).contains("step limit of 10 reached"));
}

#[test]
fn bad_files_exit_251_with_a_reason() {
    let d = tempfile::tempdir().unwrap();
    let o = zirv(&["run", "/nonexistent/x.elf"]);
    assert_eq!(o.status.code(), Some(251));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read ELF /nonexistent/x.elf"));

    let junk = write(d.path(), "junk.elf", b"hello world");
    let o = zirv(&["run", &junk]);
    assert_eq!(o.status.code(), Some(251));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not an ELF file"));

    let mut elf = program(1, 0);
    elf[18] = 62; // x86-64
    let bad = write(d.path(), "x86.elf", &elf);
    let o = zirv(&["run", &bad]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrong ELF machine 62"));

    let elf = write(d.path(), "p.elf", &program(1, 0));
    let input = write(d.path(), "in.bin", &[5, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    let o = zirv(&["run", &elf, "--input", &input]);
    assert_eq!(o.status.code(), Some(251));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("invalid input file") && err.contains("at byte offset 0"),
        "{err}"
    );

    let good = write(
        d.path(),
        "good.bin",
        &zirv_emulator::frame_records([b"abc"]),
    );
    let o = zirv(&["run", &elf, "--input", &good]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn usage_errors_exit_2() {
    let o = zirv(&["run"]);
    assert_eq!(o.status.code(), Some(2));
    let o = zirv(&["run", "x.elf", "--max-steps", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    let o = zirv(&["run", "x.elf", "--stats", "--trace"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cargo_zirv_forwards_to_zirv() {
    // cargo runs `cargo-zirv zirv <args>`.
    let o = Command::new(env!("CARGO_BIN_EXE_cargo-zirv"))
        .args(["zirv", "toolchain", "check"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("rustup:") && out.contains("Debian:"), "{out}");
    let o = Command::new(env!("CARGO_BIN_EXE_cargo-zirv"))
        .args(["zirv", "run"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "usage error passes through");
}

#[test]
fn program_id_is_stable_and_tracks_the_program() {
    let d = tempfile::tempdir().unwrap();
    let a = write(d.path(), "a.elf", &program(1, 0));
    let b = write(d.path(), "b.elf", &program(1, 3));
    let id = |p: &str, extra: &[&str]| {
        let mut args = vec!["program-id", p];
        args.extend_from_slice(extra);
        let o = zirv(&args);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap().trim().to_string()
    };
    let ida = id(&a, &[]);
    assert!(ida.starts_with("poseidon2:") && ida.len() > 20, "{ida}");
    assert_eq!(ida, id(&a, &[]));
    assert_ne!(ida, id(&b, &[]));
    assert!(id(&a, &["--hash", "keccak"]).starts_with("keccak:"));
    let o = zirv(&["program-id", "/nonexistent.elf"]);
    assert_eq!(o.status.code(), Some(251));
}

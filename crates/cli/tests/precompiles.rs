//! Precompile calls through the CLI with a hand-encoded program (no cross toolchain): `zirv run`
//! executes them and `--stats` counts them; `zirv prove` proves keccak-f and SHA-256 calls (the
//! others: crates/prover/tests/precompiles.rs); an unpaired two-operand call is rejected at load time naming the pc.
//! With the guest toolchain, the `precompiles` example guest (every precompile, checked inside
//! the guest against software implementations) runs to success.

mod common;

use common::{ECALL, addi, write, zirv};
use object::elf::{PF_R, PF_X};
use std::path::Path;
use zirv_core::elf::build_test_elf;

fn elf_of(words: &[u32]) -> Vec<u8> {
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    )
}

/// keccak-f on 200 zero bytes below the stack top, twice, then exit(0).
fn keccak_program() -> Vec<u8> {
    elf_of(&[
        addi(10, 2, -256), // a0 = sp - 256
        0x8005_2073,       // csrs 0x800, a0
        0x8005_2073,       // csrs 0x800, a0
        addi(10, 0, 0),
        addi(17, 0, 93),
        ECALL,
    ])
}

/// SHA-256 compression of a zero state and block below the stack top, then exit(0).
fn sha256_program() -> Vec<u8> {
    elf_of(&[
        addi(10, 2, -256), // a0 = sp - 256
        0x8055_2073,       // csrs 0x805, a0
        (10 << 15) | 0x33, // add x0, a0, x0: the block, also at a0
        addi(10, 0, 0),
        addi(17, 0, 93),
        ECALL,
    ])
}

#[test]
fn run_counts_precompile_calls_and_prove_proves_them() {
    let dir = tempfile::tempdir().unwrap();
    let elf = write(dir.path(), "k.elf", &keccak_program());
    let o = zirv(&["run", &elf, "--stats"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("precompile 0x800 keccakf"), "{err}");
    assert!(err.contains("2 call(s)"), "{err}");
    let proof = dir.path().join("p.bin");
    let o = zirv(&["prove", &elf, "-o", proof.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let o = zirv(&["verify", proof.to_str().unwrap(), "--elf", &elf]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn sha256_compression_proves() {
    let dir = tempfile::tempdir().unwrap();
    let elf = write(dir.path(), "s.elf", &sha256_program());
    let proof = dir.path().join("p.bin");
    let o = zirv(&["prove", &elf, "-o", proof.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&["verify", proof.to_str().unwrap(), "--elf", &elf]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn an_unpaired_two_operand_call_is_rejected_at_load_time() {
    let dir = tempfile::tempdir().unwrap();
    // csrs 0x805, a0 followed by a nop instead of `add x0, rs2, x0`.
    let elf = write(
        dir.path(),
        "u.elf",
        &elf_of(&[addi(10, 2, -256), 0x8055_2073, 0x13, ECALL]),
    );
    let o = zirv(&["run", &elf]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("csrs 0x805 at pc 0x90000004"), "{err}");
}

#[test]
fn the_precompiles_example_guest_checks_every_precompile_inside_the_vm() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let guest = root.join("examples/precompiles/guest");
    let o = zirv(&["build", guest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let elf = String::from_utf8(o.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.bin",
        &zirv_emulator::frame_records([b"the quick brown fox".repeat(20)]),
    );
    let o = zirv(&["run", elf.trim(), "--input", &input, "--stats"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("all precompiles agree"), "{out}");
    for name in [
        "keccakf",
        "sha256f",
        "arith256 ",
        "arith256_mod",
        "secp256k1_add",
        "secp256k1_dbl",
    ] {
        assert!(err.contains(name), "{name} not called:\n{err}");
    }
}

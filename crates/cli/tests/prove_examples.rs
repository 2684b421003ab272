//! `zirv prove` / `zirv verify` on the fibonacci, sha256 and keccak example guests (the hashes
//! also on the precompiles, feature `precompiles`) and the guest that calls every precompile:
//! each is
//! built (`zirv build`), proven on a real input, and verified by ELF and by program id; the
//! proof's outputs are what `zirv run` computes. Needs the guest toolchain (scripts/setup.sh).

mod common;

use common::zirv;
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The outputs a `zirv verify` printed (`outputs: 0x.. 0x..`), as u32 words.
fn printed_outputs(stdout: &str) -> Vec<u32> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("outputs:"))
        .expect("verify prints the outputs");
    line.split_whitespace()
        .filter_map(|w| w.strip_prefix("0x"))
        .map(|w| u32::from_str_radix(w, 16).unwrap())
        .collect()
}

fn prove_example(name: &str, input: &[u8]) {
    prove_example_with(name, &[], input)
}

/// As [`prove_example`], the guest built with cargo `features`.
fn prove_example_with(name: &str, features: &[&str], input: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let guest = root().join("examples").join(name).join("guest");
    let mut build = vec!["build", guest.to_str().unwrap()];
    let features = features.join(",");
    if !features.is_empty() {
        build.extend(["--features", &features]);
    }
    // One guest built with and without features lands on one path: build and copy it out
    // under a lock, so that tests running side by side do not take each other's ELF.
    static BUILD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let elf_path = dir.path().join("guest.elf");
    {
        let _built = BUILD.lock().unwrap_or_else(|e| e.into_inner());
        let built = ok(&zirv(&build));
        std::fs::copy(built.trim(), &elf_path).unwrap();
    }
    let elf = elf_path.to_str().unwrap();
    let input_path = dir.path().join("input.bin");
    std::fs::write(&input_path, zirv_emulator::frame_records([input])).unwrap();
    let input_path = input_path.to_str().unwrap();
    let outputs_path = dir.path().join("outputs.bin");
    ok(&zirv(&[
        "run",
        elf,
        "--input",
        input_path,
        "--output",
        outputs_path.to_str().unwrap(),
    ]));
    let expected: Vec<u32> = std::fs::read(&outputs_path)
        .unwrap()
        .chunks(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let proof = dir.path().join("proof.bin");
    let proof = proof.to_str().unwrap();
    ok(&zirv(&["prove", elf, "--input", input_path, "-o", proof]));
    let printed = printed_outputs(&ok(&zirv(&["verify", proof, "--elf", elf])));
    assert_eq!(printed[..], expected[..printed.len()], "{name}");
    assert!(expected[printed.len()..].iter().all(|&w| w == 0), "{name}");
    let id = ok(&zirv(&["program-id", elf]));
    ok(&zirv(&["verify", proof, "--program-id", id.trim()]));
}

#[test]
fn fibonacci_example_proves_and_verifies() {
    // postcard encodes the u32 n = 90 as one byte.
    prove_example("fibonacci", &[90]);
}

#[test]
fn sha256_example_proves_and_verifies() {
    let data: Vec<u8> = (0..1024u32).map(|i| i as u8).collect();
    prove_example("sha256", &data);
}

#[test]
fn keccak_example_proves_and_verifies() {
    let data: Vec<u8> = (0..1024u32).map(|i| (i * 7) as u8).collect();
    prove_example("keccak", &data);
}

#[test]
fn accelerated_sha256_example_proves_and_verifies() {
    let data: Vec<u8> = (0..5000u32).map(|i| i as u8).collect();
    prove_example_with("sha256", &["precompiles"], &data);
}

#[test]
fn accelerated_keccak_example_proves_and_verifies() {
    let data: Vec<u8> = (0..5000u32).map(|i| (i * 7) as u8).collect();
    prove_example_with("keccak", &["precompiles"], &data);
}

/// The guest that calls every precompile (and checks each result against plain-Rust crates
/// inside the VM) proves.
#[test]
fn the_precompiles_example_proves_and_verifies() {
    prove_example("precompiles", &b"the quick brown fox".repeat(20));
}

/// The ECDSA example on the curve precompiles: the input is what `cargo run -p ecdsa-host --
/// --write-input` writes (the host's fixture: a key, a 34-byte message and its signature, in
/// postcard), one record; the guest commits `true`.
#[test]
fn accelerated_ecdsa_example_proves_and_verifies() {
    const INPUT: &str = "2102989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c57625596e05f6f22\
        5a69727620766572696669657320736563703235366b31207369676e61747572657340717513ed317fa87d\
        4a56bcea492be557955e1ed101d622a462cf30ac28eb02a13c8d4044a6e8a5a7e53f346313c0133d3a4026\
        ecbeffb820f86dccd348f8a0ee";
    let input: Vec<u8> = (0..INPUT.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&INPUT[i..i + 2], 16).unwrap())
        .collect();
    assert_eq!(input.len(), 134);
    prove_example_with("ecdsa", &["precompiles"], &input);
}

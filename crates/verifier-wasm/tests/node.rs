//! The WebAssembly verifier on a real proof: `scripts/wasm-verifier.sh` builds the module for
//! wasm32-unknown-unknown, and Node.js (`scripts/wasm-verify.mjs`) runs it on an honest proof
//! (valid, with the outputs the prover claimed) and on a changed one (invalid). The same
//! module's Rust core ([`verify_bytes`]) is checked on the host first.

use std::path::{Path, PathBuf};
use std::process::Command;
use zirv_core::elf::build_test_elf;
use zirv_sdk::{HashKind, ProveOptions, SecurityLevel, program_id, prove};
use zirv_verifier_wasm::{BAD_PROGRAM_ID, verify_bytes};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `a7 = 93; a0 = 0; s0 = 9; ecall`, proven: (proof bytes, program id text).
fn proof() -> (Vec<u8>, String) {
    let words = [0x05d0_0893u32, 0x0000_0513, 0x0090_0413, 0x0000_0073];
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let elf = build_test_elf(0x9000_0000, &[(0x9000_0000, 5, &code, code.len() as u64)]);
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    let opts = ProveOptions {
        hash: HashKind::Poseidon2,
        security: SecurityLevel::Bits100,
        ..ProveOptions::default()
    };
    let (file, _) = prove(&rom, &[], &opts).unwrap();
    let id = program_id(&rom, opts.hash).unwrap();
    (file.to_bytes(), id.to_string())
}

#[test]
fn the_wasm_module_verifies_a_real_proof_under_node() {
    let (bytes, id) = proof();
    let mut out = [0u8; 256];
    assert_eq!(verify_bytes(&bytes, id.as_bytes(), &mut out), 0);
    assert_eq!(
        verify_bytes(&bytes, b"keccak:a\xc3\xa90", &mut out),
        BAD_PROGRAM_ID
    );
    let mut bad = bytes.clone();
    let n = bad.len();
    bad[n - 5] ^= 1;
    assert_ne!(verify_bytes(&bad, id.as_bytes(), &mut out), 0);

    let build = Command::new("bash")
        .arg(root().join("scripts/wasm-verifier.sh"))
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let wasm = String::from_utf8(build.stdout).unwrap().trim().to_string();
    assert!(Path::new(&wasm).is_file(), "{wasm}");

    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("proof.bin");
    let changed = dir.path().join("changed.bin");
    std::fs::write(&good, &bytes).unwrap();
    std::fs::write(&changed, &bad).unwrap();
    let node = |proof: &Path| {
        Command::new("node")
            .arg(root().join("scripts/wasm-verify.mjs"))
            .arg(&wasm)
            .arg(proof)
            .arg(&id)
            .output()
            .expect("Node.js runs the wasm verifier (scripts/setup.sh installs it)")
    };
    let ok = node(&good);
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(
        ok.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(text.starts_with("valid 0x"), "{text}");
    let no = node(&changed);
    assert!(!no.status.success());
    assert!(String::from_utf8_lossy(&no.stdout).starts_with("invalid"));
}

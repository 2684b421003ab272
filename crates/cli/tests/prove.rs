//! `zirv prove` / `zirv verify` end to end, with hand-encoded programs (no cross toolchain).

mod common;

use common::{ECALL, addi, sw, write, zirv};
use object::elf::{PF_R, PF_X};
use zirv_core::elf::build_test_elf;

/// Stores `value` in output slot 0 and exits with `code`; `extra` is an instruction run first.
fn program(value: i32, code: i32, extra: u32) -> Vec<u8> {
    let words = [
        extra,
        addi(5, 0, value),
        sw(5, 11, 0), // a1 = OUTPUT at boot
        addi(10, 0, code),
        addi(17, 0, 93),
        ECALL,
    ];
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    )
}

const NOP: u32 = 0x13; // addi x0, x0, 0 (a copy to x0, dropped)

#[test]
fn prove_then_verify_by_elf_and_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let elf = write(dir.path(), "p.elf", &program(0x55, 0, NOP));
    let other = write(dir.path(), "q.elf", &program(0x56, 0, NOP));
    let proof = dir.path().join("p.bin");
    let proof = proof.to_str().unwrap();
    let o = zirv(&["prove", &elf, "-o", proof]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&["verify", proof, "--elf", &elf]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("outputs: 0x00000055 0x00000000"));
    let id = zirv(&["program-id", &elf]);
    let id = String::from_utf8(id.stdout).unwrap();
    let o = zirv(&["verify", proof, "--program-id", id.trim()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Another program: rejected, with the reason.
    let o = zirv(&["verify", proof, "--elf", &other]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the proof is for program"));
    // A changed output: rejected.
    let mut bytes = std::fs::read(proof).unwrap();
    let n = u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize;
    bytes[16 + n] ^= 1;
    let bad = write(dir.path(), "bad.bin", &bytes);
    let o = zirv(&["verify", &bad, "--elf", &elf]);
    assert_eq!(o.status.code(), Some(1));
    let o = zirv(&["verify", &elf, "--elf", &elf]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a Zirv proof file"));
}

#[test]
fn unprovable_runs_and_bad_flags_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let proof = dir.path().join("p.bin");
    let proof = proof.to_str().unwrap();
    let failing = write(dir.path(), "f.elf", &program(1, 3, NOP));
    let o = zirv(&["prove", &failing, "-o", proof]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exited with code 3"));
    // An ALU op (addi): proven by the Binary machine.
    let alu = write(dir.path(), "a.elf", &program(1, 0, addi(6, 5, 1)));
    let o = zirv(&["prove", &alu, "-o", proof]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&["verify", proof, "--elf", &alu]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ok = write(dir.path(), "ok.elf", &program(1, 0, NOP));
    assert_eq!(
        zirv(&["prove", &ok, "--security", "80"]).status.code(),
        Some(2)
    );
    assert_eq!(zirv(&["verify", proof]).status.code(), Some(2));
    assert_eq!(
        zirv(&["prove", "/nonexistent.elf"]).status.code(),
        Some(251)
    );
    let o = zirv(&["verify", proof, "--program-id", "sha:00"]);
    assert_eq!(o.status.code(), Some(251));
}

/// A run longer than the steps allowed (`--max-steps`; at most 2^36, the most one proof holds)
/// exits with 1, as the README says (not with the VM's 250: the VM did not fail), and names the
/// limit.
#[test]
fn a_run_longer_than_allowed_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    // lui t0, 0x300; 1: addi t0, t0, -1; bnez t0, 1b  (6.3 M steps), then exit(0).
    let long = [0x0030_02b7, 0xfff2_8293, 0xfe02_9ee3];
    let code: Vec<u8> = long.iter().flat_map(|w: &u32| w.to_le_bytes()).collect();
    let words: Vec<u8> = [addi(10, 0, 0), addi(17, 0, 93), ECALL]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect();
    let bytes = build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &[code, words].concat(), 24)],
    );
    let elf = write(dir.path(), "long.elf", &bytes);
    let o = zirv(&["run", &elf]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = zirv(&[
        "prove",
        &elf,
        "--max-steps",
        "4194304",
        "-o",
        dir.path().join("p.bin").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("more than 4194304 steps"), "{stderr}");
}

/// `--json` on prove, verify and program-id: one JSON object on stdout, the same exit status.
#[test]
fn json_output_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let elf = write(dir.path(), "p.elf", &program(0x55, 0, NOP));
    let proof = dir.path().join("p.bin");
    let proof = proof.to_str().unwrap();
    let parse = |o: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
    };
    let o = zirv(&["prove", &elf, "-o", proof, "--hash", "keccak", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = parse(&o);
    assert_eq!(p["ok"], true);
    assert_eq!(p["hash"], "keccak");
    assert_eq!(p["outputs"][0], 0x55);
    assert!(p["steps"].as_u64().unwrap() > 0);
    let id = p["program_id"].as_str().unwrap().to_string();

    let o = zirv(&["program-id", &elf, "--hash", "keccak", "--json"]);
    assert_eq!(parse(&o)["program_id"], id.as_str());

    let o = zirv(&["run", &elf, "--json"]);
    assert!(o.status.success());
    let r = parse(&o);
    assert_eq!(
        (r["ok"].clone(), r["exit_code"].clone()),
        (true.into(), 0.into())
    );
    assert_eq!(r["outputs"][0], 0x55);
    assert_eq!(r["steps"], p["steps"]);
    let exit3 = write(dir.path(), "e.elf", &program(1, 3, NOP));
    let o = zirv(&["run", &exit3, "--json", "--trace"]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(parse(&o)["exit_code"], 3);
    assert!(parse(&o)["trace"]["bytes"].as_u64().unwrap() > 0);
    let o = zirv(&["run", "/nonexistent.elf", "--json"]);
    assert_eq!(o.status.code(), Some(251));
    assert_eq!(parse(&o)["error"]["kind"], "input");

    let o = zirv(&["verify", proof, "--program-id", &id, "--json"]);
    assert!(o.status.success());
    let v = parse(&o);
    assert_eq!(
        (v["ok"].clone(), v["valid"].clone()),
        (true.into(), true.into())
    );
    assert_eq!(v["outputs"][0], 0x55);
    assert_eq!(v["security"]["level"], 100);
    assert!(v["security"]["provable_bits"].as_f64().unwrap() > 50.0);

    let o = zirv(&[
        "verify",
        proof,
        "--program-id",
        &id,
        "--security",
        "128",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = parse(&o);
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["kind"], "invalid_proof");
    assert_eq!(v["error"]["code"], 4);
    let o = zirv(&["verify", &elf, "--program-id", &id, "--json"]);
    assert_eq!(parse(&o)["error"]["code"], 1);
    let o = zirv(&["verify", proof, "--program-id", "keccak:zz", "--json"]);
    assert_eq!(o.status.code(), Some(251));
    assert_eq!(parse(&o)["error"]["kind"], "program_id");
    let failing = write(dir.path(), "f.elf", &program(1, 3, NOP));
    let o = zirv(&["prove", &failing, "-o", proof, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(parse(&o)["error"]["kind"], "unprovable");
}

/// `zirv prove` passes the guest's output through as `zirv run` does (to stderr with `--json`,
/// whose stdout is only the JSON object); `--quiet` drops the summary, not the guest's output.
#[test]
fn prove_passes_the_guests_output_through() {
    let dir = tempfile::tempdir().unwrap();
    let sb = (5 << 20) | (11 << 15) | 0x23; // sb t0, 0(a1): a1 = OUTPUT at boot
    let words = [
        addi(5, 0, 0x41),
        sb,
        addi(10, 0, 1),
        addi(12, 0, 1),
        addi(17, 0, 64),
        ECALL, // write(1, OUTPUT, 1): "A"
        addi(10, 0, 0),
        addi(17, 0, 93),
        ECALL,
    ];
    let code: Vec<u8> = words.iter().flat_map(|w: &u32| w.to_le_bytes()).collect();
    let elf = build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64)],
    );
    let elf = write(dir.path(), "hello.elf", &elf);
    let proof = dir.path().join("p.bin");
    let proof = proof.to_str().unwrap();
    let o = zirv(&["prove", &elf, "-o", proof]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.stdout, b"A");
    assert!(String::from_utf8_lossy(&o.stderr).contains("proved"));
    let o = zirv(&["prove", &elf, "-o", proof, "--quiet"]);
    assert_eq!(o.stdout, b"A");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("proved"));
    let o = zirv(&["prove", &elf, "-o", proof, "--json"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains('A'));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], true);
    let o = zirv(&["run", &elf, "--json"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains('A'));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["exit_code"], 0);
}

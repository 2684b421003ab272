//! Property test ("fuzzing") of every command-line argument that takes a value: arbitrary
//! strings in each position give a result or an error with an exit status, never a panic
//! (exit 101, "panicked" on stderr). The other arguments are valid, so the fuzzed one is what
//! the command sees first. Cases that once failed are kept as named regression tests.
//!
//! More cases: `PROPTEST_CASES=1000 cargo test --release -p zirv-cli --test fuzz_args`.

mod common;

use common::{ECALL, addi, write};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

struct Fixture {
    dir: tempfile::TempDir,
    elf: String,
    proof: String,
    id: String,
}

/// A tiny guest that exits with 0, its proof and its program id.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let code: Vec<u8> = [addi(17, 0, 93), addi(10, 0, 0), ECALL]
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .collect();
        let elf_bytes = zirv_core::elf::build_test_elf(
            0x9000_0000,
            &[(0x9000_0000, 5, &code, code.len() as u64)],
        );
        let elf = write(dir.path(), "guest.elf", &elf_bytes);
        let proof = dir.path().join("proof.bin").to_str().unwrap().to_string();
        let out = zirv_in(
            dir.path(),
            &["prove", &elf, "-o", &proof, "--hash", "keccak"],
        );
        assert!(out.0 == Some(0), "{}", out.1);
        let id = String::from_utf8(
            Command::new(env!("CARGO_BIN_EXE_zirv"))
                .args(["program-id", &elf, "--hash", "keccak"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .trim()
        .to_string();
        Fixture {
            dir,
            elf,
            proof,
            id,
        }
    })
}

/// Runs `zirv args` in `cwd`: (exit status, stderr).
fn zirv_in(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zirv"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The command must end with a status that is not a panic's.
fn no_panic(args: &[&str]) -> Result<(), TestCaseError> {
    let f = fixture();
    let (code, stderr) = zirv_in(f.dir.path(), args);
    prop_assert!(
        code.is_some() && code != Some(101) && !stderr.contains("panicked"),
        "zirv {args:?}: status {code:?}\n{stderr}"
    );
    Ok(())
}

/// Strings a user might type, and arbitrary ones (no NUL: a process argument cannot hold it).
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-0-9a-z:é ]{0,12}",
        "(poseidon2|keccak):[0-9a-fé]{0,70}",
        Just(String::new()),
        Just("-1".to_string()),
        Just("18446744073709551616".to_string()),
    ]
    .prop_map(|s| s.replace('\0', ""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(zirv_testkit::proptest_cases(24)))]

    #[test]
    fn run_arguments(v in value()) {
        let f = fixture();
        no_panic(&["run", &v])?;
        no_panic(&["run", &f.elf, "--input", &v])?;
        no_panic(&["run", &f.elf, "--max-steps", &v])?;
        no_panic(&["run", &f.elf, "--output", &v])?;
    }

    #[test]
    fn prove_arguments(v in value()) {
        let f = fixture();
        no_panic(&["prove", &v, "-o", "p.bin"])?;
        no_panic(&["prove", &f.elf, "--input", &v, "-o", "p.bin"])?;
        no_panic(&["prove", &f.elf, "--hash", &v, "-o", "p.bin"])?;
        no_panic(&["prove", &f.elf, "--security", &v, "-o", "p.bin"])?;
    }

    #[test]
    fn verify_arguments(v in value()) {
        let f = fixture();
        no_panic(&["verify", &v, "--program-id", &f.id])?;
        no_panic(&["verify", &f.proof, "--program-id", &v])?;
        no_panic(&["verify", &f.proof, "--elf", &v])?;
        no_panic(&["verify", &f.proof, "--program-id", &f.id, "--security", &v])?;
    }

    #[test]
    fn program_id_build_and_new_arguments(v in value()) {
        let f = fixture();
        no_panic(&["program-id", &v])?;
        no_panic(&["program-id", &f.elf, "--hash", &v])?;
        no_panic(&["build", &format!("no-such-dir/{v}")])?;
        no_panic(&["build", "no-such-dir", "--features", &v])?;
        no_panic(&["new", &format!("projects/{v}"), "--zirv", "no-such-checkout"])?;
    }
}

/// A port that is taken while the test runs, so that a `zirv serve` whose other arguments are
/// all valid stops at binding it (exit 1) instead of serving.
fn taken_port() -> &'static str {
    static P: OnceLock<(std::net::TcpListener, String)> = OnceLock::new();
    let (_, addr) = P.get_or_init(|| {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let a = l.local_addr().unwrap().to_string();
        (l, a)
    });
    addr
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(zirv_testkit::proptest_cases(16)))]

    #[test]
    fn serve_worker_and_client_arguments(v in value()) {
        let f = fixture();
        let listen = taken_port();
        let serve = |flag: &str| no_panic(&["serve", "--listen", listen, flag, &v]);
        serve("--database")?;
        serve("--token-file")?;
        serve("--max-queue")?;
        serve("--max-input-bytes")?;
        serve("--lease-secs")?;
        no_panic(&["serve", "--listen", &v, "--lease-secs", "0"])?;
        no_panic(&["worker", "--database", &v, "--lease-secs", "0"])?;
        no_panic(&["worker", "--database", "x.db", "--jobs", &v, "--lease-secs", "0"])?;
        let url = "http://127.0.0.1:1";
        no_panic(&["client", "--url", &v, "status", "x"])?;
        no_panic(&["client", "--url", url, "status", &v])?;
        no_panic(&["client", "--url", url, "register", &v])?;
        no_panic(&["client", "--url", url, "prove", &f.elf, "--security", &v])?;
        no_panic(&["client", "--url", url, "submit", "--program-id", &f.id, "--kind", &v])?;
    }
}

#[test]
fn prove_output_paths() {
    let f = fixture();
    for o in ["", "/", "no-such-dir/p.bin", "é", "-"] {
        no_panic(&["prove", &f.elf, "-o", o]).unwrap();
    }
}

/// `zirv verify x.bin --program-id 'keccak:aé0'` panicked (exit 101).
#[test]
fn regression_non_ascii_program_id() {
    let f = fixture();
    let (code, stderr) = zirv_in(
        f.dir.path(),
        &["verify", &f.proof, "--program-id", "keccak:aé0"],
    );
    assert_eq!(code, Some(251), "{stderr}");
    assert!(
        stderr.contains("not a hex digit at character 8"),
        "{stderr}"
    );
}

#[test]
fn verify_reports_level_hash_and_id_and_enforces_a_minimum() {
    let f = fixture();
    let (code, stderr) = zirv_in(f.dir.path(), &["verify", &f.proof, "--program-id", &f.id]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("program id: {}", f.id)),
        "{stderr}"
    );
    assert!(stderr.contains("hash: keccak"), "{stderr}");
    assert!(
        stderr.contains("bits conjectured") && stderr.contains("bits provable"),
        "{stderr}"
    );
    let (code, stderr) = zirv_in(
        f.dir.path(),
        &[
            "verify",
            &f.proof,
            "--program-id",
            &f.id,
            "--security",
            "128",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("at least 128"), "{stderr}");
}

//! `zirv new demo && cd demo && zirv build && cargo run --release && cargo test --release`
//! works in a fresh directory; a guest that does not compile shows the compiler's output.

use std::path::Path;
use std::process::{Command, Output};

fn zirv(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zirv"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Cargo for the generated host, with a target dir shared between test runs.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/zirv-new-host");
    Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn new_project_builds_runs_and_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let o = zirv(tmp.path(), &["new", "demo"]);
    assert!(o.status.success(), "{}", text(&o));
    let demo = tmp.path().join("demo");

    // zirv build prints the ELF's path.
    let o = zirv(&demo, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let elf = String::from_utf8(o.stdout).unwrap().trim().to_string();
    assert!(Path::new(&elf).is_file(), "{elf}");

    // zirv run on the guest crate without input: the guest's panic message reaches the user.
    let o = zirv(&demo, &["run", "guest"]);
    assert_eq!(o.status.code(), Some(101), "{}", text(&o));
    let err = text(&o);
    assert!(err.contains("panicked at src/main.rs"), "{err}");
    assert!(err.contains("does not deserialize into u64"), "{err}");

    // The host proves the run, verifies the proof and prints the verified outputs; with
    // --execute it only runs the guest; its tests pass.
    let o = cargo(&demo, &["run", "--release", "-q", "--", "7"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("guest committed n = 7, sum = 140"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("verified against poseidon2:"),
        "{}",
        text(&o)
    );
    let o = cargo(&demo, &["run", "--release", "-q", "--", "7", "--execute"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("sum = 140"), "{}", text(&o));
    assert!(!text(&o).contains("verified"), "{}", text(&o));
    let o = cargo(&demo, &["test", "--release", "-q"]);
    assert!(o.status.success(), "{}", text(&o));

    // A second `zirv new` over it is refused.
    let o = zirv(tmp.path(), &["new", "demo"]);
    assert_eq!(o.status.code(), Some(251));
    assert!(text(&o).contains("already exists"));
}

#[test]
fn a_guest_that_does_not_compile_shows_the_compiler_output() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(zirv(tmp.path(), &["new", "broken"]).status.success());
    let main = tmp.path().join("broken/guest/src/main.rs");
    let src = std::fs::read_to_string(&main).unwrap().replace(
        "let sum: u64",
        "let sum: u64 = undefined_thing; let _x: u64",
    );
    std::fs::write(&main, src).unwrap();
    let o = zirv(&tmp.path().join("broken"), &["build"]);
    assert_eq!(o.status.code(), Some(251));
    let err = text(&o);
    assert!(err.contains("cannot find value `undefined_thing`"), "{err}");
    assert!(err.contains("does not compile"), "{err}");
}

#[test]
fn missing_elf_and_bad_names() {
    let tmp = tempfile::tempdir().unwrap();
    let o = zirv(tmp.path(), &["run", "nope.elf"]);
    assert_eq!(o.status.code(), Some(251));
    assert!(text(&o).contains("cannot read ELF nope.elf"));
    let o = zirv(tmp.path(), &["build", "."]);
    assert_eq!(o.status.code(), Some(251));
    assert!(text(&o).contains("is not a guest crate directory"));
    let o = zirv(tmp.path(), &["new", "9lives"]);
    assert_eq!(o.status.code(), Some(251));
    assert!(text(&o).contains("not a valid project name"));
}

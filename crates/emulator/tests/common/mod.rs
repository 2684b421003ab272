//! Shared helpers for the emulator's integration tests: building RISC-V test programs with
//! Debian's `gcc-riscv64-unknown-elf`, running them under qemu-riscv64 (the reference) and
//! under Zirv in every mode.

#![allow(dead_code)]

pub mod randprog;

use std::path::{Path, PathBuf};
use std::process::Command;
use zirv_emulator::{
    CaptureIo, ChunkTrace, Emulator, Options, ReplayEnd, Report, VmError, replay_chunk,
};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A scratch directory under target/ for built test programs.
pub fn out_dir(sub: &str) -> PathBuf {
    let d = root().join("target").join("riscv-tests").join(sub);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub const GCC: &str = "riscv64-unknown-elf-gcc";
pub const QEMU: &str = "qemu-riscv64";

fn require(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "`{tool}` is not installed: run scripts/setup.sh (it installs gcc-riscv64-unknown-elf and qemu-user)"
    );
}

/// Assembles and links `src` (a .S file) with the tests' linker script.
pub fn build_asm(src: &Path, out: &Path) -> PathBuf {
    require(GCC);
    // Tests of one binary run in parallel and may assemble the same program: each writes its
    // own file and renames it into place, so no test reads another's half-written ELF.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = out.with_extension(format!("{}-{n}.tmp", std::process::id()));
    let dir = root().join("tests/riscv");
    let status = Command::new(GCC)
        .args([
            "-march=rv64imac_zicsr_zifencei",
            "-mabi=lp64",
            "-nostdlib",
            "-nostartfiles",
            "-static",
        ])
        .arg(format!("-T{}", dir.join("link.ld").display()))
        .arg(format!("-I{}", dir.display()))
        .arg(src)
        .arg("-o")
        .arg(&tmp)
        .status()
        .expect("run gcc");
    assert!(status.success(), "assembling {} failed", src.display());
    std::fs::rename(&tmp, out).expect("move the assembled ELF into place");
    out.to_path_buf()
}

/// Runs an ELF under qemu-riscv64: (exit code, stdout).
pub fn qemu_run(elf: &Path) -> (i32, Vec<u8>) {
    require(QEMU);
    let o = Command::new(QEMU).arg(elf).output().expect("run qemu");
    (o.status.code().unwrap_or(-1), o.stdout)
}

/// What a run produced.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub report: Report,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `elf` in fast mode.
pub fn zirv_run(elf: &[u8], input: &[u8]) -> Result<Outcome, VmError> {
    let rom = zirv_core::transpile_elf(elf).expect("valid ELF");
    let emu = Emulator::new(&rom);
    let mut io = CaptureIo::default();
    let report = emu.run(input, &Options::default(), &mut io)?;
    Ok(Outcome {
        report,
        stdout: io.stdout,
        stderr: io.stderr,
    })
}

/// Runs `elf` in fast, statistics and trace mode (with `chunk` steps per chunk), checks that all
/// three agree and that every chunk replays on its own to the next chunk's start state (and the
/// last one to the exit). Returns the fast-mode outcome.
pub fn zirv_run_all_modes(elf: &[u8], input: &[u8], chunk: u64) -> Result<Outcome, VmError> {
    let rom = zirv_core::transpile_elf(elf).expect("valid ELF");
    let emu = Emulator::new(&rom);
    let opts = Options::default();
    let mut io = CaptureIo::default();
    let fast = emu.run(input, &opts, &mut io);
    let mut io2 = CaptureIo::default();
    let stats = emu.run_with_stats(input, &opts, &mut io2);
    let mut io3 = CaptureIo::default();
    let mut chunks: Vec<ChunkTrace> = Vec::new();
    let traced = emu.run_traced(
        input,
        &Options {
            chunk_steps: chunk,
            ..opts
        },
        &mut io3,
        |c| chunks.push(c),
    );
    match (&fast, &stats, &traced) {
        (Ok(f), Ok(s), Ok(t)) => {
            assert_eq!(
                f,
                &Report {
                    stats: None,
                    ..s.clone()
                },
                "stats mode differs from fast mode"
            );
            assert_eq!(f, t, "trace mode differs from fast mode");
            assert_eq!(s.stats.as_ref().unwrap().steps(), f.steps);
            check_replay(&rom, &chunks, f);
        }
        (Err(a), Err(b), Err(c)) => {
            assert_eq!(a, b);
            assert_eq!(a, c);
        }
        _ => panic!("modes disagree: {fast:?} / {stats:?} / {traced:?}"),
    }
    assert_eq!(io.stdout, io2.stdout);
    assert_eq!(io.stdout, io3.stdout);
    let report = fast?;
    Ok(Outcome {
        report,
        stdout: io.stdout,
        stderr: io.stderr,
    })
}

/// Every chunk replays, without memory, to the next chunk's start; the last to the exit.
pub fn check_replay(rom: &zirv_core::Rom, chunks: &[ChunkTrace], report: &Report) {
    assert!(!chunks.is_empty());
    for (k, c) in chunks.iter().enumerate() {
        let end = replay_chunk(rom, c).unwrap_or_else(|e| panic!("chunk {k} does not replay: {e}"));
        match chunks.get(k + 1) {
            Some(next) => match end {
                ReplayEnd::Continue(s) => {
                    assert_eq!(s.step, next.start.step, "chunk {k}: step");
                    assert_eq!(s.pc, next.start.pc, "chunk {k}: pc");
                    assert_eq!(s.regs, next.start.regs, "chunk {k}: registers");
                }
                ReplayEnd::Exit { .. } => panic!("chunk {k} exits before the last chunk"),
            },
            None => assert_eq!(
                end,
                ReplayEnd::Exit {
                    code: report.exit_code,
                    steps: report.steps
                }
            ),
        }
    }
}

//! `zirv run`: execute a guest ELF and summarise the run on stderr (with `--json`: one JSON
//! object on stdout, the guest's output on stderr).

use crate::report::{Failure, StderrIo, fail};
use crate::{EXIT_BAD_INPUT, EXIT_VM_ERROR};
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use zirv_emulator::{DEFAULT_MAX_STEPS, Emulator, GuestIo, Options, Report, StdIo};

#[derive(Args)]
pub struct RunArgs {
    /// The guest: an ELF file, or a guest crate directory (built in release mode first).
    elf: PathBuf,
    /// Input file, already framed as records ([u64 LE length][payload padded to 8 bytes]).
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Stop with an error after this many steps.
    #[arg(long, default_value_t = DEFAULT_MAX_STEPS)]
    max_steps: u64,
    /// Write the 64 public u32 outputs here as 256 little-endian bytes.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Print statistics: steps per op, memory accesses by kind and width.
    #[arg(long)]
    stats: bool,
    /// Run in trace mode (record per-chunk minimal traces) and report their size.
    #[arg(long, conflicts_with = "stats")]
    trace: bool,
    /// Print one JSON object on stdout (exit code, steps, seconds, outputs) instead of the
    /// summary; the guest's stdout and stderr both go to stderr.
    #[arg(long)]
    json: bool,
}

/// The guest's output: this process's stdout and stderr, or (`--json`) stderr only.
enum Out {
    Std(StdIo),
    Stderr(StderrIo),
}

impl GuestIo for Out {
    fn write(&mut self, fd: u64, bytes: &[u8]) {
        match self {
            Out::Std(io) => io.write(fd, bytes),
            Out::Stderr(io) => io.write(fd, bytes),
        }
    }
}

fn load(args: &RunArgs, elf_path: &Path) -> Result<(zirv_core::Rom, Vec<u8>)> {
    Ok((load_rom(elf_path)?, load_input(args.input.as_deref())?))
}

/// Reads and transpiles an ELF.
pub(crate) fn load_rom(elf_path: &Path) -> Result<zirv_core::Rom> {
    let elf = std::fs::read(elf_path)
        .with_context(|| format!("cannot read ELF {}", elf_path.display()))?;
    zirv_core::transpile_elf(&elf).with_context(|| format!("invalid ELF {}", elf_path.display()))
}

/// Reads and checks an input file (none: empty input).
pub(crate) fn load_input(path: Option<&Path>) -> Result<Vec<u8>> {
    let input = match path {
        Some(p) => {
            let b = std::fs::read(p)
                .with_context(|| format!("cannot read input file {}", p.display()))?;
            zirv_emulator::validate_input(&b)
                .with_context(|| format!("invalid input file {}", p.display()))?;
            b
        }
        None => Vec::new(),
    };
    Ok(input)
}

pub fn run(args: RunArgs) -> ExitCode {
    let elf_path = if args.elf.is_dir() {
        match crate::build::build_dir(&args.elf, true, Vec::new()) {
            Ok(p) => p,
            Err(code) => return code,
        }
    } else {
        args.elf.clone()
    };
    let (rom, input) = match load(&args, &elf_path) {
        Ok(x) => x,
        Err(e) => {
            let f = Failure::new("input", EXIT_BAD_INPUT, format!("{e:#}"));
            return fail(args.json, f);
        }
    };
    let emu = Emulator::new(&rom);
    let opts = Options {
        max_steps: args.max_steps,
        ..Options::default()
    };
    let mut io = if args.json {
        Out::Stderr(StderrIo)
    } else {
        Out::Std(StdIo::default())
    };
    let t0 = Instant::now();
    let mut trace_bytes = 0usize;
    let mut chunks = 0usize;
    let result = if args.trace {
        emu.run_traced(&input, &opts, &mut io, |c| {
            trace_bytes += c.size_bytes();
            chunks += 1;
        })
    } else if args.stats {
        emu.run_with_stats(&input, &opts, &mut io)
    } else {
        emu.run(&input, &opts, &mut io)
    };
    let secs = t0.elapsed().as_secs_f64();
    drop(io);
    let report = match result {
        Ok(r) => r,
        Err(e) => return fail(args.json, Failure::new("vm", EXIT_VM_ERROR, e.to_string())),
    };
    if args.json {
        let mut v = serde_json::json!({
            "ok": true,
            "exit_code": report.exit_code,
            "steps": report.steps,
            "seconds": secs,
            "outputs": report.outputs.to_vec(),
        });
        if args.trace {
            v["trace"] = serde_json::json!({ "chunks": chunks, "bytes": trace_bytes });
        }
        println!("{v}");
    } else {
        summarise(&report, secs);
    }
    if args.trace && !args.json {
        eprintln!(
            "trace: {chunks} chunk(s), {trace_bytes} bytes, {:.3} bytes/step",
            trace_bytes as f64 / report.steps.max(1) as f64
        );
    }
    if let Some(stats) = &report.stats {
        print_stats(stats);
    }
    if let Some(path) = &args.output
        && let Err(e) = std::fs::write(path, report.output_bytes())
    {
        eprintln!("error: cannot write outputs to {}: {e}", path.display());
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    ExitCode::from(exit_status(report.exit_code))
}

/// The process exit status for a guest exit code (abi.md).
pub fn exit_status(code: u64) -> u8 {
    match (code, code as u8) {
        (0, _) => 0,
        (_, 0) => 1,
        (_, low) => low,
    }
}

fn summarise(r: &Report, secs: f64) {
    eprintln!(
        "steps: {}  time: {:.3} s  speed: {:.1} Msteps/s  exit code: {}",
        r.steps,
        secs,
        r.steps as f64 / secs.max(1e-9) / 1e6,
        r.exit_code as i64
    );
    let last = r.outputs.iter().rposition(|&v| v != 0).map_or(0, |i| i + 1);
    let hex: Vec<String> = r.outputs[..last.max(1)]
        .iter()
        .map(|v| format!("{v:08x}"))
        .collect();
    eprintln!(
        "outputs: {}{}",
        hex.join(" "),
        if last < 64 { " (rest zero)" } else { "" }
    );
}

fn print_stats(s: &zirv_emulator::Stats) {
    eprintln!("statistics:");
    eprintln!(
        "  RISC-V instructions: {}  boot steps: {}  ROM steps per instruction: {:.4}",
        s.riscv_instructions,
        s.boot_steps,
        s.steps_per_instruction()
    );
    let total = s.steps().max(1) as f64;
    let mut ops: Vec<_> = s.steps_per_op.iter().collect();
    ops.sort_by(|a, b| b.1.cmp(a.1));
    for (op, n) in ops {
        eprintln!(
            "  {:<14} {:>14} {:6.2}%  ({:?})",
            op.name(),
            n,
            100.0 * *n as f64 / total,
            op.kind()
        );
    }
    let w = ["1", "2", "4", "8"];
    for (name, v) in [("loads", s.loads), ("stores", s.stores)] {
        let parts: Vec<String> = w.iter().zip(v).map(|(w, n)| format!("{w}B: {n}")).collect();
        eprintln!("  {name:<7} {}", parts.join("  "));
    }
    eprintln!(
        "  CSR file accesses: {} reads, {} writes",
        s.vm_accesses.0, s.vm_accesses.1
    );
    if s.precompile_calls.is_empty() {
        eprintln!("  precompile calls: none");
    }
    for (op, n) in &s.precompile_calls {
        eprintln!(
            "  precompile {:#x} {:<14} {n} call(s)",
            op.precompile_csr().unwrap_or(0),
            op.name()
        );
    }
}

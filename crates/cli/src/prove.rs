//! `zirv prove` and `zirv verify`.
//!
//! Exit status of `prove`: 0 with a proof written; 1 when the run cannot be proven (it failed,
//! takes more steps than one proof holds, or uses an op no machine proves yet); 250 when the VM
//! stopped the run; 251 for a bad ELF, input or output path. Of `verify`: 0 only for a valid
//! proof (the outputs are printed); 1 for an invalid or malformed proof; 251 when a file cannot
//! be read or the ELF / program id is bad. Both take `--json` (crate::report).

use crate::program_id::Hash;
use crate::report::{Failure, Progress, StderrIo, fail, succeed};
use crate::run::{load_input, load_rom};
use crate::{EXIT_BAD_INPUT, EXIT_VM_ERROR};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use zirv_sdk::{
    Expected, ProgramId, ProveError, ProveOptions, SecurityLevel, StdIo, VerifyOptions, prove_with,
    verify,
};

#[derive(Args)]
pub struct ProveArgs {
    /// The guest: an ELF file, or a guest crate directory (built in release mode first).
    elf: PathBuf,
    /// Input file, already framed as records ([u64 LE length][payload padded to 8 bytes]).
    #[arg(long, short)]
    input: Option<PathBuf>,
    /// Where to write the proof.
    #[arg(long, short = 'o', default_value = "proof.bin")]
    output: PathBuf,
    /// Merkle-tree and transcript hash.
    #[arg(long, value_enum, default_value = "poseidon2")]
    hash: Hash,
    /// Conjectured security in bits: 100 or 128.
    #[arg(long, default_value_t = 100)]
    security: u32,
    /// log2 of the rows of one instance of Main, Mem, MemAlign and the ALU machines (4 to 22):
    /// smaller instances need less memory, larger ones make smaller proofs.
    #[arg(long, default_value_t = zirv_sdk::DEFAULT_INSTANCE_LOG_ROWS, value_name = "LOG2")]
    instance_log_rows: usize,
    /// Refuse runs longer than this many steps (at most 2^36, the most one proof holds).
    #[arg(long, default_value_t = zirv_sdk::MAX_STEPS)]
    max_steps: u64,
    /// Print one JSON object on stdout (for scripts) instead of the human summary; the guest's
    /// own output goes to stderr.
    #[arg(long)]
    json: bool,
    /// No progress display and no summary (the guest's output still passes through).
    #[arg(long, short)]
    quiet: bool,
    /// Also print where the STARK prover's time went (Plonky3's spans, summed over instances:
    /// bus columns' commitment, quotient, openings).
    #[arg(long)]
    profile: bool,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("program").required(true).args(["elf", "program_id"])))]
pub struct VerifyArgs {
    /// The proof file.
    proof: PathBuf,
    /// The program the proof must be of, as an ELF.
    #[arg(long)]
    elf: Option<PathBuf>,
    /// The program the proof must be of, as its id (`zirv program-id`).
    #[arg(long)]
    program_id: Option<String>,
    /// The lowest conjectured security in bits the proof must have: 100 or 128.
    #[arg(long, default_value_t = 100)]
    security: u32,
    /// Print one JSON object on stdout (for scripts) instead of the human report.
    #[arg(long)]
    json: bool,
}

/// The level for `--security`, or the usage error (exit status 2).
fn security_level(bits: u32) -> Result<SecurityLevel, Failure> {
    SecurityLevel::from_bits(bits).ok_or_else(|| {
        Failure::new(
            "usage",
            2,
            format!("--security {bits} is not offered: use 100 or 128"),
        )
    })
}

pub fn prove_cmd(args: ProveArgs) -> ExitCode {
    let json = args.json;
    match prove_run(args) {
        Ok(results) => succeed(json, results),
        Err(f) => fail(json, f),
    }
}

fn prove_run(args: ProveArgs) -> Result<serde_json::Value, Failure> {
    let security = security_level(args.security)?;
    let elf_path = if args.elf.is_dir() {
        crate::build::build_dir(&args.elf, true, Vec::new()).map_err(|_| {
            Failure::new(
                "elf",
                EXIT_BAD_INPUT,
                format!("the guest crate {} did not build", args.elf.display()),
            )
        })?
    } else {
        args.elf.clone()
    };
    let rom =
        load_rom(&elf_path).map_err(|e| Failure::new("elf", EXIT_BAD_INPUT, format!("{e:#}")))?;
    let input = load_input(args.input.as_deref())
        .map_err(|e| Failure::new("input", EXIT_BAD_INPUT, format!("{e:#}")))?;
    let opts = ProveOptions {
        hash: args.hash.into(),
        security,
        instance_log_rows: args.instance_log_rows,
        max_steps: args.max_steps,
        ..ProveOptions::default()
    };
    let profile = args.profile.then(crate::profile::Profile::install);
    // The guest's output passes through as in `zirv run` (to stderr with --json).
    let progress = Progress::new(args.quiet || args.json);
    let result = if args.json {
        prove_with(&rom, &input, &opts, &mut StderrIo, |p| progress.phase(p))
    } else {
        prove_with(&rom, &input, &opts, &mut StdIo::default(), |p| {
            progress.phase(p)
        })
    };
    progress.finish();
    let (file, stats) = result.map_err(|e| match e {
        ProveError::Vm(e) => Failure::new("vm", EXIT_VM_ERROR, format!("execution failed: {e}")),
        ProveError::TooLong { .. } => Failure::new("too_long", 1, e.to_string()),
        ProveError::Witness(_) => Failure::new("unprovable", 1, e.to_string()),
        ProveError::Prover(_) => Failure::new("prover", 1, e.to_string()),
    })?;
    let bytes = file.to_bytes();
    std::fs::write(&args.output, &bytes).map_err(|e| {
        Failure::new(
            "io",
            EXIT_BAD_INPUT,
            format!("cannot write {}: {e}", args.output.display()),
        )
    })?;
    let cells: usize = stats
        .shapes
        .iter()
        .map(|(_, rows, cols, _)| rows * cols)
        .sum();
    if !args.json && !args.quiet {
        eprintln!(
            "proved {} steps: execute {:.2} s, witness {:.2} s, prove {:.2} s (commit {:.2} s, bus \
             columns {:.2} s, instance proofs {:.2} s); proof {} bytes -> {}",
            stats.steps,
            stats.execute_s,
            stats.witness_s,
            stats.prove_s,
            stats.commit_s,
            stats.bus_s,
            stats.stark_s,
            bytes.len(),
            args.output.display()
        );
        let shapes: Vec<String> = stats
            .shapes
            .iter()
            .map(|(name, rows, cols, bus)| format!("{name} {rows}x{cols}+{bus}"))
            .collect();
        eprintln!(
            "{} instances (rows x machine columns + bus columns): {}; {} machine cells, {:.1} per \
             step",
            shapes.len(),
            shapes.join(", "),
            cells,
            cells as f64 / stats.steps.max(1) as f64
        );
        eprintln!("program id: {}", file.program_id);
        if let Some(p) = &profile {
            eprintln!(
                "profile (Plonky3's spans, summed over instances): {}",
                p.summary()
            );
        }
    }
    let shapes: Vec<serde_json::Value> = stats
        .shapes
        .iter()
        .map(|(name, rows, cols, bus)| {
            json!({ "machine": name, "rows": rows, "columns": cols, "bus_columns": bus })
        })
        .collect();
    Ok(json!({
        "proof": args.output.display().to_string(),
        "proof_bytes": bytes.len(),
        "program_id": file.program_id.to_string(),
        "hash": file.hash.name(),
        "security": file.security.bits(),
        "steps": stats.steps,
        "execute_s": stats.execute_s,
        "witness_s": stats.witness_s,
        "prove_s": stats.prove_s,
        "commit_s": stats.commit_s,
        "bus_s": stats.bus_s,
        "stark_s": stats.stark_s,
        "main_cells": cells,
        "instances": shapes,
        "outputs": file.outputs.to_vec(),
    }))
}

pub fn verify_cmd(args: VerifyArgs) -> ExitCode {
    let json = args.json;
    match verify_run(args) {
        Ok(results) => succeed(json, results),
        Err(f) => fail(json, f),
    }
}

fn verify_run(args: VerifyArgs) -> Result<serde_json::Value, Failure> {
    let min_security = security_level(args.security)?;
    let bytes = std::fs::read(&args.proof).map_err(|e| {
        Failure::new(
            "io",
            EXIT_BAD_INPUT,
            format!("cannot read proof {}: {e}", args.proof.display()),
        )
    })?;
    let rom;
    let id;
    let expected = if let Some(elf) = &args.elf {
        rom = load_rom(elf).map_err(|e| Failure::new("elf", EXIT_BAD_INPUT, format!("{e:#}")))?;
        Expected::Rom(&rom)
    } else {
        let text = args.program_id.as_deref().unwrap_or_default();
        id = ProgramId::parse(text).map_err(|e| {
            Failure::new(
                "program_id",
                EXIT_BAD_INPUT,
                format!("invalid program id: {e}"),
            )
        })?;
        Expected::Id(&id)
    };
    let v = verify(&bytes, expected, &VerifyOptions { min_security }).map_err(|e| Failure {
        kind: "invalid_proof",
        code: Some(e.code().into()),
        message: e.to_string(),
        status: 1,
    })?;
    let s = v.security.report();
    if !args.json {
        let words: Vec<String> = v.outputs.iter().map(|o| format!("{o:#010x}")).collect();
        println!("outputs: {}", words.join(" "));
        eprintln!("program id: {}", v.program_id);
        eprintln!("hash: {}", v.hash.name());
        eprintln!(
            "security: level {} ({:.1} bits conjectured, {:.1} bits provable, per p3-security)",
            v.security.bits(),
            s.conjectured_bits,
            s.provable_bits
        );
        eprintln!("proof valid");
    }
    Ok(json!({
        "valid": true,
        "outputs": v.outputs.to_vec(),
        "program_id": v.program_id.to_string(),
        "hash": v.hash.name(),
        "security": {
            "level": v.security.bits(),
            "conjectured_bits": s.conjectured_bits,
            "provable_bits": s.provable_bits,
        },
    }))
}

//! `zirv prove` and `zirv verify`.
//!
//! Exit status of `prove`: 0 with a proof written; 1 when the run cannot be proven (it failed,
//! or uses an op no machine proves yet); 250 when the VM stopped the run; 251 for a bad ELF,
//! input or output path. Of `verify`: 0 only for a valid proof (the outputs are printed); 1 for
//! an invalid or malformed proof; 251 when a file cannot be read or the ELF / program id is bad.

use crate::program_id::Hash;
use crate::run::{load_input, load_rom};
use crate::{EXIT_BAD_INPUT, EXIT_VM_ERROR};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use zirv_sdk::{
    Expected, ProgramId, ProveError, ProveOptions, SecurityLevel, VerifyOptions, prove, verify,
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
}

/// The level for `--security`, or the usage error (exit status 2).
fn security_level(bits: u32) -> Result<SecurityLevel, ExitCode> {
    SecurityLevel::from_bits(bits).ok_or_else(|| {
        eprintln!("error: --security {bits} is not offered: use 100 or 128");
        ExitCode::from(2)
    })
}

pub fn prove_cmd(args: ProveArgs) -> ExitCode {
    let security = match security_level(args.security) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let elf_path = if args.elf.is_dir() {
        match crate::build::build_dir(&args.elf, true, Vec::new()) {
            Ok(p) => p,
            Err(code) => return code,
        }
    } else {
        args.elf.clone()
    };
    let loaded = load_rom(&elf_path).and_then(|r| Ok((r, load_input(args.input.as_deref())?)));
    let (rom, input) = match loaded {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let opts = ProveOptions {
        hash: args.hash.into(),
        security,
    };
    let (file, stats) = match prove(&rom, &input, &opts) {
        Ok(x) => x,
        Err(ProveError::Vm(e)) => {
            eprintln!("error: execution failed: {e}");
            return ExitCode::from(EXIT_VM_ERROR);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = file.to_bytes();
    if let Err(e) = std::fs::write(&args.output, &bytes) {
        eprintln!("error: cannot write {}: {e}", args.output.display());
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    eprintln!(
        "proved {} steps: execute {:.2} s, witness {:.2} s, prove {:.2} s; proof {} bytes -> {}",
        stats.steps,
        stats.execute_s,
        stats.witness_s,
        stats.prove_s,
        bytes.len(),
        args.output.display()
    );
    let cells: usize = stats.shapes.iter().map(|(_, rows, cols)| rows * cols).sum();
    let shapes: Vec<String> = stats
        .shapes
        .iter()
        .map(|(name, rows, cols)| format!("{name} {rows}x{cols}"))
        .collect();
    eprintln!(
        "machines (rows x main columns): {}; {} main cells, {:.1} per step",
        shapes.join(", "),
        cells,
        cells as f64 / stats.steps.max(1) as f64
    );
    eprintln!("program id: {}", file.program_id);
    ExitCode::SUCCESS
}

pub fn verify_cmd(args: VerifyArgs) -> ExitCode {
    let min_security = match security_level(args.security) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let bytes = match std::fs::read(&args.proof) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read proof {}: {e}", args.proof.display());
            return ExitCode::from(EXIT_BAD_INPUT);
        }
    };
    let rom;
    let id;
    let expected = if let Some(elf) = &args.elf {
        rom = match load_rom(elf) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e:#}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        };
        Expected::Rom(&rom)
    } else {
        let text = args.program_id.as_deref().unwrap_or_default();
        id = match ProgramId::parse(text) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("error: invalid program id: {e}");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
        };
        Expected::Id(&id)
    };
    match verify(&bytes, expected, &VerifyOptions { min_security }) {
        Ok(v) => {
            let words: Vec<String> = v.outputs.iter().map(|o| format!("{o:#010x}")).collect();
            println!("outputs: {}", words.join(" "));
            eprintln!("program id: {}", v.program_id);
            eprintln!("hash: {}", v.hash.name());
            let s = v.security.report();
            eprintln!(
                "security: level {} ({:.1} bits conjectured, {:.1} bits provable, per p3-security)",
                v.security.bits(),
                s.conjectured_bits,
                s.provable_bits
            );
            eprintln!("proof valid");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

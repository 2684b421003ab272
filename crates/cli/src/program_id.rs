//! `zirv program-id <ELF>`: the commitment to the program's ROM table.

use crate::EXIT_BAD_INPUT;
use crate::report::{Failure, fail, succeed};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use zirv_sdk::HashKind;

/// The hash of a proof system configuration, as a command-line value.
#[derive(Clone, Copy, ValueEnum)]
pub enum Hash {
    /// Poseidon2 over Goldilocks.
    Poseidon2,
    /// Keccak-256.
    Keccak,
}

impl From<Hash> for HashKind {
    fn from(h: Hash) -> HashKind {
        match h {
            Hash::Poseidon2 => HashKind::Poseidon2,
            Hash::Keccak => HashKind::Keccak,
        }
    }
}

#[derive(Args)]
pub struct ProgramIdArgs {
    /// The guest ELF.
    elf: PathBuf,
    /// The hash of the proof system the id is for.
    #[arg(long, value_enum, default_value = "poseidon2")]
    hash: Hash,
    /// Print one JSON object on stdout (for scripts) instead of the bare id.
    #[arg(long)]
    json: bool,
}

pub fn program_id(args: ProgramIdArgs) -> ExitCode {
    let hash = HashKind::from(args.hash);
    let result = std::fs::read(&args.elf)
        .map_err(|e| {
            Failure::new(
                "io",
                EXIT_BAD_INPUT,
                format!("cannot read ELF {}: {e}", args.elf.display()),
            )
        })
        .and_then(|elf| {
            zirv_core::transpile_elf(&elf).map_err(|e| {
                Failure::new(
                    "elf",
                    EXIT_BAD_INPUT,
                    format!("invalid ELF {}: {e}", args.elf.display()),
                )
            })
        })
        .and_then(|rom| {
            zirv_sdk::program_id(&rom, hash)
                .map_err(|e| Failure::new("commit", EXIT_BAD_INPUT, e.to_string()))
        });
    match result {
        Ok(id) => {
            if !args.json {
                println!("{id}");
            }
            succeed(
                args.json,
                serde_json::json!({ "program_id": id.to_string(), "hash": hash.name() }),
            )
        }
        Err(f) => fail(args.json, f),
    }
}

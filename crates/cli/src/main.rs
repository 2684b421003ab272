//! The `zirv` command.
//!
//! Exit status of `zirv run`: the guest's exit code (its low 8 bits, or 1 when those are 0 for
//! a non-zero code); [`EXIT_VM_ERROR`] when the VM stopped the run (bad access, illegal
//! instruction, step limit, ...); [`EXIT_BAD_INPUT`] when the ELF or the input file was
//! rejected before running; 2 for command-line usage errors (clap's convention).

mod run;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit status when the VM stops a run with an error.
pub const EXIT_VM_ERROR: u8 = 250;
/// Exit status when the ELF or input file is rejected.
pub const EXIT_BAD_INPUT: u8 = 251;

#[derive(Parser)]
#[command(name = "zirv", version, about = "Zirv: run and prove RISC-V programs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Execute a guest ELF.
    Run(run::RunArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
    }
}

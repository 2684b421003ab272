//! The `zirv` command (also `cargo zirv`).
//!
//! Exit status of `zirv run`: the guest's exit code (its low 8 bits, or 1 when those are 0 for
//! a non-zero code); [`EXIT_VM_ERROR`] when the VM stopped the run (bad access, illegal
//! instruction, step limit, ...); [`EXIT_BAD_INPUT`] when the ELF or the input file was
//! rejected or the guest did not build; 2 for command-line usage errors (clap's convention).

mod build;
mod client;
mod new;
mod profile;
mod program_id;
mod prove;
mod report;
mod run;
mod serve;
mod toolchain;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// jemalloc instead of the system allocator: the prover allocates and frees large matrices
/// (trace, LDE, quotient) in turn; glibc returns them to the kernel and zeroes fresh pages on
/// each reuse, which took about a third of proving time on SHA-256.
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options: keep freed pages for reuse instead of returning them at once, and back
/// large allocations with transparent huge pages.
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: &[u8; 67] =
    b"thp:always,metadata_thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1\0";

/// Exit status when the VM stops a run with an error.
pub const EXIT_VM_ERROR: u8 = 250;
/// Exit status when the ELF, input file or guest crate is rejected.
pub const EXIT_BAD_INPUT: u8 = 251;

#[derive(Parser)]
#[command(
    name = "zirv",
    version,
    about = "Zirv: build, run and prove RISC-V programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Execute a guest: an ELF, or a guest crate directory (built first).
    Run(run::RunArgs),
    /// Build a guest crate into an ELF (release by default) and print its path.
    Build(build::BuildArgs),
    /// Create a project with a guest and a host that builds, runs and tests out of the box.
    New(new::NewArgs),
    /// Execute a guest and prove the run.
    Prove(prove::ProveArgs),
    /// Verify a proof against a program (its ELF or its id); prints the outputs.
    Verify(prove::VerifyArgs),
    /// Print a program's id: the commitment to its ROM, which proofs are bound to.
    ProgramId(program_id::ProgramIdArgs),
    /// Run the prover service: JSON-RPC (POST /), gRPC, /health and /metrics on one port, with
    /// workers and a durable job store (SQLite file or PostgreSQL).
    Serve(serve::ServeArgs),
    /// Run workers only, on a job store shared with `zirv serve` (PostgreSQL).
    Worker(serve::WorkerArgs),
    /// Talk to a prover service: register, submit, status, wait, result, cancel, execute, prove.
    Client(client::ClientArgs),
    /// Check or install the toolchain that builds guests.
    #[command(subcommand)]
    Toolchain(toolchain::ToolchainCmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Build(args) => build::build(args),
        Command::New(args) => new::new(args),
        Command::Prove(args) => prove::prove_cmd(args),
        Command::Verify(args) => prove::verify_cmd(args),
        Command::ProgramId(args) => program_id::program_id(args),
        Command::Serve(args) => serve::serve(args),
        Command::Worker(args) => serve::worker(args),
        Command::Client(args) => client::client(args),
        Command::Toolchain(cmd) => toolchain::toolchain(cmd),
    }
}

//! The Zirv host SDK.
//!
//! ```no_run
//! use zirv_sdk::{build_guest, execute, BuildOptions, Stdin};
//! let elf = build_guest("guest".as_ref(), &BuildOptions::default()).unwrap();
//! let mut stdin = Stdin::new();
//! stdin.write(&20u32);
//! let mut report = execute(&std::fs::read(elf).unwrap(), &stdin).unwrap();
//! let fib: u64 = report.public_values.read().unwrap();
//! ```
//!
//! - [`Stdin`]: typed values and raw bytes, each one input record (postcard encoding, the one
//!   `zirv_guest::io::read` decodes).
//! - [`execute`]: runs an ELF and returns an [`ExecutionReport`] (exit code, steps, public
//!   values readable as typed values, stdout, stderr, statistics).
//! - [`run_guest`]: build + execute + require exit code 0, in one call.
//! - [`prove`]: execute, build the witness and prove, in one call; [`verify`] checks a proof
//!   against a program or its id (`zirv-verifier`).
//! - [`ProverClient`]: execute, set up ([`ProgramKey`]: the program id), prove ([`Proof`]: save
//!   and load) and verify, with one API whether proofs are made in this process or by a prover
//!   service (`zirv serve`; feature `remote`, [`remote`]). [`wire`] holds the service's
//!   JSON-RPC messages and error codes.
//! - [`build_guest`] and [`toolchain`]: build a guest crate for `riscv64imac-unknown-none-elf`
//!   with rustup's target where present, else Debian's `rustc-web` with `-Z build-std`.

mod build;
mod client;
mod execute;
mod prove;
#[cfg(feature = "remote")]
pub mod remote;
mod run;
mod stdin;
pub mod toolchain;
pub mod wire;

pub use build::{BuildError, BuildOptions, build_guest};
pub use client::{
    ClientError, ProgramKey, Progress, Proof, ProverClient, hash_from_name, phase_progress,
};
pub use execute::{
    ExecuteError, ExecutionReport, PublicValues, PublicValuesError, execute, execute_with,
};
pub use prove::{ProveError, ProvePhase, prove, prove_with};
pub use run::{RunError, run_guest};
pub use stdin::Stdin;
pub use zirv_emulator::{
    CaptureIo, GuestIo, InputError, NullIo, Options as ExecOptions, Stats, StdIo, VmError,
};
pub use zirv_prover::{
    DEFAULT_INSTANCE_LOG_ROWS, MAX_INSTANCE_LOG_ROWS, MAX_STEPS, ProveOptions, ProveStats,
};
pub use zirv_stark::{HashKind, ProgramId, ProgramIdError, ProofFile, SecurityLevel, program_id};
pub use zirv_verifier::{Expected, Verified, VerifyError, VerifyOptions, verify};

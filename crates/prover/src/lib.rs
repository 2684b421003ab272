//! The Zirv prover: a witness's instances, proven in two phases with one bus across them all.
//!
//! - [`instances`]: a run's instances of a fixed height per machine, walked from its chunk
//!   traces in bounded memory (or cut from a whole witness, for tests).
//! - [`bus_trace`]: an instance's bus columns under the bus challenges.
//! - [`prove`]: phase 1 (commit every instance), the bus challenges, phase 2 (prove every
//!   instance), generic over the hash scheme ([`prove_run`], [`prove_witness`]).
//!
//! The orchestration (execute, build the witness, prove) is where users call it: `zirv_sdk`'s
//! `prove` and the `zirv prove` command. The verifier is its own crate (`zirv-verifier`).

pub mod bus_trace;
pub mod instances;
pub mod prove;

pub use instances::Run;
pub use prove::{ProveError, ProveOptions, ProveStats, prove_run, prove_witness};
pub use zirv_machines::{DEFAULT_INSTANCE_LOG_ROWS, MAX_INSTANCE_LOG_ROWS, MAX_STEPS};
pub use zirv_stark::{HashKind, ProgramId, ProofFile, SecurityLevel};

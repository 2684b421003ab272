//! The Zirv prover: one STARK over every machine's instances of a witness.
//!
//! - [`prove`]: proves a witness ([`prove_witness`]), generic over the hash scheme.
//!
//! The orchestration (execute, build the witness, prove) is where users call it: `zirv_sdk`'s
//! `prove` and the `zirv prove` command. The verifier is its own crate (`zirv-verifier`).

pub mod prove;

pub use prove::{ProveError, ProveOptions, ProveStats, prove_witness};
pub use zirv_stark::{HashKind, ProgramId, ProofFile, SecurityLevel};

//! The Zirv prover: the Plonky3 STARK configuration over Goldilocks and what is built on it.
//!
//! - [`config`]: fields, hashes (Poseidon2 default, Keccak option), FRI parameters and the
//!   conjectured security they give (100 bits by default, 128 on request).
//! - [`air`]: every machine as one AIR type.
//! - [`program_id`]: the commitment to a program's fixed tables.
//! - [`prove`]: execution, witness, one STARK over all machines.
//! - [`proof`]: the proof file.
//! - [`verify`]: a proof file against a program or a program id.

pub mod air;
pub mod check;
pub mod config;
pub mod program_id;
pub mod proof;
pub mod prove;
pub mod verify;

pub use air::ZirvAir;
pub use config::{HashKind, SecurityLevel};
pub use program_id::{ProgramId, ProgramIdError, program_id};
pub use proof::{ProofFile, ProofFileError};
pub use prove::{ProveError, ProveOptions, ProveStats, prove, prove_witness};
pub use verify::{Expected, VerifyError, verify};

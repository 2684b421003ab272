//! What prover and verifier share: the STARK configuration, program ids and the proof file.
//!
//! - [`config`]: Goldilocks, its cubic extension for challenges, FRI, and the two hash schemes
//!   (Poseidon2 by default, Keccak), each a [`HashScheme`] so that proving, verifying and program
//!   ids are written once, generic over the hash.
//! - [`program_id`]: the commitment to a program's fixed tables.
//! - [`instance`]: one instance of a proof as an AIR (a machine's rows and its part of the
//!   global bus); [`bus`]: the LogUp arithmetic of that bus; [`transcript`]: the bus
//!   challenges, drawn after every instance is committed.
//! - [`proof`]: the proof file.
//! - [`security`]: conjectured and provable security of each level, computed with
//!   `p3-security`.
//!
//! This crate depends on the machine registry (for the AIRs whose tables a program id commits)
//! but not on the emulator or witness generation, so the verifier built on it stays small and
//! builds for `wasm32-unknown-unknown`.

pub mod bus;
pub mod config;
pub mod instance;
pub mod program_id;
pub mod proof;
pub mod security;
pub mod transcript;

pub use bus::BusChallenges;
pub use config::{
    Challenge, Commitment, HashKind, HashScheme, Keccak, Poseidon2, SecurityLevel, Stark, Val,
};
pub use instance::{InstanceAir, InstanceKind};
pub use program_id::{ProgramId, ProgramIdError, program_id};
pub use proof::{FORMAT_VERSION, InstanceProof, ProofFile, ProofFileError};

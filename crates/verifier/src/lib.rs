//! The Zirv verifier: checks a proof file against a program id (or a program).
//!
//! It depends only on the shared STARK crate (`zirv-stark`) and the machines' AIRs (through the
//! registry, `zirv-machines`): no emulator, no witness generation, no threads unless the
//! `parallel` feature is on. It builds for `wasm32-unknown-unknown`, so a proof can be checked
//! in a browser or inside another program (`scripts/test.sh` builds it so in CI).
//!
//! Verifying against a program id does no commitment work: the verifying data is built from the
//! machines' shapes and the id's commitment ([`verify`](crate::verify::verify)).

mod error;
pub mod verify;

pub use error::{StarkCheck, VerifyError};
pub use verify::{Expected, Verified, VerifyOptions, verify};
pub use zirv_stark::{
    HashKind, ProgramId, ProgramIdError, ProofFile, ProofFileError, SecurityLevel,
};

//! The Zirv prover: the Plonky3 STARK configuration over Goldilocks and what is built on it.
//!
//! - [`config`]: fields, hashes (Poseidon2 default, Keccak option), FRI parameters and the
//!   conjectured security they give (100 bits by default, 128 on request).
//! - [`program_id`]: the commitment to a program's ROM table.
//!
//! Status: the ROM, Mem, RomData and Range machines and program ids are here, tested in
//! `tests/`; Main and MemAlign (and with them `zirv prove` / `zirv verify`) are next
//! (docs/prover.md).

pub mod air;
pub mod config;
pub mod program_id;

pub use air::ZirvAir;
pub use config::{HashKind, SecurityLevel};
pub use program_id::{ProgramId, ProgramIdError, program_id};

//! Zirv's machine test kit (dev-only): what every machine's soundness tests share.
//!
//! - [`check`]: the concrete constraint checker: every constraint and bus message of a row (or
//!   a whole witness) evaluated on the trace's values, naming what fails.
//! - [`sender`]: a stand-in bus sender for any tuple ([`Sender`]), where Main will send.
//! - [`air`]: a machine and the sender as one AIR type ([`TestAir`]), and a real proof of a set
//!   of instances, verified ([`prove_and_verify`]).
//! - [`mutate`]: the every-cell mutation test (each cell changed by +1 and -1, and a judge).
//! - [`operands`]: the edge and random operand sets.
//! - [`precompile`]: a precompile machine's witness (the 16-bit table, Main's and Mem's stand-ins,
//!   the machine), checked or proven.
//! - [`alu`]: the ALU machines' checks against the op table, built from the above.
//! - [`proptest_cases`]: property tests' case counts, `PROPTEST_CASES` honoured.
//!
//! A machine crate's integration tests (`tests/*.rs`) dev-depend on this crate (which depends on
//! `zirv-machines`, and so on the machine crate: cargo links one copy of it). Unit tests in a
//! machine crate's `src/` must not use it: they would see two copies of the crate's types.

pub mod air;
pub mod alu;
pub mod check;
pub mod mutate;
pub mod operands;
pub mod precompile;
pub mod sender;

pub use air::{TestAir, prove_and_verify};
pub use sender::Sender;

/// How many cases a property test runs: `PROPTEST_CASES` when set, else `default` (a test that
/// sets its own count in its config would otherwise ignore the variable).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The field the machines are tested over.
pub type Val = p3_goldilocks::Goldilocks;

//! Zirv's machine test kit (dev-only): what every machine's soundness tests share.
//!
//! - [`check`]: the concrete constraint checker: every constraint and bus message of a row (or
//!   a whole witness) evaluated on the trace's values, naming what fails.

pub mod check;

/// The field the machines are tested over.
pub type Val = p3_goldilocks::Goldilocks;

//! The ROM state machine.
//!
//! **Given** a transpiled program ([`zirv_core::Rom`]), **this machine proves** that every
//! instruction tuple Main looks up on the ROM bus is a row of the program: the program is a
//! *preprocessed* table (committed once at setup; that commitment, bound into every proof's
//! transcript, is the program id), and the only witness column is each row's multiplicity, the
//! number of times Main executed that instruction.
//!
//! - [`columns`]: how a ROM instruction becomes field elements (the ROM bus tuple).
//! - [`air`]: the AIR: one `table_entry` on the bus per row, and padding rows that can never be
//!   looked up.
//! - [`trace`]: the multiplicity column from execution counts.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::RomAir;
pub use columns::{PREP_WIDTH, encode_inst, rom_table};
pub use trace::multiplicity_trace;

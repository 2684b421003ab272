//! The Main state machine.
//!
//! **Given** the ROM (via the ROM bus), memory (via the memory and MemAlign buses) and the ALU
//! machines (via the operation bus), **this machine proves** that its rows are a run of the
//! program from the boot ROM's first instruction to an `exit(0)`: each row executes the ROM
//! instruction at its pc, takes its operands from where the instruction says, stores where it
//! says, and moves to the pc the ROM model prescribes.
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: a row from a replayed step.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::MainAir;
pub use trace::{MainSends, RegAccess, RegVersions, fill_address, fill_register_ages, fill_row};

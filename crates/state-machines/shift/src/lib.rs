//! The Shift state machine (the op table's `Shift` ops).
//!
//! **Given** the 16-bit table (ranges, limbs with their top bit, shift amounts), **this machine
//! proves** that each of its rows is a correct `c = op(a, b)` for an op of [`SHIFT_OPS`]: `sll`,
//! `srl`, `sra` and their `w` forms, with RISC-V's shift amounts (`b & 63`, `b & 31` for `w`).
//! It receives each row's tuple on the operation bus, where Main sends it.
//!
//! How (docs/prover.md, "Shift"): the shift amount `sh = 16 q + s` comes from the `Shamt` table
//! (`b`'s low 16 bits give `q` and `2^s`). The operand `X` (`a`; for `w` forms its low word,
//! zero- or sign-extended) is four 16-bit limbs; each limb times a power of two `mul` (`2^s` for
//! left shifts, `2^(16-s)` for right shifts) splits into a range-checked low and high limb, so
//! `X · mul` is known limb by limb without carries. A left shift takes those limbs `q` places up;
//! a right shift reads `X · 2^(16-s)` (with `sra`'s sign fill above `X`) from `q + 1` limbs up.
//! `w` results are sign-extended from bit 31.
//!
//! This machine is a third the width of Arith's 128-bit multiplier, which proved the shifts
//! before (SHA-256 style code is a third shifts).
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the ops Main sent.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::ShiftAir;
pub use columns::SHIFT_OPS;
pub use trace::shift_trace;

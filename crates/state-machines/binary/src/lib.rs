//! The Binary state machine.
//!
//! **Given** the 16-bit table (bytes with their and, xor and sign bits), **this machine proves**
//! that each of its rows is a correct `(c, flag) = op(a, b)` for an op of [`BINARY_OPS`]: 64- and
//! 32-bit add and sub, and/or/xor, the comparisons eq/lt/ltu, min/max in all their forms, and
//! the sign extensions of a byte, half-word and word. It receives each row's tuple on the
//! operation bus, where Main sends it.
//!
//! How (docs/prover.md, "Binary"): `a` and `b` are split into bytes, each pair looked up in the
//! `Logic` table (which range-checks them and gives their and, xor and sign bits); one adder
//! `a ± b = r ∓ carry·2^64`, computed in 32-bit halves with boolean carries and a byte-checked
//! `r`, serves add, sub and every comparison (the borrow of `a - b` is `ltu`; `lt` is the borrow
//! xor the operands' sign bits); the result is selected per op.
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the ops Main sent.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::BinaryAir;
pub use columns::BINARY_OPS;
pub use trace::binary_trace;

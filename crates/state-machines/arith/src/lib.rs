//! The Arith state machine.
//!
//! **Given** the 16-bit table (limbs, their top bits, small values, shift amounts), **this
//! machine proves** that each of its rows is a correct `c = op(a, b)` for an op of
//! [`ARITH_OPS`]: mul, mulh, mulhsu, mulhu, mulw, div, divu, rem, remu and their `w` forms, and
//! the shifts sll, srl, sra and their `w` forms (the op table's BinaryExtension ops: a shift is
//! a multiplication or a floor division by `2^sh`, so it shares this machine's multiplier
//! instead of a machine of its own). It receives each row's tuple on the operation bus.
//!
//! How (docs/prover.md, "Arith"): one equation `X·Y + Z = P` over 128-bit two's complement,
//! with `X`, `Y`, `Z` 64-bit values sign- or zero-extended and `P` 128 bits, all in range-checked
//! 16-bit limbs, multiplied limb by limb with range-checked carries:
//! - `mul*`: `X = a`, `Y = b`, `Z = 0`, the result is `P`'s low or high half;
//! - `div*`/`rem*`: `X = q`, `Y = b`, `Z = r`, `P = a` (extended); `|r| < |b|` and `r` has `a`'s
//!   sign (or is 0); `b = 0` forces `q = -1` (then `r = a`); `MIN / -1` is the one row where the
//!   dividend's high half is not its sign extension (the `ov` flag, allowed only for that
//!   operand pair);
//! - `sll`: `X = a`, `Y = 2^sh`; `srl`/`sra`: `X = c`, `Y = 2^sh`, `Z = rem < 2^sh`, `P = a`;
//! - `w` forms: the operands' low words extended, the result's low word sign-extended.
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the ops Main sent.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::ArithAir;
pub use columns::ARITH_OPS;
pub use trace::{arith_trace, arith_traces};

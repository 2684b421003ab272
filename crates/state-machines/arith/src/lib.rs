//! The Arith state machine.
//!
//! **Given** the 16-bit table (limbs, their top bits, small values), **this machine proves**
//! that each of its rows is a correct `c = op(a, b)` for an op of [`ARITH_OPS`]: mul, mulh,
//! mulhsu, mulhu, mulw, div, divu, rem, remu and their `w` forms. It receives each row's tuple
//! on the operation bus. (The shifts have a lean machine of their own, `zirv-sm-shift`: this
//! 128-bit multiplier is sized for division.)
//!
//! How (docs/prover.md, "Arith"): one equation `X·Y + Z = P` over 128-bit two's complement,
//! with `X`, `Y`, `Z` 64-bit values sign- or zero-extended and `P` 128 bits, all in range-checked
//! 16-bit limbs, multiplied limb by limb with range-checked carries:
//! - `mul*`: `X = a`, `Y = b`, `Z = 0`, the result is `P`'s low or high half;
//! - `div*`/`rem*`: `X = q`, `Y = b`, `Z = r`, `P = a` (extended); `|r| < |b|` and `r` has `a`'s
//!   sign (or is 0); `b = 0` forces `q = -1` (then `r = a`); `MIN / -1` is the one row where the
//!   dividend's high half is not its sign extension (the `ov` flag, allowed only for that
//!   operand pair);
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
pub use trace::arith_trace;

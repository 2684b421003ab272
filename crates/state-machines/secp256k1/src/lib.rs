//! The Secp256k1 state machine: secp256k1 point addition and doubling.
//!
//! **Given** Main's precompile calls (the operation bus, [`zirv_sm_precompile`]), Mem (the
//! memory bus) and the 16-bit table, **this machine proves** for each call it answers that the
//! call Main made at that step computed what the emulator computes
//! (`zirv_emulator::precompiles::secp256k1`), over the field of `p = 2^256 - 2^32 - 977`, on
//! `y^2 = x^3 + 7`:
//! - add (CSR `0x803`, [`zirv_core::op::Op::Secp256k1Add`], two operands): `p1 = p1 + p2`, for
//!   canonical points on the curve with `x1 != x2` (so `p1 != p2`, `p1 != -p2`);
//! - double (`0x804`, [`zirv_core::op::Op::Secp256k1Dbl`], one operand in `b`): `p = 2p`, for a
//!   canonical point on the curve.
//!
//! A call the emulator refuses (a coordinate `>= p`, a point off the curve, an add with
//! `x1 = x2`) has no accepted rows; the result written is the emulator's (canonical `x3, y3`).
//!
//! ## The rows of a call
//!
//! [`ROWS_PER_CALL`] = 8 rows per call, one field equation per row (the ArithEq design's plan,
//! `zirv_sm_arith_eq`'s module doc). Every row holds the call's ten numbers as 16-bit limbs
//! ([`columns`]): `x1, y1, x2, y2` (inputs; for double `x2 = x1`, `y2 = y1`), `x3, y3`
//! (written), and witnesses: the slope `s`, `x1sq`, `x2sq` (for double `x2sq = x1sq`), `inv`
//! (for double 0). Transition constraints copy them (and the op, the step) from each row of a
//! call to the next. Flags: `f0a`/`f0d` on an add's/double's first row, `r1..r7` on rows 1..7,
//! one-hot; row `i`'s successor has `r(i+1)` (the first row's `r1`); a call lies whole in the
//! instance (no `r1..r7` on the first row, only `r7` or padding on the last). Padding rows are
//! all 0 and send nothing. Each row also holds a quotient `q` (17 limbs), 32 carries, and a
//! canonical check (`e = p - 1 - v`, 16 limbs, 7 borrows). The equations (mod p):
//!
//! | row | equation | canonical check |
//! |---|---|---|
//! | 0 (add) | `s·x2 - s·x1 + y1 - y2 = 0` | `x1` |
//! | 0 (double) | `2·y1·s - 3·x1sq = 0` | `x1` |
//! | 1 | `s·s - x1 - x2 - x3 = 0` | `y1` |
//! | 2 | `s·x1 - s·x3 - y1 - y3 = 0` | `x2` |
//! | 3 | `x1·x1 - x1sq = 0` | `y2` |
//! | 4 | `y1·y1 - x1sq·x1 - 7 = 0` | `x3` |
//! | 5 | `x2·x2 - x2sq = 0` | `y3` |
//! | 6 | `y2·y2 - x2sq·x2 - 7 = 0` | `s` |
//! | 7 | `x2·inv - x1·inv - sadd = 0` | `x1sq` |
//!
//! So: both input points are on the curve (rows 3-6; for double p2 is p1), every input and
//! output coordinate is below p (and `s`, `x1sq`: their values are then unique); for add
//! `(x2 - x1)·inv = 1`, so `x1 != x2 (mod p)`, hence as integers (both canonical), which is the
//! emulator's refusal of equal and opposite points; then the slope is unique
//! (`s = (y2 - y1)/(x2 - x1)`); for double `y1 != 0` (no point of the curve has `y = 0`:
//! `x^3 = -7` has no root mod p), so `s = 3x1^2 / 2y1` is unique; and rows 1, 2 make
//! `x3 = s^2 - x1 - x2`, `y3 = s(x1 - x3) - y1` mod p, which with `x3, y3 < p` is exactly the
//! emulator's result. (`x2sq` and `inv` are determined mod p only: where `v + p < 2^256`
//! that is a second representative; neither is an output, and every equation holds mod p
//! for both.)
//!
//! ## The limb equation and why it holds over the integers
//!
//! A row's equation `T = Σ coef·X·Y + Σ coef·Z + const ≡ 0 (mod p)` is proven as the integer
//! identity `T + K·p = q·p` with `K = 2^257` (so an honest `q = (T + K·p)/p` is non-negative:
//! `|T| < 2p^2 + 3p < K·p`; and `q < 2p + 2^257 + 1 < 2^259` fits 17 limbs), position by
//! position `k = 0..=32`:
//!
//! ```text
//! Σ_kind sel_kind·T_kind(k) + (K·p)_k + carry_{k-1} = Σ_{i+j=k} q_i·p_j + 2^16·carry_k
//! ```
//!
//! (`carry_{-1} = carry_32 = 0`; one selector is 1 on a call's row). Every number limb and `q`
//! limb is range-checked (`BusId::Range`: numbers on the call's first row, the copies equal
//! them); a carry is stored as `carry + 2^23 = cl + 2^16·ch` with `cl` range-checked and `ch` a
//! byte (two per `BusId::Bytes` look-up), so `-2^23 <= carry < 2^23`. At a position at most
//! two products a side meet, 16 pairs each, each pair below 2^32 with `|coef| <= 2`:
//! `|Σ T(k)| < 2^38`; `Σ q·p < 2^37`, `(K·p)_k < 2^16`, `2^16·|carry| <= 2^39`: a position's
//! two sides differ by less than 2^41, far below the Goldilocks prime, so a position's equation
//! that holds in the field holds over the integers. Summed with weights `2^{16k}`, the carries
//! telescope: `T + K·p = q·p` as integers, so `T ≡ 0 (mod p)`. (Honest carries are below 2^22
//! in size.) The canonical check is ArithEq's `d < m`: `p - 1 - v = e` in 32-bit halves with
//! boolean borrows and no borrow out of the top (each half below 2^34: integers again), `e`'s
//! limbs range-checked, so `v <= p - 1`.
//!
//! ## Memory and the call
//!
//! The first row receives Main's call ([`zirv_sm_precompile::receive_call`]): add
//! `(0x803, p1, 0, p2, 0, step, 0, CALL_FLAG)` (count `f0a`), double `(0x804, 0, 0, p, 0,
//! step, 0, CALL_FLAG)` (count `f0d`); the pointers are the operand checks' `8 w + 2^16 block`
//! ([`zirv_sm_precompile::eval_operand`]: `p1`/`p` 8 words `Use::ReadWrite`, add's `p2` 8
//! words `Use::Read`; on other rows and for double's `p2` the check's columns are 0). It
//! reads the in/out point's 8 words (`x1` then `y1`, each as 32-bit halves of limb pairs) at
//! the call's read timestamp, add's `p2` likewise, and writes `x3, y3` at the write timestamp.
//!
//! ## Cost
//!
//! [`WIDTH`] = 290 columns, 8 rows per call; per row 277 bus interactions (2 calls, 24 memory
//! words, 160 number limbs, 65 limbs of `q`, `e` and carries, 16 byte pairs, 10 address-check
//! look-ups), counted only where used. Degree 3 (a selector times a product of two limbs).
//!
//! - [`columns`]: the row layout and the equations.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the calls.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::Secp256k1Air;
pub use columns::{OPS, ROWS_PER_CALL, WIDTH};
pub use trace::{Witnesses, secp256k1_trace};

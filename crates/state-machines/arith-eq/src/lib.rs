//! The ArithEq state machine: the 256-bit equations of the arith precompiles.
//!
//! **Given** Main's precompile calls (the operation bus, [`zirv_sm_precompile`]), Mem (the
//! memory bus) and the 16-bit table, **this machine proves** for each of its rows that the call
//! Main made at that step computed what the emulator computes:
//! - arith256 (CSR `0x801`, [`zirv_core::op::Op::Arith256`]): `a·b + c = dh·2^256 + dl`;
//! - arith256_mod (`0x802`, [`zirv_core::op::Op::Arith256Mod`]): `d = (a·b + c) mod m`,
//!   `d < m` (so `m != 0`: the emulator refuses a zero modulus, and so does this machine).
//!
//! The design follows ZisK's ArithEq (16-bit limbs, each equation checked limb by limb with
//! range-checked carries), folded into **one row per call** ([`ROWS_PER_CALL`]) and one
//! equation for both ops ([`columns`] has the layout, 279 columns).
//!
//! ## The row
//!
//! Selectors `s256`, `smod` (one-hot on a call's row, both 0 on padding rows), the call's
//! `step`, and 16-bit limbs: `a`, `b`, `c` (read), `M` (the fourth pointer's number: `m`, read,
//! for arith256_mod; `dl`, written, for arith256), `D` (the fifth: `d` or `dh`, written), the
//! quotient `q` (32 limbs, arith256_mod only), `e = m - d - 1` (16 limbs, with 7 borrows), and
//! 46 carries. One equation, for every limb position `k = 0..=46`:
//!
//! ```text
//! Σ_{i+j=k} a_i·b_j + c_k + carry_{k-1}
//!     = Σ_{i+j=k} q_i·M_j + smod·d_k + s256·(M_k + D_{k-16}) + 2^16·carry_k
//! ```
//!
//! (limbs out of range are 0; `carry_{-1} = carry_46 = 0`). On arith256 rows `q = 0`, so the
//! equation is `a·b + c = D·2^256 + M`; on arith256_mod rows it is `a·b + c = q·m + d`.
//!
//! ## Why the limb equations hold over the integers
//!
//! Every limb is range-checked (`BusId::Range`). A carry is stored as
//! `carry + 2^23 = cl + 2^16·ch` with `cl` range-checked and `ch` a byte (two carries' `ch` per
//! `BusId::Bytes` look-up), so `-2^23 <= carry < 2^23`. At each position at most 16 products
//! `a_i·b_j` and 16 products `q_i·M_j` meet, each below 2^32, so the two sides of a position's
//! equation differ by less than `2·2^36 + 3·2^16 + 2^23 + 2^16·2^23 < 2^41` as integers, far
//! below the Goldilocks prime (~2^64). So a position's equation that holds in the field holds
//! over the integers. (Honest carries are below 2^20 in size: `16·(2^16-1)^2 /
//! 2^16 < 2^20`, and so is a negative one.) Summing position `k` times `2^{16k}` telescopes the
//! carries away (the last position has no carry out): `a·b + c = q·M + [mod] d + [256]
//! (D·2^256 + M)` as integers.
//!
//! - arith256: `a·b + c = dh·2^256 + dl` with `dl`, `dh` in `[0, 2^256)`: the only solution.
//! - arith256_mod: `a·b + c = q·m + d` with `q >= 0` and `0 <= d < m` (below), so `d` is the
//!   remainder: Euclidean division is unique. `d < m` is `m - d - 1 = e` with `e`'s limbs
//!   range-checked, computed in 32-bit halves with boolean borrows and no borrow out of the
//!   top half (each half's equation is below 2^34: integers again). It also proves `m >= 1`.
//!
//! ## Memory and the call
//!
//! The row receives Main's call `(op, 0, 0, params, 0, step, 0, CALL_FLAG)` (the op code is
//! the selectors' weighted sum; [`zirv_sm_precompile::receive_call`] with the op as an
//! expression). It reads, at the call's read timestamp, the parameter struct's five words
//! (each pointer's high half 0: the emulator refuses pointers at or above 2^32 as unmapped;
//! its low half is the pointer the operand's address check decomposes, so every half sent is
//! made of range-checked parts), and `a`, `b`, `c` (and `m`); it writes `dl`, `dh` (or `d`) at
//! the call's write timestamp. Each operand's address passes the shared check
//! ([`zirv_sm_precompile::eval_operand`]: aligned, below 2^32, in one region class, readable
//! or writable). The `m` and `dl` operands have a check each (one is read, the other written);
//! on a row where an operand is unused (padding rows; `m` on arith256 rows, `dl` on
//! arith256_mod rows) its check holds the values of pointer 0 and looks nothing up. A word
//! written twice (`dl` and `dh` at one address) is sent twice; Mem decides.
//!
//! Padding rows send nothing and every cell of theirs is pinned (0, or pointer 0's check).
//!
//! ## Cost
//!
//! 279 columns, one row per call, 262 bus interactions per row: the call, 29 memory words,
//! 174 16-bit limbs and carry limbs, 23 byte pairs (carries' high parts), 35 address-check
//! look-ups. All constraints are degree 2 (declared 3); no transition constraints.
//!
//! ## secp256k1 add (`0x803`) and double (`0x804`): the design, not built yet
//!
//! The same limb-equation gadget, generalised to a sum of products on each side and the field
//! prime `p` as the modulus: `Σ X·Y + Z + K·p = Σ X'·Y' + Z' + q·p` with `q`'s limbs
//! range-checked (`K` a constant offset, e.g. `2^256`, that keeps `q >= 0` when the sides'
//! difference is negative) and carries bounded as above (at most 32 products per position with
//! two products a side: still far below the prime). Witnesses: the slope `s`, `x1^2` (and `x2^2`), `inv`,
//! one quotient per equation. Equations of add (inputs `x1, y1, x2, y2`, outputs `x3, y3`):
//!
//! - `s·x2 + y1 = s·x1 + y2 (mod p)` (the slope), `s·s = x1 + x2 + x3 (mod p)`,
//!   `s·x1 = s·x3 + y1 + y3 (mod p)`;
//! - double instead: `2·y1·s = 3·x1^2 (mod p)` (with `x1^2` the on-curve column), then the
//!   same two output equations with `x2 = x1`.
//!
//! What the emulator refuses, the proof must refuse:
//!
//! - coordinates not canonical: `v < p` for every input and output coordinate (for outputs
//!   it makes the result unique), each as `d < m` is proven (`p - 1 - v` with range-checked
//!   limbs and borrows);
//! - a point off the curve: `x·x = x_sq (mod p)` and `y·y = x_sq·x + 7 (mod p)` for every
//!   input point;
//! - add of equal or opposite points (`x1 = x2`): `(x2 - x1)·inv = 1 (mod p)` with `inv` a
//!   witness (it also makes `s` unique);
//! - double with `y1 = 0` would leave `s` free, but no point of secp256k1 has `y = 0`
//!   (`x^3 = -7` has no root mod p), so the curve check rules it out.
//!
//! That is 8 equations for add (3 + 2 on-curve checks per point + the inverse), 5 for double,
//! each about 16 + 17 + 62 columns: ~800 columns in one row, too wide next to arith's 279.
//! The plan: secp rows of their own, one equation per row (this row's gadget with the
//! generalised sides), 8 rows per add call and 8 per double (3 unused), the rows of a call
//! tied by transition constraints (each row carries the call's numbers it needs: `x1, y1, x2,
//! y2, x3, y3, s` in fixed columns copied to the next row, a row index column), the call and
//! its memory traffic on the call's first row. `ROWS_PER_CALL` then differs between ops: the
//! interface would become `rows_per_call(op)`, or secp gets a sibling AIR in this crate
//! (`Secp256k1Air`, 8 rows per call) sharing the gadget, which keeps `ROWS_PER_CALL = 1` here.
//! The point `p1` (add) or `p` (double) is read and written in place (`Use::ReadWrite`); add is
//! a two-operand call (`a = p1`, `b = p2` from Main's call), double a one-operand call
//! (`b = p`).
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the calls.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::ArithEqAir;
pub use columns::{OPS, ROWS_PER_CALL, WIDTH};
pub use trace::arith_eq_trace;

//! The Sha256f state machine: the SHA-256 compression function, the precompile of CSR 0x805
//! (`Op::Sha256f`, two operands: `a` points to the state, 4 aligned u64 words holding the 8
//! u32 state words little-endian; `b` to the 64-byte block, 8 aligned u64 words in message
//! order). The call writes `compress256(state, block)` back at `a`.
//!
//! **Given** the 16-bit table (operand address checks), Main (the call and its step, on the
//! operation bus) and Mem (the words at the call's timestamps, on the memory bus), **this
//! machine proves** that each call it receives read the 4 state words at `a` and the 8 block
//! words at `b` at the call's read slot and wrote the compressed state at `a` at its write slot.
//!
//! How: a call is a block of [`ROWS_PER_CALL`] = 66 rows; the position `p = 8 i + j` in it is
//! one-hot in two parts (`lo_j`, `hi_i`: 17 columns, plus `first`, `fin`, `last` for `p` = 0,
//! 64, 65); padding rows are all zero, and the transitions force each call block to be whole.
//! - Rows 0..64 are the rounds: row `t` holds the working variables `a..h` before round `t` as
//!   bits (256 columns), `Σ0(a)`, `Σ1(e)`, `Maj(a, b, c)` as packed columns (degree-3
//!   definitions), and the message window `W_t..W_{t+15}` (positions 0, 1, 14 as bits for the
//!   byte swap, `σ0` and `σ1`; the others packed). The transition to row `t + 1` is the round:
//!   with `T1 = h + Σ1 + Ch + K_t + W_t`, `[e'] + 2^32 ce = d + T1` and
//!   `[a'] + 2^32 ca = T1 + Σ0 + Maj` (`ca`, `ce` 3-bit carries; `K_t = Σ hi_i lo_j K_{8i+j}`, `Ch` of
//!   degree 2, so degree 3 under the row selector), `b' = a`, `c' = b`, ... as packed equalities
//!   of bits, and the window shifts by one with `W_{t+16}` (the schedule, 2-bit carry) entering
//!   for `t < 48`, 0 after.
//! - Row 64 holds the state after 64 rounds; its transition is the feed-forward: row 65's
//!   `[v] + 2^32 co_v = v + hin_v` (`hin`: the input state, constant over the call, equal to row
//!   0's `a..h`).
//! - Bus: row 0 receives the call `(Sha256f, a, 0, b, 0, step, 0, 2)`, checks both operands
//!   (`zirv_sm_precompile::eval_operand`, its constraints guarded by `first`) and reads the 4
//!   state words (`a..h` of row 0); the even rows 0..14 read block word `t / 2` (halves: the
//!   byte-swapped `W_t`, `W_{t+1}` of the row's bit columns); row 65 writes the 4 state words
//!   (its `a..h`). Step and word addresses are constant over the call.
//!
//! - [`columns`]: the row layout.
//! - [`air`]: the constraints and bus traffic.
//! - [`trace`]: rows from the calls.

pub mod air;
pub mod columns;
pub mod trace;

pub use air::Sha256fAir;
pub use columns::{ROWS_PER_CALL, WIDTH};
pub use trace::sha256f_trace;

/// The round constants.
pub const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn big_sigma0(x: u32) -> u32 {
    x.rotate_right(2) ^ x.rotate_right(13) ^ x.rotate_right(22)
}
fn big_sigma1(x: u32) -> u32 {
    x.rotate_right(6) ^ x.rotate_right(11) ^ x.rotate_right(25)
}
fn small_sigma0(x: u32) -> u32 {
    x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3)
}
fn small_sigma1(x: u32) -> u32 {
    x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10)
}

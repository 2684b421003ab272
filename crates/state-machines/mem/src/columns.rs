//! Mem's columns, one row per access (or init word), sorted by (address, timestamp).

/// Word address (byte address / 8).
pub const ADDR8: usize = 0;
/// Timestamp: 0 for init rows; accesses carry the timestamp Main gives them (>= 1).
pub const TS: usize = 1;
/// 1 for writes (and init rows), 0 for reads.
pub const IS_WRITE: usize = 2;
/// Low 32 bits of the word.
pub const V_LO: usize = 3;
/// High 32 bits of the word.
pub const V_HI: usize = 4;
/// 1 on an init row: the word's initial value, consumed from the init bus (real rows only).
pub const IS_INIT: usize = 5;
/// 1 when the address equals the previous row's.
pub const SAME: usize = 6;
/// 1 on real rows, 0 on the padding at the end.
pub const IS_REAL: usize = 7;
/// The 16-bit limbs of the increase over the previous row: `ts - ts' - 1` when `SAME`, else
/// `addr8 - addr8' - 1`; each is range-checked, so the order is strict.
pub const D0: usize = 8;
/// Second limb.
pub const D1: usize = 9;
/// Third limb.
pub const D2: usize = 10;
/// Number of columns.
pub const WIDTH: usize = 11;

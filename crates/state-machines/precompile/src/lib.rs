//! What every precompile machine shares (docs/prover.md, "Precompiles").
//!
//! A precompile call is one step of Main. Main sends it on the operation bus as
//! `(op, a_lo, a_hi, b_lo, b_hi, step, 0, CALL_FLAG)`: the `c` field carries the call's step
//! (Main pins `c = step` on a precompile row) and the flag field is [`CALL_FLAG`] = 2, which no
//! ALU machine answers (their flag is 0 or 1) and which only Main's precompile rows send (their
//! `flag` is 0, plus 2 for the precompile selector). So a precompile machine learns the step
//! of each call it proves, and cannot be told another one.
//!
//! The machine reads its operands and writes its results on the memory bus at that step's
//! timestamps: reads at slot 1 (`4 step + 2`), writes at slot 3 (`4 step + 4`); Mem accepts
//! several reads of one word at one timestamp (a call may read a word twice, e.g. `a = b` in
//! arith256), never a read and a write.
//!
//! Each operand (a pointer to `n` aligned words) passes the emulator's checks, proven with
//! [`OPERAND_COLS`] columns ([`eval_operand`], [`fill_operand`]):
//! - `ptr = 8 w + 2^16 block` with `w < 2^13` (`w` and `8 w` range-checked): aligned, below 2^32;
//! - `ptr + 8 n - 1 = e0 + 2^16 e1` (`e0` range-checked): the last byte, below 2^32;
//! - the blocks `block` and `e1` have the same region id `rg` in the 16-bit table, readable for
//!   inputs and writable for outputs (the emulator refuses an operand that does not lie in one
//!   region class, or whose words are not all readable/writable; an operand spans at most two
//!   64 KiB blocks, so its first and last blocks are all of them).
//!
//! The operand's first word address is `addr8 = w + 2^13 block`.

use p3_air::AirBuilder;
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, timestamp, tuple};
use zirv_sm_tables::{U16Counts, block_region};

/// The operation tuple's flag field for a precompile call.
pub const CALL_FLAG: u64 = 2;

/// The timestamp slot of a call's reads.
pub const READ_SLOT: u64 = 1;
/// The timestamp slot of a call's writes.
pub const WRITE_SLOT: u64 = 3;

/// Columns of one operand's address check: `w, block, e0, e1, rg, rr, rw`.
pub const OPERAND_COLS: usize = 7;
const W: usize = 0;
const BLOCK: usize = 1;
const E0: usize = 2;
const E1: usize = 3;
const RG: usize = 4;
const RR: usize = 5;
const RW: usize = 6;

/// How a call uses an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Read only.
    Read,
    /// Written only.
    Write,
    /// Read, then written (in place).
    ReadWrite,
}

impl Use {
    fn reads(self) -> bool {
        self != Use::Write
    }
    fn writes(self) -> bool {
        self != Use::Read
    }
}

fn id<E: PrimeCharacteristicRing>(b: BusId) -> E {
    E::from_u32(b as u32)
}

/// Receives a call of `op` on the operation bus with multiplicity `count` (1 on the call's row,
/// 0 elsewhere): operands `a` and `b` as 32-bit halves, and the call's step.
pub fn receive_call<AB>(
    builder: &mut AB,
    op: Op,
    [a_lo, a_hi, b_lo, b_hi]: [AB::Expr; 4],
    step: AB::Expr,
    count: AB::Expr,
) where
    AB: AirBuilder + InteractionBuilder,
{
    let key = tuple(
        id::<AB::Expr>(BusId::Operation),
        [
            AB::Expr::from_u64(op.code() as u64),
            a_lo,
            a_hi,
            b_lo,
            b_hi,
            step,
            AB::Expr::ZERO,
            AB::Expr::from_u64(CALL_FLAG),
        ],
        AB::Expr::ZERO,
    );
    LookupBus::new(BUS).table_entry(builder, key, count);
}

/// The timestamp of slot `slot` of the step `step` (an expression): `4 step + slot + 1`.
pub fn ts_expr<E: PrimeCharacteristicRing>(step: E, slot: u64) -> E {
    step * E::from_u64(4) + E::from_u64(slot + 1)
}

/// Sends a memory access of the word `(lo, hi)` at `addr8` at slot `slot` of `step` (a read
/// when `slot` is [`READ_SLOT`], a write when [`WRITE_SLOT`]) with multiplicity `count`.
pub fn memory<AB>(
    builder: &mut AB,
    addr8: AB::Expr,
    step: AB::Expr,
    slot: u64,
    [lo, hi]: [AB::Expr; 2],
    count: AB::Expr,
) where
    AB: AirBuilder + InteractionBuilder,
{
    let is_write = AB::Expr::from_bool(slot == WRITE_SLOT);
    let key = tuple(
        id::<AB::Expr>(BusId::Memory),
        [addr8, ts_expr(step, slot), is_write, lo, hi],
        AB::Expr::ZERO,
    );
    LookupBus::new(BUS).lookup_key(builder, key, Count::bounded(count, 1));
}

/// Constrains one operand's address check (columns `cols`, [`OPERAND_COLS`] of them) for the
/// pointer `ptr_lo` (its high half must be 0: the caller receives or reads it as 0) to `words`
/// words used as `usage`; the look-ups have multiplicity `count`, and the columns are pinned
/// to 0 where `real` is 0. Returns the first word's address `addr8`.
pub fn eval_operand<AB>(
    builder: &mut AB,
    cols: &[AB::Expr],
    ptr_lo: AB::Expr,
    words: u64,
    usage: Use,
    real: AB::Expr,
    count: AB::Expr,
) -> AB::Expr
where
    AB: AirBuilder + InteractionBuilder,
{
    assert_eq!(cols.len(), OPERAND_COLS);
    assert!(
        words > 0 && words <= 1 << 13,
        "an operand spans at most two blocks"
    );
    let c = |v: u64| AB::Expr::from_u64(v);
    let col = |i: usize| cols[i].clone();
    let two16 = || c(1 << 16);
    builder.assert_zero(ptr_lo.clone() - col(W) * c(8) - col(BLOCK) * two16());
    builder.assert_zero(real.clone() * (ptr_lo + c(8 * words - 1) - col(E0) - col(E1) * two16()));
    if usage.reads() {
        builder.assert_zero(real.clone() * (AB::Expr::ONE - col(RR)));
    }
    if usage.writes() {
        builder.assert_zero(real.clone() * (AB::Expr::ONE - col(RW)));
    }
    for i in 0..OPERAND_COLS {
        builder.assert_zero((AB::Expr::ONE - real.clone()) * col(i));
    }
    let bus = LookupBus::new(BUS);
    for v in [col(W), col(W) * c(8), col(E0)] {
        let key = tuple(id::<AB::Expr>(BusId::Range), [v], AB::Expr::ZERO);
        bus.lookup_key(builder, key, Count::bounded(count.clone(), 1));
    }
    for block in [col(BLOCK), col(E1)] {
        let key = tuple(
            id::<AB::Expr>(BusId::Region),
            [block, col(RG), col(RR), col(RW)],
            AB::Expr::ZERO,
        );
        bus.lookup_key(builder, key, Count::bounded(count.clone(), 1));
    }
    col(W) + col(BLOCK) * c(1 << 13)
}

/// Fills one operand's address-check columns for the pointer `ptr` (8-byte aligned, below
/// 2^32: the emulator ran the call) to `words` words, and counts its look-ups.
pub fn fill_operand<F: PrimeField64>(cols: &mut [F], ptr: u64, words: u64, u16: &mut U16Counts) {
    debug_assert!(
        ptr.is_multiple_of(8) && ptr >> 32 == 0,
        "the emulator checked the pointer"
    );
    let end = ptr + 8 * words - 1;
    let (w, block, e0, e1) = ((ptr & 0xffff) / 8, ptr >> 16, end & 0xffff, end >> 16);
    let (rg, rr, rw) = block_region(block);
    let vals = [w, block, e0, e1, rg, rr as u64, rw as u64];
    for (c, v) in cols.iter_mut().zip(vals) {
        *c = F::from_u64(v);
    }
    u16.range(w);
    u16.range(8 * w);
    u16.range(e0);
    u16.region(block);
    u16.region(e1);
}

/// A word's 32-bit halves as field elements.
pub fn halves<F: PrimeField64>(v: u64) -> [F; 2] {
    [F::from_u64(v & 0xffff_ffff), F::from_u64(v >> 32)]
}

/// The timestamp of a call's reads (`slot` [`READ_SLOT`]) or writes ([`WRITE_SLOT`]).
pub fn call_ts(step: u64, slot: u64) -> u64 {
    timestamp(step, slot)
}

//! The Keccakf machine: proves keccak-f[1600] precompile calls (CSR `0x800`, abi.md: the state,
//! 25 lanes `x + 5y` at `b`, permuted in place).
//!
//! Each call takes the 24 rows of one permutation of Plonky3's `KeccakAir` (`p3-keccak-air`:
//! one round per row, lanes as 16-bit limbs, every bit a boolean column), which this machine
//! runs on the first [`NUM_KECCAK_COLS`] columns of its rows ([`sub::PrefixBuilder`]). After them
//! come its own columns ([`IS_REAL`] and the rest), the same on all 24 rows of a call:
//! - on the first round's row the call is received from Main (the step comes with it:
//!   `zirv_sm_precompile`), the state pointer passes the operand checks (aligned, below 2^32,
//!   200 bytes in one readable and writable region), and the 25 lanes of the permutation's
//!   input (`preimage`, 16-bit limbs by the Keccak AIR's bit decomposition) are read from memory
//!   at the call's read timestamp;
//! - on the last round's row the 25 lanes of its output are written at the call's write
//!   timestamp.
//!
//! Padding: permutations of the zero state with `IS_REAL = 0` (they send nothing; their own
//! columns are 0), and, since 24 does not divide a power of two, the first rows of one more.
//! An instance starts with a permutation's first round (the Keccak AIR's first-row
//! constraint), so every call lies whole in one instance.

pub mod sub;

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_keccak_air::{KeccakAir, KeccakCols, NUM_KECCAK_COLS, NUM_ROUNDS, generate_trace_rows};
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;
use std::borrow::Borrow;
use zirv_core::event::PrecompileCall;
use zirv_core::op::Op;
use zirv_sm_precompile::{
    OPERAND_COLS, READ_SLOT, Use, WRITE_SLOT, eval_operand, fill_operand, memory, receive_call,
};
use zirv_sm_tables::U16Counts;

pub use p3_keccak_air::NUM_KECCAK_COLS as KECCAK_COLS;

/// Rows one call takes.
pub const ROWS_PER_CALL: usize = NUM_ROUNDS;
/// Lanes of the state.
pub const LANES: usize = 25;

/// 1 on the rows of a call, 0 on padding.
pub const IS_REAL: usize = NUM_KECCAK_COLS;
/// `IS_REAL` on the first round's row (receives the call, reads the state).
pub const FIRST: usize = IS_REAL + 1;
/// `IS_REAL` on the last round's row (writes the state).
pub const LAST: usize = FIRST + 1;
/// The call's step.
pub const STEP: usize = LAST + 1;
/// The state pointer's low half (its high half is received as 0).
pub const PTR: usize = STEP + 1;
/// The state operand's address check (`zirv_sm_precompile::OPERAND_COLS` columns).
pub const OPERAND: usize = PTR + 1;
/// Number of columns.
pub const WIDTH: usize = OPERAND + OPERAND_COLS;

/// The Keccakf machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeccakfAir;

impl<F: Sync> BaseAir<F> for KeccakfAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

impl<AB> Air<AB> for KeccakfAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        KeccakAir {}.eval(&mut sub::PrefixBuilder::new(builder, NUM_KECCAK_COLS));

        let main = builder.main();
        let (cur, next) = (main.current_slice(), main.next_slice());
        let k: &KeccakCols<AB::Var> = cur[..NUM_KECCAK_COLS].borrow();
        let l = |i: usize| -> AB::Expr { cur[i].into() };
        let n = |i: usize| -> AB::Expr { next[i].into() };
        let first_round: AB::Expr = k.step_flags[0].into();
        let last_round: AB::Expr = k.step_flags[NUM_ROUNDS - 1].into();

        // The Keccak AIR's `export` flag (free on a permutation's last row) is not used here.
        builder.assert_zero(k.export);
        builder.assert_bool(l(IS_REAL));
        builder.assert_eq(l(FIRST), l(IS_REAL) * first_round);
        builder.assert_eq(l(LAST), l(IS_REAL) * last_round.clone());
        // A call's own columns are the same on its 24 rows.
        let within = builder.is_transition() * (AB::Expr::ONE - last_round);
        for c in [IS_REAL, STEP, PTR].into_iter().chain(OPERAND..WIDTH) {
            builder.assert_zero(within.clone() * (n(c) - l(c)));
        }
        let real = l(IS_REAL);
        builder.assert_zero((AB::Expr::ONE - real.clone()) * l(STEP));
        builder.assert_zero((AB::Expr::ONE - real.clone()) * l(PTR));

        receive_call(
            builder,
            Op::Keccakf,
            [AB::Expr::ZERO, AB::Expr::ZERO, l(PTR), AB::Expr::ZERO],
            l(STEP),
            l(FIRST),
        );
        let operand: Vec<AB::Expr> = (OPERAND..OPERAND + OPERAND_COLS).map(l).collect();
        let addr8 = eval_operand(
            builder,
            &operand,
            l(PTR),
            LANES as u64,
            Use::ReadWrite,
            real,
            l(FIRST),
        );
        let two16 = AB::Expr::from_u64(1 << 16);
        let word = |limb: &dyn Fn(usize) -> AB::Expr| {
            [
                limb(0) + limb(1) * two16.clone(),
                limb(2) + limb(3) * two16.clone(),
            ]
        };
        for i in 0..LANES {
            let (x, y) = (i % 5, i / 5);
            let addr = addr8.clone() + AB::Expr::from_u64(i as u64);
            let input = word(&|j| k.preimage[y][x][j].into());
            memory(builder, addr.clone(), l(STEP), READ_SLOT, input, l(FIRST));
            let output = word(&|j| k.a_prime_prime_prime(y, x, j).into());
            memory(builder, addr, l(STEP), WRITE_SLOT, output, l(LAST));
        }
    }
}

/// One instance holding `calls` (Keccakf calls, in step order), 24 rows each, padded with
/// permutations of the zero state to a power of two (at least one permutation); counts the
/// operands' look-ups in `u16`.
pub fn keccakf_trace<F: PrimeField64>(
    calls: &[PrecompileCall],
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let states: Vec<[u64; LANES]> = calls
        .iter()
        .map(|c| {
            let mut s = [0u64; LANES];
            for (lane, v) in s.iter_mut().zip(c.reads()) {
                *lane = v;
            }
            s
        })
        .collect();
    let inputs = if states.is_empty() {
        vec![[0u64; LANES]]
    } else {
        states
    };
    let keccak = generate_trace_rows::<F>(inputs, 0);
    let height = keccak.values.len() / NUM_KECCAK_COLS;
    let mut values = F::zero_vec(height * WIDTH);
    for (row, k) in values
        .chunks_exact_mut(WIDTH)
        .zip(keccak.values.chunks_exact(NUM_KECCAK_COLS))
    {
        row[..NUM_KECCAK_COLS].copy_from_slice(k);
    }
    for (c, call) in calls.iter().enumerate() {
        let mut own = [F::ZERO; WIDTH - IS_REAL];
        own[0] = F::ONE;
        own[STEP - IS_REAL] = F::from_u64(call.step);
        own[PTR - IS_REAL] = F::from_u64(call.b);
        fill_operand(&mut own[OPERAND - IS_REAL..], call.b, LANES as u64, u16);
        let rows = &mut values[c * ROWS_PER_CALL * WIDTH..(c + 1) * ROWS_PER_CALL * WIDTH];
        for (r, row) in rows.chunks_exact_mut(WIDTH).enumerate() {
            row[IS_REAL..].copy_from_slice(&own);
            row[FIRST] = F::from_bool(r == 0);
            row[LAST] = F::from_bool(r == ROWS_PER_CALL - 1);
        }
    }
    RowMajorMatrix::new(values, WIDTH)
}

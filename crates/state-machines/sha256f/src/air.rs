//! The Sha256f AIR. Degree 3; constraints on the current row and the next one.
//!
//! Notation: `lo_j`, `hi_i` the position's one-hot parts, `real = Σ lo_j`, `rnd = Σ_{i<8} hi_i`
//! (round rows), `sched = Σ_{i<6} hi_i` (rows 0..48), `first`, `fin`, `last` the rows 0, 64, 65,
//! `adv = real - last` (rows followed by the same call's next row); `[v]` a 32-bit value from its
//! bit columns.

use crate::K;
use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder};
use zirv_core::op::Op;
use zirv_sm_precompile::{READ_SLOT, Use, WRITE_SLOT, eval_operand, memory, receive_call};

/// The Sha256f machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256fAir;

impl<F: Sync> BaseAir<F> for Sha256fAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        (LO..S0).chain(HIN..PA).chain([AW, BW]).collect()
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

const TWO32: u64 = 1 << 32;

/// `Σ 2^i bits[i]` over the 32 columns at `base` of `row`.
fn packed<E: PrimeCharacteristicRing + Clone>(row: &[E], base: usize) -> E {
    (0..32).fold(E::ZERO, |acc, i| {
        acc + row[base + i].clone() * E::from_u64(1 << i)
    })
}

/// The 32-bit word at `base` with its bytes in the other order (`u32::swap_bytes`).
fn swapped<E: PrimeCharacteristicRing + Clone>(row: &[E], base: usize) -> E {
    (0..32).fold(E::ZERO, |acc, i| {
        let j = 8 * (3 - i / 8) + i % 8;
        acc + row[base + i].clone() * E::from_u64(1 << j)
    })
}

/// `x ^ y` of bits (degree 2).
fn xor2<E: PrimeCharacteristicRing + Clone>(x: E, y: E) -> E {
    x.clone() + y.clone() - x * y * E::TWO
}

/// `x ^ y ^ z` of bits (degree 3).
fn xor3<E: PrimeCharacteristicRing + Clone>(x: E, y: E, z: E) -> E {
    let xy = xor2(x, y);
    xor2(xy, z)
}

/// The packed value of a function of bits: bit `i` is `f(i)`.
fn pack_fn<E: PrimeCharacteristicRing + Clone>(f: impl Fn(usize) -> E) -> E {
    (0..32).fold(E::ZERO, |acc, i| acc + f(i) * E::from_u64(1 << i))
}

/// `ROTR^r1 ^ ROTR^r2 ^ (ROTR^r3 or SHR^r3)` of the bits at `base`, packed (degree 3).
fn sigma<E: PrimeCharacteristicRing + Clone>(
    row: &[E],
    base: usize,
    r: [usize; 3],
    shr: bool,
) -> E {
    let b = |i: usize| row[base + i].clone();
    pack_fn(|i| {
        let (x, y) = (b((i + r[0]) % 32), b((i + r[1]) % 32));
        if shr && i + r[2] >= 32 {
            xor2(x, y)
        } else {
            xor3(x, y, b((i + r[2]) % 32))
        }
    })
}

/// A builder whose every constraint is multiplied by `guard` (messages pass unchanged): runs the
/// operand checks of [`eval_operand`] on the call's first row only.
struct Guarded<'a, AB: AirBuilder> {
    inner: &'a mut AB,
    guard: AB::Expr,
}

impl<AB: AirBuilder> AirBuilder for Guarded<'_, AB> {
    type F = AB::F;
    type Expr = AB::Expr;
    type Var = AB::Var;
    type PreprocessedWindow = AB::PreprocessedWindow;
    type MainWindow = AB::MainWindow;
    type PublicVar = AB::PublicVar;
    type PeriodicVar = AB::PeriodicVar;

    fn main(&self) -> AB::MainWindow {
        self.inner.main()
    }
    fn preprocessed(&self) -> &AB::PreprocessedWindow {
        self.inner.preprocessed()
    }
    fn is_first_row(&self) -> AB::Expr {
        self.inner.is_first_row()
    }
    fn is_last_row(&self) -> AB::Expr {
        self.inner.is_last_row()
    }
    fn is_transition(&self) -> AB::Expr {
        self.inner.is_transition()
    }
    fn assert_zero<I: Into<AB::Expr>>(&mut self, x: I) {
        self.inner.assert_zero(self.guard.clone() * x.into());
    }
    fn public_values(&self) -> &[AB::PublicVar] {
        self.inner.public_values()
    }
    fn periodic_values(&self) -> &[AB::PeriodicVar] {
        self.inner.periodic_values()
    }
}

impl<AB: InteractionBuilder> InteractionBuilder for Guarded<'_, AB> {
    fn push_interaction<E: Into<AB::Expr>>(
        &mut self,
        bus_name: &str,
        fields: impl IntoIterator<Item = E>,
        count: impl Into<Count<AB::Expr>>,
    ) {
        self.inner.push_interaction(bus_name, fields, count);
    }
    fn push_local_interaction(
        &mut self,
        tuples: impl IntoIterator<Item = (Vec<AB::Expr>, Count<AB::Expr>)>,
    ) {
        self.inner.push_local_interaction(tuples);
    }
    fn num_global_interactions(&self) -> usize {
        self.inner.num_global_interactions()
    }
}

impl<AB> Air<AB> for Sha256fAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let n: Vec<AB::Expr> = main.next_slice().iter().map(|&v| v.into()).collect();
        let one = || AB::Expr::ONE;
        let c = |v: u64| AB::Expr::from_u64(v);
        let col = |i: usize| l[i].clone();
        let sum = |cols: &mut dyn Iterator<Item = usize>, row: &[AB::Expr]| {
            cols.fold(AB::Expr::ZERO, |acc, i| acc + row[i].clone())
        };
        let (lo, hi) = (|j: usize| col(LO + j), |i: usize| col(HI + i));
        let real = sum(&mut (LO..HI), &l);
        let next_real = sum(&mut (LO..HI), &n);
        let rnd = sum(&mut (HI..HI + 8), &l);
        let sched = sum(&mut (HI..HI + SCHED_ROWS / 8), &l);
        let (first, fin, last) = (col(FIRST), col(FIN), col(LAST));
        let adv = real.clone() - last.clone();
        let var = |v: usize| ST + 32 * v;
        let st = |row: &[AB::Expr], v: usize| packed(row, var(v));

        // The position in the call block: (i, j) to (i, j + 1), (i, 7) to (i + 1, 0), the last
        // row (8, 1) to a call's first row (0, 0) or to padding, padding to padding.
        for i in LO..FIRST {
            builder.assert_bool(col(i));
        }
        builder.assert_bool(real.clone());
        builder.assert_eq(real.clone(), sum(&mut (HI..FIRST), &l));
        builder.assert_eq(first.clone(), hi(0) * lo(0));
        builder.assert_eq(fin.clone(), hi(8) * lo(0));
        builder.assert_eq(last.clone(), hi(8) * lo(1));
        builder.assert_zero(hi(8) * sum(&mut (LO + 2..HI), &l));
        {
            let mut tb = builder.when_transition();
            let (nlo, nhi) = (|j: usize| n[LO + j].clone(), |i: usize| n[HI + i].clone());
            tb.assert_eq(n[FIRST].clone(), last.clone() * next_real);
            for j in 0..7 {
                let end = if j == 1 { last.clone() } else { AB::Expr::ZERO };
                tb.assert_eq(nlo(j + 1), lo(j) - end);
            }
            tb.assert_eq(nlo(0), lo(7) + n[FIRST].clone());
            for i in 0..8 {
                let end = if i == 7 { last.clone() } else { AB::Expr::ZERO };
                tb.assert_eq(
                    nhi(i + 1),
                    hi(i) * lo(7) + hi(i + 1) * (one() - lo(7)) - end,
                );
            }
            tb.assert_eq(nhi(0), hi(0) * (one() - lo(7)) + n[FIRST].clone());
        }
        builder
            .when_first_row()
            .assert_eq(first.clone(), real.clone());
        builder
            .when_last_row()
            .assert_eq(real.clone(), last.clone());

        // Bits, carries; a padding row is all zero.
        for i in (ST..WP).chain(CA..HIN) {
            builder.assert_bool(col(i));
        }
        for i in ST..WIDTH {
            builder.assert_zero((one() - real.clone()) * col(i));
        }

        // Σ0, Σ1, Maj, σ0, σ1 of the row's bits.
        builder.assert_eq(col(S0), sigma(&l, var(0), [2, 13, 22], false));
        builder.assert_eq(col(S1), sigma(&l, var(4), [6, 11, 25], false));
        let bit = |v: usize, i: usize| col(var(v) + i);
        let maj = pack_fn(|i| {
            let (x, y, z) = (bit(0, i), bit(1, i), bit(2, i));
            x.clone() * y.clone() + x.clone() * z.clone() + y.clone() * z.clone()
                - x * y * z * AB::Expr::TWO
        });
        builder.assert_eq(col(MAJ), maj);
        builder.assert_eq(col(SG0), sigma(&l, xcol(1), [7, 18, 3], true));
        builder.assert_eq(col(SG1), sigma(&l, xcol(14), [17, 19, 10], true));

        // A round: T1 = h + Σ1 + Ch + K_t + W_t; e' = d + T1, a' = T1 + Σ0 + Maj.
        let ch = pack_fn(|i| bit(4, i) * bit(5, i) + (one() - bit(4, i)) * bit(6, i));
        let k = (0..64).fold(AB::Expr::ZERO, |acc, t| {
            acc + hi(t / 8) * lo(t % 8) * c(K[t] as u64)
        });
        let t1 = st(&l, 7) + col(S1) + ch + k + packed(&l, xcol(0));
        let carry = |base: usize, bits: usize| {
            (0..bits).fold(AB::Expr::ZERO, |acc, i| acc + col(base + i) * c(1 << i))
        };
        {
            let mut tb = builder.when_transition();
            tb.assert_zero(
                rnd.clone() * (st(&n, 4) + carry(CE, 3) * c(TWO32) - st(&l, 3) - t1.clone()),
            );
            tb.assert_zero(
                rnd.clone() * (st(&n, 0) + carry(CA, 3) * c(TWO32) - t1 - col(S0) - col(MAJ)),
            );
            for (to, from) in [(1, 0), (2, 1), (3, 2), (5, 4), (6, 5), (7, 6)] {
                tb.assert_zero(rnd.clone() * (st(&n, to) - st(&l, from)));
            }
            // The feed-forward: the output word v is hin_v + (v after 64 rounds), mod 2^32.
            for v in 0..8 {
                tb.assert_zero(
                    fin.clone() * (st(&n, v) + col(CO + v) * c(TWO32) - st(&l, v) - col(HIN + v)),
                );
            }
        }
        for i in 0..3 {
            builder.assert_zero((one() - rnd.clone()) * col(CA + i));
            builder.assert_zero((one() - rnd.clone()) * col(CE + i));
        }
        for v in 0..8 {
            builder.assert_zero((one() - fin.clone()) * col(CO + v));
        }

        // The message window: position p of the next row is position p + 1 of this one; the new
        // position 15 is W_{t+16} = W_t + σ0(W_{t+1}) + W_{t+9} + σ1(W_{t+14}) for t < 48, else 0.
        let wp = |row: &[AB::Expr], p: usize| match p {
            0 | 1 | 14 => packed(row, xcol(p)),
            _ => row[wcol(p)].clone(),
        };
        {
            let mut tb = builder.when_transition();
            for p in 0..15 {
                tb.assert_zero(adv.clone() * (wp(&n, p) - wp(&l, p + 1)));
            }
            tb.assert_zero(
                adv.clone() * wp(&n, 15)
                    - sched.clone() * (wp(&l, 0) + col(SG0) + wp(&l, 9) + col(SG1))
                    + carry(CW, 2) * c(TWO32),
            );
        }
        for i in 0..2 {
            builder.assert_zero((one() - sched.clone()) * col(CW + i));
        }

        // The call's constants: the input state (the first row's a..h), step, addresses.
        for v in 0..8 {
            builder.assert_zero(first.clone() * (st(&l, v) - col(HIN + v)));
        }
        for i in (HIN..HIN + 8).chain([STEP, AW, BW]) {
            builder
                .when_transition()
                .assert_zero(adv.clone() * (n[i].clone() - col(i)));
        }
        for i in (PA..=PB).chain(OPA..WIDTH) {
            builder.assert_zero((one() - first.clone()) * col(i));
        }

        // The call Main made, its operands, and the memory accesses at its timestamps.
        receive_call(
            builder,
            Op::Sha256f,
            [col(PA), AB::Expr::ZERO, col(PB), AB::Expr::ZERO],
            col(STEP),
            first.clone(),
        );
        let (addr_a, addr_b) = {
            let mut g = Guarded {
                inner: builder,
                guard: first.clone(),
            };
            let ops_a: Vec<AB::Expr> = (OPA..OPB).map(col).collect();
            let ops_b: Vec<AB::Expr> = (OPB..WIDTH).map(col).collect();
            let a = eval_operand(
                &mut g,
                &ops_a,
                col(PA),
                4,
                Use::ReadWrite,
                first.clone(),
                first.clone(),
            );
            let b = eval_operand(
                &mut g,
                &ops_b,
                col(PB),
                8,
                Use::Read,
                first.clone(),
                first.clone(),
            );
            (a, b)
        };
        builder.assert_zero(first.clone() * (col(AW) - addr_a));
        builder.assert_zero(first.clone() * (col(BW) - addr_b));
        for i in 0..4 {
            memory(
                builder,
                col(AW) + c(i as u64),
                col(STEP),
                READ_SLOT,
                [st(&l, 2 * i), st(&l, 2 * i + 1)],
                first.clone(),
            );
        }
        // Rows 2k (k < 8) read block word k.
        let bread = (hi(0) + hi(1)) * (lo(0) + lo(2) + lo(4) + lo(6));
        let bidx = hi(1) * c(4) + lo(2) + lo(4) * c(2) + lo(6) * c(3);
        memory(
            builder,
            col(BW) + bidx,
            col(STEP),
            READ_SLOT,
            [swapped(&l, xcol(0)), swapped(&l, xcol(1))],
            bread,
        );
        for i in 0..4 {
            memory(
                builder,
                col(AW) + c(i as u64),
                col(STEP),
                WRITE_SLOT,
                [st(&l, 2 * i), st(&l, 2 * i + 1)],
                last.clone(),
            );
        }
    }
}

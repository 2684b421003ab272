//! The Binary AIR (docs/prover.md, "Binary"). Degree 3.
//!
//! Per row, with `x_lo`/`x_hi` the 32-bit halves of a byte vector and `e = add_ops - sub_ops`:
//! - operands: every byte pair `(a_i, b_i)` is looked up in `Logic`, which range-checks both and
//!   gives `and`, `xor` and the sign bits; the bus tuple uses `a`, `b` recomposed from the bytes;
//! - adder: `a_lo + e·b_lo = r_lo + e·k0·2^32`, `a_hi + e·(b_hi + k0) = r_hi + e·k1·2^32`, with
//!   `r`'s bytes looked up (`BytesMsb` for bytes 3 and 7, `Bytes` for the other pairs) and `k0`,
//!   `k1` boolean. For add this is `a + b`, for sub and the comparisons `a - b` with borrows; for
//!   other ops `r = a` and the carries are zero;
//! - `lt = borrow ⊕ sx` with the borrow `k1` (64-bit) or `k0` (32-bit) and `sx` the xor of the
//!   operands' sign bits for signed comparisons (0 for unsigned);
//! - `eq`: `flag = 1` iff `r_lo + r_hi = 0` (an inverse column);
//! - the result is selected per op ([`result`]).

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};

/// The Binary machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct BinaryAir;

impl<F: Sync> BaseAir<F> for BinaryAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

/// `2^32 - 1`: the high half of a negative sign extension.
const M32: u64 = 0xffff_ffff;

/// The low and high 32-bit halves of the byte vector at `col`.
fn halves<E: PrimeCharacteristicRing + Clone>(l: &[E], col: usize) -> (E, E) {
    let half = |start: usize| {
        (0..4).fold(E::ZERO, |acc, i| {
            acc + l[start + i].clone() * E::from_u64(1 << (8 * i))
        })
    };
    (half(col), half(col + 4))
}

/// The result `(c_lo, c_hi)` each op selects (each of degree at most 2).
fn result<E: PrimeCharacteristicRing + Clone>(op: Op, l: &[E]) -> (E, E) {
    let (a_lo, a_hi) = halves(l, A);
    let (b_lo, b_hi) = halves(l, B);
    let (r_lo, r_hi) = halves(l, R);
    let (and_lo, and_hi) = halves(l, AND);
    let (xor_lo, xor_hi) = halves(l, XOR);
    let lt = l[LT].clone();
    let m32 = E::from_u64(M32);
    let pick = |yes: E, no: E| no.clone() + lt.clone() * (yes - no);
    let ma = |i: usize| l[MA + i].clone();
    let mb = |i: usize| l[MB + i].clone();
    match op {
        Op::Add | Op::Sub => (r_lo, r_hi),
        Op::AddW | Op::SubW => (r_lo, l[MR3].clone() * m32),
        Op::And => (and_lo, and_hi),
        Op::Or => (and_lo + xor_lo, and_hi + xor_hi),
        Op::Xor => (xor_lo, xor_hi),
        Op::Eq | Op::Lt | Op::Ltu => (l[FLAG].clone(), E::ZERO),
        Op::Min | Op::Minu => (pick(a_lo, b_lo), pick(a_hi, b_hi)),
        Op::Max | Op::Maxu => (pick(b_lo, a_lo), pick(b_hi, a_hi)),
        Op::MinW | Op::MinuW => (pick(a_lo, b_lo), pick(ma(3), mb(3)) * m32),
        Op::MaxW | Op::MaxuW => (pick(b_lo, a_lo), pick(mb(3), ma(3)) * m32),
        Op::SignExtendB => (l[B].clone() + mb(0) * E::from_u64(M32 - 0xff), mb(0) * m32),
        Op::SignExtendH => (
            l[B].clone() + l[B + 1].clone() * E::from_u64(256) + mb(1) * E::from_u64(M32 - 0xffff),
            mb(1) * m32,
        ),
        Op::SignExtendW => (b_lo, mb(3) * m32),
        _ => unreachable!("{} is not a Binary op", op.name()),
    }
}

impl<AB> Air<AB> for BinaryAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let one = || AB::Expr::ONE;
        let c = |v: u64| AB::Expr::from_u64(v);
        let s = |op: Op| l[sel(op)].clone();
        let any = |ops: &[Op]| ops.iter().fold(AB::Expr::ZERO, |acc, &op| acc + s(op));

        // Selectors: one-hot or none (padding).
        let real = any(&BINARY_OPS);
        for v in &l[..NUM_SEL] {
            builder.assert_bool(v.clone());
        }
        builder.assert_bool(real.clone());
        for col in [K0, K1] {
            builder.assert_bool(l[col].clone());
        }

        // The adder.
        let adds = any(&[Op::Add, Op::AddW]);
        let subs = any(&[
            Op::Sub,
            Op::SubW,
            Op::Eq,
            Op::Lt,
            Op::Ltu,
            Op::Min,
            Op::Minu,
            Op::Max,
            Op::Maxu,
            Op::MinW,
            Op::MinuW,
            Op::MaxW,
            Op::MaxuW,
        ]);
        let e = adds.clone() - subs.clone();
        let (a_lo, a_hi) = halves(&l, A);
        let (b_lo, b_hi) = halves(&l, B);
        let (r_lo, r_hi) = halves(&l, R);
        let two32 = c(1 << 32);
        builder.assert_zero(
            a_lo.clone() + e.clone() * b_lo.clone()
                - r_lo.clone()
                - e.clone() * l[K0].clone() * two32.clone(),
        );
        builder.assert_zero(
            a_hi.clone() + e.clone() * (b_hi.clone() + l[K0].clone())
                - r_hi.clone()
                - e * l[K1].clone() * two32,
        );
        let no_adder = one() - adds - subs;
        builder.assert_zero(no_adder.clone() * l[K0].clone());
        builder.assert_zero(no_adder * l[K1].clone());

        // Comparisons: lt = borrow xor sx.
        let signed64 = any(&[Op::Lt, Op::Min, Op::Max]);
        let signed32 = any(&[Op::MinW, Op::MaxW]);
        let xor = |x: AB::Expr, y: AB::Expr| x.clone() + y.clone() - x * y * c(2);
        builder.assert_eq(
            l[SX].clone(),
            signed64 * xor(l[MA + 7].clone(), l[MB + 7].clone())
                + signed32 * xor(l[MA + 3].clone(), l[MB + 3].clone()),
        );
        let cmp64 = any(&[Op::Lt, Op::Ltu, Op::Min, Op::Minu, Op::Max, Op::Maxu]);
        let cmp32 = any(&[Op::MinW, Op::MinuW, Op::MaxW, Op::MaxuW]);
        let borrow = cmp64 * l[K1].clone() + cmp32 * l[K0].clone();
        builder.assert_eq(
            l[LT].clone(),
            borrow.clone() + l[SX].clone() - borrow * l[SX].clone() * c(2),
        );

        // The flag: eq by an inverse, lt/ltu is LT, zero otherwise.
        let is_eq = s(Op::Eq);
        let rsum = r_lo + r_hi;
        builder.assert_zero(is_eq.clone() * l[FLAG].clone() * rsum.clone());
        builder.assert_zero(is_eq.clone() * (rsum * l[INV].clone() - one() + l[FLAG].clone()));
        builder.assert_zero((one() - is_eq.clone()) * l[INV].clone());
        builder.assert_zero(is_eq.clone() * l[FLAG].clone() * l[INV].clone());
        builder.assert_zero(
            (one() - is_eq) * (l[FLAG].clone() - any(&[Op::Lt, Op::Ltu]) * l[LT].clone()),
        );

        // The result.
        let (mut c_lo, mut c_hi) = (AB::Expr::ZERO, AB::Expr::ZERO);
        for op in BINARY_OPS {
            let (lo, hi) = result(op, &l);
            c_lo += s(op) * lo;
            c_hi += s(op) * hi;
        }
        builder.assert_eq(l[C_LO].clone(), c_lo);
        builder.assert_eq(l[C_HI].clone(), c_hi);

        // Bus traffic: the op received, the bytes looked up (only on real rows).
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let zero = || AB::Expr::ZERO;
        let code = BINARY_OPS
            .iter()
            .fold(zero(), |acc, &op| acc + s(op) * c(op.code() as u64));
        let op_key = tuple(
            id(BusId::Operation),
            [
                code,
                a_lo,
                a_hi,
                b_lo,
                b_hi,
                l[C_LO].clone(),
                l[C_HI].clone(),
                l[FLAG].clone(),
            ],
            zero(),
        );
        bus.table_entry(builder, op_key, real.clone());
        for i in 0..8 {
            let key = tuple(
                id(BusId::Logic),
                [A, B, AND, XOR, MA, MB].map(|col| l[col + i].clone()),
                zero(),
            );
            bus.lookup_key(builder, key, Count::bounded(real.clone(), 1));
        }
        let key = tuple(
            id(BusId::BytesMsb),
            [R + 3, R + 7, MR3, MR7].map(|col| l[col].clone()),
            zero(),
        );
        bus.lookup_key(builder, key, Count::bounded(real.clone(), 1));
        for (x, y) in [(0, 1), (2, 4), (5, 6)] {
            let key = tuple(
                id(BusId::Bytes),
                [l[R + x].clone(), l[R + y].clone()],
                zero(),
            );
            bus.lookup_key(builder, key, Count::bounded(real.clone(), 1));
        }
    }
}

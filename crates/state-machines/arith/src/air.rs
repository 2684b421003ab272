//! The Arith AIR (docs/prover.md, "Arith"). Degree 3.
//!
//! Per row (`x_lo`/`x_hi`: the 32-bit halves of a limb vector; `M16 = 2^16 - 1`):
//! - sign flags: `sxf = signed_x · bit63(X)` and likewise for `Y` and `Z`; the extended limbs
//!   4..8 of `X`, `Y`, `Z` are `flag · M16`;
//! - multiplier, for each limb position `k < 8`:
//!   `Σ_{i+j=k} X_i·Y_j + Z_k + carry_{k-1} = P_k + 2^16·carry_k`, every limb range-checked and
//!   every carry `cl + 2^16·ch` with `cl < 2^16`, `ch < 16`, so each position is an equation of
//!   integers and `X·Y + Z ≡ P (mod 2^128)`;
//! - operands per op class (`X = a, Y = b, Z = 0` for mul; `P = a` extended, `Y = b` for division;
//!   `w` forms take low words);
//! - division: `|Z| < |Y|` (`|Y| - |Z| - 1` has range-checked limbs, computed in
//!   halves with a borrow), `Z` has the dividend's sign unless 0, `Y = 0 ⇒ X = -1`;
//! - the result is selected per op ([`result`]).

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};

/// The Arith machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArithAir;

impl<F: Sync> BaseAir<F> for ArithAir {
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

const M16: u64 = 0xffff;
const M32: u64 = 0xffff_ffff;

/// Half `h` (0 = bits 0..32, 1 = 32..64, ...) of the limb vector at `col`.
fn half<E: PrimeCharacteristicRing + Clone>(l: &[E], col: usize, h: usize) -> E {
    l[col + 2 * h].clone() + l[col + 2 * h + 1].clone() * E::from_u64(1 << 16)
}

/// The result `(c_lo, c_hi)` each op selects.
fn result<E: PrimeCharacteristicRing + Clone>(op: Op, l: &[E]) -> (E, E) {
    let m32 = E::from_u64(M32);
    match op {
        Op::Mul => (half(l, P, 0), half(l, P, 1)),
        Op::Mulh | Op::Mulhsu | Op::Mulhu => (half(l, P, 2), half(l, P, 3)),
        Op::MulW => (half(l, P, 0), l[MP1].clone() * m32),
        Op::Div | Op::Divu => (half(l, X, 0), half(l, X, 1)),
        Op::Rem | Op::Remu => (half(l, Z, 0), half(l, Z, 1)),
        Op::DivW | Op::DivuW => (half(l, X, 0), l[MX1].clone() * m32),
        Op::RemW | Op::RemuW => (half(l, Z, 0), l[MZ1].clone() * m32),
        _ => unreachable!("{} is not an Arith op", op.name()),
    }
}

impl<AB> Air<AB> for ArithAir
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
        let col = |i: usize| l[i].clone();

        let real = any(&ARITH_OPS);
        for i in 0..NUM_SEL {
            builder.assert_bool(col(i));
        }
        builder.assert_bool(real.clone());
        for i in [BZ, OV, ER, EB, KD] {
            builder.assert_bool(col(i));
        }

        // Op classes.
        use Op::*;
        let mulc = any(&[Mul, Mulh, Mulhsu, Mulhu, MulW]);
        let div64 = any(&[Div, Divu, Rem, Remu]);
        let divw = any(&[DivW, DivuW, RemW, RemuW]);
        let divc = div64.clone() + divw.clone();
        let sdiv = any(&[Div, Rem, DivW, RemW]);
        let dvd64 = div64.clone();
        let dvdw = divw.clone();
        let dvd = dvd64.clone() + dvdw.clone();
        let sdvd = sdiv.clone();
        let sdw = any(&[DivW, RemW]);
        let sdvdw = sdw.clone();

        // Sign flags.
        builder.assert_eq(col(SXF), (any(&[Mulh, Mulhsu]) + sdvd.clone()) * col(MX3));
        builder.assert_eq(col(SYF), (s(Mulh) + sdiv.clone()) * col(MY3));
        builder.assert_eq(col(SZF), sdiv.clone() * col(MZ3));
        builder.assert_eq(col(SA), sdiv * col(MP3));

        // Operands.
        let m16 = || c(M16);
        let x_is_a = mulc.clone();
        builder.assert_zero(x_is_a.clone() * (half(&l, X, 0) - col(A_LO)));
        builder.assert_zero(x_is_a.clone() * (half(&l, X, 1) - col(A_HI)));
        for i in 0..4 {
            builder.assert_zero(x_is_a.clone() * col(Z + i));
        }
        let y_is_b = mulc.clone() + div64;
        builder.assert_zero((y_is_b.clone() + divw.clone()) * (half(&l, Y, 0) - col(B_LO)));
        builder.assert_zero(y_is_b * (half(&l, Y, 1) - col(B_HI)));
        for i in [2, 3] {
            builder.assert_zero(divw.clone() * col(Y + i) - sdw.clone() * col(MY1) * m16());
        }
        builder.assert_zero(dvd.clone() * (half(&l, P, 0) - col(A_LO)));
        builder.assert_zero(dvd64 * (half(&l, P, 1) - col(A_HI)));
        for i in [2, 3] {
            builder.assert_zero(dvdw.clone() * col(P + i) - sdvdw.clone() * col(MP1) * m16());
        }
        for i in 4..8 {
            builder.assert_zero(
                dvd.clone() * col(P + i) - sdvd.clone() * col(MP3) * m16() * (one() - col(OV)),
            );
        }

        // The multiplier: X·Y + Z = P (mod 2^128), limb by limb.
        let ext = |base: usize, flag: usize, i: usize| {
            if i < 4 {
                col(base + i)
            } else {
                col(flag) * m16()
            }
        };
        let carry = |k: usize| col(CL + k) + col(CH + k) * c(1 << 16);
        for k in 0..8 {
            let mut sum = ext(Z, SZF, k);
            for i in 0..=k {
                sum += ext(X, SXF, i) * ext(Y, SYF, k - i);
            }
            if k > 0 {
                sum += carry(k - 1);
            }
            builder.assert_eq(sum, col(P + k) + carry(k) * c(1 << 16));
        }

        // Division by zero: Y = 0 forces X = -1 (all ones).
        let y_sum = (0..4).fold(AB::Expr::ZERO, |acc, i| acc + col(Y + i));
        builder.assert_zero(col(BZ) * (one() - divc.clone()));
        builder.assert_zero(col(BZ) * y_sum.clone());
        builder.assert_zero(divc.clone() * (y_sum * col(YINV) - one() + col(BZ)));
        builder.assert_zero((one() - divc.clone()) * col(YINV));
        builder.assert_zero(col(BZ) * col(YINV));
        for i in 0..4 {
            builder.assert_zero(col(BZ) * (col(X + i) - m16()));
        }

        // Signed overflow: only MIN / -1.
        builder.assert_zero(col(OV) * (one() - any(&[Div, Rem])));
        builder.assert_zero(col(OV) * col(A_LO));
        builder.assert_zero(col(OV) * (col(A_HI) - c(1 << 31)));
        builder.assert_zero(col(OV) * (col(B_LO) - c(M32)));
        builder.assert_zero(col(OV) * (col(B_HI) - c(M32)));

        // The remainder has the dividend's sign, or is zero.
        let z_sum = (0..4).fold(AB::Expr::ZERO, |acc, i| acc + col(Z + i));
        builder.assert_zero((col(SZF) - col(SA)) * z_sum);

        // |Z| and |Y| as 64-bit values: v, or 2^64 - v when negative.
        for (abs, v, flag, e) in [(RA, Z, SZF, ER), (BA, Y, SYF, EB)] {
            let pos = one() - col(flag);
            builder.assert_zero(pos.clone() * (half(&l, abs, 0) - half(&l, v, 0)));
            builder.assert_zero(pos.clone() * (half(&l, abs, 1) - half(&l, v, 1)));
            builder.assert_zero(pos * col(e));
            builder
                .assert_zero(col(flag) * (half(&l, abs, 0) + half(&l, v, 0) - col(e) * c(1 << 32)));
            builder
                .assert_zero(col(flag) * (half(&l, abs, 1) + half(&l, v, 1) + col(e) - c(1 << 32)));
        }

        // |Z| < |Y| for divisions by non-zero: D = |Y| - |Z| - 1 >= 0.
        let bound = divc - col(BZ);
        builder.assert_zero(
            bound.clone()
                * (half(&l, BA, 0) - half(&l, RA, 0) - one() + col(KD) * c(1 << 32)
                    - half(&l, D, 0)),
        );
        builder.assert_zero(
            bound.clone() * (half(&l, BA, 1) - half(&l, RA, 1) - col(KD) - half(&l, D, 1)),
        );
        builder.assert_zero((one() - bound.clone()) * col(KD));
        for i in 0..4 {
            builder.assert_zero((one() - bound.clone()) * col(D + i));
        }

        // The result.
        let (mut c_lo, mut c_hi) = (AB::Expr::ZERO, AB::Expr::ZERO);
        for op in ARITH_OPS {
            let (lo, hi) = result(op, &l);
            c_lo += s(op) * lo;
            c_hi += s(op) * hi;
        }
        builder.assert_eq(col(C_LO), c_lo);
        builder.assert_eq(col(C_HI), c_hi);

        // Bus traffic.
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let zero = || AB::Expr::ZERO;
        let code = ARITH_OPS
            .iter()
            .fold(zero(), |acc, &op| acc + s(op) * c(op.code() as u64));
        let op_key = tuple(
            id(BusId::Operation),
            [
                code,
                col(A_LO),
                col(A_HI),
                col(B_LO),
                col(B_HI),
                col(C_LO),
                col(C_HI),
                zero(),
            ],
            zero(),
        );
        bus.table_entry(builder, op_key, real.clone());
        let look = |builder: &mut AB, kind: BusId, payload: Vec<AB::Expr>, count: AB::Expr| {
            bus.lookup_key(
                builder,
                tuple(id(kind), payload, zero()),
                Count::bounded(count, 1),
            );
        };
        for (i, &limb) in MSB_LIMBS.iter().enumerate() {
            look(
                builder,
                BusId::RangeMsb,
                vec![col(limb), col(MSB + i)],
                real.clone(),
            );
        }
        let plain = [
            X,
            X + 2,
            Y,
            Y + 2,
            Z,
            Z + 2,
            P,
            P + 2,
            P + 4,
            P + 5,
            P + 6,
            P + 7,
        ];
        let ranged = plain
            .into_iter()
            .chain((0..8).map(|k| CL + k))
            .chain((0..4).flat_map(|i| [RA + i, BA + i, D + i]));
        for i in ranged {
            look(builder, BusId::Range, vec![col(i)], real.clone());
        }
        for k in 0..8 {
            look(builder, BusId::U4, vec![col(CH + k), one()], real.clone());
        }
    }
}

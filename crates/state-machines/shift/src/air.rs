//! The Shift AIR (docs/prover.md, "Shift"). Degree 3.
//!
//! Per row, with `left = sll + sll_w`, `right = srl + srl_w + sra + sra_w`, `w` the `w` forms:
//! - the amount: `b_lo = bl0 + 2^16 bl1` (`bl1` range-checked); `Shamt(bl0)` gives `q64 =
//!   (bl0 >> 4) & 3`, `q32 = (bl0 >> 4) & 1` and `m = 2^(bl0 & 15)`; the one-hot limb offset
//!   `q` (`pl` for left, `pr` for right shifts) must be `q64`, or `q32` for `w` forms (whose
//!   bit 5 of `b`, `b5`, is ignored);
//! - the multiplier: `mul = m` (left) or `mul · m = 2^16` (right);
//! - the operand: `X` in range-checked limbs (`X_1`, `X_3` with their top bits); `a_lo` is
//!   `X`'s low half; `a_hi` its high half, except for `w` forms, where `X`'s high limbs are the
//!   extension (`0xffff · s` for `sra_w`, else 0);
//! - the sign fill `s = sra · bit63(X) + sra_w · bit31(X)`, `sm = s · mul`;
//! - `X_k · mul = lo_k + 2^16 hi_k`, both range-checked: the limbs of `X · mul` are
//!   `t_k = lo_k + hi_{k-1}` (no carries: `lo_k` is a multiple of `mul`, `hi_{k-1} < mul`), with
//!   the fill's limbs above `X` (`0xffff · s · mul = (2^16 s - sm) + 2^16 (sm - s)`);
//! - left: `r_k = t_{k-q}` (`X << sh` mod 2^64); right: `r_k = t_{k+1+q}` (bits `16 k + sh` on of
//!   the extended `X`: `X >> sh`);
//! - `c = r` for 64-bit ops; `w` forms: `c_lo = r`'s low half, `c_hi = 0xffffffff · bit31(r)`.

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};

/// The Shift machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct ShiftAir;

impl<F: Sync> BaseAir<F> for ShiftAir {
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
const TWO16: u64 = 1 << 16;

impl<AB> Air<AB> for ShiftAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let one = || AB::Expr::ONE;
        let c = |v: u64| AB::Expr::from_u64(v);
        let col = |i: usize| l[i].clone();
        let s = |op: Op| col(sel(op));
        let any = |ops: &[Op]| ops.iter().fold(AB::Expr::ZERO, |acc, &op| acc + s(op));
        let sum = |cols: &[usize]| cols.iter().fold(AB::Expr::ZERO, |acc, &i| acc + col(i));

        use Op::*;
        let real = any(&SHIFT_OPS);
        for i in 0..NUM_SEL {
            builder.assert_bool(col(i));
        }
        builder.assert_bool(real.clone());
        let left = any(&[Sll, SllW]);
        let right = any(&[Srl, SrlW, Sra, SraW]);
        let w = any(&[SllW, SrlW, SraW]);

        // The limb offset: one-hot per direction, `q64` (or `q32` for `w` forms) from Shamt.
        let pl: Vec<usize> = (0..4).map(|q| PL + q).collect();
        let pr: Vec<usize> = (0..4).map(|q| PR + q).collect();
        for &p in pl.iter().chain(&pr) {
            builder.assert_bool(col(p));
        }
        builder.assert_eq(sum(&pl), left.clone());
        builder.assert_eq(sum(&pr), right.clone());
        let qpos = (0..4).fold(AB::Expr::ZERO, |acc, q| {
            acc + (col(PL + q) + col(PR + q)) * c(q as u64)
        });
        let qodd = sum(&[PL + 1, PL + 3, PR + 1, PR + 3]);
        builder.assert_zero(w.clone() * sum(&[PL + 2, PL + 3, PR + 2, PR + 3]));
        builder.assert_bool(col(B5));
        builder.assert_zero((one() - w.clone()) * col(B5));

        // The multiplier.
        builder.assert_zero(left.clone() * (col(MUL) - col(M)));
        builder.assert_zero(right.clone() * (col(MUL) * col(M) - c(TWO16)));

        // The operand, the sign fill and `X · mul`.
        builder.assert_eq(col(S), s(Sra) * col(SX3) + s(SraW) * col(SX1));
        builder.assert_eq(col(SM), col(S) * col(MUL));
        for k in [2, 3] {
            builder.assert_zero(w.clone() * (col(X + k) - col(S) * c(M16)));
        }
        builder.assert_zero((one() - w.clone()) * (col(A_HI) - col(X + 2) - col(X + 3) * c(TWO16)));
        for k in 0..4 {
            builder.assert_eq(col(X + k) * col(MUL), col(LO + k) + col(HI + k) * c(TWO16));
        }
        // Limbs of `X · mul` (the fill above `X` from limb 4 on).
        let lo = |j: usize| {
            if j < 4 {
                col(LO + j)
            } else {
                col(S) * c(TWO16) - col(SM)
            }
        };
        let hi = |j: usize| {
            if j < 4 { col(HI + j) } else { col(SM) - col(S) }
        };
        let t = |j: usize| {
            if j == 0 { lo(0) } else { lo(j) + hi(j - 1) }
        };

        // The shifted value.
        for k in 0..4 {
            let mut r = AB::Expr::ZERO;
            for q in 0..4 {
                if q <= k {
                    r += col(PL + q) * t(k - q);
                }
                r += col(PR + q) * t(k + 1 + q);
            }
            builder.assert_eq(col(R + k), r);
        }
        builder.assert_eq(
            col(C_HI),
            w.clone() * col(SR) * c(M32) + (one() - w) * (col(R + 2) + col(R + 3) * c(TWO16)),
        );

        // Bus traffic.
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let zero = || AB::Expr::ZERO;
        let code = SHIFT_OPS
            .iter()
            .fold(zero(), |acc, &op| acc + s(op) * c(op.code() as u64));
        let half = |base: usize| col(base) + col(base + 1) * c(TWO16);
        let op_key = tuple(
            id(BusId::Operation),
            [
                code,
                half(X),
                col(A_HI),
                half(BL0),
                col(B_HI),
                half(R),
                col(C_HI),
                zero(),
            ],
            zero(),
        );
        bus.table_entry(builder, op_key, real.clone());
        let look = |builder: &mut AB, kind: BusId, payload: Vec<AB::Expr>| {
            bus.lookup_key(
                builder,
                tuple(id(kind), payload, zero()),
                Count::bounded(real.clone(), 1),
            );
        };
        look(
            builder,
            BusId::Shamt,
            vec![col(BL0), qpos + col(B5) * c(2), qodd, col(M)],
        );
        for i in [BL1, X, X + 2]
            .into_iter()
            .chain((0..4).flat_map(|k| [LO + k, HI + k]))
        {
            look(builder, BusId::Range, vec![col(i)]);
        }
        for (limb, msb) in [(X + 1, SX1), (X + 3, SX3), (R + 1, SR)] {
            look(builder, BusId::RangeMsb, vec![col(limb), col(msb)]);
        }
    }
}

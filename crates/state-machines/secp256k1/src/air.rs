//! The Secp256k1 AIR (the crate's doc has the design and the soundness argument). Degree 3;
//! a two-row window (the call's rows are tied by transition constraints).

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::op::Op;
use zirv_data_bus::{BUS, BusId, tuple};
use zirv_sm_precompile::{
    OPERAND_COLS, READ_SLOT, Use, WRITE_SLOT, eval_operand, memory, receive_call,
};

/// The Secp256k1 machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct Secp256k1Air;

impl<F: Sync> BaseAir<F> for Secp256k1Air {
    fn width(&self) -> usize {
        WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        (0..NEXT_COLS).collect()
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

/// A signed integer constant as a field expression.
fn signed<E: PrimeCharacteristicRing>(v: i64) -> E {
    if v >= 0 {
        E::from_u64(v as u64)
    } else {
        -E::from_u64(v.unsigned_abs())
    }
}

impl<AB> Air<AB> for Secp256k1Air
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let n: Vec<AB::Expr> = main.next_slice().iter().map(|&v| v.into()).collect();
        let c = |v: u64| AB::Expr::from_u64(v);
        let col = |i: usize| l[i].clone();
        let one = || AB::Expr::ONE;
        let zero = || AB::Expr::ZERO;
        let two16 = || c(1 << 16);
        let limb = |x: usize, i: usize| col(num(x) + i);

        // Flags: one-hot over a call's rows (f0a/f0d the first, r1..r7 the others), all 0 on
        // padding rows; sadd/sdbl name the call's op on each of its rows.
        let r0 = col(F0A) + col(F0D);
        let rsum = (F0A..SADD).fold(zero(), |acc, i| acc + col(i));
        for i in F0A..STEP {
            builder.assert_bool(col(i));
        }
        builder.assert_bool(rsum.clone());
        builder.assert_eq(col(SADD) + col(SDBL), rsum.clone());
        builder.assert_zero(col(F0A) * (one() - col(SADD)));
        builder.assert_zero(col(F0D) * (one() - col(SDBL)));
        {
            // Row i of a call is followed by row i + 1; the call's op, step and numbers are
            // the same on all its rows.
            let mut tb = builder.when_transition();
            tb.assert_eq(n[R].clone(), r0.clone());
            for i in 1..ROWS_PER_CALL - 1 {
                tb.assert_eq(n[R + i].clone(), col(R + i - 1));
            }
            let not_last = (F0A..SADD - 1).fold(zero(), |acc, i| acc + col(i));
            for (i, ni) in n.iter().enumerate().take(Q).skip(SADD) {
                tb.assert_zero(not_last.clone() * (ni.clone() - col(i)));
            }
        }
        // A call lies whole in the instance.
        for i in R..SADD {
            builder.when_first_row().assert_zero(col(i));
        }
        for i in F0A..SADD - 1 {
            builder.when_last_row().assert_zero(col(i));
        }

        // Padding rows are 0 (operand columns: by their gadget).
        for i in STEP..OP1 {
            builder.assert_zero((one() - rsum.clone()) * col(i));
        }
        for i in 0..BORROWS {
            builder.assert_bool(col(BOR + i));
        }
        // Double: p2 is p1, x2sq is x1sq, inv is 0.
        for i in 0..LIMBS {
            let sdbl = col(SDBL);
            builder.assert_zero(sdbl.clone() * (limb(X2, i) - limb(X1, i)));
            builder.assert_zero(sdbl.clone() * (limb(Y2, i) - limb(Y1, i)));
            builder.assert_zero(sdbl.clone() * (limb(X2SQ, i) - limb(X1SQ, i)));
            builder.assert_zero(sdbl * limb(INV, i));
        }

        // The row's equation, position by position:
        // Σ_kind sel·T_kind(k) + K·p_k + carry_{k-1} = Σ q_i·p_j + 2^16·carry_k.
        let carry = |k: usize| col(CL + k) + col(CH + k) * two16() - rsum.clone() * c(CARRY_OFFSET);
        for (k, &kp) in KP_LIMBS.iter().enumerate() {
            let mut lhs = rsum.clone() * c(kp);
            for (kind, eq) in EQUATIONS.iter().enumerate() {
                let mut t = zero();
                for &(coef, x, y) in eq.prods {
                    let mut conv = zero();
                    for i in 0..LIMBS {
                        if k >= i && k - i < LIMBS {
                            conv += limb(x, i) * limb(y, k - i);
                        }
                    }
                    t += conv * signed::<AB::Expr>(coef);
                }
                if k < LIMBS {
                    for &(coef, x) in eq.lins {
                        t += limb(x, k) * signed::<AB::Expr>(coef);
                    }
                }
                if k == 0 {
                    t += signed::<AB::Expr>(eq.constant);
                    if eq.minus_sadd {
                        t -= col(SADD);
                    }
                }
                lhs += col(kind_col(kind)) * t;
            }
            if k > 0 {
                lhs += carry(k - 1);
            }
            let mut rhs = zero();
            for (j, &pj) in P_LIMBS.iter().enumerate() {
                if k >= j && k - j < Q_LIMBS {
                    rhs += col(Q + k - j) * c(pj);
                }
            }
            if k < CARRIES {
                rhs += carry(k) * two16();
            }
            builder.assert_eq(lhs, rhs);
        }

        // The row's canonical check: v < p as p - 1 - v = e >= 0 (e's limbs range-checked),
        // in 32-bit halves with boolean borrows and no borrow out of the top.
        let half =
            |limbs: &dyn Fn(usize) -> AB::Expr, h: usize| limbs(2 * h) + limbs(2 * h + 1) * two16();
        let v = |i: usize| {
            EQUATIONS
                .iter()
                .enumerate()
                .fold(zero(), |acc, (kind, eq)| {
                    acc + col(kind_col(kind)) * limb(eq.canon, i)
                })
        };
        let pm1 = |i: usize| c(P_LIMBS[i]) - AB::Expr::from_bool(i == 0);
        for h in 0..LIMBS / 2 {
            let mut diff = rsum.clone() * half(&pm1, h) - half(&v, h) - half(&|i| col(E + i), h);
            if h > 0 {
                diff -= col(BOR + h - 1);
            }
            if h < BORROWS {
                diff += col(BOR + h) * c(1 << 32);
            }
            builder.assert_zero(diff);
        }

        // The operands' address checks, on the call's first row.
        let ops =
            |base: usize| -> Vec<AB::Expr> { (0..OPERAND_COLS).map(|i| col(base + i)).collect() };
        let ptr = |base: usize| col(base) * c(8) + col(base + 1) * two16();
        let addr1 = eval_operand(
            builder,
            &ops(OP1),
            ptr(OP1),
            8,
            Use::ReadWrite,
            r0.clone(),
            r0.clone(),
        );
        let addr2 = eval_operand(
            builder,
            &ops(OP2),
            ptr(OP2),
            8,
            Use::Read,
            col(F0A),
            col(F0A),
        );

        // Main's call: add `(a = p1, b = p2)`, double `(a = 0, b = p)`.
        receive_call(
            builder,
            Op::Secp256k1Add,
            [ptr(OP1), zero(), ptr(OP2), zero()],
            col(STEP),
            col(F0A),
        );
        receive_call(
            builder,
            Op::Secp256k1Dbl,
            [zero(), zero(), ptr(OP1), zero()],
            col(STEP),
            col(F0D),
        );

        // Memory, on the first row: the in/out point read then written, add's p2 read.
        let word = |x: usize, w: usize| {
            [
                limb(x, 4 * w) + limb(x, 4 * w + 1) * two16(),
                limb(x, 4 * w + 2) + limb(x, 4 * w + 3) * two16(),
            ]
        };
        let point = |x: usize, y: usize, i: usize| if i < 4 { word(x, i) } else { word(y, i - 4) };
        for i in 0..8 {
            let a1 = addr1.clone() + c(i as u64);
            let a2 = addr2.clone() + c(i as u64);
            memory(
                builder,
                a1.clone(),
                col(STEP),
                READ_SLOT,
                point(X1, Y1, i),
                r0.clone(),
            );
            memory(
                builder,
                a2,
                col(STEP),
                READ_SLOT,
                point(X2, Y2, i),
                col(F0A),
            );
            memory(
                builder,
                a1,
                col(STEP),
                WRITE_SLOT,
                point(X3, Y3, i),
                r0.clone(),
            );
        }

        // Range checks: the numbers (first row), each row's quotient, e and carries (low limb
        // 16 bits, high parts two bytes at a time).
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let look = |b: &mut AB, kind: BusId, payload: Vec<AB::Expr>, count: AB::Expr| {
            bus.lookup_key(
                b,
                tuple(id(kind), payload, zero()),
                Count::bounded(count, 1),
            );
        };
        for i in NUM..Q {
            look(builder, BusId::Range, vec![col(i)], r0.clone());
        }
        for i in (Q..CH).chain(E..BOR) {
            look(builder, BusId::Range, vec![col(i)], rsum.clone());
        }
        for k in (0..CARRIES).step_by(2) {
            look(
                builder,
                BusId::Bytes,
                vec![col(CH + k), col(CH + k + 1)],
                rsum.clone(),
            );
        }
    }
}

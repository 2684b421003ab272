//! The ArithEq AIR (the crate's doc has the design and the soundness argument). Degree 2,
//! declared 3; one row per call, no transition constraints.

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_data_bus::{BUS, BusId, tuple};
use zirv_sm_precompile::{
    CALL_FLAG, OPERAND_COLS, READ_SLOT, Use, WRITE_SLOT, eval_operand, memory,
};

/// The ArithEq machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct ArithEqAir;

impl<F: Sync> BaseAir<F> for ArithEqAir {
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

/// How each operand is used: words, use, and which ops use it (`None`: both).
pub(crate) fn operand_use(o: Operand) -> (u64, Use, Option<usize>) {
    match o {
        Operand::Params => (5, Use::Read, None),
        Operand::OpA | Operand::OpB | Operand::OpC => (4, Use::Read, None),
        Operand::OpM => (4, Use::Read, Some(SMOD)),
        Operand::OpDl => (4, Use::Write, Some(S256)),
        Operand::OpD => (4, Use::Write, None),
    }
}

/// Every operand, in column order.
pub(crate) const ALL_OPERANDS: [Operand; NUM_OPERANDS] = [
    Operand::Params,
    Operand::OpA,
    Operand::OpB,
    Operand::OpC,
    Operand::OpM,
    Operand::OpDl,
    Operand::OpD,
];

/// The address-check columns of an operand on a row where it is not used (padding rows, and
/// `m`/`dl` on the other op's rows): the check of pointer 0.
pub(crate) fn unused_operand(words: u64, usage: Use) -> [u64; OPERAND_COLS] {
    [
        0,
        0,
        8 * words - 1,
        0,
        0,
        (usage != Use::Write) as u64,
        (usage != Use::Read) as u64,
    ]
}

impl<AB> Air<AB> for ArithEqAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let c = |v: u64| AB::Expr::from_u64(v);
        let col = |i: usize| l[i].clone();
        let one = || AB::Expr::ONE;
        let zero = || AB::Expr::ZERO;
        let two16 = || c(1 << 16);

        // Selectors: one-hot on call rows, all 0 on padding rows.
        let (s256, smod) = (col(S256), col(SMOD));
        let real = s256.clone() + smod.clone();
        builder.assert_bool(s256.clone());
        builder.assert_bool(smod.clone());
        builder.assert_bool(real.clone());
        let pad = one() - real.clone();

        // Padding rows and unused parts are 0.
        builder.assert_zero(pad.clone() * col(STEP));
        for i in A..CL {
            let gate = if (Q..CL).contains(&i) {
                one() - smod.clone()
            } else {
                pad.clone()
            };
            builder.assert_zero(gate * col(i));
        }
        for k in 0..CARRIES {
            builder.assert_zero(pad.clone() * col(CL + k));
            builder.assert_zero(pad.clone() * col(CH + k));
        }
        for i in 0..BORROWS {
            builder.assert_bool(col(BOR + i));
        }

        // The equation, limb position by limb position:
        // Σ a_i·b_j + c_k + carry_{k-1} = Σ q_i·m_j + [mod] d_k + [256] (m_k + d_{k-16})
        //                                  + 2^16·carry_k.
        let carry = |k: usize| col(CL + k) + col(CH + k) * two16() - real.clone() * c(CARRY_OFFSET);
        for k in 0..POSITIONS {
            let mut lhs = zero();
            for i in 0..LIMBS {
                if k >= i && k - i < LIMBS {
                    lhs += col(A + i) * col(B + k - i);
                }
            }
            if k < LIMBS {
                lhs += col(C + k);
            }
            if k > 0 {
                lhs += carry(k - 1);
            }
            let mut rhs = zero();
            for j in 0..LIMBS {
                if k >= j && k - j < Q_LIMBS {
                    rhs += col(Q + k - j) * col(M + j);
                }
            }
            if k < LIMBS {
                rhs += smod.clone() * col(D + k) + s256.clone() * col(M + k);
            } else if k < 2 * LIMBS {
                rhs += s256.clone() * col(D + k - LIMBS);
            }
            if k < CARRIES {
                rhs += carry(k) * two16();
            }
            builder.assert_eq(lhs, rhs);
        }

        // arith256_mod: d < m, as m - d - 1 = e >= 0 (e's limbs range-checked), in 32-bit
        // halves with borrows, no borrow out of the top.
        let half = |base: usize, h: usize| col(base + 2 * h) + col(base + 2 * h + 1) * two16();
        for h in 0..LIMBS / 2 {
            let mut diff = half(M, h) - half(D, h) - half(E, h);
            if h == 0 {
                diff -= one();
            } else {
                diff -= col(BOR + h - 1);
            }
            if h < BORROWS {
                diff += col(BOR + h) * c(1 << 32);
            }
            builder.assert_zero(smod.clone() * diff);
        }

        // The operands' address checks. The gadget's `real` is 1 on every row (its columns
        // satisfy the check of pointer 0 where the operand is unused, pinned below); its
        // look-ups count where the operand is used.
        let used = |o: Operand| match operand_use(o).2 {
            None => real.clone(),
            Some(s) => col(s),
        };
        let ptr = |o: Operand| col(operand(o)) * c(8) + col(operand(o) + 1) * two16();
        let mut addr8 = Vec::with_capacity(NUM_OPERANDS);
        for o in ALL_OPERANDS {
            let (words, usage, _) = operand_use(o);
            let cols: Vec<AB::Expr> = (0..OPERAND_COLS).map(|i| col(operand(o) + i)).collect();
            let u = used(o);
            addr8.push(eval_operand(
                builder,
                &cols,
                ptr(o),
                words,
                usage,
                one(),
                u.clone(),
            ));
            // Where unused: the check of pointer 0 (e0 follows from the gadget's constraint).
            for (i, v) in unused_operand(words, usage).into_iter().enumerate() {
                if i != 2 {
                    builder.assert_zero((one() - u.clone()) * (col(operand(o) + i) - c(v)));
                }
            }
        }
        let addr = |o: Operand| addr8[o as usize].clone();

        // The call Main sent: `(op, 0, 0, params, 0, step, 0, CALL_FLAG)`, op by the selectors
        // (`zirv_sm_precompile::receive_call` with the op code as an expression).
        let code = OPS
            .iter()
            .enumerate()
            .fold(zero(), |acc, (i, op)| acc + col(i) * c(op.code() as u64));
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let call = tuple(
            id(BusId::Operation),
            [
                code,
                zero(),
                zero(),
                ptr(Operand::Params),
                zero(),
                col(STEP),
                zero(),
                c(CALL_FLAG),
            ],
            zero(),
        );
        bus.table_entry(builder, call, real.clone());

        // Memory: the parameter struct's five pointers (high halves 0), then the operands.
        let step = || col(STEP);
        let params = [
            ptr(Operand::OpA),
            ptr(Operand::OpB),
            ptr(Operand::OpC),
            ptr(Operand::OpM) + ptr(Operand::OpDl),
            ptr(Operand::OpD),
        ];
        for (i, p) in params.into_iter().enumerate() {
            let a8 = addr(Operand::Params) + c(i as u64);
            memory(builder, a8, step(), READ_SLOT, [p, zero()], real.clone());
        }
        let words = |base: usize, o: Operand, slot: u64, count: AB::Expr, b: &mut AB| {
            for w in 0..4 {
                let lo = half(base, 2 * w);
                let hi = half(base, 2 * w + 1);
                let a8 = addr(o) + c(w as u64);
                memory(b, a8, step(), slot, [lo, hi], count.clone());
            }
        };
        words(A, Operand::OpA, READ_SLOT, real.clone(), builder);
        words(B, Operand::OpB, READ_SLOT, real.clone(), builder);
        words(C, Operand::OpC, READ_SLOT, real.clone(), builder);
        words(M, Operand::OpM, READ_SLOT, smod.clone(), builder);
        words(M, Operand::OpDl, WRITE_SLOT, s256.clone(), builder);
        words(D, Operand::OpD, WRITE_SLOT, real.clone(), builder);

        // Range checks: every limb, every carry (low limb 16 bits, high parts two bytes at a
        // time).
        let look = |b: &mut AB, kind: BusId, payload: Vec<AB::Expr>, count: AB::Expr| {
            bus.lookup_key(
                b,
                tuple(id(kind), payload, zero()),
                Count::bounded(count, 1),
            );
        };
        for i in A..Q {
            look(builder, BusId::Range, vec![col(i)], real.clone());
        }
        for i in Q..BOR {
            look(builder, BusId::Range, vec![col(i)], smod.clone());
        }
        for k in 0..CARRIES {
            look(builder, BusId::Range, vec![col(CL + k)], real.clone());
        }
        for k in (0..CARRIES).step_by(2) {
            look(
                builder,
                BusId::Bytes,
                vec![col(CH + k), col(CH + k + 1)],
                real.clone(),
            );
        }
    }
}

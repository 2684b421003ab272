//! The Main AIR (docs/prover.md, "Main").
//!
//! Per row (a step, or padding after the exit):
//! - the instruction: the 23 ROM fields, looked up on the ROM bus with multiplicity `is_step`;
//! - operands: `a`/`b` are the immediate; a register, checked offline on the register bus (the
//!   access consumes the version it finds, `age` steps old, and produces the one it leaves;
//!   RegFile holds the first and last versions: docs/prover.md, "Registers"); a fixed VM word,
//!   a memory-bus read; or (`b` only) a load sent to MemAlign;
//! - internal ops proven here: `flag` (`c = 0, flag = 1`), `copyb` (`c = b, flag = 0`), `ecall`
//!   (`write`: `c = b`, `a0` must hold 1 or 2; `exit`: `a0` must hold 0 and the row is the last
//!   step); every other op goes on the operation bus as `(op, a, b, c, flag)`; a precompile
//!   call as `(op, a, b, step, 0, 2)` (its `c` is pinned to the step: the precompile machine
//!   reads and writes memory at that step's timestamps);
//! - the store: `v = store_pc ? pc + jmp2 : c` is written to the register / fixed word, or sent
//!   to MemAlign as a store;
//! - loads and stores: `addr = a + offset` in 64 bits, proven below 2^32 with 16-bit limbs, its
//!   first and last byte in one region of the memory map that allows the access (16-bit table);
//! - pc flow: `npc = set_pc ? (c + jmp1) & !1 : pc + (flag ? jmp1 : jmp2)` (64-bit arithmetic for
//!   indirect jumps), and the next row's pc is `npc`; an instance's first row is a step whose
//!   `(pc, step)` comes over the continuation bus (the verifier's boot state `(START_PC, 0)`
//!   for the first instance), its last row sends the next one unless it is the exit or padding;
//!   the last real row of the execution is the exit.
//!
//! Timestamps of a step's memory accesses: `4 * step + slot + 1` ([`zirv_data_bus::timestamp`]):
//! slot 0 reads `a`, 1 reads `b`, 2 reads the old word under a store (in MemAlign), 3 writes.

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_core::memmap::UART_ADDR;
use zirv_core::op::Op;
use zirv_core::rom::Rom;
use zirv_core::transpile::{SYS_EXIT, SYS_WRITE};
use zirv_data_bus::{BUS, BusId, ROM_BUS, rom_tuple, tuple};

/// The Main machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct MainAir;

impl<F: Sync> BaseAir<F> for MainAir {
    fn width(&self) -> usize {
        WIDTH_COLS
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

/// The boot ROM's first pc, where every execution starts.
pub const START_PC: u64 = Rom::ENTRY_PC;

impl<AB> Air<AB> for MainAir
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
        let two32 = || c(1 << 32);
        let two16 = || c(1 << 16);

        // Selectors.
        for col in [
            IS_STEP,
            FLAG,
            LOWBIT,
            IS_FLAG,
            IS_COPYB,
            IS_ECALL,
            IS_EXIT,
            IS_EXTERNAL,
            IS_PRECOMPILE,
            ACARRY,
            IS_UART,
        ] {
            builder.assert_bool(l[col].clone());
        }
        builder.assert_eq(
            l[IS_FLAG].clone() + l[IS_COPYB].clone() + l[IS_ECALL].clone() + l[IS_EXTERNAL].clone(),
            l[IS_STEP].clone(),
        );
        builder.assert_zero(l[IS_FLAG].clone() * (l[OP].clone() - c(Op::Flag.code() as u64)));
        builder.assert_zero(l[IS_COPYB].clone() * (l[OP].clone() - c(Op::CopyB.code() as u64)));
        builder.assert_zero(l[IS_ECALL].clone() * (l[OP].clone() - c(Op::Ecall.code() as u64)));

        // A precompile call is an external op whose `c` is its step (`flag` 0): the precompile
        // machine receives the step with the call, in the tuple's `c` field, and the flag field
        // `flag + 2 = 2` that only these rows send (zirv_sm_precompile::CALL_FLAG).
        let pre = l[IS_PRECOMPILE].clone();
        builder.assert_zero(pre.clone() * (one() - l[IS_EXTERNAL].clone()));
        builder.assert_zero(pre.clone() * (l[C_LO].clone() - l[STEP].clone()));
        builder.assert_zero(pre.clone() * l[C_HI].clone());
        builder.assert_zero(pre * l[FLAG].clone());

        // Padding rows (after the exit) send nothing: every ROM selector that gives a bus
        // message its count is 0 there (the op selectors already are, through their sum).
        let padding = one() - l[IS_STEP].clone();
        for col in [A_REG, A_MEM, B_REG, B_MEM, B_IND, D_REG, D_MEM, D_IND] {
            builder.assert_zero(padding.clone() * l[col].clone());
        }

        // Immediate operands.
        builder.assert_zero(l[A_IMM].clone() * (l[A_LO].clone() - l[A_LOF].clone()));
        builder.assert_zero(l[A_IMM].clone() * (l[A_HI].clone() - l[A_HIF].clone()));
        builder.assert_zero(l[B_IMM].clone() * (l[B_LO].clone() - l[B_LOF].clone()));
        builder.assert_zero(l[B_IMM].clone() * (l[B_HI].clone() - l[B_HIF].clone()));

        // Internal ops.
        let copies = l[IS_COPYB].clone() + l[IS_ECALL].clone();
        builder.assert_zero(copies.clone() * (l[C_LO].clone() - l[B_LO].clone()));
        builder.assert_zero(copies.clone() * (l[C_HI].clone() - l[B_HI].clone()));
        builder.assert_zero(copies * l[FLAG].clone());
        builder.assert_zero(l[IS_FLAG].clone() * l[C_LO].clone());
        builder.assert_zero(l[IS_FLAG].clone() * l[C_HI].clone());
        builder.assert_zero(l[IS_FLAG].clone() * (one() - l[FLAG].clone()));

        // ecall: `a` is a7: 93 (exit, a0 = 0) or 64 (write, a0 = 1 or 2). `a0` before the call is
        // the value the destination write (of a0) consumes, `pv`.
        let write = l[IS_ECALL].clone() - l[IS_EXIT].clone();
        builder.assert_zero(l[IS_EXIT].clone() * (one() - l[IS_ECALL].clone()));
        builder.assert_zero(l[IS_ECALL].clone() * l[A_HI].clone());
        builder.assert_zero(l[IS_EXIT].clone() * (l[A_LO].clone() - c(SYS_EXIT)));
        builder.assert_zero(write.clone() * (l[A_LO].clone() - c(SYS_WRITE)));
        builder.assert_zero(l[IS_EXIT].clone() * l[PV_LO].clone());
        builder.assert_zero(l[IS_ECALL].clone() * l[PV_HI].clone());
        builder.assert_zero(write * (l[PV_LO].clone() - one()) * (l[PV_LO].clone() - c(2)));

        // The stored value.
        let store_pc = l[STORE_PC].clone();
        builder.assert_zero(store_pc.clone() * (l[V_LO].clone() - l[PC].clone() - l[JMP2].clone()));
        builder.assert_zero(store_pc.clone() * l[V_HI].clone());
        builder.assert_zero((one() - store_pc.clone()) * (l[V_LO].clone() - l[C_LO].clone()));
        builder.assert_zero((one() - store_pc) * (l[V_HI].clone() - l[C_HI].clone()));

        // Next pc.
        let set_pc = l[SET_PC].clone();
        let flag = l[FLAG].clone();
        builder.assert_zero(
            (one() - set_pc.clone())
                * (l[NPC].clone()
                    - l[PC].clone()
                    - flag.clone() * l[JMP1].clone()
                    - (one() - flag) * l[JMP2].clone()),
        );
        builder.assert_zero(
            set_pc.clone()
                * (l[C_LO].clone() + l[JMP1].clone()
                    - l[NPC].clone()
                    - l[LOWBIT].clone()
                    - l[JCARRY].clone() * two32()),
        );
        // Direct jumps use neither helper: pinned to 0.
        builder.assert_zero((one() - set_pc.clone()) * l[LOWBIT].clone());
        builder.assert_zero((one() - set_pc.clone()) * l[JCARRY].clone());
        let jc = l[JCARRY].clone();
        builder.assert_zero(jc.clone() * (jc.clone() - one()) * (jc.clone() + one()));
        let high = l[C_HI].clone() + jc;
        builder.assert_zero(set_pc * high.clone() * (high - two32()));

        // Loads and stores: the address and its region.
        let ind = l[B_IND].clone() + l[D_IND].clone();
        for (kind, lo, hi) in [(B_IND, B_LOF, B_HIF), (D_IND, D_LOF, D_HIF)] {
            builder.assert_zero(l[kind].clone() * (l[OFF_LO].clone() - l[lo].clone()));
            builder.assert_zero(l[kind].clone() * (l[OFF_HI].clone() - l[hi].clone()));
        }
        // Rows without a load or store pin the address helpers to 0.
        for col in [OFF_LO, OFF_HI, ACARRY, L0, L1, E0, E1, RG, RR, RW] {
            builder.assert_zero((one() - ind.clone()) * l[col].clone());
        }
        let addr = l[L0].clone() + l[L1].clone() * two16();
        builder.assert_zero(
            ind.clone()
                * (l[A_LO].clone() + l[OFF_LO].clone()
                    - addr.clone()
                    - l[ACARRY].clone() * two32()),
        );
        let high = l[A_HI].clone() + l[OFF_HI].clone() + l[ACARRY].clone();
        builder.assert_zero(ind.clone() * high.clone() * (high - two32()));
        builder.assert_zero(
            ind.clone()
                * (addr.clone() + l[WIDTH].clone()
                    - one()
                    - l[E0].clone()
                    - l[E1].clone() * two16()),
        );
        builder.assert_zero(l[B_IND].clone() * (one() - l[RR].clone()));
        builder
            .assert_zero(l[D_IND].clone() * (one() - l[IS_UART].clone()) * (one() - l[RW].clone()));
        builder.assert_zero(l[IS_UART].clone() * (one() - l[D_IND].clone()));
        builder.assert_zero(l[IS_UART].clone() * (addr.clone() - c(UART_ADDR)));
        builder.assert_zero(l[IS_UART].clone() * (l[WIDTH].clone() - one()));

        // Boundaries: an instance starts with a step, whose `(pc, step)` it receives on the
        // continuation bus (from the previous instance's last row, or the verifier's boot state
        // `(START_PC, 0)` for the first); its last row sends the next step's `(npc, step + 1)`
        // unless it is the exit or padding. One boot state and strictly increasing steps make
        // the instances one chain that ends in the exit.
        builder.when_first_row().assert_one(l[IS_STEP].clone());
        let first = builder.is_first_row();
        let last = builder.is_last_row();
        builder.push_interaction(
            BUS,
            tuple(
                AB::Expr::from_u32(BusId::MainCont as u32),
                [l[PC].clone(), l[STEP].clone()],
                AB::Expr::ZERO,
            ),
            Count::bounded(-first, 1),
        );
        builder.push_interaction(
            BUS,
            tuple(
                AB::Expr::from_u32(BusId::MainCont as u32),
                [l[NPC].clone(), l[STEP].clone() + one()],
                AB::Expr::ZERO,
            ),
            Count::bounded(last * l[IS_STEP].clone() * (one() - l[IS_EXIT].clone()), 1),
        );
        {
            let mut t = builder.when_transition();
            t.assert_zero((one() - l[IS_STEP].clone()) * n[IS_STEP].clone());
            t.assert_zero(l[IS_EXIT].clone() * n[IS_STEP].clone());
            t.assert_zero(
                l[IS_STEP].clone() * (one() - l[IS_EXIT].clone()) * (one() - n[IS_STEP].clone()),
            );
            t.assert_zero(n[IS_STEP].clone() * (n[PC].clone() - l[NPC].clone()));
            t.assert_zero(n[IS_STEP].clone() * (n[STEP].clone() - l[STEP].clone() - one()));
        }

        // Bus traffic.
        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let zero = || AB::Expr::ZERO;
        let ts = |slot: u64| l[STEP].clone() * c(4) + c(slot + 1);
        let rom_key = rom_tuple(id(BusId::Rom), l[..NUM_ROM_FIELDS].iter().cloned());
        LookupBus::new(ROM_BUS).lookup_key(builder, rom_key, Count::bounded(l[IS_STEP].clone(), 1));

        let mem = |addr8: AB::Expr, slot: u64, is_write: AB::Expr, lo: usize, hi: usize| {
            tuple(
                id(BusId::Memory),
                [addr8, ts(slot), is_write, l[lo].clone(), l[hi].clone()],
                zero(),
            )
        };
        // Fixed (VM-internal) words are Mem words.
        bus.lookup_key(
            builder,
            mem(l[A_LOF].clone(), 0, zero(), A_LO, A_HI),
            Count::bounded(l[A_MEM].clone(), 1),
        );
        bus.lookup_key(
            builder,
            mem(l[B_LOF].clone(), 1, zero(), B_LO, B_HI),
            Count::bounded(l[B_MEM].clone(), 1),
        );
        bus.lookup_key(
            builder,
            mem(l[D_LOF].clone(), 3, one(), V_LO, V_HI),
            Count::bounded(l[D_MEM].clone(), 1),
        );

        // Registers, checked offline: each access consumes the version it finds (a timestamp
        // `age + 1` below its own) and produces the one it leaves; RegFile closes the chains.
        // An ecall's destination is a0; the exit writes it too (`c = b`): nothing reads it after
        // the exit but RegFile, whose final values are the prover's, so the exit's check of a0
        // can use the value that write consumes.
        builder.assert_zero(l[IS_ECALL].clone() * (one() - l[D_REG].clone()));
        let accesses = [
            (0, A_LOF, l[A_REG].clone(), (A_LO, A_HI), (A_LO, A_HI)),
            (1, B_LOF, l[B_REG].clone(), (B_LO, B_HI), (B_LO, B_HI)),
            (3, D_LOF, l[D_REG].clone(), (PV_LO, PV_HI), (V_LO, V_HI)),
        ];
        for (slot, addr, count, (f_lo, f_hi), (n_lo, n_hi)) in accesses {
            let age0 = l[age_col(slot)].clone();
            let age1 = l[age_col(slot) + 1].clone();
            let age = age0.clone() + age1.clone() * two16();
            let version = |t: AB::Expr, lo: usize, hi: usize| {
                tuple(
                    id(BusId::Reg),
                    [l[addr].clone(), t, l[lo].clone(), l[hi].clone()],
                    zero(),
                )
            };
            builder.push_interaction(
                BUS,
                version(ts(slot) - one() - age, f_lo, f_hi),
                Count::bounded(-count.clone(), 1),
            );
            builder.push_interaction(
                BUS,
                version(ts(slot), n_lo, n_hi),
                Count::bounded(count.clone(), 1),
            );
            for limb in [age0.clone(), age1.clone()] {
                let key = tuple(id(BusId::Range), [limb.clone()], zero());
                bus.lookup_key(builder, key, Count::bounded(count.clone(), 1));
                builder.assert_zero((one() - count.clone()) * limb);
            }
        }
        let no_reg_write = one() - l[D_REG].clone();
        builder.assert_zero(no_reg_write.clone() * l[PV_LO].clone());
        builder.assert_zero(no_reg_write * l[PV_HI].clone());

        let align = |is_write: AB::Expr, lo: usize, hi: usize| {
            tuple(
                id(BusId::MemAlign),
                [
                    addr.clone(),
                    l[STEP].clone(),
                    l[WIDTH].clone(),
                    is_write,
                    l[lo].clone(),
                    l[hi].clone(),
                ],
                zero(),
            )
        };
        bus.lookup_key(
            builder,
            align(zero(), B_LO, B_HI),
            Count::bounded(l[B_IND].clone(), 1),
        );
        bus.lookup_key(
            builder,
            align(one(), V_LO, V_HI),
            Count::bounded(l[D_IND].clone(), 1),
        );

        let op_key = tuple(
            id(BusId::Operation),
            [OP, A_LO, A_HI, B_LO, B_HI, C_LO, C_HI]
                .map(|i| l[i].clone())
                .into_iter()
                .chain([l[FLAG].clone() + l[IS_PRECOMPILE].clone() * c(2)]),
            zero(),
        );
        bus.lookup_key(builder, op_key, Count::bounded(l[IS_EXTERNAL].clone(), 1));

        for limb in [L0, E0] {
            let key = tuple(id(BusId::Range), [l[limb].clone()], zero());
            bus.lookup_key(builder, key, Count::bounded(ind.clone(), 1));
        }
        for block in [L1, E1] {
            let key = tuple(
                id(BusId::Region),
                [block, RG, RR, RW].map(|i| l[i].clone()),
                zero(),
            );
            bus.lookup_key(builder, key, Count::bounded(ind.clone(), 1));
        }
    }
}

//! The Mem AIR.
//!
//! Per row: flags are boolean; init rows are real rows (padding consumes no init word and sends
//! nothing), writes at timestamp 0 that start their address; the first access of an address
//! that is a read (not preceded by an init row) returns 0.
//! Between rows: padding only at the end; `SAME` rows share the address; the increase (of the
//! timestamp within an address, of the address otherwise) minus one is `D0 + 2^16 D1 + 2^32 D2`
//! with range-checked limbs (a strict order, and `SAME` cannot lie), except that a read may
//! share the timestamp of the row before it (the increase itself is the limbs); a read returns
//! the previous row's value.
//! Bus: each real non-init row receives one memory access; each init row receives one init word;
//! each real row looks up its three limbs in the range table.

use crate::columns::*;
use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use zirv_data_bus::{BUS, BusId, tuple};

/// The Mem machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemAir;

impl<F: Sync> BaseAir<F> for MemAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

impl<AB> Air<AB> for MemAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: Vec<AB::Expr> = main.current_slice().iter().map(|&v| v.into()).collect();
        let n: Vec<AB::Expr> = main.next_slice().iter().map(|&v| v.into()).collect();
        let one = AB::Expr::ONE;

        for c in [IS_WRITE, IS_INIT, SAME, IS_REAL] {
            builder.assert_bool(l[c].clone());
        }
        // Only real rows are init rows: a padding row with `is_init` would consume an init word
        // and send its write (count `is_real - is_init = -1`) to a real row at timestamp 0.
        builder.assert_zero(l[IS_INIT].clone() * (one.clone() - l[IS_REAL].clone()));
        builder.assert_zero(l[IS_INIT].clone() * (one.clone() - l[IS_WRITE].clone()));
        builder.assert_zero(l[IS_INIT].clone() * l[SAME].clone());
        builder.assert_zero(l[IS_INIT].clone() * l[TS].clone());
        // A first access that reads sees 0 (an init row, a write, would have come first).
        let first_read = (one.clone() - l[SAME].clone()) * (one.clone() - l[IS_WRITE].clone());
        builder.assert_zero(first_read.clone() * l[V_LO].clone());
        builder.assert_zero(first_read * l[V_HI].clone());
        // The first row of an instance is a carry row: the previous instance's last row
        // (address, timestamp, value, is_real), received on the continuation bus, or the
        // verifier's start `(0, 0, 0, 0, 1)` for the first instance. Its other columns are
        // canonical (a write, no init, no increase) and it sends nothing else: it only anchors
        // the first transition. The last row sends its own state on.
        let first = builder.is_first_row();
        let last = builder.is_last_row();
        {
            let mut f = builder.when_first_row();
            f.assert_zero(l[SAME].clone());
            f.assert_zero(l[IS_INIT].clone());
            f.assert_one(l[IS_WRITE].clone());
            for d in [D0, D1, D2] {
                f.assert_zero(l[d].clone());
            }
        }
        let carried = || {
            tuple(
                AB::Expr::from_u32(BusId::MemCont as u32),
                [ADDR8, TS, V_LO, V_HI, IS_REAL].map(|c| l[c].clone()),
                AB::Expr::ZERO,
            )
        };
        builder.push_interaction(BUS, carried(), Count::bounded(-first.clone(), 1));
        builder.push_interaction(BUS, carried(), Count::bounded(last, 1));
        let not_carry = one.clone() - first;

        let mut t = builder.when_transition();
        t.assert_zero((one.clone() - l[IS_REAL].clone()) * n[IS_REAL].clone());
        t.assert_zero(n[SAME].clone() * (n[ADDR8].clone() - l[ADDR8].clone()));
        // Within an address a write comes strictly after the row before it, a read at or after
        // it: a precompile call may read one word twice at its read timestamp. No sender ever
        // reads and writes a word at one timestamp (reads use slots 0-2 of a step, writes slot
        // 3, init rows timestamp 0, Output FINAL_TS), so equal timestamps only join reads.
        let increase = n[SAME].clone() * (n[TS].clone() - l[TS].clone() - n[IS_WRITE].clone())
            + (one.clone() - n[SAME].clone()) * (n[ADDR8].clone() - l[ADDR8].clone() - one.clone());
        let limbs = n[D0].clone()
            + n[D1].clone() * AB::Expr::from_u64(1 << 16)
            + n[D2].clone() * AB::Expr::from_u64(1 << 32);
        t.assert_zero(n[IS_REAL].clone() * increase - limbs);
        let keeps = n[SAME].clone() * (one.clone() - n[IS_WRITE].clone());
        t.assert_zero(keeps.clone() * (n[V_LO].clone() - l[V_LO].clone()));
        t.assert_zero(keeps * (n[V_HI].clone() - l[V_HI].clone()));

        let bus = LookupBus::new(BUS);
        let mem_key = tuple(
            AB::Expr::from_u32(BusId::Memory as u32),
            [
                l[ADDR8].clone(),
                l[TS].clone(),
                l[IS_WRITE].clone(),
                l[V_LO].clone(),
                l[V_HI].clone(),
            ],
            AB::Expr::ZERO,
        );
        bus.table_entry(
            builder,
            mem_key,
            (l[IS_REAL].clone() - l[IS_INIT].clone()) * not_carry.clone(),
        );
        let init_key = tuple(
            AB::Expr::from_u32(BusId::Init as u32),
            [l[ADDR8].clone(), l[V_LO].clone(), l[V_HI].clone()],
            AB::Expr::ZERO,
        );
        bus.table_entry(builder, init_key, l[IS_INIT].clone() * not_carry.clone());
        for d in [D0, D1, D2] {
            let key = tuple(
                AB::Expr::from_u32(BusId::Range as u32),
                [l[d].clone()],
                AB::Expr::ZERO,
            );
            bus.lookup_key(
                builder,
                key,
                Count::bounded(l[IS_REAL].clone() * not_carry.clone(), 1),
            );
        }
    }
}

//! A precompile machine's witness for its tests ([`Witness`]): the 16-bit table, Main's and
//! Mem's stand-ins and the machine's trace, checked concretely ([`Witness::check`], or
//! [`Witness::fast_check`] without the table's 2^16 rows) or proven ([`Witness::prove`]).
//!
//! Main sends each call on the operation bus; Mem answers each of a call's accesses at its
//! step's read or write slot. The table answers every look-up of the machine's trace it can
//! ([`table_for`]): the strongest table a cheating prover could build, so the witness balances
//! exactly when each look-up is a tuple of the table.

use crate::check::{check_witness, eval_row};
use crate::{Sender, TestAir, Val, prove_and_verify};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use zirv_core::event::PrecompileCall;
use zirv_data_bus::{BusId, timestamp};
use zirv_machines::ZirvAir;
use zirv_sm_precompile::{CALL_FLAG, READ_SLOT, WRITE_SLOT};
use zirv_sm_tables::{RangeAir, U16Counts};

/// Main's stand-in: `(op, a_lo, a_hi, b_lo, b_hi, step, 0, CALL_FLAG)`.
pub const MAIN: Sender = Sender::new(BusId::Operation, 8);
/// Mem's stand-in: answers `(addr8, ts, is_write, lo, hi)` (received: count -1).
pub const MEM: Sender = Sender::new(BusId::Memory, 5);

/// The buses the 16-bit table answers for a precompile machine.
pub const TABLE_IDS: [u64; 3] = [
    BusId::Range as u64,
    BusId::Bytes as u64,
    BusId::Region as u64,
];

/// Main's calls `calls`.
pub fn main_trace(calls: &[PrecompileCall]) -> RowMajorMatrix<Val> {
    MAIN.trace(calls.iter().map(|c| {
        [
            c.op.code() as u64,
            c.a & 0xffff_ffff,
            c.a >> 32,
            c.b & 0xffff_ffff,
            c.b >> 32,
            c.step,
            0,
            CALL_FLAG,
        ]
        .map(Val::from_u64)
    }))
}

/// Mem's answers: every access of `calls` as `(addr8, ts, is_write, lo, hi)`, at its call's
/// read or write slot.
pub fn mem_tuples(calls: &[PrecompileCall]) -> Vec<[Val; 5]> {
    calls
        .iter()
        .flat_map(|c| {
            c.accesses.iter().map(move |a| {
                let slot = if a.is_write { WRITE_SLOT } else { READ_SLOT };
                [
                    a.addr / 8,
                    timestamp(c.step, slot),
                    a.is_write as u64,
                    a.value & 0xffff_ffff,
                    a.value >> 32,
                ]
                .map(Val::from_u64)
            })
        })
        .collect()
}

/// Mem's trace answering `tuples` (each received: count -1).
pub fn mem_trace_of(tuples: &[[Val; 5]]) -> RowMajorMatrix<Val> {
    MEM.signed_trace(tuples.iter().map(|t| (*t, Val::NEG_ONE)))
}

/// Mem's answers: every access of `calls`, at its call's timestamps ([`mem_tuples`]).
pub fn mem_trace(calls: &[PrecompileCall]) -> RowMajorMatrix<Val> {
    mem_trace_of(&mem_tuples(calls))
}

/// The 16-bit table answering every look-up of `air`'s `trace` it can (the strongest table a
/// cheating prover could build for it).
pub fn table_for(air: &ZirvAir, trace: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    let mut u16 = U16Counts::default();
    let height = trace.values.len() / trace.width;
    for row in 0..height {
        let e = eval_row(air, trace, None, &[], row);
        for (_, f, count) in e.messages {
            if count != Val::ONE {
                continue;
            }
            let f: Vec<u64> = f.iter().map(|v| v.as_canonical_u64()).collect();
            match f[0] {
                x if x == BusId::Range as u64 && f[1] < 1 << 16 => u16.range(f[1]),
                x if x == BusId::Bytes as u64 && f[1] < 256 && f[2] < 256 => {
                    u16.bytes(f[1] as u8, f[2] as u8)
                }
                x if x == BusId::Region as u64 && f[1] < 1 << 16 => u16.region(f[1]),
                _ => {}
            }
        }
    }
    u16.trace()
}

/// Every tuple the 16-bit table can answer (computed once).
pub fn table_tuples() -> &'static HashSet<(String, Vec<u64>)> {
    static T: OnceLock<HashSet<(String, Vec<u64>)>> = OnceLock::new();
    T.get_or_init(crate::alu::u16_tuples)
}

/// A witness: the 16-bit table, Main, Mem, the machine.
pub struct Witness {
    /// The 16-bit table, Main's and Mem's stand-ins, the machine.
    pub airs: Vec<TestAir>,
    /// Their traces.
    pub traces: Vec<RowMajorMatrix<Val>>,
}

impl Witness {
    /// `air`'s `trace`, Main sending `main` and Mem answering `mem`'s accesses.
    pub fn new(
        air: ZirvAir,
        trace: RowMajorMatrix<Val>,
        main: &[PrecompileCall],
        mem: &[PrecompileCall],
    ) -> Self {
        Witness {
            traces: vec![
                table_for(&air, &trace),
                main_trace(main),
                mem_trace(mem),
                trace,
            ],
            airs: vec![
                TestAir::Zirv(ZirvAir::U16(RangeAir::default())),
                TestAir::Sender(MAIN),
                TestAir::Sender(MEM),
                TestAir::Zirv(air),
            ],
        }
    }

    /// The whole witness checked concretely, the 16-bit table's 2^16 rows included.
    pub fn check(&self) -> Result<(), String> {
        check_witness(&self.airs, &self.traces, &vec![vec![]; self.airs.len()])
    }

    /// The same verdict as [`Self::check`] in a fraction of the time: the table answers every
    /// look-up it can ([`table_for`]), so it balances exactly when each look-up is a tuple of
    /// the table; the other instances are checked row by row and their messages summed.
    pub fn fast_check(&self) -> Result<(), String> {
        let table = table_tuples();
        let mut balance: HashMap<(String, Vec<u64>), Val> = HashMap::new();
        for (i, (air, t)) in self.airs.iter().zip(&self.traces).enumerate().skip(1) {
            for row in 0..t.values.len() / t.width {
                let e = eval_row(air, t, None, &[], row);
                if !e.failed.is_empty() {
                    return Err(format!("instance {i} row {row}: {:?} fail", e.failed));
                }
                for (bus, f, c) in e.messages {
                    if c == Val::ZERO {
                        continue;
                    }
                    let f: Vec<u64> = f.iter().map(|v| v.as_canonical_u64()).collect();
                    if TABLE_IDS.contains(&f[0]) {
                        if !table.contains(&(bus.clone(), f.clone())) {
                            return Err(format!("the table has no {bus} tuple {f:?}"));
                        }
                        continue;
                    }
                    *balance.entry((bus, f)).or_insert(Val::ZERO) += c;
                }
            }
        }
        match balance.iter().find(|(_, c)| **c != Val::ZERO) {
            Some((k, c)) => Err(format!("{k:?} has net count {c}")),
            None => Ok(()),
        }
    }

    /// Whether the witness is rejected ([`Self::fast_check`]).
    pub fn rejected(&self) -> bool {
        self.fast_check().is_err()
    }

    /// A real proof (Poseidon2, default security), verified ([`prove_and_verify`]).
    pub fn prove(&self) -> Result<(), String> {
        let instances: Vec<_> = self.airs.iter().cloned().zip(self.traces.clone()).collect();
        prove_and_verify(&instances, &self.airs)
    }
}

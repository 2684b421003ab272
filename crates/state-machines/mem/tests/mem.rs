//! Soundness of the memory machines (Mem, RomData, Range) with a test sender standing in for
//! Main: it puts given accesses on the memory bus, as Main will. Each fault a dishonest prover
//! could inject (a wrong loaded value, a skipped or reordered write, a wrong or dropped initial
//! value, a lying `same` flag, a padding row taking an init word, a range multiplicity off by
//! one) must make proving fail or verification reject; the honest witness must verify.

use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use zirv_data_bus::BusId;
use zirv_machines::Val;
use zirv_machines::ZirvAir;
use zirv_sm_mem::columns as mc;
use zirv_sm_mem::{Access, MemAir, RomDataAir, mem_trace};
use zirv_sm_tables::{RangeAir, range_trace};
use zirv_testkit::{Sender, TestAir, prove_and_verify};

/// Main's stand-in: one memory access per row, `[addr8, ts, is_write, v_lo, v_hi]`.
const SENDER: Sender = Sender::new(BusId::Memory, 5);
/// The verifier's stand-in on the continuation bus: Mem's start (sent) and end (received).
const BOUNDARY: Sender = Sender::new(BusId::MemCont, 5);

/// The boundary messages of a Mem trace: the start carry row, and its last row as the end.
fn boundary(mem: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    let last = &mem.values[mem.values.len() - mc::WIDTH..];
    let end: Vec<Val> = [mc::ADDR8, mc::TS, mc::V_LO, mc::V_HI, mc::IS_REAL]
        .iter()
        .map(|&c| last[c])
        .collect();
    let start = [0u64, 0, 0, 0, 1].map(Val::from_u64).to_vec();
    BOUNDARY.signed_trace([(start, Val::ONE), (end, Val::NEG_ONE)])
}

/// The witness of one test: the init words, the accesses Main sends, and Mem's view.
struct Case {
    init: Vec<(u64, u64)>,
    sent: Vec<Access>,
    mem_accesses: Vec<Access>,
    mem_init: Vec<(u64, u64)>,
}

fn w(addr8: u64, ts: u64, value: u64) -> Access {
    Access {
        addr8,
        ts,
        is_write: true,
        value,
    }
}
fn r(addr8: u64, ts: u64, value: u64) -> Access {
    Access {
        addr8,
        ts,
        is_write: false,
        value,
    }
}

/// An honest case: init words at 100 and 101 (101 never accessed), writes, reads, a read of an
/// untouched zero word, two addresses interleaved, values above 2^32.
fn honest() -> Case {
    let init = vec![(100, 0xdead_beef_0000_0001), (101, 7)];
    let sent = vec![
        r(100, 1, 0xdead_beef_0000_0001),
        w(5, 2, 0x1_0000_0002),
        r(5, 3, 0x1_0000_0002),
        w(100, 4, 9),
        r(7, 5, 0),
        r(100, 6, 9),
        w(5, 7, u64::MAX),
        r(5, 9, u64::MAX),
    ];
    Case {
        mem_accesses: sent.clone(),
        mem_init: init.clone(),
        init,
        sent,
    }
}

/// Proves the case (after `tamper` edits Mem's trace) and verifies with the honest RomData.
fn run(case: &Case, tamper: impl Fn(&mut RowMajorMatrix<Val>)) -> Result<(), String> {
    prove_verify(case, tamper, None, |_| {})
}

/// As `run`, with a given range-table trace.
fn run_with_range(case: &Case, range: RowMajorMatrix<Val>) -> Result<(), String> {
    prove_verify(case, |_| {}, Some(range), |_| {})
}

fn prove_verify(
    case: &Case,
    tamper: impl Fn(&mut RowMajorMatrix<Val>),
    range_override: Option<RowMajorMatrix<Val>>,
    rd_tamper: impl Fn(&mut RowMajorMatrix<Val>),
) -> Result<(), String> {
    let rom_data = RomDataAir::<Val>::new(&case.init);
    let mut mem = mem_trace::<Val>(&case.mem_accesses, &case.mem_init);
    tamper(&mut mem.trace);
    // The range multiplicities follow the (possibly tampered) limbs, clamped to the table.
    let limbs: Vec<u64> = mem
        .trace
        .values
        .chunks_exact(mc::WIDTH)
        .skip(1) // the start carry row looks nothing up
        .filter(|row| row[mc::IS_REAL] == Val::ONE)
        .flat_map(|row| [row[mc::D0], row[mc::D1], row[mc::D2]])
        .map(|v| v.as_canonical_u64().min(0xffff))
        .collect();
    let range = range_override.unwrap_or_else(|| range_trace::<Val>(limbs));
    let sender = SENDER.trace(case.sent.iter().map(|a| {
        [
            a.addr8,
            a.ts,
            a.is_write as u64,
            a.value & 0xffff_ffff,
            a.value >> 32,
        ]
        .map(Val::from_u64)
    }));
    let mut rd_trace = rom_data.trace();
    rd_tamper(&mut rd_trace);
    let ends = boundary(&mem.trace);
    let instances = [
        (TestAir::Zirv(ZirvAir::U16(RangeAir::default())), range),
        (TestAir::Zirv(ZirvAir::Mem(MemAir)), mem.trace),
        (TestAir::Zirv(ZirvAir::RomData(rom_data)), rd_trace),
        (TestAir::Sender(SENDER), sender),
        (TestAir::Sender(BOUNDARY), ends),
    ];
    let verify: Vec<TestAir> = instances.iter().map(|(a, _)| a.clone()).collect();
    prove_and_verify(&instances, &verify)
}

fn rejected(case: &Case, tamper: impl Fn(&mut RowMajorMatrix<Val>)) -> bool {
    run(case, tamper).is_err()
}

fn set(m: &mut RowMajorMatrix<Val>, row: usize, col: usize, v: u64) {
    m.values[row * mc::WIDTH + col] = Val::from_u64(v);
}

#[test]
fn honest_memory_verifies() {
    run(&honest(), |_| {}).unwrap();
}

#[test]
fn a_wrong_loaded_value_is_rejected() {
    // Main and Mem agree on the wrong value: Mem's consistency rejects it.
    let mut c = honest();
    c.sent[2].value = 0x1_0000_0003;
    c.mem_accesses[2].value = 0x1_0000_0003;
    assert!(rejected(&c, |_| {}));
    // Only Main's view is wrong: the bus does not balance.
    let mut c = honest();
    c.sent[5].value = 10;
    assert!(rejected(&c, |_| {}));
    // High half wrong.
    let mut c = honest();
    c.sent[7].value = u64::MAX - (1 << 40);
    c.mem_accesses[7].value = u64::MAX - (1 << 40);
    assert!(rejected(&c, |_| {}));
}

/// A precompile call may read one word twice at its read timestamp: two reads of one word at one
/// timestamp verify; a write at the timestamp of the row before it does not. (A read after a
/// write of its own timestamp would pass Mem alone, but no sender ever sends a read and a write
/// of one word at one timestamp: reads use slots 0-2 of a step, writes slot 3; docs/prover.md,
/// "Mem".)
#[test]
fn reads_may_share_a_timestamp_writes_may_not() {
    let mut c = honest();
    c.sent
        .extend([r(5, 11, u64::MAX), r(5, 11, u64::MAX), r(5, 11, u64::MAX)]);
    c.mem_accesses = c.sent.clone();
    run(&c, |_| {}).unwrap();
    // A write sharing the timestamp of the read before it.
    let mut c = honest();
    c.sent.extend([r(5, 11, u64::MAX), w(5, 11, 3)]);
    c.mem_accesses = c.sent.clone();
    assert!(rejected(&c, |_| {}));
    // Two writes at one timestamp.
    let mut c = honest();
    c.sent.extend([w(5, 12, 3), w(5, 12, 4)]);
    c.mem_accesses = c.sent.clone();
    assert!(rejected(&c, |_| {}));
}

#[test]
fn a_skipped_write_is_rejected() {
    let mut c = honest();
    c.mem_accesses.remove(3); // the write of 9 at (100, ts 4) vanishes from Mem
    assert!(rejected(&c, |_| {}));
    let mut c = honest();
    c.sent.remove(3); // Main claims no write, Mem has it
    assert!(rejected(&c, |_| {}));
}

#[test]
fn reordered_writes_are_rejected() {
    // Two writes to address 5 (ts 2 and 7) swap values: the read at ts 3 would see u64::MAX.
    let mut c = honest();
    c.mem_accesses[1].ts = 7;
    c.mem_accesses[6].ts = 2;
    assert!(rejected(&c, |_| {}));
    // Rows out of order in Mem's trace (swap two rows of one address).
    let c = honest();
    assert!(rejected(&c, |m| {
        let (a, b) = (2 * mc::WIDTH, 3 * mc::WIDTH);
        for k in 0..mc::WIDTH {
            m.values.swap(a + k, b + k);
        }
    }));
}

#[test]
fn wrong_or_dropped_initial_values_are_rejected() {
    // Mem's init row has another value (and the read agrees with it).
    let mut c = honest();
    c.mem_init[0].1 = 5;
    c.sent[0].value = 5;
    c.mem_accesses[0].value = 5;
    assert!(rejected(&c, |_| {}));
    // The init row is dropped and the first read claims 0.
    let mut c = honest();
    c.mem_init.remove(0);
    c.sent[0].value = 0;
    c.mem_accesses[0].value = 0;
    assert!(rejected(&c, |_| {}));
    // An unaccessed init word is dropped.
    let mut c = honest();
    c.mem_init.remove(1);
    assert!(rejected(&c, |_| {}));
    // A first read of a never-written word claims a non-zero value.
    let mut c = honest();
    c.sent[4].value = 3;
    c.mem_accesses[4].value = 3;
    assert!(rejected(&c, |_| {}));
}

#[test]
fn lying_flags_and_limbs_are_rejected() {
    // Mem's rows for the honest case, sorted by (address, timestamp), after the start carry row
    // 0: 1 (5,2,w) 2 (5,3,r) 3 (5,7,w) 4 (5,9,r) 5 (7,5,r) 6 (100,0,init) 7 (100,1,r)
    // 8 (100,4,w) 9 (100,6,r) 10 (101,0,init).
    let rows = mem_trace::<Val>(&honest().mem_accesses, &honest().mem_init).trace;
    let at = |row: usize, col: usize| rows.values[row * mc::WIDTH + col].as_canonical_u64();
    assert_eq!(
        (at(5, mc::ADDR8), at(5, mc::TS), at(5, mc::SAME)),
        (7, 5, 0)
    );
    assert_eq!(
        (at(2, mc::ADDR8), at(2, mc::TS), at(2, mc::SAME)),
        (5, 3, 1)
    );

    // Row 5 (address 7, its first access) claims to continue address 5.
    assert!(rejected(&honest(), |m| set(m, 5, mc::SAME, 1)));
    // Row 2 (address 5 again) claims a new address (the increase would be -1).
    assert!(rejected(&honest(), |m| set(m, 2, mc::SAME, 0)));
    // The read at row 2 claims to be a write, so that it may change the value.
    let mut c = honest();
    c.mem_accesses[2].value = 77;
    assert!(rejected(&c, |m| set(m, 2, mc::IS_WRITE, 1)));
    // An access claims to be an init row.
    assert!(rejected(&honest(), |m| set(m, 2, mc::IS_INIT, 1)));
    // A limb outside 16 bits with the sum kept right: row 3's increase (7 - 3 - 1 = 3) written
    // as D0 = 3 - 2^16, D1 = 1.
    assert!(rejected(&honest(), |m| {
        set(m, 3, mc::D1, 1);
        set(m, 3, mc::D0, Val::ORDER_U64 + 3 - (1 << 16));
    }));
    // A padding row in the middle.
    assert!(rejected(&honest(), |m| set(m, 3, mc::IS_REAL, 0)));
}

/// The first row is the carry row of the previous instance (here the verifier's start): its
/// state must be what the boundary sends, and its other columns are canonical.
#[test]
fn the_carry_row_is_the_start() {
    // Another carried state (the boundary still sends the start).
    for (col, v) in [(mc::ADDR8, 3), (mc::TS, 1), (mc::V_LO, 1), (mc::IS_REAL, 0)] {
        assert!(rejected(&honest(), |m| set(m, 0, col, v)), "column {col}");
    }
    // Non-canonical columns: an increase, a read, an init, `same`.
    for (col, v) in [
        (mc::D0, 1),
        (mc::IS_WRITE, 0),
        (mc::IS_INIT, 1),
        (mc::SAME, 1),
    ] {
        assert!(rejected(&honest(), |m| set(m, 0, col, v)), "column {col}");
    }
}

#[test]
fn a_padding_row_cannot_consume_an_init_word() {
    // Rows 0..11 as above, 11..16 padding. The init word (101, 7) moves to padding row 11, which
    // consumes it from the init bus and sends the write `(101, ts 0, 7)` that row 10, now a plain
    // write at timestamp 0, receives. Everything balances; only tying `is_init` to `is_real`
    // rejects it (until then, padding rows could consume init words and send writes).
    let c = honest();
    let rows = mem_trace::<Val>(&c.mem_accesses, &c.mem_init).trace;
    assert_eq!(rows.values.len() / mc::WIDTH, 16);
    assert_eq!(rows.values[11 * mc::WIDTH + mc::IS_REAL], Val::ZERO);
    assert!(rejected(&c, |m| {
        set(m, 10, mc::IS_INIT, 0);
        for (col, v) in [
            (mc::IS_INIT, 1),
            (mc::IS_WRITE, 1),
            (mc::ADDR8, 101),
            (mc::V_LO, 7),
        ] {
            set(m, 11, col, v);
        }
    }));
}

#[test]
fn a_range_multiplicity_off_by_one_is_rejected() {
    let c = honest();
    let mem = mem_trace::<Val>(&c.mem_accesses, &c.mem_init);
    let mut range = range_trace::<Val>(mem.range_values.clone());
    range.values[0] += Val::ONE;
    assert!(run_with_range(&c, range).is_err());
    let range = range_trace::<Val>(mem.range_values);
    run_with_range(&c, range).unwrap();
}

#[test]
fn rom_data_main_column_must_stay_zero() {
    assert!(prove_verify(&honest(), |_| {}, None, |m| m.values[0] = Val::ONE).is_err());
}

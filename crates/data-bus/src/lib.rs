//! The data bus: how Zirv's state machines talk.
//!
//! Every interaction but the ROM look-up ([`ROM_BUS`]) goes over **one** LogUp bus named [`BUS`], as ZisK does: Plonky3 0.9 gives
//! each distinct bus name its own extension-field column per table, while interactions on one
//! bus pack two per column in a degree-3 table (shared/plonky3-notes.md §7.5). Tuples carry a
//! leading bus id ([`BusId`]) and are zero-padded to [`TUPLE_WIDTH`] (all tuples on a bus must
//! have one width).
//!
//! | id | bus | sender (+) | receiver (-) | payload |
//! |---|---|---|---|---|
//! | 1 | ROM | Main: the instruction it executes | Rom: each ROM row, with its multiplicity | [`ROM_FIELDS`] |
//! | 2 | operation | Main: `(op, a, b, c, flag)` of external ops | Binary, Arith, Shift (each row proves one) | `op, a_lo, a_hi, b_lo, b_hi, c_lo, c_hi, flag` |
//! | 3 | memory | Main, MemAlign | Mem | `addr8, ts, is_write, v_lo, v_hi` |
//! | 4 | range | Mem, MemAlign, ALU machines | Range (0..2^16) | `value` |
//! | 5 | init | RomData (ELF data words, multiplicity exactly 1), InputData | Mem (init rows) | `addr8, v_lo, v_hi` |
//! | 6 | mem-align | Main: loads and stores | MemAlign | `addr, step, width, is_write, v_lo, v_hi` |
//! | 7 | bytes | MemAlign | 16-bit table | `b0, b1` |
//! | 8 | region | Main (addresses of loads and stores) | 16-bit table | `block, region, readable, writable` |
//! | 9 | logic | Binary (operand bytes) | 16-bit table | `x, y, x & y, x ^ y, x >> 7, y >> 7` |
//! | 10 | bytes-msb | Binary (result bytes) | 16-bit table | `x, y, x >> 7, y >> 7` |
//! | 11 | range-msb | Arith, Shift (top limbs) | 16-bit table | `v, v >> 15` |
//! | 12 | u4 | Arith (carries' high parts) | 16-bit table | `v, 1` (`v < 16`) |
//! | 13 | shamt | Shift (shift amounts) | 16-bit table | `v, (v >> 4) & 3, (v >> 4) & 1, 2^(v & 15)` |
//! | 14 | reg | Main: consumes the version each register access finds, produces the one it leaves | RegFile: produces initial versions, consumes final ones | `addr8, ts, v_lo, v_hi` |

/// The name of the one bus.
pub const BUS: &str = "zirv";

/// Which logical bus a tuple belongs to (its first field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum BusId {
    /// Main looks up the instruction at its pc in the ROM.
    Rom = 1,
    /// External operations, proven by the ALU machines.
    Operation = 2,
    /// Memory accesses: `[addr8, ts, is_write, v_lo, v_hi]` (aligned 8-byte words).
    Memory = 3,
    /// 16-bit range checks: `[value]`.
    Range = 4,
    /// Initial memory words: `[addr8, v_lo, v_hi]`.
    Init = 5,
    /// Loads and stores of any width and alignment, Main to MemAlign:
    /// `[addr, step, width, is_write, v_lo, v_hi]`.
    MemAlign = 6,
    /// Two bytes: `[b0, b1]` (both < 256), answered by the 16-bit table.
    Bytes = 7,
    /// The region of a 64 KiB block: `[block, region, readable, writable]` (block = addr >> 16).
    Region = 8,
    /// Two bytes with their and, xor and sign bits: `[x, y, x & y, x ^ y, x >> 7, y >> 7]`.
    Logic = 9,
    /// Two bytes with their sign bits: `[x, y, x >> 7, y >> 7]`.
    BytesMsb = 10,
    /// A 16-bit limb and its top bit: `[v, v >> 15]`.
    RangeMsb = 11,
    /// A value below 16: `[v, 1]`.
    U4 = 12,
    /// A shift amount's low limb `v` and its parts: `[v, (v >> 4) & 3, (v >> 4) & 1, 2^(v & 15)]`.
    Shamt = 13,
    /// Register versions (offline register check): `[addr8, ts, v_lo, v_hi]`.
    Reg = 14,
    /// Main's state across an instance boundary: `[pc, step]` (the next step's). Each Main
    /// instance's first row receives it, its last row sends it unless it is the exit or
    /// padding; the verifier sends the boot state `[START_PC, 0]` once.
    MainCont = 15,
    /// Mem's last row across an instance boundary: `[addr8, ts, v_lo, v_hi, is_real]`. Each
    /// Mem instance's first row (a carry row) receives it, its last row sends it; the verifier
    /// sends the start `[0, 0, 0, 0, 1]` and receives the end the proof names.
    MemCont = 16,
    /// A fixed table's rows: `[machine, fields...]`. A table machine's instance sends each
    /// row it uses; the table's anchor (its rows committed in the program id) receives each row
    /// once.
    Table = 17,
}

impl BusId {
    /// Every bus, in id order.
    pub const ALL: [BusId; 17] = [
        BusId::Rom,
        BusId::Operation,
        BusId::Memory,
        BusId::Range,
        BusId::Init,
        BusId::MemAlign,
        BusId::Bytes,
        BusId::Region,
        BusId::Logic,
        BusId::BytesMsb,
        BusId::RangeMsb,
        BusId::U4,
        BusId::Shamt,
        BusId::Reg,
        BusId::MainCont,
        BusId::MemCont,
        BusId::Table,
    ];

    /// Its name in the docs' bus inventory (docs/prover.md, "The bus").
    pub fn name(self) -> &'static str {
        match self {
            BusId::Rom => "rom",
            BusId::Operation => "operation",
            BusId::Memory => "memory",
            BusId::Range => "range",
            BusId::Init => "init",
            BusId::MemAlign => "mem-align",
            BusId::Bytes => "bytes",
            BusId::Region => "region",
            BusId::Logic => "logic",
            BusId::BytesMsb => "bytes-msb",
            BusId::RangeMsb => "range-msb",
            BusId::U4 => "u4",
            BusId::Shamt => "shamt",
            BusId::Reg => "reg",
            BusId::MainCont => "main-cont",
            BusId::MemCont => "mem-cont",
            BusId::Table => "table",
        }
    }
}

/// Timestamp of a step's memory slot: `4 * step + slot + 1` (slot 0: `a`, 1: `b`, 2: the old
/// value under a store, 3: the store). Timestamp 0 belongs to initial values.
pub fn timestamp(step: u64, slot: u64) -> u64 {
    4 * step + slot + 1
}

/// The timestamp at which the Output machine reads the final public-output words: after every
/// step (a proof holds fewer than 2^38 steps) and within Mem's 48-bit timestamp increments.
pub const FINAL_TS: u64 = 1 << 40;

/// The ROM tuple's payload, in order (after the bus id). Every field is one Goldilocks element.
///
/// - `pc`: the instruction's address.
/// - `a_imm`, `a_reg`, `a_mem`: one-hot source of `a`; `a_lo`, `a_hi`: the immediate split in
///   32-bit halves, or the word address (`addr8`) of the register or fixed address in `a_lo`.
/// - `b_imm`, `b_reg`, `b_mem`, `b_ind`: one-hot source of `b`; `b_lo`, `b_hi`: immediate or
///   indirect offset (two's complement) in 32-bit halves, or the word address as for `a`.
/// - `op`: the op code (`zirv_core::Op::code`).
/// - `d_reg`, `d_mem`, `d_ind`: destination kind (all zero: none); `d_lo`, `d_hi` as for `b`.
/// - `width`: bytes of the indirect access (1, 2, 4, 8).
/// - `store_pc`, `set_pc`: the flags of the ROM model.
/// - `jmp1`, `jmp2`: the signed jump offsets as field elements (`-k` is `p - k`).
pub const ROM_FIELDS: [&str; 23] = [
    "pc", "a_imm", "a_reg", "a_mem", "a_lo", "a_hi", "b_imm", "b_reg", "b_mem", "b_ind", "b_lo",
    "b_hi", "op", "d_reg", "d_mem", "d_ind", "d_lo", "d_hi", "width", "store_pc", "set_pc", "jmp1",
    "jmp2",
];

/// The ROM look-up's own bus: its tuples (the 23 ROM fields) are much wider than every other
/// bus's, and Plonky3 spends an extension-field multiply per tuple element per row, so padding
/// every tuple to the ROM's width cost about 15 % of proving time (measured on SHA-256).
pub const ROM_BUS: &str = "zirv-rom";

/// Fields of every tuple on [`BUS`]: the bus id and the widest payload (the operation bus's 8).
pub const TUPLE_WIDTH: usize = 1 + 8;

/// A ROM tuple (on [`ROM_BUS`]): the bus id and the 23 ROM fields.
pub fn rom_tuple<E: Clone>(id_value: E, fields: impl IntoIterator<Item = E>) -> Vec<E> {
    let mut t = vec![id_value];
    t.extend(fields);
    assert_eq!(
        t.len(),
        1 + ROM_FIELDS.len(),
        "a ROM tuple has every ROM field"
    );
    t
}

/// A tuple for `id` with `payload`, zero-padded to [`TUPLE_WIDTH`]; `zero` and `id_value` build
/// the padding and the id in the caller's expression type.
pub fn tuple<E: Clone>(id_value: E, payload: impl IntoIterator<Item = E>, zero: E) -> Vec<E> {
    let mut t = Vec::with_capacity(TUPLE_WIDTH);
    t.push(id_value);
    t.extend(payload);
    assert!(
        t.len() <= TUPLE_WIDTH,
        "bus payload of {} fields exceeds the tuple width {TUPLE_WIDTH}",
        t.len() - 1
    );
    t.resize(TUPLE_WIDTH, zero);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_are_padded_to_one_width() {
        assert_eq!(tuple(1u64, [7, 8], 0), {
            let mut v = vec![1, 7, 8];
            v.resize(TUPLE_WIDTH, 0);
            v
        });
        assert_eq!(tuple(1u64, vec![5; 8], 0).len(), TUPLE_WIDTH);
        assert_eq!(rom_tuple(1u64, vec![5; ROM_FIELDS.len()]).len(), 24);
    }

    /// The bus inventory in docs/prover.md ("The bus") is the code's: one row `| id | name |`
    /// per bus id, no other, and the tuple width the docs state.
    #[test]
    fn the_documented_bus_inventory_is_the_code() {
        let doc = include_str!("../../../docs/prover.md");
        let section = doc
            .split("## The bus")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("docs/prover.md has a bus section");
        let rows: Vec<(u32, String)> = section
            .lines()
            .filter_map(|l| {
                let mut cells = l.split('|').map(str::trim).skip(1);
                let id = cells.next()?.parse().ok()?;
                Some((id, cells.next()?.to_string()))
            })
            .collect();
        let code: Vec<(u32, String)> = BusId::ALL
            .iter()
            .map(|&b| (b as u32, b.name().to_string()))
            .collect();
        assert_eq!(rows, code);
        assert!(section.contains(&format!("`TUPLE_WIDTH` = {TUPLE_WIDTH}")));
        assert!(section.contains(&format!("{} ROM fields", ROM_FIELDS.len())));
    }

    #[test]
    #[should_panic(expected = "exceeds the tuple width")]
    fn oversized_payloads_are_refused() {
        let _ = tuple(1u64, vec![0; TUPLE_WIDTH], 0);
    }
}

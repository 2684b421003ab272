//! Main's columns. The first 23 are the ROM fields of the instruction executed (in the order of
//! [`zirv_data_bus::ROM_FIELDS`]; Main looks them up in the ROM), then the step's values and the
//! helpers its constraints need.

use zirv_data_bus::ROM_FIELDS;

/// The instruction's address.
pub const PC: usize = 0;
/// `a` source: immediate.
pub const A_IMM: usize = 1;
/// `a` source: register.
pub const A_REG: usize = 2;
/// `a` source: fixed address.
pub const A_MEM: usize = 3;
/// `a` field, low half (immediate, or the word address of the register / fixed address).
pub const A_LOF: usize = 4;
/// `a` field, high half.
pub const A_HIF: usize = 5;
/// `b` source: immediate.
pub const B_IMM: usize = 6;
/// `b` source: register.
pub const B_REG: usize = 7;
/// `b` source: fixed address.
pub const B_MEM: usize = 8;
/// `b` source: load at `a + offset`.
pub const B_IND: usize = 9;
/// `b` field, low half.
pub const B_LOF: usize = 10;
/// `b` field, high half.
pub const B_HIF: usize = 11;
/// The op code.
pub const OP: usize = 12;
/// Destination: register.
pub const D_REG: usize = 13;
/// Destination: fixed address.
pub const D_MEM: usize = 14;
/// Destination: store at `a + offset`.
pub const D_IND: usize = 15;
/// Destination field, low half.
pub const D_LOF: usize = 16;
/// Destination field, high half.
pub const D_HIF: usize = 17;
/// Width of the load or store.
pub const WIDTH: usize = 18;
/// Store `pc + jmp2` instead of `c`.
pub const STORE_PC: usize = 19;
/// Indirect jump.
pub const SET_PC: usize = 20;
/// Jump offset taken with `flag` (or added to `c`).
pub const JMP1: usize = 21;
/// Jump offset taken without `flag`.
pub const JMP2: usize = 22;

/// 1 on rows that execute a step, 0 on the padding after the exit.
pub const IS_STEP: usize = 23;
/// The step number (0 on the first row).
pub const STEP: usize = 24;
/// Operand `a`, low 32 bits.
pub const A_LO: usize = 25;
/// Operand `a`, high 32 bits.
pub const A_HI: usize = 26;
/// Operand `b`, low 32 bits.
pub const B_LO: usize = 27;
/// Operand `b`, high 32 bits.
pub const B_HI: usize = 28;
/// Result `c`, low 32 bits.
pub const C_LO: usize = 29;
/// Result `c`, high 32 bits.
pub const C_HI: usize = 30;
/// The flag.
pub const FLAG: usize = 31;
/// The stored value, low 32 bits (`c`, or `pc + jmp2` when `store_pc`).
pub const V_LO: usize = 32;
/// The stored value, high 32 bits.
pub const V_HI: usize = 33;
/// The next pc.
pub const NPC: usize = 34;
/// Indirect jumps: bit 0 of `c + jmp1`, cleared from the target.
pub const LOWBIT: usize = 35;
/// Indirect jumps: the carry (-1, 0, 1) out of the low half of `c + jmp1`.
pub const JCARRY: usize = 36;
/// Op selector: `flag`.
pub const IS_FLAG: usize = 37;
/// Op selector: `copyb`.
pub const IS_COPYB: usize = 38;
/// Op selector: `ecall`.
pub const IS_ECALL: usize = 39;
/// The exit `ecall` (the last step).
pub const IS_EXIT: usize = 40;
/// Op selector: an op proven by another machine (sent on the operation bus).
pub const IS_EXTERNAL: usize = 41;
/// Loads and stores: the offset added to `a`, low half (the `b` or destination field).
pub const OFF_LO: usize = 42;
/// Loads and stores: the offset, high half.
pub const OFF_HI: usize = 43;
/// Loads and stores: the carry out of the low half of `a + offset`.
pub const ACARRY: usize = 44;
/// The access address's low 16 bits (the address is below 2^32: its high half is proven 0).
pub const L0: usize = 45;
/// The access address's bits 16..32: its 64 KiB block.
pub const L1: usize = 46;
/// The address of the access's last byte, low 16 bits.
pub const E0: usize = 47;
/// The last byte's block.
pub const E1: usize = 48;
/// The region id of both blocks (the access must not span regions).
pub const RG: usize = 49;
/// The region is readable.
pub const RR: usize = 50;
/// The region is writable.
pub const RW: usize = 51;
/// The store is the UART byte port.
pub const IS_UART: usize = 52;
/// Register reads and writes (docs/prover.md, "Registers"): the age of the version each access
/// finds, `ts - 1 - ts_found`, in two 16-bit limbs, for the accesses of `a` (timestamp slot 0),
/// `b` (slot 1) and the destination (slot 3), in that order ([`age_col`]).
pub const AGE: usize = 53;
/// The destination register's value before the store (the version the write consumes), low.
/// For an `ecall` it is `a0` before the call: the exit code or the file descriptor.
pub const PV_LO: usize = AGE + 6;
/// The destination register's previous value, high half.
pub const PV_HI: usize = PV_LO + 1;
/// A precompile call (a sub-case of [`IS_EXTERNAL`]): `c` is the step, and the operation
/// tuple's flag field is `flag + 2` (docs/prover.md, "Precompiles").
pub const IS_PRECOMPILE: usize = PV_HI + 1;
/// Number of columns.
pub const WIDTH_COLS: usize = IS_PRECOMPILE + 1;

/// The first age column of the register access at timestamp slot `slot` (0, 1 or 3).
pub const fn age_col(slot: u64) -> usize {
    AGE + 2 * if slot == 3 { 2 } else { slot as usize }
}

/// Number of ROM fields at the start of the row.
pub const NUM_ROM_FIELDS: usize = ROM_FIELDS.len();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rom_fields_come_first_in_bus_order() {
        assert_eq!(NUM_ROM_FIELDS, IS_STEP);
        let named = [
            (PC, "pc"),
            (A_LOF, "a_lo"),
            (B_IND, "b_ind"),
            (OP, "op"),
            (D_HIF, "d_hi"),
            (WIDTH, "width"),
            (JMP2, "jmp2"),
        ];
        for (col, name) in named {
            assert_eq!(ROM_FIELDS[col], name);
        }
    }
}

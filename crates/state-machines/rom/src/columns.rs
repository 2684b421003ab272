//! The ROM's preprocessed columns: one row per ROM instruction, in the field order of
//! [`zirv_data_bus::ROM_FIELDS`], followed by `valid` (1 on real rows, 0 on padding).
//!
//! Encoding rules (the Main machine decodes the same way):
//! - one-hot source/destination flags; all destination flags 0 means "no destination";
//! - 64-bit values (immediates, fixed addresses, two's-complement offsets) as two 32-bit halves,
//!   so every field element is a canonical u32 and the encoding is injective;
//! - registers and fixed addresses as the **word address** (`addr8`, byte address / 8) of the
//!   memory word that holds them in the `_lo` field (`_hi` = 0): register `r` lives at
//!   `REG_BASE + 8 r` (docs/prover.md), so Main uses the field directly as a memory-bus address;
//! - jump offsets as field elements of the signed value (`-k` is `p - k`): Main computes the next
//!   pc as `pc + jmp` in the field, and every pc is below 2^32.

use p3_field::PrimeField64;
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::memmap::REG_BASE;
use zirv_core::rom::{ASrc, BSrc, Dest, Rom, RomInst};
use zirv_data_bus::ROM_FIELDS;

/// Fields per row of the ROM bus payload.
pub const NUM_FIELDS: usize = ROM_FIELDS.len();
/// Preprocessed width: the payload plus the `valid` flag.
pub const PREP_WIDTH: usize = NUM_FIELDS + 1;
/// Index of the `valid` column.
pub const VALID: usize = NUM_FIELDS;
/// The smallest ROM table height.
pub const MIN_HEIGHT: usize = 4;

fn split(v: u64) -> [u64; 2] {
    [v & 0xffff_ffff, v >> 32]
}

/// The memory word address of register `r`.
pub fn reg_addr8(r: u8) -> u64 {
    REG_BASE / 8 + r as u64
}

/// The word address of a VM-internal fixed address (8-byte aligned by construction).
fn fixed_addr8(addr: u64) -> [u64; 2] {
    assert!(
        addr.is_multiple_of(8),
        "fixed address {addr:#x} is not 8-byte aligned"
    );
    [addr / 8, 0]
}

/// The ROM bus payload of an instruction, as field elements.
pub fn encode_inst<F: PrimeField64>(i: &RomInst) -> [F; NUM_FIELDS] {
    let (a_kind, a_val) = match i.a {
        ASrc::Imm(v) => ([1, 0, 0], split(v)),
        ASrc::Reg(r) => ([0, 1, 0], [reg_addr8(r), 0]),
        ASrc::Mem(addr) => ([0, 0, 1], fixed_addr8(addr)),
    };
    let (b_kind, b_val) = match i.b {
        BSrc::Imm(v) => ([1, 0, 0, 0], split(v)),
        BSrc::Reg(r) => ([0, 1, 0, 0], [reg_addr8(r), 0]),
        BSrc::Mem(addr) => ([0, 0, 1, 0], fixed_addr8(addr)),
        BSrc::Ind(off) => ([0, 0, 0, 1], split(off as u64)),
    };
    let (d_kind, d_val) = match i.dest {
        Dest::None => ([0, 0, 0], [0, 0]),
        Dest::Reg(r) => ([1, 0, 0], [reg_addr8(r), 0]),
        Dest::Mem(addr) => ([0, 1, 0], fixed_addr8(addr)),
        Dest::Ind(off) => ([0, 0, 1], split(off as u64)),
    };
    let u = |v: u64| F::from_u64(v);
    let s = |v: i64| F::from_i64(v);
    [
        u(i.pc),
        u(a_kind[0]),
        u(a_kind[1]),
        u(a_kind[2]),
        u(a_val[0]),
        u(a_val[1]),
        u(b_kind[0]),
        u(b_kind[1]),
        u(b_kind[2]),
        u(b_kind[3]),
        u(b_val[0]),
        u(b_val[1]),
        u(i.op.code() as u64),
        u(d_kind[0]),
        u(d_kind[1]),
        u(d_kind[2]),
        u(d_val[0]),
        u(d_val[1]),
        u(i.width as u64),
        u(i.store_pc as u64),
        u(i.set_pc as u64),
        s(i.jmp1),
        s(i.jmp2),
    ]
}

/// The table's height for a program: the number of ROM instructions rounded up to a power of
/// two (at least [`MIN_HEIGHT`]).
pub fn table_height(rom: &Rom) -> usize {
    rom.insts.len().max(MIN_HEIGHT).next_power_of_two()
}

/// The preprocessed ROM table: row `i` is ROM instruction `i` (then all-zero padding rows
/// with `valid = 0`).
pub fn rom_table<F: PrimeField64>(rom: &Rom) -> RowMajorMatrix<F> {
    let h = table_height(rom);
    let mut values = F::zero_vec(h * PREP_WIDTH);
    for (row, inst) in values.chunks_exact_mut(PREP_WIDTH).zip(&rom.insts) {
        row[..NUM_FIELDS].copy_from_slice(&encode_inst::<F>(inst));
        row[VALID] = F::ONE;
    }
    RowMajorMatrix::new(values, PREP_WIDTH)
}

//! The ROM instruction model of architecture.md: `(c, flag) = op(a, b)`.
//!
//! One ROM instruction executes per step:
//! 1. `a` and `b` are read from their sources ([`ASrc`], [`BSrc`]); an indirect `b` reads `width`
//!    bytes at `a + offset` (zero-extended).
//! 2. `(c, flag) = op(a, b)` (see [`crate::op`]).
//! 3. The value `v = if store_pc { pc + jmp2 } else { c }` goes to `dest` ([`Dest`]); an indirect
//!    destination writes the low `width` bytes of `v` at `a + offset`.
//! 4. The next pc is `(c + jmp1) & !1` when `set_pc` (indirect jumps), else `pc + jmp1` when
//!    `flag`, else `pc + jmp2`.
//!
//! Registers x0..x31 are the RISC-V registers (x0 is never a destination: the transpiler drops
//! such stores). Three more registers belong to the VM: two temporaries for multi-step
//! expansions and the `lr`/`sc` reservation. They are part of the architectural state of a chunk
//! (they are saved and restored like the others) but no guest instruction names them.

use crate::op::Op;

/// First VM temporary register (multi-step expansions of AMOs, sc, CSRs).
pub const REG_TMP1: u8 = 32;
/// Second VM temporary register.
pub const REG_TMP2: u8 = 33;
/// The `lr`/`sc` reservation: the reserved address, or [`NO_RESERVATION`].
pub const REG_RES: u8 = 34;
/// Number of registers in the VM state.
pub const NUM_REGS: usize = 35;
/// The reservation register's value when nothing is reserved (not a valid aligned address).
pub const NO_RESERVATION: u64 = u64::MAX;

/// Where `a` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ASrc {
    /// A constant.
    Imm(u64),
    /// A register.
    Reg(u8),
    /// The 8-byte word at a fixed address (only transpiler-generated: the CSR file).
    Mem(u64),
}

/// Where `b` comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BSrc {
    /// A constant.
    Imm(u64),
    /// A register.
    Reg(u8),
    /// The 8-byte word at a fixed address (only transpiler-generated: the CSR file).
    Mem(u64),
    /// `width` bytes at `a + offset`, zero-extended (loads).
    Ind(i64),
}

/// Where the result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dest {
    /// Nowhere.
    None,
    /// A register (never x0).
    Reg(u8),
    /// The 8-byte word at a fixed address (only transpiler-generated: the CSR file).
    Mem(u64),
    /// The low `width` bytes at `a + offset` (stores).
    Ind(i64),
}

/// Where a ROM instruction came from, for messages and statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Address of the RISC-V instruction (or of the boot-ROM slot).
    pub riscv_pc: u64,
    /// The RISC-V instruction bits (16-bit forms zero-extended); 0 for boot-ROM code.
    pub raw: u32,
    /// Whether this ROM instruction is the first step of its RISC-V instruction.
    pub first: bool,
    /// Whether it belongs to the generated boot ROM rather than to the program.
    pub boot: bool,
}

/// One ROM instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RomInst {
    /// Its address.
    pub pc: u64,
    /// Source of `a`.
    pub a: ASrc,
    /// Source of `b`.
    pub b: BSrc,
    /// The operation.
    pub op: Op,
    /// Destination of the result.
    pub dest: Dest,
    /// Width in bytes (1, 2, 4, 8) of the indirect access (`b` or `dest`).
    pub width: u8,
    /// Store `pc + jmp2` (a return address) instead of `c`.
    pub store_pc: bool,
    /// Indirect jump: the next pc is `(c + jmp1) & !1`.
    pub set_pc: bool,
    /// Offset taken when `flag` is set (or added to `c` when `set_pc`).
    pub jmp1: i64,
    /// Offset taken when `flag` is clear.
    pub jmp2: i64,
    /// Where it came from.
    pub origin: Origin,
}

impl RomInst {
    /// The next pc for a given `c` and `flag`.
    #[inline(always)]
    pub fn next_pc(&self, c: u64, flag: bool) -> u64 {
        if self.set_pc {
            c.wrapping_add(self.jmp1 as u64) & !1
        } else if flag {
            self.pc.wrapping_add(self.jmp1 as u64)
        } else {
            self.pc.wrapping_add(self.jmp2 as u64)
        }
    }
}

/// An initialised memory range (a loaded segment's file bytes; the rest of memory is zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemInit {
    /// First address.
    pub addr: u64,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A transpiled program: the ROM instructions and the initial memory image.
#[derive(Clone, Debug)]
pub struct Rom {
    /// Boot ROM (and expansion slots) first, at `BOOT_ADDR + 4 * i`, then program code.
    pub insts: Vec<RomInst>,
    /// How many of `insts` live in the boot area (boot code and expansion slots).
    pub boot_len: usize,
    /// First address covered by `code_index`.
    pub code_start: u64,
    /// For each halfword from `code_start`, the index in `insts` (or `u32::MAX`).
    pub code_index: Vec<u32>,
    /// The ELF entry point.
    pub elf_entry: u64,
    /// The initial memory: every loaded segment's file bytes (code included: ROM is readable).
    pub memory: Vec<MemInit>,
    /// The executable ranges `[start, end)` of the program (for messages).
    pub code_ranges: Vec<(u64, u64)>,
}

impl Rom {
    /// The pc where execution starts.
    pub const ENTRY_PC: u64 = crate::memmap::BOOT_ADDR;

    /// The index of the instruction at `pc`, if there is one.
    #[inline(always)]
    pub fn index_of(&self, pc: u64) -> Option<usize> {
        let off = pc.wrapping_sub(self.code_start);
        if off & 1 == 0
            && let Some(&i) = self.code_index.get((off >> 1) as usize)
        {
            return (i != u32::MAX).then_some(i as usize);
        }
        let boff = pc.wrapping_sub(crate::memmap::BOOT_ADDR);
        if boff & 3 == 0 && ((boff >> 2) as usize) < self.boot_len {
            return Some((boff >> 2) as usize);
        }
        None
    }

    /// The instruction at `pc`.
    pub fn get(&self, pc: u64) -> Option<&RomInst> {
        self.index_of(pc).map(|i| &self.insts[i])
    }
}

//! Zirv core: everything about a program that does not depend on running it.
//!
//! - [`memmap`]: the guest memory map (abi.md).
//! - [`elf`]: ELF loading and validation.
//! - [`decode`]: the RV64IMAC + Zicsr + Zifencei decoder, compressed forms included.
//! - [`op`]: the op table, the single source of truth for op semantics.
//! - [`rom`]: the ROM instruction model `(c, flag) = op(a, b)`.
//! - [`transpile`]: ELF -> ROM, with the generated boot ROM.
//! - [`event`]: what one executed step produced (the emulator's replay hands these to witness
//!   generation).

pub mod decode;
pub mod elf;
pub mod event;
pub mod memmap;
pub mod op;
pub mod rom;
pub mod transpile;

pub use elf::{ElfError, ElfProgram, load_elf};
pub use op::{Op, OpKind};
pub use rom::{ASrc, BSrc, Dest, Rom, RomInst};
pub use transpile::{transpile, transpile_elf};

//! The memory machines (docs/prover.md).
//!
//! - [`MemAir`]: **given** the accesses on the memory bus (aligned 8-byte words, each with a
//!   timestamp) and the initial words on the init bus, **it proves** that every read returns the
//!   last value written to its address, or the address's initial value (0 unless an init word
//!   provides one). Rows are sorted by (address, timestamp).
//! - [`RomDataAir`]: the ELF's initialised data words, a preprocessed table that provides each
//!   word on the init bus exactly once (so no initial value can be dropped or replaced).

pub mod air;
pub mod columns;
pub mod rom_data;
pub mod trace;

pub use air::MemAir;
pub use rom_data::{RomDataAir, rom_data_words};
pub use trace::{Access, MemTrace, mem_trace};

//! The memory machines (docs/prover.md).
//!
//! - [`MemAir`]: **given** the accesses on the memory bus (aligned 8-byte words, each with a
//!   timestamp) and the initial words on the init bus, **it proves** that every read returns the
//!   last value written to its address, or the address's initial value (0 unless an init word
//!   provides one). Rows are sorted by (address, timestamp).
//! - [`RomDataAir`]: the ELF's initialised data words, a preprocessed table that provides each
//!   word on the init bus exactly once (so no initial value can be dropped or replaced).
//! - [`InputDataAir`]: the input's words (the prover's private witness) as initial values of
//!   INPUT.
//! - [`MemAlignAir`]: loads and stores of any width and alignment on aligned words.
//! - [`OutputAir`]: the final values of the 32 output words, bound to the public values.

pub mod air;
pub mod align;
pub mod columns;
pub mod input_data;
pub mod output;
pub mod reg_file;
pub mod rom_data;
pub mod trace;

pub use air::MemAir;
pub use align::{AlignRequest, MemAlignAir, align_trace};
pub use input_data::{InputDataAir, input_trace, input_words};
pub use output::{OutputAir, output_trace};
pub use reg_file::{RegFileAir, reg_file_trace};
pub use rom_data::{RomDataAir, rom_data_words};
pub use trace::{Access, MemRow, MemTrace, carry_of, mem_instance, mem_rows, mem_trace};

//! What one executed step produced: its values, its memory access and where it went next.
//!
//! The emulator produces these when it replays a chunk, and witness generation and the state
//! machines consume them to fill their rows. They live here, below both, so that the machine
//! crates (and the verifier, which builds on their AIRs) do not depend on the emulator.

use crate::rom::RomInst;

/// What happens after a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Continue at this pc.
    Next(u64),
    /// The guest exited with this code.
    Exit(u64),
}

/// The values of one executed step: its operands, result, the value it stored, and where it
/// went next. Witness generation builds Main's row from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepValues {
    /// Operand `a`.
    pub a: u64,
    /// Operand `b` (for loads: the zero-extended loaded value).
    pub b: u64,
    /// The result `c`.
    pub c: u64,
    /// The flag.
    pub flag: bool,
    /// The value stored to the destination (`pc + jmp2` when `store_pc`, else `c`).
    pub stored: u64,
    /// What happens next.
    pub flow: Flow,
}

/// A guest load or store as replay saw it: the address, width, and the aligned words under it
/// before the access (`words[1]` only when it crosses into a second word; neither for an
/// aligned 8-byte store, which reads nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemEvent {
    /// Byte address.
    pub addr: u64,
    /// Width in bytes.
    pub width: u8,
    /// Store or load.
    pub is_write: bool,
    /// The loaded value (zero-extended) or the value whose low bytes are stored.
    pub value: u64,
    /// The words under the access before it.
    pub words: [u64; 2],
}

/// One aligned 8-byte word a precompile call read or wrote (abi.md, "Precompiles").
///
/// A precompile step reports its memory accesses here, not in [`StepEvent::mem`] (which is
/// `None` for it): every read first, in the order the call made them (for a call with a
/// parameter struct, its pointer words come first, then each operand's words from the lowest
/// address up), then every write in order. All of them happen at the step's timestamp; the
/// witness generator sends them on the memory bus as reads and writes of that step. Every word
/// is 8-byte aligned and whole, so no read-modify-write is involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrecompileAccess {
    /// The aligned word's address.
    pub addr: u64,
    /// The value read, or the value written.
    pub value: u64,
    /// Write (result) or read (operand or parameter).
    pub is_write: bool,
}

/// One precompile call as witness generation hands it to the machine that proves it: the op,
/// the step (its memory accesses are at that step's timestamps: reads at slot 1, writes at
/// slot 3), the operands `a` and `b` Main sent (a one-operand call has its pointer in `b` and
/// `a = 0`), and its memory accesses in the order of [`PrecompileAccess`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrecompileCall {
    /// The precompile.
    pub op: crate::op::Op,
    /// The step (Main's row) that made the call.
    pub step: u64,
    /// Operand `a` (`rs1` of a two-operand call, else 0).
    pub a: u64,
    /// Operand `b` (the pointer of a one-operand call, `rs2` of a two-operand call).
    pub b: u64,
    /// Every word read, then every word written.
    pub accesses: Vec<PrecompileAccess>,
}

impl PrecompileCall {
    /// The values read, in order.
    pub fn reads(&self) -> impl Iterator<Item = u64> + '_ {
        self.accesses
            .iter()
            .filter(|a| !a.is_write)
            .map(|a| a.value)
    }
    /// The values written, in order.
    pub fn writes(&self) -> impl Iterator<Item = u64> + '_ {
        self.accesses.iter().filter(|a| a.is_write).map(|a| a.value)
    }
}

/// One replayed step, handed to the callback of [`replay_chunk_with`].
#[derive(Clone, Copy, Debug)]
pub struct StepEvent<'a> {
    /// Global step number.
    pub step: u64,
    /// Index of the instruction in the ROM.
    pub index: usize,
    /// The instruction.
    pub inst: &'a RomInst,
    /// Its values.
    pub values: StepValues,
    /// The guest load or store of the step, if any (`None` for precompile steps).
    pub mem: Option<MemEvent>,
    /// A precompile step's memory accesses (see [`PrecompileAccess`]); empty for other steps.
    pub precompile: &'a [PrecompileAccess],
}

//! Errors that stop a run. Every variant names the RISC-V pc of the instruction at fault and,
//! where there is one, the address.

use thiserror::Error;

/// Why the VM stopped without the guest exiting.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum VmError {
    /// A load from an address the guest may not read.
    #[error(
        "load of {width} byte(s) from {addr:#x} ({region}) at pc {pc:#x}: address is not readable"
    )]
    Load {
        /// RISC-V pc of the load.
        pc: u64,
        /// The first address accessed.
        addr: u64,
        /// Bytes accessed.
        width: u8,
        /// The region of the address.
        region: &'static str,
    },
    /// A store to an address the guest may not write (unmapped, ROM, INPUT, SYS).
    #[error(
        "store of {width} byte(s) to {addr:#x} ({region}) at pc {pc:#x}: address is not writable"
    )]
    Store {
        /// RISC-V pc of the store.
        pc: u64,
        /// The first address accessed.
        addr: u64,
        /// Bytes accessed.
        width: u8,
        /// The region of the address.
        region: &'static str,
    },
    /// A jump to an address where there is no instruction.
    #[error("jump outside code at pc {pc:#x}: target {target:#x} is not an instruction")]
    JumpOutsideCode {
        /// RISC-V pc of the jump.
        pc: u64,
        /// The target address.
        target: u64,
    },
    /// An instruction that does not decode (or a write to a read-only CSR).
    #[error("illegal instruction {raw:#010x} at pc {pc:#x}")]
    IllegalInstruction {
        /// RISC-V pc.
        pc: u64,
        /// The instruction bits.
        raw: u32,
    },
    /// An `ecall` with a number other than exit (93) and write (64).
    #[error("unsupported ecall {number} (a7) at pc {pc:#x}")]
    UnsupportedEcall {
        /// RISC-V pc.
        pc: u64,
        /// The value of a7.
        number: u64,
    },
    /// A `write` ecall to a descriptor other than 1 and 2.
    #[error("write ecall to unsupported file descriptor {fd} at pc {pc:#x} (only 1 and 2 exist)")]
    BadFd {
        /// RISC-V pc.
        pc: u64,
        /// The descriptor (a0).
        fd: u64,
    },
    /// A precompile call that breaks its precondition (abi.md, "Precompiles"). Boxed, so that
    /// every `Result<_, VmError>` stays small.
    #[error(transparent)]
    Precompile(Box<PrecompileError>),
    /// The step limit was reached before the guest exited.
    #[error("step limit of {limit} reached at pc {pc:#x} without the guest exiting")]
    StepLimit {
        /// The limit.
        limit: u64,
        /// The pc of the next instruction.
        pc: u64,
    },
}

/// A precompile call that breaks its precondition: which precompile, where, which operand, what.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("precompile {csr:#x} ({name}) at pc {pc:#x}: operand `{operand}`: {fault}")]
pub struct PrecompileError {
    /// RISC-V pc of the call (the `csrs`).
    pub pc: u64,
    /// The precompile's CSR number.
    pub csr: u16,
    /// The precompile's name.
    pub name: &'static str,
    /// The operand at fault, as docs/guest.md names it (`state`, `params`, `a`, `b`, `c`, `m`,
    /// `d`, `dl`, `dh`, `p1`, `p2`, `p`, `block`).
    pub operand: &'static str,
    /// What is wrong with it.
    pub fault: PrecompileFault,
}

/// What is wrong with a precompile operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PrecompileFault {
    /// A pointer that is not 8-byte aligned.
    #[error("pointer {addr:#x} is not 8-byte aligned")]
    Unaligned {
        /// The pointer.
        addr: u64,
    },
    /// A word the guest may not read.
    #[error("{addr:#x} ({region}) is not readable")]
    Unreadable {
        /// The first unreadable word's address.
        addr: u64,
        /// Its region.
        region: &'static str,
    },
    /// A result word the guest may not write.
    #[error("{addr:#x} ({region}) is not writable")]
    Unwritable {
        /// The first unwritable word's address.
        addr: u64,
        /// Its region.
        region: &'static str,
    },
    /// An operand whose words lie in two regions (as a load may not: INPUT and the program ROM
    /// are both readable but adjacent, and the stack, OUTPUT and data count as one).
    #[error("the operand runs from {first} into {last}: an operand must lie in one region")]
    SpansRegions {
        /// The region of its first word.
        first: &'static str,
        /// The region of its last word.
        last: &'static str,
    },
    /// arith256's two results overlap (the proof writes each word once per call).
    #[error("dl and dh overlap: the two results must be different words")]
    OverlappingOutputs,
    /// arith256_mod with `m = 0`.
    #[error("the modulus is zero")]
    ZeroModulus,
    /// A coordinate not below the field prime.
    #[error("a coordinate is not below the field prime (not canonical)")]
    NotCanonical,
    /// A point not on secp256k1.
    #[error("the point is not on the curve y^2 = x^3 + 7")]
    NotOnCurve,
    /// secp256k1 add of a point to itself.
    #[error("p1 = p2: adding a point to itself is a double (CSR 0x804)")]
    EqualPoints,
    /// secp256k1 add of a point and its negation.
    #[error("p1 = -p2: the sum is the point at infinity, which has no affine form")]
    OppositePoints,
}

/// Why an input file was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum InputError {
    /// The bytes are not a whole number of `[u64 length][payload padded to 8]` records.
    #[error("input is not a whole number of records: {what} at byte offset {offset}")]
    Framing {
        /// What is wrong.
        what: String,
        /// Byte offset in the input.
        offset: usize,
    },
    /// More input than the INPUT region holds.
    #[error("input of {len} bytes does not fit in the INPUT region ({max} bytes)")]
    TooLarge {
        /// Input length.
        len: usize,
        /// Capacity.
        max: u64,
    },
}

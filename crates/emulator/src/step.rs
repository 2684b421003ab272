//! The semantics of one ROM instruction, written once over a [`DataPort`].
//!
//! The emulator's generic path runs it against real memory, and chunk replay runs it against a
//! recorded trace: two users of one definition, so a replayed chunk follows exactly the rules the
//! emulator followed. The emulator's specialised fast paths (see `machine.rs`) are checked
//! against this function by the replay tests, which run every test program both ways.

use crate::error::VmError;
use zirv_core::event::{Flow, PrecompileAccess, StepValues};
use zirv_core::op::{Op, OpKind};
use zirv_core::rom::{ASrc, BSrc, Dest, RomInst};
use zirv_core::transpile::{SYS_EXIT, SYS_WRITE};

/// Register file length: x0..x31, the VM registers, and a write-only sink (index 63) that
/// stands for "no destination" in the fast path.
pub const REGS_LEN: usize = 64;
/// The sink register.
pub const SINK: u8 = 63;

/// The register file.
pub type Regs = [u64; REGS_LEN];

/// Memory and I/O as one instruction sees them.
pub trait DataPort {
    /// A guest load of `w` bytes at `addr`, zero-extended.
    fn load(&mut self, inst: &RomInst, addr: u64, w: u8) -> Result<u64, VmError>;
    /// A guest store of the low `w` bytes of `v` at `addr`.
    fn store(&mut self, inst: &RomInst, addr: u64, w: u8, v: u64) -> Result<(), VmError>;
    /// A VM-internal 8-byte load at a fixed aligned address (the CSR file).
    fn load_vm(&mut self, addr: u64) -> u64;
    /// A VM-internal 8-byte store at a fixed aligned address.
    fn store_vm(&mut self, addr: u64, v: u64);
    /// The `write` ecall: `len` bytes at `addr` to descriptor `fd`.
    fn write(&mut self, inst: &RomInst, fd: u64, addr: u64, len: u64) -> Result<(), VmError>;
    /// Whether a guest store of `w` bytes at `addr` would be allowed (precompile results are
    /// checked before any is written).
    fn writable(&self, addr: u64, w: u8) -> bool;
    /// Told of each word a precompile call read or wrote, in order (after the access).
    fn precompile_access(&mut self, _access: PrecompileAccess) {}
}

/// Executes one ROM instruction.
#[inline]
pub fn step<P: DataPort>(inst: &RomInst, regs: &mut Regs, port: &mut P) -> Result<Flow, VmError> {
    step_values(inst, regs, port).map(|v| v.flow)
}

/// Executes one ROM instruction and returns its values.
#[inline]
pub fn step_values<P: DataPort>(
    inst: &RomInst,
    regs: &mut Regs,
    port: &mut P,
) -> Result<StepValues, VmError> {
    let a = match inst.a {
        ASrc::Imm(v) => v,
        ASrc::Reg(r) => regs[r as usize],
        ASrc::Mem(addr) => port.load_vm(addr),
    };
    let b = match inst.b {
        BSrc::Imm(v) => v,
        BSrc::Reg(r) => regs[r as usize],
        BSrc::Mem(addr) => port.load_vm(addr),
        BSrc::Ind(off) => port.load(inst, a.wrapping_add(off as u64), inst.width)?,
    };
    let (c, flag) = match inst.op.kind() {
        OpKind::System => match inst.op {
            Op::Ecall => match a {
                SYS_EXIT => {
                    return Ok(StepValues {
                        a,
                        b,
                        c: b,
                        flag: false,
                        stored: b,
                        flow: Flow::Exit(regs[10]),
                    });
                }
                SYS_WRITE => {
                    port.write(inst, regs[10], regs[11], regs[12])?;
                    inst.op.eval(a, b)
                }
                number => {
                    return Err(VmError::UnsupportedEcall {
                        pc: inst.origin.riscv_pc,
                        number,
                    });
                }
            },
            _ => {
                return Err(VmError::IllegalInstruction {
                    pc: inst.origin.riscv_pc,
                    raw: b as u32,
                });
            }
        },
        OpKind::Precompile => {
            crate::precompiles::execute(inst, a, b, port)?;
            inst.op.eval(a, b)
        }
        _ => inst.op.eval(a, b),
    };
    let v = if inst.store_pc {
        inst.pc.wrapping_add(inst.jmp2 as u64)
    } else {
        c
    };
    match inst.dest {
        Dest::None => {}
        Dest::Reg(r) => regs[r as usize] = v,
        Dest::Mem(addr) => port.store_vm(addr, v),
        Dest::Ind(off) => port.store(inst, a.wrapping_add(off as u64), inst.width, v)?,
    }
    Ok(StepValues {
        a,
        b,
        c,
        flag,
        stored: v,
        flow: Flow::Next(inst.next_pc(c, flag)),
    })
}

/// The aligned 8-byte words an access of `w` bytes at `addr` touches: one, or two when it
/// crosses an 8-byte boundary.
#[inline(always)]
pub fn words_touched(addr: u64, w: u8) -> (u64, bool) {
    let a8 = addr & !7;
    (a8, (addr & 7) + w as u64 > 8)
}

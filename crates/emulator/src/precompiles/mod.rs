//! The precompiles of abi.md ("Precompiles"), executed over a [`DataPort`] like every other
//! step, so the emulator runs them against real memory and chunk replay against the trace.
//!
//! A call's memory accesses are aligned 8-byte guest loads and stores through the port: the
//! same region checks as `ld`/`sd`, and trace mode records every word read (in order, like a
//! load's) and nothing for the writes (whole aligned words), so a chunk replays on its own.
//! Order: every input word is read first (for a call with a parameter struct its pointer words,
//! then each operand from its lowest address up, in the order of the layout), then every output
//! is checked writable, then the results are written; so outputs may overlap inputs. The port
//! is told of each access ([`DataPort::precompile_access`]), which replay hands to the witness
//! generator as [`zirv_core::event::PrecompileAccess`]es.
//!
//! Operands: a one-operand call (`csrs CSR, rs`) has the pointer in `b` (`a = 0`); a
//! two-operand call (`csrs CSR, rs1; add x0, rs2, x0`) has `a = rs1`, `b = rs2`.

pub mod arith;
pub mod keccak;
pub mod secp256k1;
pub mod sha256;

use crate::error::{PrecompileError, PrecompileFault, VmError};
use crate::step::DataPort;
use secp256k1::Point;
use zirv_core::event::PrecompileAccess;
use zirv_core::memmap::Region;
use zirv_core::op::Op;
use zirv_core::rom::RomInst;

/// One call in progress: the instruction and the port.
struct Call<'a, P> {
    inst: &'a RomInst,
    port: &'a mut P,
}

impl<P: DataPort> Call<'_, P> {
    fn fault(&self, operand: &'static str, fault: PrecompileFault) -> VmError {
        VmError::Precompile(Box::new(PrecompileError {
            pc: self.inst.origin.riscv_pc,
            csr: self.inst.op.precompile_csr().unwrap_or(0),
            name: self.inst.op.name(),
            operand,
            fault,
        }))
    }

    fn aligned(&self, operand: &'static str, addr: u64) -> Result<(), VmError> {
        if addr & 7 != 0 {
            return Err(self.fault(operand, PrecompileFault::Unaligned { addr }));
        }
        Ok(())
    }

    /// Checks that the `n` words at `addr` lie in one region class (as a load must; the proof
    /// checks the class of the operand's first and last block).
    fn one_region(&self, operand: &'static str, addr: u64, n: usize) -> Result<(), VmError> {
        let (first, last) = (
            Region::of(addr),
            Region::of(addr.wrapping_add(8 * n as u64 - 1)),
        );
        if first.class() != last.class() {
            let (first, last) = (first.name(), last.name());
            return Err(self.fault(operand, PrecompileFault::SpansRegions { first, last }));
        }
        Ok(())
    }

    /// Reads `N` words at `addr` (8-byte aligned, readable, in one region).
    fn read<const N: usize>(
        &mut self,
        operand: &'static str,
        addr: u64,
    ) -> Result<[u64; N], VmError> {
        self.aligned(operand, addr)?;
        let mut out = [0u64; N];
        for (i, w) in out.iter_mut().enumerate() {
            let a = addr.wrapping_add(8 * i as u64);
            let unreadable = || {
                let region = Region::of(a).name();
                PrecompileFault::Unreadable { addr: a, region }
            };
            if a < addr {
                return Err(self.fault(operand, unreadable()));
            }
            *w = match self.port.load(self.inst, a, 8) {
                Ok(v) => v,
                Err(_) => return Err(self.fault(operand, unreadable())),
            };
            self.port.precompile_access(PrecompileAccess {
                addr: a,
                value: *w,
                is_write: false,
            });
        }
        self.one_region(operand, addr, N)?;
        Ok(out)
    }

    /// Checks that `n` words at `addr` are aligned and writable.
    fn check_writable(
        &mut self,
        operand: &'static str,
        addr: u64,
        n: usize,
    ) -> Result<(), VmError> {
        self.aligned(operand, addr)?;
        for i in 0..n as u64 {
            let a = addr.wrapping_add(8 * i);
            if a < addr || !self.port.writable(a, 8) {
                let region = Region::of(a).name();
                return Err(self.fault(operand, PrecompileFault::Unwritable { addr: a, region }));
            }
        }
        Ok(())
    }

    /// Writes `words` at `addr` (checked by [`Call::check_writable`] before).
    fn write(&mut self, operand: &'static str, addr: u64, words: &[u64]) -> Result<(), VmError> {
        for (i, &v) in words.iter().enumerate() {
            let a = addr + 8 * i as u64;
            if self.port.store(self.inst, a, 8, v).is_err() {
                let region = Region::of(a).name();
                return Err(self.fault(operand, PrecompileFault::Unwritable { addr: a, region }));
            }
            self.port.precompile_access(PrecompileAccess {
                addr: a,
                value: v,
                is_write: true,
            });
        }
        Ok(())
    }
}

/// Executes the precompile call `inst` with operands `a` and `b` (see the module docs).
pub fn execute<P: DataPort>(inst: &RomInst, a: u64, b: u64, port: &mut P) -> Result<(), VmError> {
    let mut call = Call { inst, port };
    match inst.op {
        Op::Keccakf => {
            let mut state: [u64; 25] = call.read("state", b)?;
            call.check_writable("state", b, 25)?;
            keccak::keccakf(&mut state);
            call.write("state", b, &state)
        }
        Op::Sha256f => {
            let words: [u64; 4] = call.read("state", a)?;
            let block_words: [u64; 8] = call.read("block", b)?;
            call.check_writable("state", a, 4)?;
            let mut state: [u32; 8] =
                std::array::from_fn(|i| (words[i / 2] >> (32 * (i % 2))) as u32);
            let mut block = [0u8; 64];
            for (chunk, w) in block.chunks_exact_mut(8).zip(block_words) {
                chunk.copy_from_slice(&w.to_le_bytes());
            }
            sha256::compress(&mut state, &block);
            let out: [u64; 4] =
                std::array::from_fn(|i| state[2 * i] as u64 | (state[2 * i + 1] as u64) << 32);
            call.write("state", a, &out)
        }
        Op::Arith256 => {
            let [pa, pb, pc, pdl, pdh]: [u64; 5] = call.read("params", b)?;
            let x: [u64; 4] = call.read("a", pa)?;
            let y: [u64; 4] = call.read("b", pb)?;
            let z: [u64; 4] = call.read("c", pc)?;
            call.check_writable("dl", pdl, 4)?;
            call.check_writable("dh", pdh, 4)?;
            if pdl.abs_diff(pdh) < 32 {
                return Err(call.fault("dh", PrecompileFault::OverlappingOutputs));
            }
            let (dl, dh) = arith::mul_add(&x, &y, &z);
            call.write("dl", pdl, &dl)?;
            call.write("dh", pdh, &dh)
        }
        Op::Arith256Mod => {
            let [pa, pb, pc, pm, pd]: [u64; 5] = call.read("params", b)?;
            let x: [u64; 4] = call.read("a", pa)?;
            let y: [u64; 4] = call.read("b", pb)?;
            let z: [u64; 4] = call.read("c", pc)?;
            let m: [u64; 4] = call.read("m", pm)?;
            call.check_writable("d", pd, 4)?;
            let d = arith::mul_add_mod(&x, &y, &z, &m)
                .ok_or_else(|| call.fault("m", PrecompileFault::ZeroModulus))?;
            call.write("d", pd, &d)
        }
        Op::Secp256k1Add => {
            let p1: [u64; 8] = call.read("p1", a)?;
            let p2: [u64; 8] = call.read("p2", b)?;
            call.check_writable("p1", a, 8)?;
            let (p1, p2) = (Point::from_words(&p1), Point::from_words(&p2));
            let sum = secp256k1::point_add(&p1, &p2).map_err(|f| {
                // Name the point at fault: p1 unless only p2 is bad.
                let which = match f {
                    PrecompileFault::NotCanonical | PrecompileFault::NotOnCurve
                        if secp256k1::point_double(&p1).is_ok() =>
                    {
                        "p2"
                    }
                    _ => "p1",
                };
                call.fault(which, f)
            })?;
            call.write("p1", a, &sum.words())
        }
        Op::Secp256k1Dbl => {
            let p: [u64; 8] = call.read("p", b)?;
            call.check_writable("p", b, 8)?;
            let d =
                secp256k1::point_double(&Point::from_words(&p)).map_err(|f| call.fault("p", f))?;
            call.write("p", b, &d.words())
        }
        _ => unreachable!(
            "execute is only called for precompile ops, not {:?}",
            inst.op
        ),
    }
}

//! The calls themselves: `csrs` with the operand pointers (abi.md). The asm blocks may read and
//! write memory (no `nomem`/`readonly`), so the compiler keeps the operands in memory around
//! them.

use super::{Point, U256};
use core::arch::asm;

pub fn keccakf(state: &mut [u64; 25]) {
    // SAFETY: `state` is 200 writable, 8-byte aligned bytes; the call rewrites them in place.
    unsafe { asm!("csrs 0x800, {0}", in(reg) state.as_mut_ptr(), options(nostack)) }
}

pub fn sha256f(state: &mut [u32; 8], block: &[u8; 64]) {
    // SAFETY: both are 8-byte aligned (checked by the caller, or its wrapper types); the pair
    // is one call.
    unsafe {
        asm!(
            ".option push",
            ".option norvc",
            "csrs 0x805, {0}",
            "add x0, {1}, x0",
            ".option pop",
            in(reg) state.as_mut_ptr(),
            in(reg) block.as_ptr(),
            options(nostack)
        )
    }
}

#[repr(C, align(8))]
struct Params5([*const u64; 5]);

pub fn arith256(a: &U256, b: &U256, c: &U256) -> (U256, U256) {
    let mut dl = [0u64; 4];
    let mut dh = [0u64; 4];
    let params = Params5([
        a.as_ptr(),
        b.as_ptr(),
        c.as_ptr(),
        dl.as_mut_ptr(),
        dh.as_mut_ptr(),
    ]);
    // SAFETY: every pointer is a live, 8-byte aligned [u64; 4]; dl and dh are writable.
    unsafe { asm!("csrs 0x801, {0}", in(reg) params.0.as_ptr(), options(nostack)) }
    (dl, dh)
}

pub fn arith256_mod(a: &U256, b: &U256, c: &U256, m: &U256) -> U256 {
    let mut d = [0u64; 4];
    let params = Params5([
        a.as_ptr(),
        b.as_ptr(),
        c.as_ptr(),
        m.as_ptr(),
        d.as_mut_ptr(),
    ]);
    // SAFETY: as above; d is writable.
    unsafe { asm!("csrs 0x802, {0}", in(reg) params.0.as_ptr(), options(nostack)) }
    d
}

pub fn secp256k1_add(p1: &mut Point, p2: &Point) {
    // SAFETY: both points are 8-byte aligned (`Point` is align(8)); p1 is writable.
    unsafe {
        asm!(
            ".option push",
            ".option norvc",
            "csrs 0x803, {0}",
            "add x0, {1}, x0",
            ".option pop",
            in(reg) p1 as *mut Point,
            in(reg) p2 as *const Point,
            options(nostack)
        )
    }
}

pub fn secp256k1_double(p: &mut Point) {
    // SAFETY: as above.
    unsafe { asm!("csrs 0x804, {0}", in(reg) p as *mut Point, options(nostack)) }
}

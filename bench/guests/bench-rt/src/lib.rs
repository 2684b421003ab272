//! A minimal runtime for the benchmark guests, compatible with both Zirv and ziskemu: sets its
//! own stack pointer, reads the first input record, prints through the UART byte port, writes
//! public outputs, and exits with `ecall` 93.
#![no_std]

use core::arch::global_asm;

const INPUT: usize = 0x1000_0008;
const OUTPUT: usize = 0xA041_0000;
const UART: usize = 0xA040_0200;

#[cfg(not(feature = "qemu"))]
global_asm!(
    ".section .text.init",
    ".globl _start",
    "_start:",
    "li sp, 0xA0400000",
    "call bench_main",
    "li a0, 0",
    "li a7, 93",
    "ecall",
);

// Under qemu-riscv64 the kernel provides the stack.
#[cfg(feature = "qemu")]
global_asm!(
    ".section .text.init",
    ".globl _start",
    "_start:",
    "call bench_main",
    "li a0, 0",
    "li a7, 93",
    "ecall",
);

/// The payload of the first input record as a little-endian u64 (0 if absent).
#[cfg(not(feature = "qemu"))]
pub fn input_u64() -> u64 {
    unsafe {
        let len = core::ptr::read_volatile(INPUT as *const u64);
        if len < 8 { 0 } else { core::ptr::read_volatile((INPUT + 8) as *const u64) }
    }
}

/// The iteration count compiled in for qemu builds.
#[cfg(feature = "qemu")]
pub fn input_u64() -> u64 {
    let s = option_env!("BENCH_ITERS").unwrap_or("0").as_bytes();
    s.iter().fold(0, |n, &d| n * 10 + (d - b'0') as u64)
}

/// Writes public output slot `i`.
pub fn commit(i: usize, v: u32) {
    if cfg!(not(feature = "qemu")) {
        unsafe { core::ptr::write_volatile((OUTPUT + 4 * i) as *mut u32, v) }
    }
}

/// Prints bytes through the UART port (the write ecall under qemu).
pub fn print(s: &[u8]) {
    if cfg!(feature = "qemu") {
        unsafe {
            core::arch::asm!("ecall", inlateout("a0") 1usize => _, in("a1") s.as_ptr(), in("a2") s.len(), in("a7") 64usize);
        }
        return;
    }
    for &b in s {
        unsafe { core::ptr::write_volatile(UART as *mut u8, b) }
    }
}

/// Prints a u32 as 8 hex digits.
pub fn print_hex32(v: u32) {
    let mut buf = [0u8; 8];
    for (k, b) in buf.iter_mut().enumerate() {
        let d = ((v >> (28 - 4 * k)) & 0xf) as u8;
        *b = if d < 10 { b'0' + d } else { b'a' + d - 10 };
    }
    print(&buf);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    print(b"panic\n");
    unsafe { core::arch::asm!("li a0, 101", "li a7, 93", "ecall", options(noreturn)) }
}

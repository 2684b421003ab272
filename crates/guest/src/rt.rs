//! The runtime inside the VM: `_start`, the heap, the panic handler.

use core::arch::global_asm;
use embedded_alloc::LlffHeap;

// The boot ROM has set sp, a0 (INPUT) and a1 (OUTPUT); set gp for linker relaxation, run the
// program, and exit with 0 when it returns.
global_asm!(
    ".section .text.init",
    ".globl _start",
    "_start:",
    ".option push",
    ".option norelax",
    "la gp, __global_pointer$",
    ".option pop",
    "call __zirv_start",
    "li a0, 0",
    "li a7, 93",
    "ecall",
);

#[global_allocator]
static HEAP: LlffHeap = LlffHeap::empty();

unsafe extern "C" {
    static _heap_start: u8;
    static _heap_end: u8;
    fn __zirv_main();
}

#[unsafe(no_mangle)]
extern "C" fn __zirv_start() {
    let start = &raw const _heap_start as usize;
    let end = &raw const _heap_end as usize;
    // SAFETY: called once, before any allocation; the range is the linker script's heap.
    unsafe {
        HEAP.init(start, end - start);
        __zirv_main();
    }
}

/// One hart, no interrupts: a critical section needs no locking.
struct SingleHart;
critical_section::set_impl!(SingleHart);

// SAFETY: the VM runs a single hart and has no interrupts, so nothing can preempt a section.
unsafe impl critical_section::Impl for SingleHart {
    unsafe fn acquire() -> critical_section::RawRestoreState {}
    unsafe fn release(_: critical_section::RawRestoreState) {}
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    use core::fmt::Write;
    let _ = writeln!(crate::io::Fd(2), "{info}");
    crate::sys::exit(101)
}

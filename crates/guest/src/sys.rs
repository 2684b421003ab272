//! The VM interface (abi.md): the `write` and `exit` ecalls and the INPUT/OUTPUT regions.
//! Inside the VM these are ecalls and plain memory accesses; elsewhere they panic, because a
//! guest program only runs inside the VM.

/// Start of the input records (after the 8-byte free-input slot).
pub const INPUT_DATA: usize = 0x1000_0008;
/// Bytes of public output (64 u32 values).
pub const OUTPUT_BYTES: usize = 256;

#[cfg(all(target_arch = "riscv64", target_os = "none"))]
mod imp {
    use core::arch::asm;

    pub fn write(fd: u64, bytes: &[u8]) {
        unsafe {
            asm!("ecall", inlateout("a0") fd => _, in("a1") bytes.as_ptr(), in("a2") bytes.len(),
                 in("a7") 64u64, options(nostack, readonly));
        }
    }

    pub fn exit(code: u64) -> ! {
        unsafe { asm!("ecall", in("a0") code, in("a7") 93u64, options(noreturn, nostack)) }
    }

    /// The input bytes `[addr, addr + len)`.
    pub fn input(addr: usize, len: usize) -> &'static [u8] {
        // SAFETY: INPUT is mapped read-only for the whole run; reads past the host's input
        // read zero, and a range outside the region stops the VM with an error.
        unsafe { core::slice::from_raw_parts(addr as *const u8, len) }
    }

    pub fn input_u64(addr: usize) -> u64 {
        // SAFETY: as above; records are 8-byte aligned.
        unsafe { core::ptr::read_volatile(addr as *const u64) }
    }

    /// The public output area.
    const OUTPUT: usize = 0xA041_0000;

    pub fn write_output(offset: usize, bytes: &[u8]) {
        // SAFETY: the caller keeps offset + len within the 256-byte output area.
        unsafe {
            core::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                (OUTPUT + offset) as *mut u8,
                bytes.len(),
            )
        }
    }
}

#[cfg(not(all(target_arch = "riscv64", target_os = "none")))]
mod imp {
    const NOT_IN_VM: &str =
        "zirv-guest I/O only works inside the Zirv VM (target riscv64imac-unknown-none-elf)";
    pub fn write(_fd: u64, _bytes: &[u8]) {
        panic!("{NOT_IN_VM}")
    }
    pub fn exit(_code: u64) -> ! {
        panic!("{NOT_IN_VM}")
    }
    pub fn input(_addr: usize, _len: usize) -> &'static [u8] {
        panic!("{NOT_IN_VM}")
    }
    pub fn input_u64(_addr: usize) -> u64 {
        panic!("{NOT_IN_VM}")
    }
    pub fn write_output(_offset: usize, _bytes: &[u8]) {
        panic!("{NOT_IN_VM}")
    }
}

pub use imp::*;

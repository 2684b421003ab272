//! The Zirv guest SDK: what a program needs to run inside the Zirv zkVM.
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! zirv_guest::entrypoint!(main);
//!
//! fn main() {
//!     let n: u32 = zirv_guest::io::read();
//!     zirv_guest::println!("computing fib({n})");
//!     zirv_guest::io::commit(&fib(n));
//! }
//! ```
//!
//! - [`entrypoint!`] names the function the VM runs; returning from it exits with code 0.
//! - [`io::read`] deserializes the next input record, [`io::read_vec`] returns it raw; the host
//!   SDK (`zirv_sdk::Stdin`) writes the records. Encoding: [postcard] (each value one record).
//! - [`io::commit`] / [`io::commit_slice`] append to the 256-byte public output area (the 64 u32
//!   public values of the proof); overflowing it panics with a message saying so.
//! - [`print!`], [`println!`], [`eprintln!`] write to the host's stdout/stderr.
//! - A global allocator (`embedded-alloc`'s linked-list heap) over `_heap_start.._heap_end`.
//! - A panic handler that prints the message and location to stderr and exits with code 101.
//! - The linker script ships with the crate (`zirv.ld`); `zirv build` uses it.
//! - [`precompiles`]: the VM's precompiles (keccak-f, SHA-256 compression, 256-bit arithmetic,
//!   secp256k1), one step each; [`hash`]: `Sha256` and `Keccak256` hashers on them with the
//!   RustCrypto `digest` traits; [`ecdsa`]: secp256k1 signature verification on them.
//!
//! Everything follows the project's guest ABI (docs/guest.md). On other targets than the Zirv
//! VM the crate builds (so a workspace can check it) but its I/O functions panic; the precompiles
//! and everything built on them compute in plain Rust there, so host tests can use them.

#![no_std]

extern crate alloc;

pub mod ecdsa;
pub mod hash;
pub mod io;
pub mod precompiles;
mod sys;

#[cfg(all(target_arch = "riscv64", target_os = "none"))]
mod rt;

/// Exits the program with `code` (0 is success; any other value fails the run and no proof
/// can be made of it).
pub fn exit(code: u64) -> ! {
    sys::exit(code)
}

/// Declares the guest's entry function: `entrypoint!(main)` runs `fn main()` in the VM.
#[macro_export]
macro_rules! entrypoint {
    ($main:path) => {
        #[unsafe(no_mangle)]
        extern "C" fn __zirv_main() {
            let f: fn() = $main;
            f()
        }
    };
}

/// Prints to the host's stdout.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::io::_print(1, format_args!($($arg)*)) };
}

/// Prints to the host's stdout, with a newline.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => { $crate::io::_print(1, format_args!("{}\n", format_args!($($arg)*))) };
}

/// Prints to the host's stderr.
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::io::_print(2, format_args!($($arg)*)) };
}

/// Prints to the host's stderr, with a newline.
#[macro_export]
macro_rules! eprintln {
    () => { $crate::eprint!("\n") };
    ($($arg:tt)*) => { $crate::io::_print(2, format_args!("{}\n", format_args!($($arg)*))) };
}

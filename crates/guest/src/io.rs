//! Input, public output and printing.
//!
//! Input: the host's input is a sequence of records `[u64 LE length][payload padded to 8]`
//! (abi.md). Each [`read`] or [`read_vec`] consumes the next record; typed values are encoded
//! with postcard (the host SDK uses the same). Reading past the last record yields an empty
//! record (the input region reads zero there), which fails to deserialize with a clear panic.
//!
//! Public output: [`commit`] and [`commit_slice`] append bytes to the 256-byte output area (the
//! 64 public u32 values); the host reads them back in the same order.

use crate::sys;
use alloc::vec::Vec;
use core::fmt::{self, Write};
use core::sync::atomic::{AtomicUsize, Ordering};
use serde::{Serialize, de::DeserializeOwned};

/// Address of the next input record.
static INPUT_CURSOR: AtomicUsize = AtomicUsize::new(sys::INPUT_DATA);
/// Index of the next input record (for messages).
static INPUT_INDEX: AtomicUsize = AtomicUsize::new(0);
/// Bytes of public output committed so far.
static OUTPUT_CURSOR: AtomicUsize = AtomicUsize::new(0);

/// Bytes a record of `len` payload bytes occupies, header included.
pub(crate) fn record_span(len: u64) -> usize {
    8 + (len as usize).div_ceil(8) * 8
}

/// The next input record's payload, without copying.
pub fn read_slice() -> &'static [u8] {
    let at = INPUT_CURSOR.load(Ordering::Relaxed);
    let len = sys::input_u64(at);
    INPUT_CURSOR.store(at + record_span(len), Ordering::Relaxed);
    INPUT_INDEX.fetch_add(1, Ordering::Relaxed);
    sys::input(at + 8, len as usize)
}

/// The next input record's payload.
pub fn read_vec() -> Vec<u8> {
    read_slice().to_vec()
}

/// Deserializes the next input record as a `T` (postcard encoding, as `zirv_sdk::Stdin::write`
/// produces). Panics, naming the record and the type, when it does not deserialize.
#[track_caller]
pub fn read<T: DeserializeOwned>() -> T {
    let index = INPUT_INDEX.load(Ordering::Relaxed);
    let bytes = read_slice();
    match postcard::from_bytes(bytes) {
        Ok(v) => v,
        Err(e) => panic!(
            "input record {index} ({} bytes) does not deserialize into {}: {e}",
            bytes.len(),
            core::any::type_name::<T>()
        ),
    }
}

/// Where `len` more bytes of public output go, or why they do not fit.
pub(crate) fn output_slot(cursor: usize, len: usize) -> Result<usize, (usize, usize)> {
    match cursor.checked_add(len) {
        Some(end) if end <= sys::OUTPUT_BYTES => Ok(cursor),
        _ => Err((cursor, len)),
    }
}

/// Appends raw bytes to the public output. Panics when the 256-byte area would overflow.
#[track_caller]
pub fn commit_slice(bytes: &[u8]) {
    let cursor = OUTPUT_CURSOR.load(Ordering::Relaxed);
    match output_slot(cursor, bytes.len()) {
        Ok(at) => {
            sys::write_output(at, bytes);
            OUTPUT_CURSOR.store(at + bytes.len(), Ordering::Relaxed);
        }
        Err((at, len)) => panic!(
            "public output overflow: committing {len} bytes at offset {at} exceeds the {}-byte output area",
            sys::OUTPUT_BYTES
        ),
    }
}

/// Appends a value to the public output (postcard encoding; the host reads it back with
/// `PublicValues::read`).
#[track_caller]
pub fn commit<T: Serialize + ?Sized>(value: &T) {
    match postcard::to_allocvec(value) {
        Ok(bytes) => commit_slice(&bytes),
        Err(e) => panic!(
            "cannot serialize a committed {}: {e}",
            core::any::type_name::<T>()
        ),
    }
}

/// A `fmt::Write` that sends everything to a descriptor through the `write` ecall.
pub struct Fd(pub u64);

impl Write for Fd {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        sys::write(self.0, s.as_bytes());
        Ok(())
    }
}

#[doc(hidden)]
pub fn _print(fd: u64, args: fmt::Arguments<'_>) {
    let _ = Fd(fd).write_fmt(args);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_padded_to_words() {
        assert_eq!(record_span(0), 8);
        assert_eq!(record_span(1), 16);
        assert_eq!(record_span(8), 16);
        assert_eq!(record_span(9), 24);
    }

    #[test]
    fn output_area_overflow_is_detected() {
        assert_eq!(output_slot(0, 256), Ok(0));
        assert_eq!(output_slot(252, 4), Ok(252));
        assert_eq!(output_slot(253, 4), Err((253, 4)));
        assert_eq!(output_slot(usize::MAX, 1), Err((usize::MAX, 1)));
    }

    #[test]
    fn postcard_is_the_encoding() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct P {
            a: u32,
            b: alloc::string::String,
        }
        let v = P {
            a: 300,
            b: "hi".into(),
        };
        let bytes = postcard::to_allocvec(&v).unwrap();
        assert_eq!(bytes, [0xac, 0x02, 2, b'h', b'i']);
        assert_eq!(postcard::from_bytes::<P>(&bytes).unwrap(), v);
    }
}

//! The guest's input, as records (abi.md): `[u64 LE length][payload padded to 8 bytes]`.

use serde::Serialize;

/// Input for a guest: a sequence of records, read in order by `zirv_guest::io::read` /
/// `read_vec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stdin {
    records: Vec<Vec<u8>>,
}

impl Stdin {
    /// No records.
    pub fn new() -> Stdin {
        Stdin::default()
    }

    /// Appends a typed value (postcard encoding), read by `zirv_guest::io::read::<T>()`.
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) {
        self.records.push(
            postcard::to_allocvec(value).expect("postcard serializes every serde value into a Vec"),
        );
    }

    /// Appends raw bytes, read by `zirv_guest::io::read_vec()`.
    pub fn write_slice(&mut self, bytes: &[u8]) {
        self.records.push(bytes.to_vec());
    }

    /// The records.
    pub fn records(&self) -> &[Vec<u8>] {
        &self.records
    }

    /// The framed input bytes (the `zirv run --input` file format).
    pub fn to_bytes(&self) -> Vec<u8> {
        zirv_emulator::frame_records(&self.records)
    }
}

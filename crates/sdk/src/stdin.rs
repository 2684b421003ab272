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

    /// The records of framed input bytes (the inverse of [`Stdin::to_bytes`]): a service
    /// receives input this way. Bytes that are not a whole number of records, or more than the
    /// INPUT region holds, are refused.
    pub fn from_framed(bytes: &[u8]) -> Result<Stdin, zirv_emulator::InputError> {
        zirv_emulator::validate_input(bytes)?;
        let mut records = Vec::new();
        let mut off = 0;
        while off < bytes.len() {
            // validate_input checked that each header and padded payload is present.
            let len = u64::from_le_bytes(bytes[off..off + 8].try_into().expect("8 bytes")) as usize;
            records.push(bytes[off + 8..off + 8 + len].to_vec());
            off += 8 + len.div_ceil(8) * 8;
        }
        Ok(Stdin { records })
    }
}

#[cfg(test)]
mod tests {
    use super::Stdin;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn framing_round_trips(records in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..6)) {
            let mut s = Stdin::new();
            for r in &records {
                s.write_slice(r);
            }
            prop_assert_eq!(Stdin::from_framed(&s.to_bytes()).unwrap(), s);
        }

        #[test]
        fn any_bytes_parse_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            // Never panics; what parses frames back to the same records (padding aside).
            if let Ok(s) = Stdin::from_framed(&bytes) {
                prop_assert_eq!(s.to_bytes().len(), bytes.len());
                prop_assert_eq!(Stdin::from_framed(&s.to_bytes()).unwrap(), s);
            }
        }
    }
}

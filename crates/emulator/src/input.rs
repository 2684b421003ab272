//! Input framing (abi.md): a sequence of records `[u64 LE length][payload, zero-padded to a
//! multiple of 8]`, laid out at `INPUT + 8`.

use crate::error::InputError;
use zirv_core::memmap::{INPUT_DATA_ADDR, INPUT_END};

/// Checks that `bytes` is a whole number of records; returns the number of records.
pub fn validate_input(bytes: &[u8]) -> Result<usize, InputError> {
    let max = INPUT_END - INPUT_DATA_ADDR;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge {
            len: bytes.len(),
            max,
        });
    }
    let mut off = 0usize;
    let mut n = 0;
    while off < bytes.len() {
        let Some(hdr) = bytes.get(off..off + 8) else {
            return Err(InputError::Framing {
                what: format!(
                    "{} trailing byte(s) where a record's 8-byte length was expected",
                    bytes.len() - off
                ),
                offset: off,
            });
        };
        let len = u64::from_le_bytes(hdr.try_into().expect("8 bytes"));
        let padded = len.div_ceil(8).saturating_mul(8);
        let left = (bytes.len() - off - 8) as u64;
        if padded > left {
            return Err(InputError::Framing {
                what: format!(
                    "record {n} declares {len} bytes (padded to {padded}) but only {left} remain"
                ),
                offset: off,
            });
        }
        off += 8 + padded as usize;
        n += 1;
    }
    Ok(n)
}

/// Frames payloads as input records.
pub fn frame_records<I, B>(records: I) -> Vec<u8>
where
    I: IntoIterator<Item = B>,
    B: AsRef<[u8]>,
{
    let mut out = Vec::new();
    for r in records {
        let r = r.as_ref();
        out.extend_from_slice(&(r.len() as u64).to_le_bytes());
        out.extend_from_slice(r);
        out.resize(out.len().div_ceil(8) * 8, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_round_trips() {
        let f = frame_records([&b"abc"[..], b"", b"12345678"]);
        assert_eq!(f.len(), 16 + 8 + 16);
        assert_eq!(validate_input(&f), Ok(3));
        assert_eq!(validate_input(&[]), Ok(0));
    }

    #[test]
    fn rejects_partial_records() {
        let f = frame_records([b"abc"]);
        let e = validate_input(&f[..12]).unwrap_err();
        assert!(matches!(e, InputError::Framing { offset: 0, .. }), "{e}");
        let mut g = f.clone();
        g.extend_from_slice(&[1, 2, 3]);
        assert!(matches!(
            validate_input(&g),
            Err(InputError::Framing { offset: 16, .. })
        ));
        let huge = u64::MAX.to_le_bytes();
        assert!(matches!(
            validate_input(&huge),
            Err(InputError::Framing { offset: 0, .. })
        ));
    }
}

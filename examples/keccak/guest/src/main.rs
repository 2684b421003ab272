//! Keccak-256 of the input bytes with the `tiny-keccak` crate; commits the 32-byte digest. With
//! the feature `precompiles` it hashes with `zirv_guest::hash::keccak256` (the keccak-f
//! precompile) instead.
#![no_std]
#![no_main]

zirv_guest::entrypoint!(main);

#[cfg(not(feature = "precompiles"))]
fn keccak256(data: &[u8]) -> [u8; 32] {
    use tiny_keccak::{Hasher, Keccak};
    let mut k = Keccak::v256();
    k.update(data);
    let mut digest = [0u8; 32];
    k.finalize(&mut digest);
    digest
}

#[cfg(feature = "precompiles")]
use zirv_guest::hash::keccak256;

fn main() {
    let data = zirv_guest::io::read_slice();
    zirv_guest::io::commit_slice(&keccak256(data));
}

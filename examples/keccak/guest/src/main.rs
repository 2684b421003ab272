//! Keccak-256 of the input bytes with the `tiny-keccak` crate; commits the 32-byte digest.
#![no_std]
#![no_main]

use tiny_keccak::{Hasher, Keccak};

zirv_guest::entrypoint!(main);

fn main() {
    let data = zirv_guest::io::read_slice();
    let mut k = Keccak::v256();
    k.update(data);
    let mut digest = [0u8; 32];
    k.finalize(&mut digest);
    zirv_guest::io::commit_slice(&digest);
}

//! SHA-256 of the input bytes with the `sha2` crate; commits the 32-byte digest.
#![no_std]
#![no_main]

use sha2::{Digest, Sha256};

zirv_guest::entrypoint!(main);

fn main() {
    let data = zirv_guest::io::read_slice();
    let digest: [u8; 32] = Sha256::digest(data).into();
    zirv_guest::io::commit_slice(&digest);
}

//! SHA-256 of the input bytes with the `sha2` crate; commits the 32-byte digest. With the
//! feature `precompiles` the same code runs on the SHA-256 precompile: only the import changes.
#![no_std]
#![no_main]

#[cfg(not(feature = "precompiles"))]
use sha2::{Digest, Sha256};
#[cfg(feature = "precompiles")]
use zirv_guest::hash::{Digest, Sha256};

zirv_guest::entrypoint!(main);

fn main() {
    let data = zirv_guest::io::read_slice();
    let digest: [u8; 32] = Sha256::digest(data).into();
    zirv_guest::io::commit_slice(&digest);
}

//! ECDSA (secp256k1) signature verification with the `k256` crate.
//! Input: (SEC1 public key, message, 64-byte signature); commits whether it verifies.
//! With the feature `precompiles` it verifies with `zirv_guest::ecdsa` on the precompiles.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;

zirv_guest::entrypoint!(main);

/// k256's verifier (SHA-256 of the message, then ECDSA).
#[cfg(not(feature = "precompiles"))]
fn verify(key: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    use k256::ecdsa::signature::Verifier;
    use k256::ecdsa::{Signature, VerifyingKey};
    match (VerifyingKey::from_sec1_bytes(key), Signature::from_slice(sig)) {
        (Ok(key), Ok(sig)) => key.verify(msg, &sig).is_ok(),
        _ => false,
    }
}

/// The same verdict on the precompiles: SHA-256 and the curve operations.
#[cfg(feature = "precompiles")]
fn verify(key: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = <[u8; 64]>::try_from(sig) else {
        return false;
    };
    zirv_guest::ecdsa::verify_prehash(key, &zirv_guest::hash::sha256(msg), &sig)
}

fn main() {
    let (key, msg, sig): (Vec<u8>, Vec<u8>, Vec<u8>) = zirv_guest::io::read();
    let valid = verify(&key, &msg, &sig);
    zirv_guest::println!("signature {}", if valid { "valid" } else { "INVALID" });
    zirv_guest::io::commit(&valid);
}

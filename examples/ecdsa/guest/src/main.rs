//! ECDSA (secp256k1) signature verification with the `k256` crate.
//! Input: (SEC1 public key, message, 64-byte signature); commits whether it verifies.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use k256::ecdsa::signature::Verifier;
use k256::ecdsa::{Signature, VerifyingKey};

zirv_guest::entrypoint!(main);

fn main() {
    let (key, msg, sig): (Vec<u8>, Vec<u8>, Vec<u8>) = zirv_guest::io::read();
    let valid = match (VerifyingKey::from_sec1_bytes(&key), Signature::from_slice(&sig)) {
        (Ok(key), Ok(sig)) => key.verify(&msg, &sig).is_ok(),
        _ => false,
    };
    zirv_guest::println!("signature {}", if valid { "valid" } else { "INVALID" });
    zirv_guest::io::commit(&valid);
}

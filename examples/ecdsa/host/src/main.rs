//! Signs a message on the host and verifies the signature inside Zirv.

use anyhow::Result;
use k256::ecdsa::signature::{Signer, Verifier};
use k256::ecdsa::{Signature, SigningKey};
use std::path::PathBuf;
use zirv_sdk::{BuildOptions, Stdin, run_guest};

/// Whether the guest accepts (key, msg, sig), and its step count.
fn run(key: &[u8], msg: &[u8], sig: &[u8]) -> Result<(bool, u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        target_dir: Some(dir.join("../../../target/guests")),
        ..BuildOptions::default()
    };
    let mut stdin = Stdin::new();
    stdin.write(&(key, msg, sig));
    let mut report = run_guest(&dir.join("../guest"), &opts, &stdin)?;
    Ok((report.public_values.read()?, report.steps))
}

/// A fixed key pair, a message and its signature.
fn fixture() -> (Vec<u8>, Vec<u8>, Signature, SigningKey) {
    let sk = SigningKey::from_bytes(&[7u8; 32].into()).expect("valid scalar");
    let msg = b"Zirv verifies secp256k1 signatures".to_vec();
    let sig: Signature = sk.sign(&msg);
    let key = sk
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec();
    (key, msg, sig, sk)
}

/// The same verification on the host.
fn native(key: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    match (
        k256::ecdsa::VerifyingKey::from_sec1_bytes(key),
        Signature::from_slice(sig),
    ) {
        (Ok(k), Ok(s)) => k.verify(msg, &s).is_ok(),
        _ => false,
    }
}

fn main() -> Result<()> {
    let (key, msg, sig, _) = fixture();
    // `--write-input FILE`: write the guest's input (for `zirv run/prove --input FILE`) and stop.
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path] = &args[..]
        && flag == "--write-input"
    {
        let mut stdin = Stdin::new();
        stdin.write(&(&key, &msg, &sig.to_bytes()[..]));
        std::fs::write(path, stdin.to_bytes())?;
        return Ok(());
    }
    let (valid, steps) = run(&key, &msg, &sig.to_bytes())?;
    let verdict = if valid { "valid" } else { "invalid" };
    println!("guest says the signature is {verdict} ({steps} steps)");
    anyhow::ensure!(
        valid == native(&key, &msg, &sig.to_bytes()),
        "the guest disagrees with the host"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_matches_native() {
        let (key, msg, sig, sk) = fixture();
        let cases: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = vec![
            (key.clone(), msg.clone(), sig.to_bytes().to_vec()),
            (
                key.clone(),
                b"a different message".to_vec(),
                sig.to_bytes().to_vec(),
            ),
            (
                sk.verifying_key()
                    .to_encoded_point(false)
                    .as_bytes()
                    .to_vec(),
                msg.clone(),
                sig.to_bytes().to_vec(),
            ),
            (key.clone(), msg.clone(), vec![0u8; 64]),
            (vec![1, 2, 3], msg.clone(), sig.to_bytes().to_vec()),
        ];
        for (k, m, s) in cases {
            let native = native(&k, &m, &s);
            assert_eq!(run(&k, &m, &s).unwrap().0, native);
        }
    }
}

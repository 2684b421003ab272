//! Hashes a message (argument, or 1 KiB of pattern bytes) with Keccak-256 inside Zirv.

use anyhow::Result;
use std::path::PathBuf;
use tiny_keccak::{Hasher, Keccak};
use zirv_sdk::{BuildOptions, Stdin, run_guest};

/// The guest's digest of `data` and its step count.
fn run(data: &[u8]) -> Result<([u8; 32], u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        target_dir: Some(dir.join("../../../target/guests")),
        ..BuildOptions::default()
    };
    let mut stdin = Stdin::new();
    stdin.write_slice(data);
    let mut report = run_guest(&dir.join("../guest"), &opts, &stdin)?;
    Ok((
        report.public_values.read_slice(32)?.try_into()?,
        report.steps,
    ))
}

fn native(data: &[u8]) -> [u8; 32] {
    let mut k = Keccak::v256();
    k.update(data);
    let mut out = [0u8; 32];
    k.finalize(&mut out);
    out
}

fn main() -> Result<()> {
    let data: Vec<u8> = match std::env::args().nth(1) {
        Some(s) => s.into_bytes(),
        None => (0..1024u32).map(|i| i as u8).collect(),
    };
    let (digest, steps) = run(&data)?;
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    println!("keccak256 of {} bytes = {hex} ({steps} steps)", data.len());
    anyhow::ensure!(
        digest == native(&data),
        "the guest's digest differs from the host's"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_matches_native() {
        for len in [0usize, 1, 135, 136, 137, 1000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 13) as u8).collect();
            assert_eq!(run(&data).unwrap().0, native(&data), "{len} bytes");
        }
    }
}

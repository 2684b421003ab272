//! The host: builds the guest, proves its run with n from the command line and verifies the
//! proof (`--execute`: only runs it), then prints what the guest committed.
//!
//! `ProverClient::embedded()` proves in this process; `ProverClient::remote(url, token)` (zirv-sdk
//! feature `remote`) sends the same calls to a prover service (`zirv serve`).

use std::path::PathBuf;
use zirv_sdk::{build_guest, BuildOptions, ProverClient, Stdin};

type Error = Box<dyn std::error::Error>;

/// The guest's ELF, built if needed.
fn guest_elf() -> Result<Vec<u8>, Error> {
    let guest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../guest");
    Ok(std::fs::read(build_guest(&guest, &BuildOptions::default())?)?)
}

fn input(n: u64) -> Stdin {
    let mut stdin = Stdin::new();
    stdin.write(&n);
    stdin
}

/// Runs the guest with `n` (no proof); returns the (n, sum) it committed.
fn execute(n: u64) -> Result<(u64, u64), Error> {
    let client = ProverClient::embedded();
    let mut report = client.execute(&guest_elf()?, &input(n))?;
    if report.exit_code != 0 {
        return Err(format!("guest failed: {}", String::from_utf8_lossy(&report.stderr)).into());
    }
    print!("{}", String::from_utf8_lossy(&report.stdout));
    Ok((report.public_values.read()?, report.public_values.read()?))
}

/// Proves the guest's run with `n`, verifies the proof against the program id, and returns the
/// (n, sum) the verified proof carries.
fn prove(n: u64) -> Result<(u64, u64), Error> {
    let client = ProverClient::embedded();
    let key = client.setup(&guest_elf()?)?;
    let proof = client.prove_with_progress(&key, &input(n), |p| eprintln!("  {}", p.phase))?;
    let mut outputs = client.verify(&proof, key.program_id())?;
    eprintln!(
        "proof of {} bytes verified against {}",
        proof.as_bytes().len(),
        key.program_id()
    );
    Ok((outputs.read()?, outputs.read()?))
}

fn main() -> Result<(), Error> {
    let mut execute_only = false;
    let mut n = 10;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--execute" => execute_only = true,
            a => n = a.parse().map_err(|e| format!("n: {a:?}: {e}"))?,
        }
    }
    let (n, sum) = if execute_only { execute(n)? } else { prove(n)? };
    println!("guest committed n = {n}, sum = {sum}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn verified_outputs_match_the_host() {
        for n in [0u64, 1000] {
            let native: u64 = (1..=n).map(|k| k * k).sum();
            assert_eq!(super::prove(n).unwrap(), (n, native));
        }
    }

    #[test]
    fn execution_matches_the_host() {
        for n in [1u64, 10] {
            let native: u64 = (1..=n).map(|k| k * k).sum();
            assert_eq!(super::execute(n).unwrap(), (n, native));
        }
    }
}

//! A client of the prover service: builds the fibonacci example's guest, registers it with a
//! running `zirv serve`, has the service prove fib(n), checks the proof here (the verifier runs
//! in this process: the service is not trusted) and prints the verified result.
//!
//! ```sh
//! zirv serve --listen 127.0.0.1:7878 &
//! cargo run --release -p service-client-host -- http://127.0.0.1:7878 30
//! ```
//!
//! The same calls as plain JSON-RPC (curl) are in docs/service.md.

use anyhow::{Context, Result};
use std::path::PathBuf;
use zirv_sdk::{BuildOptions, ProverClient, Stdin, build_guest};

/// Proves fib(n) on the service at `url`; returns the verified (n, fib(n)) and the proof size.
fn prove_remotely(url: &str, token: Option<&str>, n: u32) -> Result<((u32, u64), usize)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        target_dir: Some(dir.join("../../../target/guests")),
        ..BuildOptions::default()
    };
    let elf = std::fs::read(build_guest(&dir.join("../../fibonacci/guest"), &opts)?)?;
    let client = ProverClient::remote(url, token);
    // Registers the ELF; the service answers with the program id.
    let key = client.setup(&elf)?;
    let mut stdin = Stdin::new();
    stdin.write(&n);
    let proof = client.prove_with_progress(&key, &stdin, |p| {
        eprintln!("  {} ({:.0}%)", p.phase, p.fraction * 100.0)
    })?;
    // Verified here, against the id of the program we meant to run.
    let mut outputs = client.verify(&proof, key.program_id())?;
    Ok(((outputs.read()?, outputs.read()?), proof.as_bytes().len()))
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:7878".into());
    let n = args
        .next()
        .map(|s| s.parse())
        .transpose()
        .context("n must be a number")?
        .unwrap_or(30);
    let token = std::env::var("ZIRV_TOKEN").ok();
    let ((n, fib), bytes) = prove_remotely(&url, token.as_deref(), n)?;
    println!("fib({n}) mod 2^64 = {fib}, proven by {url} ({bytes}-byte proof, verified here)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use zirv_service::{Limits, ServeConfig, WorkerConfig};

    #[test]
    fn a_service_proves_fibonacci() {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt
            .block_on(zirv_service::start(ServeConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                database: dir.path().join("jobs.db").to_str().unwrap().into(),
                token: Some("example".into()),
                limits: Limits::default(),
                worker: WorkerConfig::new(1),
            }))
            .unwrap();
        let url = format!("http://{}", server.addr());
        let ((n, fib), _) = super::prove_remotely(&url, Some("example"), 30).unwrap();
        assert_eq!((n, fib), (30, 832_040));
        rt.block_on(server.shutdown());
    }
}

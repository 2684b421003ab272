//! Builds the fibonacci guest, runs it for n (default 1000), prints the committed result.

use anyhow::{Context, Result};
use std::path::PathBuf;
use zirv_sdk::{BuildOptions, Stdin, run_guest};

/// Builds and runs the guest; returns the committed (n, fib(n)) and the step count.
fn run(n: u32) -> Result<((u32, u64), u64)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = BuildOptions {
        target_dir: Some(dir.join("../../../target/guests")),
        ..BuildOptions::default()
    };
    let mut stdin = Stdin::new();
    stdin.write(&n);
    let mut report = run_guest(&dir.join("../guest"), &opts, &stdin)?;
    let got_n: u32 = report.public_values.read()?;
    let fib: u64 = report.public_values.read()?;
    Ok(((got_n, fib), report.steps))
}

fn main() -> Result<()> {
    let n = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()
        .context("n must be a number")?
        .unwrap_or(1000);
    let ((n, fib), steps) = run(n)?;
    println!("fib({n}) mod 2^64 = {fib} ({steps} steps)");
    Ok(())
}

#[cfg(test)]
mod tests {
    fn native_fib(n: u32) -> u64 {
        (0..n)
            .fold((0u64, 1u64), |(a, b), _| (b, a.wrapping_add(b)))
            .0
    }

    #[test]
    fn guest_matches_native() {
        for n in [0, 1, 2, 10, 93, 94, 1000] {
            let ((got_n, fib), _) = super::run(n).unwrap();
            assert_eq!(got_n, n);
            assert_eq!(fib, native_fib(n), "fib({n})");
        }
    }
}

//! The host: builds the guest, runs it with n from the command line, prints its outputs.

use std::path::PathBuf;
use zirv_sdk::{build_guest, execute, BuildOptions, Stdin};

type Error = Box<dyn std::error::Error>;

/// Builds and runs the guest with `n`; returns the (n, sum) it committed.
fn run(n: u64) -> Result<(u64, u64), Error> {
    let guest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../guest");
    let elf = build_guest(&guest, &BuildOptions::default())?;
    let mut stdin = Stdin::new();
    stdin.write(&n);
    let mut report = execute(&std::fs::read(elf)?, &stdin)?;
    if report.exit_code != 0 {
        return Err(format!("guest failed: {}", String::from_utf8_lossy(&report.stderr)).into());
    }
    print!("{}", String::from_utf8_lossy(&report.stdout));
    Ok((report.public_values.read()?, report.public_values.read()?))
}

fn main() -> Result<(), Error> {
    let n = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(10);
    let (n, sum) = run(n)?;
    println!("guest committed n = {n}, sum = {sum}");
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn guest_matches_the_host() {
        for n in [0u64, 1, 10, 1000] {
            let native: u64 = (1..=n).map(|k| k * k).sum();
            assert_eq!(super::run(n).unwrap(), (n, native));
        }
    }
}

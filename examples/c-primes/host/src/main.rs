//! A C guest: built with Debian's gcc-riscv64-unknown-elf and picolibc against Zirv's guest
//! linker script, run with the Zirv SDK. It counts the primes below n.

use anyhow::{Context, Result, ensure};
use std::path::{Path, PathBuf};
use std::process::Command;
use zirv_sdk::{Stdin, execute};

/// Compiles the C guest; returns the ELF's path.
fn build_c_guest() -> Result<PathBuf> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = here.join("../guest");
    let out_dir = here.join("../../../target/guests/c-primes");
    std::fs::create_dir_all(&out_dir)?;
    let elf = out_dir.join("c-primes.elf");
    let linker_script = here.join("../../../crates/guest/zirv.ld");
    let status = Command::new("riscv64-unknown-elf-gcc")
        .args(["-march=rv64imac", "-mabi=lp64", "-mcmodel=medany", "-O2", "--specs=picolibc.specs", "-nostartfiles", "-static"])
        .arg(format!("-T{}", linker_script.display()))
        .arg(src.join("start.S"))
        .arg(src.join("main.c"))
        .arg("-o")
        .arg(&elf)
        .status()
        .context("cannot run riscv64-unknown-elf-gcc: install it with `apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf` (scripts/setup.sh)")?;
    ensure!(
        status.success(),
        "the C guest does not compile (compiler output above)"
    );
    Ok(elf)
}

/// The guest's count of primes below `n`, and its step count.
fn run(elf: &Path, n: u64) -> Result<(u32, u64, String)> {
    let mut stdin = Stdin::new();
    stdin.write_slice(&n.to_le_bytes());
    let mut report = execute(&std::fs::read(elf)?, &stdin)?;
    ensure!(
        report.exit_code == 0,
        "guest failed: {}",
        String::from_utf8_lossy(&report.stderr)
    );
    let count = u32::from_le_bytes(report.public_values.read_slice(4)?.try_into()?);
    Ok((count, report.steps, String::from_utf8(report.stdout)?))
}

fn main() -> Result<()> {
    let n = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let (count, steps, stdout) = run(&build_c_guest()?, n)?;
    print!("guest: {stdout}");
    println!("public output: {count} ({steps} steps)");
    Ok(())
}

#[cfg(test)]
mod tests {
    fn native(n: u64) -> u32 {
        (2..n)
            .filter(|&k| (2..).take_while(|d| d * d <= k).all(|d| k % d != 0))
            .count() as u32
    }

    #[test]
    fn guest_matches_native() {
        let elf = super::build_c_guest().unwrap();
        for n in [0u64, 2, 3, 100, 10_000] {
            let (count, _, stdout) = super::run(&elf, n).unwrap();
            assert_eq!(count, native(n), "n = {n}");
            assert_eq!(stdout, format!("primes below {n}: {count}\n"));
        }
    }
}

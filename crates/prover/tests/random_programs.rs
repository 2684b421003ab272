//! Random RV64IMAC programs (the emulator's differential-test generator: every ALU and M op,
//! loads/stores of every width, AMOs, lr/sc, jumps, loops) prove and verify, with the
//! emulator's outputs.
//!
//! CI proves `ZIRV_PROVE_PROGRAMS` programs (default 100) from seed `ZIRV_PROVE_SEED`
//! (default fixed). For more:
//! `ZIRV_PROVE_PROGRAMS=1000 ZIRV_PROVE_SEED=$RANDOM cargo test --release -p zirv-prover --test random_programs`
//! A failure names the seed; the program's source stays under target/riscv-tests/prove-random/.

mod common;

use common::programs::{assemble, riscv};
use common::verify;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_sdk::{Expected, ProveOptions, prove};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn check_seed(seed: u64) -> Result<(), String> {
    let dir = riscv::out_dir("prove-random");
    let src = dir.join(format!("prog-{seed}.S"));
    std::fs::write(&src, riscv::randprog::generate(seed, 300)).unwrap();
    let elf = assemble(&src, "prove-random");
    let rom = zirv_core::transpile_elf(&elf).map_err(|e| format!("seed {seed}: {e}"))?;
    let report = Emulator::new(&rom)
        .run(&[], &Options::default(), &mut NullIo)
        .map_err(|e| format!("seed {seed}: {e}"))?;
    let (file, _) = prove(&rom, &[], &ProveOptions::default())
        .map_err(|e| format!("seed {seed}: prove: {e}"))?;
    let outputs = verify(&file.to_bytes(), Expected::Rom(&rom))
        .map_err(|e| format!("seed {seed}: verify: {e}"))?;
    if outputs != report.outputs {
        return Err(format!("seed {seed}: outputs differ from the emulator's"));
    }
    Ok(())
}

#[test]
fn random_programs_prove_and_verify() {
    let n = env_u64("ZIRV_PROVE_PROGRAMS", 100);
    let seed0 = env_u64("ZIRV_PROVE_SEED", 5_000_000);
    let failures: Vec<String> = (seed0..seed0 + n)
        .filter_map(|s| check_seed(s).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

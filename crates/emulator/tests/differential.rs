//! Differential testing against qemu-riscv64: random RV64IMAC programs (see
//! `common/randprog.rs`) must print the same bytes and exit the same way on both.
//!
//! CI runs `ZIRV_DIFF_PROGRAMS` programs (default 1000) from seed `ZIRV_DIFF_SEED` (default
//! fixed). To run more:
//! `ZIRV_DIFF_PROGRAMS=20000 ZIRV_DIFF_SEED=$RANDOM cargo test --release -p zirv-emulator --test differential`
//! A mismatch fails with the seed that reproduces it and leaves the program's source under
//! target/riscv-tests/diff/.

mod common;

use common::randprog::generate;
use common::*;
use std::sync::atomic::{AtomicU64, Ordering};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn check_seed(seed: u64) -> Result<(), String> {
    let dir = out_dir("diff");
    let src = dir.join(format!("prog-{seed}.S"));
    std::fs::write(&src, generate(seed, 300)).unwrap();
    let elf_path = build_asm(&src, &dir.join(format!("prog-{seed}.elf")));
    let elf = std::fs::read(&elf_path).unwrap();
    let (qcode, qout) = qemu_run(&elf_path);
    // Every 10th program also goes through statistics and trace mode with chunk replay.
    let zirv = if seed.is_multiple_of(10) {
        zirv_run_all_modes(&elf, &[], 97)
    } else {
        zirv_run(&elf, &[])
    };
    let result = match zirv {
        Err(e) => Err(format!(
            "seed {seed}: zirv stopped with an error: {e} (qemu exit {qcode})"
        )),
        Ok(o) if o.report.exit_code as i32 != qcode => Err(format!(
            "seed {seed}: exit code zirv {} vs qemu {qcode}",
            o.report.exit_code
        )),
        Ok(o) if o.stdout != qout => {
            let at = o
                .stdout
                .iter()
                .zip(&qout)
                .position(|(a, b)| a != b)
                .unwrap_or(o.stdout.len().min(qout.len()));
            let what = if at < 240 {
                format!("register x{}", at / 8 + 1)
            } else {
                format!("data byte {}", at - 240)
            };
            Err(format!("seed {seed}: output differs at byte {at} ({what})"))
        }
        Ok(_) => Ok(()),
    };
    if result.is_ok() {
        let _ = std::fs::remove_file(&src);
        let _ = std::fs::remove_file(&elf_path);
    }
    result
}

#[test]
fn random_programs_match_qemu() {
    let n = env_u64("ZIRV_DIFF_PROGRAMS", 1000);
    let base = env_u64("ZIRV_DIFF_SEED", 0x5eed_0000);
    let next = AtomicU64::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .max(2);
    let failures: Vec<String> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut f = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= n {
                            return f;
                        }
                        if let Err(e) = check_seed(base + k) {
                            f.push(e);
                        }
                    }
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {n} programs differ from qemu (reproduce with ZIRV_DIFF_SEED=<seed> ZIRV_DIFF_PROGRAMS=1):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

//! Precompile calls end to end: programs that call precompiles are executed, proven and
//! verified, with the precompile machines' instances cut small and large; the outputs in the
//! proof are the emulator's, and those are the native crates' results.

mod common;

use common::programs::{input, rom};
use common::verify;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_sdk::{Expected, HashKind, ProveOptions, SecurityLevel, prove};

/// The lanes `keccakf.S` starts from: lane `i` is `(i + 1) * 0x9e3779b97f4a7c15`.
fn keccakf_expected() -> [u64; 25] {
    let mut s: [u64; 25] =
        std::array::from_fn(|i| 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64 + 1));
    for _ in 0..3 {
        tiny_keccak::keccakf(&mut s);
    }
    s
}

fn proves(name: &str, log_rows: usize) -> [u32; zirv_core::memmap::NUM_OUTPUTS] {
    let rom = rom(name);
    let input = input();
    let report = Emulator::new(&rom)
        .run(&input, &Options::default(), &mut NullIo)
        .unwrap();
    assert_eq!(report.exit_code, 0);
    let opts = ProveOptions {
        hash: HashKind::Keccak,
        security: SecurityLevel::Bits100,
        instance_log_rows: log_rows,
        ..ProveOptions::default()
    };
    let (file, _) = prove(&rom, &input, &opts).unwrap();
    assert_eq!(file.outputs, report.outputs);
    let outputs = verify(&file.to_bytes(), Expected::Rom(&rom)).unwrap();
    assert_eq!(outputs, report.outputs);
    outputs
}

#[test]
fn keccakf_calls_prove_and_verify() {
    let expected = keccakf_expected();
    // One instance of Keccakf (3 calls, 72 rows), and one instance per call (2^4-row instances
    // hold one call each, 32 rows).
    for log_rows in [20, 4] {
        let out = proves("keccakf", log_rows);
        for (i, lane) in expected.iter().enumerate() {
            let got = out[2 * i] as u64 | (out[2 * i + 1] as u64) << 32;
            assert_eq!(got, *lane, "lane {i} (instances of 2^{log_rows} rows)");
        }
    }
}

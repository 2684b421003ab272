//! Precompile calls end to end: programs that call precompiles are executed, proven and
//! verified, with the precompile machines' instances cut small and large; the outputs in the
//! proof are the emulator's, and those are the native crates' results.

mod common;

use common::programs::{input, rom};
use common::{rejected, verify};
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

#[test]
fn arith256_calls_prove_and_verify() {
    for log_rows in [20, 4] {
        let out = proves("arith256", log_rows);
        assert!(out[..32].iter().any(|&w| w != 0));
    }
}

#[test]
fn sha256f_calls_prove_and_verify() {
    for log_rows in [20, 4] {
        let out = proves("sha256f", log_rows);
        assert!(out[..8].iter().any(|&w| w != 0));
    }
}

fn keccakf_witness() -> (zirv_core::Rom, zirv_witness::Witness) {
    let rom = rom("keccakf");
    let input = input();
    let mut chunks = Vec::new();
    let report = Emulator::new(&rom)
        .run_traced(&input, &Options::default(), &mut NullIo, |c| chunks.push(c))
        .unwrap();
    let w = zirv_witness::generate(&rom, &chunks, &input, &report.outputs).unwrap();
    (rom, w)
}

/// Main's calls and the precompile machine's rows must match one to one, with the same operand
/// and step, and Main's call row must be a call (its `c` the step, its flag field 2).
#[test]
fn calls_and_precompile_rows_must_match() {
    use p3_field::PrimeCharacteristicRing;
    use zirv_machines::{MachineId, Val};
    use zirv_sm_main::columns::{C_LO, IS_PRECOMPILE, OP, WIDTH_COLS};
    let (rom, honest) = keccakf_witness();
    assert!(
        !rejected(&rom, honest.clone()),
        "the honest witness verifies"
    );
    let calls =
        |w: &mut zirv_witness::Witness| w.calls.get_mut(&MachineId::Keccakf).unwrap().clone();
    let with_calls = |f: &dyn Fn(&mut Vec<zirv_core::event::PrecompileCall>)| {
        let mut w = honest.clone();
        let mut c = calls(&mut w);
        f(&mut c);
        w.calls.insert(MachineId::Keccakf, c);
        w
    };
    // A call Main made that no Keccakf row proves.
    assert!(rejected(
        &rom,
        with_calls(&|c| {
            c.remove(1);
        })
    ));
    // A Keccakf row no call of Main asked for.
    assert!(rejected(&rom, with_calls(&|c| c.push(c[0].clone()))));
    // The state read at another address (the words there, honestly permuted).
    assert!(rejected(
        &rom,
        with_calls(&|c| {
            c[0].b += 8;
        })
    ));
    // At another step.
    assert!(rejected(&rom, with_calls(&|c| c[2].step -= 1)));
    // Main's call row: not marked as a call, or its `c` not the step.
    let keccak = Val::from_u64(zirv_core::op::Op::Keccakf.code() as u64);
    let call_rows: Vec<usize> = {
        let m = &honest.traces[&MachineId::Main][0];
        (0..m.values.len() / WIDTH_COLS)
            .filter(|r| {
                m.values[r * WIDTH_COLS + OP] == keccak
                    && m.values[r * WIDTH_COLS + IS_PRECOMPILE] == Val::ONE
            })
            .collect()
    };
    assert_eq!(call_rows.len(), 3);
    for (col, value) in [(IS_PRECOMPILE, Val::ZERO), (C_LO, Val::ONE)] {
        let mut w = honest.clone();
        w.trace_mut(MachineId::Main).values[call_rows[1] * WIDTH_COLS + col] = value;
        assert!(
            rejected(&rom, w),
            "Main's call row with column {col} changed"
        );
    }
}

/// 2G then 2G + G: the outputs are 3G (and G), as k256 computes it.
#[test]
fn secp256k1_calls_prove_and_verify() {
    use k256::elliptic_curve::sec1::ToEncodedPoint;
    let three_g = (k256::ProjectivePoint::GENERATOR * k256::Scalar::from(3u64)).to_affine();
    let enc = three_g.to_encoded_point(false);
    let coord = |bytes: &[u8]| -> Vec<u32> {
        // Big-endian coordinate bytes to little-endian u32 words.
        bytes
            .rchunks(4)
            .map(|c| u32::from_be_bytes(c.try_into().unwrap()))
            .collect()
    };
    let mut expected = coord(enc.x().unwrap());
    expected.extend(coord(enc.y().unwrap()));
    for log_rows in [20, 4] {
        let out = proves("secp256k1", log_rows);
        assert_eq!(out[..16], expected[..], "instances of 2^{log_rows} rows");
    }
}

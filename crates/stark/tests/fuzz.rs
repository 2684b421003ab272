//! Property tests ("fuzzing") of the parsers a user's input reaches: program id text and proof
//! file headers. Arbitrary and mutated inputs give a value or a typed error, never a panic.
//! Cases that once failed are kept as named regression tests.
//!
//! More cases: `PROPTEST_CASES=100000 cargo test --release -p zirv-stark --test fuzz`.

use proptest::prelude::*;
use zirv_stark::{HashKind, InstanceProof, ProgramId, ProgramIdError, ProofFile, SecurityLevel};

fn sample_file() -> ProofFile {
    ProofFile {
        hash: HashKind::Poseidon2,
        security: SecurityLevel::Bits100,
        program_id: ProgramId {
            hash: HashKind::Poseidon2,
            bytes: vec![7; 40],
        },
        outputs: std::array::from_fn(|i| i as u32),
        mem_end: [9, 8, 7, 6, 1],
        instances: (0..3)
            .map(|i| InstanceProof {
                kind: i,
                log_height: 4,
                root: vec![i as u8; 12],
                bus_part: [i as u64, 2, 3],
                proof: vec![3; 64],
            })
            .collect(),
    }
}

proptest! {
    #[test]
    fn program_id_parse_never_panics(s in any::<String>()) {
        let _ = ProgramId::parse(&s);
    }

    #[test]
    fn program_id_parse_never_panics_after_a_prefix(
        prefix in prop_oneof![Just("poseidon2:"), Just("keccak:"), Just("keccak"), Just("")],
        rest in "[0-9a-fA-Fé:\\PC]{0,40}",
    ) {
        let _ = ProgramId::parse(&format!("{prefix}{rest}"));
    }

    #[test]
    fn program_ids_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..80), keccak in any::<bool>()) {
        let hash = if keccak { HashKind::Keccak } else { HashKind::Poseidon2 };
        let id = ProgramId { hash, bytes };
        prop_assert_eq!(ProgramId::parse(&id.to_string()), Ok(id));
    }

    #[test]
    fn program_id_decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        let id = ProgramId { hash: HashKind::Poseidon2, bytes: bytes.clone() };
        let _ = id.decode::<zirv_stark::Poseidon2>();
        let id = ProgramId { hash: HashKind::Keccak, bytes };
        let _ = id.decode::<zirv_stark::Keccak>();
    }

    #[test]
    fn proof_file_parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = ProofFile::from_bytes(&bytes);
    }

    #[test]
    fn mutated_proof_files_parse_or_fail(at in any::<prop::sample::Index>(), v in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let mut b = sample_file().to_bytes();
        let i = at.index(b.len());
        b[i] = v;
        let _ = ProofFile::from_bytes(&b);
        let _ = ProofFile::from_bytes(&b[..cut.index(b.len())]);
    }
}

/// `zirv verify x.bin --program-id 'keccak:aé0'` panicked (a byte slice inside `é`).
#[test]
fn regression_non_ascii_hex_digit() {
    assert_eq!(
        ProgramId::parse("keccak:aé0"),
        Err(ProgramIdError::NotHex { offset: 8 })
    );
    assert_eq!(
        ProgramId::parse("poseidon2:é"),
        Err(ProgramIdError::NotHex { offset: 10 })
    );
}

#[test]
fn typed_program_id_errors() {
    assert_eq!(ProgramId::parse("sha:00"), Err(ProgramIdError::Prefix));
    assert_eq!(ProgramId::parse("keccak"), Err(ProgramIdError::Prefix));
    assert_eq!(
        ProgramId::parse("keccak:abc"),
        Err(ProgramIdError::OddLength {
            hash: "keccak",
            digits: 3
        })
    );
    assert_eq!(
        ProgramId::parse("keccak:0g"),
        Err(ProgramIdError::NotHex { offset: 8 })
    );
    // An empty table list decodes, with no table where this build's proofs have three.
    assert_eq!(
        ProgramId::parse("keccak:00")
            .unwrap()
            .decode::<zirv_stark::Keccak>()
            .unwrap_err(),
        ProgramIdError::Heights {
            found: 0,
            expected: 3
        }
    );
    assert!(matches!(
        ProgramId::parse("keccak:05")
            .unwrap()
            .decode::<zirv_stark::Keccak>(),
        Err(ProgramIdError::Decode(_))
    ));
}

/// What `zirv verify` prints: the levels' nominal bits and p3-security's conjectured and
/// provable bits (docs/prover.md, "Security").
#[test]
fn security_levels_report_both_regimes() {
    let r100 = SecurityLevel::Bits100.report();
    let r128 = SecurityLevel::Bits128.report();
    assert_eq!(SecurityLevel::Bits100.bits(), 100);
    assert_eq!(SecurityLevel::Bits128.bits(), 128);
    assert!(
        (98.0..100.0).contains(&r100.conjectured_bits),
        "{}",
        r100.conjectured_bits
    );
    assert!(
        (57.0..59.0).contains(&r100.provable_bits),
        "{}",
        r100.provable_bits
    );
    assert!(
        (125.0..128.0).contains(&r128.conjectured_bits),
        "{}",
        r128.conjectured_bits
    );
    assert!(
        (71.0..73.0).contains(&r128.provable_bits),
        "{}",
        r128.provable_bits
    );
}

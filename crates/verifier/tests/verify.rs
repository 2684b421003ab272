//! The verifier on real proofs, through the code path the wasm32 build compiles
//! (`zirv_verifier::verify`): an honest proof verifies against its program id and its program;
//! every other claim is rejected with a typed error; and no change to the file's bytes makes it
//! panic (property test: flipped, overwritten, inserted and removed bytes anywhere).
//!
//! More cases: `PROPTEST_CASES=2000 cargo test --release -p zirv-verifier --test verify`.

use proptest::prelude::*;
use std::sync::OnceLock;
use zirv_core::Rom;
use zirv_core::elf::build_test_elf;
use zirv_sdk::{HashKind, ProgramId, ProveOptions, SecurityLevel, program_id, prove};
use zirv_verifier::{Expected, StarkCheck, VerifyError, VerifyOptions, verify};

/// `a7 = 93; a0 = 0; s0 = 7; ecall`: exits with 0 after a few steps.
fn rom(s0: u8) -> Rom {
    let words = [
        0x05d0_0893u32,
        0x0000_0513,
        0x0000_0413 | (s0 as u32) << 20,
        0x0000_0073,
    ];
    let code: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let elf = build_test_elf(0x9000_0000, &[(0x9000_0000, 5, &code, code.len() as u64)]);
    zirv_core::transpile_elf(&elf).unwrap()
}

struct Fixture {
    rom: Rom,
    id: ProgramId,
    bytes: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let rom = rom(7);
        let opts = ProveOptions {
            hash: HashKind::Keccak,
            security: SecurityLevel::Bits100,
        };
        let (file, _) = prove(&rom, &[], &opts).unwrap();
        let id = program_id(&rom, HashKind::Keccak).unwrap();
        Fixture {
            rom,
            id,
            bytes: file.to_bytes(),
        }
    })
}

fn check(bytes: &[u8]) -> Result<(), VerifyError> {
    let f = fixture();
    verify(bytes, Expected::Id(&f.id), &VerifyOptions::default()).map(|_| ())
}

#[test]
fn an_honest_proof_verifies_against_its_id_and_its_program() {
    let f = fixture();
    let v = verify(&f.bytes, Expected::Id(&f.id), &VerifyOptions::default()).unwrap();
    assert_eq!(v.program_id, f.id);
    assert_eq!(v.hash, HashKind::Keccak);
    assert_eq!(v.security, SecurityLevel::Bits100);
    let w = verify(&f.bytes, Expected::Rom(&f.rom), &VerifyOptions::default()).unwrap();
    assert_eq!(v, w);
}

#[test]
fn a_minimum_security_level_rejects_weaker_proofs() {
    let f = fixture();
    let strict = VerifyOptions {
        min_security: SecurityLevel::Bits128,
    };
    assert!(matches!(
        verify(&f.bytes, Expected::Id(&f.id), &strict),
        Err(VerifyError::Security {
            found: 100,
            min: 128
        })
    ));
}

#[test]
fn another_program_or_hash_is_rejected() {
    let f = fixture();
    let other = program_id(&rom(8), HashKind::Keccak).unwrap();
    assert!(matches!(
        verify(&f.bytes, Expected::Id(&other), &VerifyOptions::default()),
        Err(VerifyError::WrongProgram { .. })
    ));
    let poseidon = program_id(&f.rom, HashKind::Poseidon2).unwrap();
    assert!(matches!(
        verify(&f.bytes, Expected::Id(&poseidon), &VerifyOptions::default()),
        Err(VerifyError::WrongProgram { .. })
    ));
}

#[test]
fn typed_errors_name_what_is_wrong() {
    let f = fixture();
    let mut b = f.bytes.clone();
    b.truncate(20);
    assert!(matches!(check(&b), Err(VerifyError::File(_))));
    // The last byte of the STARK proof: the proof no longer checks (or no longer decodes).
    let mut b = f.bytes.clone();
    let n = b.len();
    b[n - 1] ^= 1;
    assert!(matches!(
        check(&b),
        Err(VerifyError::Stark(_) | VerifyError::Encoding { .. })
    ));
    // Another output: a public value the STARK binds.
    let mut b = f.bytes.clone();
    let outputs = 16 + f.id.bytes.len();
    b[outputs] ^= 1;
    assert!(matches!(
        check(&b),
        Err(VerifyError::Stark(
            StarkCheck::Openings(_)
                | StarkCheck::Transcript(_)
                | StarkCheck::Constraints(_)
                | StarkCheck::Bus(_)
        ))
    ));
}

type Proof = p3_batch_stark::BatchProof<zirv_stark::Stark<zirv_stark::Keccak>>;

/// The fixture with its STARK proof changed by `change` (decoded, changed, encoded again).
fn with_proof(change: impl FnOnce(&mut Proof)) -> Vec<u8> {
    let f = fixture();
    let mut file = zirv_stark::ProofFile::from_bytes(&f.bytes).unwrap();
    let mut proof: Proof = postcard::from_bytes(&file.proof).unwrap();
    change(&mut proof);
    file.proof = postcard::to_allocvec(&proof).unwrap();
    file.to_bytes()
}

/// Proofs of the right encoding but the wrong shape (instance heights, numbers of instances,
/// opened values of any length) are rejected with an error before or by the STARK verifier,
/// never with a panic.
#[test]
fn wrong_shapes_are_rejected_without_panics() {
    let n = fixture_instances();
    for i in 0..n {
        for h in [0usize, 1, 2, 5, 16, 22, 27, 28, 29, 40, 63, 64, usize::MAX] {
            let b = with_proof(|p| p.degree_bits[i] = h);
            if b != fixture().bytes {
                assert!(check(&b).is_err(), "instance {i} at height 2^{h}");
            }
        }
        let b = with_proof(|p| {
            p.opened_values.instances[i]
                .base_opened_values
                .trace_local
                .pop();
        });
        assert!(check(&b).is_err(), "instance {i}: a short trace opening");
        let b = with_proof(|p| {
            let o = &mut p.opened_values.instances[i].base_opened_values;
            o.trace_next = match o.trace_next.take() {
                Some(_) => None,
                None => Some(vec![Default::default(); 3]),
            };
        });
        assert!(
            check(&b).is_err(),
            "instance {i}: next-row opening added or removed"
        );
        let b = with_proof(|p| {
            let o = &mut p.opened_values.instances[i].base_opened_values;
            o.quotient_chunks.push(vec![Default::default(); 3]);
        });
        assert!(check(&b).is_err(), "instance {i}: an extra quotient chunk");
        let b = with_proof(|p| {
            let o = &mut p.opened_values.instances[i].base_opened_values;
            o.preprocessed = None;
        });
        if b != fixture().bytes {
            assert!(
                check(&b).is_err(),
                "instance {i}: preprocessed openings dropped"
            );
        }
        let b = with_proof(|p| {
            p.opened_values.instances[i].permutation_local.clear();
        });
        assert!(check(&b).is_err(), "instance {i}: no bus openings");
        let b = with_proof(|p| p.lookup_terminals[i] = None);
        assert!(check(&b).is_err(), "instance {i}: no bus terminal");
    }
    for drop in 0..3 {
        let b = with_proof(|p| match drop {
            0 => {
                p.degree_bits.pop();
            }
            1 => {
                p.opened_values.instances.pop();
            }
            _ => {
                p.lookup_terminals.pop();
            }
        });
        assert!(check(&b).is_err(), "one fewer instance ({drop})");
    }
    let b = with_proof(|p| p.commitments.permutation = None);
    assert!(check(&b).is_err(), "no bus commitment");
}

/// Each machine's height bound is the registry's: one row more than a bound (InputData's is the
/// INPUT region's 2^28 words, Main's the 2^22 steps of one proof, Output's exactly one row) is
/// rejected as a height error naming the machine, before the STARK verifier runs.
#[test]
fn heights_beyond_each_machines_bound_are_rejected_by_name() {
    use zirv_machines::{Height, Layout};
    let f = fixture();
    let file = zirv_stark::ProofFile::from_bytes(&f.bytes).unwrap();
    let counts: Vec<usize> = file.split.iter().map(|&n| n as usize).collect();
    let layout = Layout::from_split_counts(&counts).unwrap();
    for (i, m) in layout.machines().iter().enumerate() {
        let beyond = match m.spec().height {
            Height::AtMost(log) => log + 1,
            Height::Exactly(log) => log + 1,
            Height::FromProgramId => 30,
        };
        let b = with_proof(|p| p.degree_bits[i] = beyond);
        match check(&b) {
            Err(VerifyError::Height { machine, .. }) => assert_eq!(machine, m.spec().name),
            other => panic!("{} at 2^{beyond}: {other:?}", m.spec().name),
        }
    }
    assert_eq!(
        zirv_machines::MachineId::InputData.spec().height,
        Height::AtMost(28)
    );
}

fn fixture_instances() -> usize {
    let f = fixture();
    let file = zirv_stark::ProofFile::from_bytes(&f.bytes).unwrap();
    let proof: Proof = postcard::from_bytes(&file.proof).unwrap();
    proof.degree_bits.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(zirv_testkit::proptest_cases(256)))]

    #[test]
    fn changed_proof_files_are_rejected_without_panics(
        at in any::<prop::sample::Index>(),
        v in any::<u8>(),
        kind in 0..4u8,
        len in 1..64usize,
    ) {
        let f = fixture();
        let mut b = f.bytes.clone();
        let i = at.index(b.len());
        match kind {
            0 => b[i] ^= v.max(1),
            1 => { b.drain(i..(i + len).min(b.len())); }
            2 => { b.splice(i..i, std::iter::repeat_n(v, len)); }
            _ => b.truncate(i),
        }
        prop_assume!(b != f.bytes);
        prop_assert!(check(&b).is_err());
    }
}

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
            ..ProveOptions::default()
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
    // The last byte of the last instance proof: it no longer checks (or no longer decodes).
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

type Proof = p3_uni_stark::Proof<zirv_stark::Stark<zirv_stark::Keccak>>;

fn fixture_file() -> zirv_stark::ProofFile {
    zirv_stark::ProofFile::from_bytes(&fixture().bytes).unwrap()
}

/// The fixture with instance `i`'s STARK proof changed by `change` (decoded, changed, encoded
/// again).
fn with_proof(i: usize, change: impl FnOnce(&mut Proof)) -> Vec<u8> {
    let mut file = fixture_file();
    let mut proof: Proof = postcard::from_bytes(&file.instances[i].proof).unwrap();
    change(&mut proof);
    file.instances[i].proof = postcard::to_allocvec(&proof).unwrap();
    file.to_bytes()
}

/// The fixture with its file-level instance list changed by `change`.
fn with_instances(change: impl FnOnce(&mut Vec<zirv_stark::InstanceProof>)) -> Vec<u8> {
    let mut file = fixture_file();
    change(&mut file.instances);
    file.to_bytes()
}

/// Instance proofs of the right encoding but the wrong shape (heights, opened values of any
/// length, dropped openings) are rejected with an error before or by the STARK verifier, never
/// with a panic.
#[test]
fn wrong_shapes_are_rejected_without_panics() {
    let n = fixture_file().instances.len();
    for i in 0..n {
        for h in [0usize, 1, 2, 5, 16, 22, 27, 28, 29, 40, 63, 64, usize::MAX] {
            let b = with_proof(i, |p| p.degree_bits = h);
            if b != fixture().bytes {
                assert!(check(&b).is_err(), "instance {i} at height 2^{h}");
            }
        }
        let b = with_proof(i, |p| {
            p.opened_values.trace_local.pop();
        });
        assert!(check(&b).is_err(), "instance {i}: a short trace opening");
        let b = with_proof(i, |p| {
            let o = &mut p.opened_values;
            o.trace_next = match o.trace_next.take() {
                Some(_) => None,
                None => Some(vec![Default::default(); 3]),
            };
        });
        assert!(
            check(&b).is_err(),
            "instance {i}: next-row opening added or removed"
        );
        let b = with_proof(i, |p| {
            p.opened_values
                .quotient_chunks
                .push(vec![Default::default(); 3]);
        });
        assert!(check(&b).is_err(), "instance {i}: an extra quotient chunk");
        let b = with_proof(i, |p| p.opened_values.preprocessed = None);
        assert!(check(&b).is_err(), "instance {i}: row openings dropped");
    }
}

/// The instance list itself: an instance dropped, duplicated, moved or swapped with another,
/// a root or a bus part changed, an unknown kind: each is rejected.
#[test]
fn changed_instance_lists_are_rejected() {
    let n = fixture_file().instances.len();
    for i in 0..n {
        let b = with_instances(|v| {
            v.remove(i);
        });
        assert!(check(&b).is_err(), "instance {i} dropped");
        let b = with_instances(|v| {
            let x = v[i].clone();
            v.insert(i, x);
        });
        assert!(check(&b).is_err(), "instance {i} duplicated");
        if i + 1 < n {
            let b = with_instances(|v| v.swap(i, i + 1));
            assert!(check(&b).is_err(), "instances {i} and {} swapped", i + 1);
            let b = with_instances(|v| {
                let p = v[i + 1].proof.clone();
                v[i + 1].proof = std::mem::replace(&mut v[i].proof, p);
            });
            assert!(
                check(&b).is_err(),
                "the proofs of {i} and {} swapped",
                i + 1
            );
        }
        let b = with_instances(|v| v[i].root[0] ^= 1);
        assert!(check(&b).is_err(), "instance {i}: another root");
        let b = with_instances(|v| v[i].bus_part[1] = (v[i].bus_part[1] + 1) % 0xffff_ffff);
        assert!(check(&b).is_err(), "instance {i}: another bus part");
        let b = with_instances(|v| v[i].kind = 0x999);
        assert!(
            matches!(check(&b), Err(VerifyError::Layout(_))),
            "instance {i}: an unknown kind"
        );
    }
    // Bus parts moved between two instances (their sum unchanged).
    let b = with_instances(|v| {
        v[0].bus_part[0] = (v[0].bus_part[0] + 5) % 0xffff_ffff_0000_0001;
        v[1].bus_part[0] = (v[1].bus_part[0] + 0xffff_ffff_0000_0001 - 5) % 0xffff_ffff_0000_0001;
    });
    assert!(check(&b).is_err(), "bus parts moved between instances");
}

/// Each machine's height bound is the registry's: one row more than a bound (Main's and the
/// other cut machines' 2^22 per instance, InputData's 2^22 words, Output's exactly one row, the
/// tables' the program id's) is rejected as a height error naming the machine, before the STARK
/// verifier runs.
#[test]
fn heights_beyond_each_machines_bound_are_rejected_by_name() {
    use zirv_machines::Height;
    use zirv_stark::InstanceKind;
    let file = fixture_file();
    for (i, inst) in file.instances.iter().enumerate() {
        let kind = InstanceKind::from_code(inst.kind).unwrap();
        let m = kind.machine();
        let bound = match kind {
            InstanceKind::Anchor(_) => Height::FromProgramId,
            InstanceKind::Machine(_) => m.spec().height,
        };
        let beyond = match bound {
            Height::AtMost(log) => log + 1,
            Height::Exactly(log) => log + 1,
            Height::FromProgramId => 27,
        };
        let b = with_instances(|v| v[i].log_height = beyond as u8);
        match check(&b) {
            Err(VerifyError::Height { machine, .. }) => assert_eq!(machine, m.spec().name),
            other => panic!("{} at 2^{beyond}: {other:?}", kind.name()),
        }
    }
    assert_eq!(
        zirv_machines::MachineId::InputData.spec().height,
        Height::AtMost(22)
    );
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

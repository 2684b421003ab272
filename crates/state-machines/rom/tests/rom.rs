//! Soundness of the ROM machine on the bus, with a test sender standing in for Main: it looks
//! up given ROM tuples, as Main will. A proof exists only when every lookup matches a real ROM
//! row with the right multiplicity, and it is bound to the program id.

use object::elf::{PF_R, PF_W, PF_X};
use p3_field::PrimeCharacteristicRing;
use zirv_core::Rom;
use zirv_core::elf::build_test_elf;
use zirv_data_bus::BusId;
use zirv_machines::Val;
use zirv_machines::ZirvAir;
use zirv_sm_rom::columns::{NUM_FIELDS, encode_inst};
use zirv_sm_rom::{RomAir, multiplicity_trace};
use zirv_stark::{HashKind, program_id};
use zirv_testkit::{Sender, TestAir, prove_and_verify};

/// Main's stand-in: looks up one ROM tuple per row.
const SENDER: Sender = Sender::new(BusId::Rom, NUM_FIELDS);

fn rom_of(code: &[u8]) -> Rom {
    let elf = build_test_elf(
        0x9000_0000,
        &[(0x9000_0000, PF_R | PF_X, code, code.len() as u64)],
    );
    zirv_core::transpile_elf(&elf).unwrap()
}

/// ROM of a little program: addi a0, x0, 5; addi a0, a0, 1; ecall.
fn program_a() -> Rom {
    rom_of(&[
        0x13, 0x05, 0x50, 0x00, 0x13, 0x05, 0x15, 0x00, 0x73, 0, 0, 0,
    ])
}

/// The same with the second immediate changed.
fn program_b() -> Rom {
    rom_of(&[
        0x13, 0x05, 0x50, 0x00, 0x13, 0x05, 0x25, 0x00, 0x73, 0, 0, 0,
    ])
}

/// Proves ROM(`rom`, `mults`) + a sender of `sent` tuples, and verifies against `verify_rom`'s
/// program. Ok(()) when the proof verifies; Err when proving panics or verification fails.
fn prove_verify(
    rom: &Rom,
    mults: &[u64],
    sent: &[[Val; NUM_FIELDS]],
    verify_rom: &Rom,
) -> Result<(), String> {
    let rom_air = RomAir::<Val>::new(rom);
    let rom_trace = multiplicity_trace::<Val>(mults, rom_air.height().unwrap());
    let n = sent.len().max(4).next_power_of_two();
    // Unused sender rows repeat the first tuple; the ROM multiplicity accounts for them.
    let sender_trace = SENDER.trace((0..n).map(|i| sent[if i < sent.len() { i } else { 0 }]));
    let instances = [
        (TestAir::Zirv(ZirvAir::Rom(rom_air)), rom_trace),
        (TestAir::Sender(SENDER), sender_trace),
    ];
    let verify = [
        TestAir::Zirv(ZirvAir::Rom(RomAir::new(verify_rom))),
        TestAir::Sender(SENDER),
    ];
    prove_and_verify(&instances, &verify)
}

fn encoded(rom: &Rom, pc: u64) -> [Val; NUM_FIELDS] {
    encode_inst::<Val>(rom.get(pc).unwrap())
}

/// Multiplicities when the sender looks up the instruction at `pc` `n` times.
fn mults_for(rom: &Rom, pcs: &[(u64, u64)]) -> Vec<u64> {
    let mut m = vec![0; rom.insts.len()];
    for &(pc, n) in pcs {
        m[rom.index_of(pc).unwrap()] += n;
    }
    m
}

#[test]
fn honest_lookups_verify() {
    let rom = program_a();
    let sent = [
        encoded(&rom, 0x1000),
        encoded(&rom, 0x9000_0000),
        encoded(&rom, 0x9000_0004),
    ];
    // 4 sender rows: the 4th repeats the first tuple.
    let mults = mults_for(&rom, &[(0x1000, 2), (0x9000_0000, 1), (0x9000_0004, 1)]);
    prove_verify(&rom, &mults, &sent, &rom).unwrap();
}

#[test]
fn a_wrong_rom_field_is_rejected() {
    let rom = program_a();
    let mults = mults_for(&rom, &[(0x9000_0000, 4)]);
    for field in 0..NUM_FIELDS {
        let mut t = encoded(&rom, 0x9000_0000);
        t[field] += Val::ONE;
        assert!(
            prove_verify(&rom, &mults, &[t], &rom).is_err(),
            "field {field} changed but accepted"
        );
    }
}

#[test]
fn multiplicity_off_by_one_is_rejected() {
    let rom = program_a();
    let sent = [encoded(&rom, 0x9000_0000)];
    for delta in [-1i64, 1] {
        let mut mults = mults_for(&rom, &[(0x9000_0000, 4)]);
        let i = rom.index_of(0x9000_0000).unwrap();
        mults[i] = (mults[i] as i64 + delta) as u64;
        assert!(
            prove_verify(&rom, &mults, &sent, &rom).is_err(),
            "delta {delta}"
        );
    }
    // A multiplicity on another row, with nobody looking it up.
    let mut mults = mults_for(&rom, &[(0x9000_0000, 4)]);
    mults[0] += 1;
    assert!(prove_verify(&rom, &mults, &sent, &rom).is_err());
}

#[test]
fn padding_rows_cannot_be_looked_up() {
    let rom = program_a();
    let height = RomAir::<Val>::new(&rom).height().unwrap();
    assert!(height > rom.insts.len(), "the test needs a padding row");
    let padding = [Val::ZERO; NUM_FIELDS];
    let mut mults = vec![0u64; height];
    mults[height - 1] = 4;
    assert!(prove_verify(&rom, &mults, &[padding], &rom).is_err());
}

#[test]
fn a_proof_is_bound_to_its_program() {
    let a = program_a();
    let b = program_b();
    let sent = [encoded(&a, 0x9000_0000)];
    let mults = mults_for(&a, &[(0x9000_0000, 4)]);
    prove_verify(&a, &mults, &sent, &a).unwrap();
    assert!(
        prove_verify(&a, &mults, &sent, &b).is_err(),
        "a proof for A verified as B"
    );
}

#[test]
fn program_ids_are_deterministic_and_distinct() {
    let a = program_id(&program_a(), HashKind::Poseidon2).unwrap();
    assert_eq!(a, program_id(&program_a(), HashKind::Poseidon2).unwrap());
    assert_ne!(a, program_id(&program_b(), HashKind::Poseidon2).unwrap());
    // Same code, different initial data: a different program.
    let with_data = |byte: u8| {
        let code = [0x13, 0x05, 0x50, 0x00, 0x73, 0, 0, 0];
        let elf = build_test_elf(
            0x9000_0000,
            &[
                (0x9000_0000, PF_R | PF_X, &code, 8),
                (0xA043_0000, PF_R | PF_W, &[byte; 8], 16),
            ],
        );
        program_id(
            &zirv_core::transpile_elf(&elf).unwrap(),
            HashKind::Poseidon2,
        )
        .unwrap()
    };
    assert_ne!(with_data(1), with_data(2));
    assert_eq!(with_data(1), with_data(1));
    let k = program_id(&program_a(), HashKind::Keccak).unwrap();
    assert_ne!(a.bytes, k.bytes);
    assert!(a.to_string().starts_with("poseidon2:"));
    assert!(k.to_string().starts_with("keccak:"));
}

//! Fault injection: the witness generator lies in one way (zirv-witness's `Fault`), and each lie
//! must make proving fail or verification reject; the honest witness of the same run verifies.
//! Also: runs that must not be provable are refused, and proof files with any changed, missing
//! or extra byte are rejected with an error (never a panic).

mod common;

use common::programs::{input, rom};
use common::{rejected, verify};
use zirv_core::Rom;
use zirv_emulator::{ChunkTrace, Emulator, NullIo, Options, Report};
use zirv_sdk::{Expected, ProofFile, ProveError, ProveOptions, program_id, prove};
use zirv_witness::{Fault, WitnessError, generate, generate_with_fault};

fn run(rom: &Rom, input: &[u8]) -> (Report, Vec<ChunkTrace>) {
    let mut chunks = Vec::new();
    let opts = Options {
        chunk_steps: 16,
        ..Options::default()
    };
    let r = Emulator::new(rom)
        .run_traced(input, &opts, &mut NullIo, |c| chunks.push(c))
        .unwrap();
    (r, chunks)
}

#[test]
fn every_fault_is_rejected_and_the_honest_witness_is_not() {
    let rom = rom("mem_ops");
    let input = input();
    let (report, chunks) = run(&rom, &input);
    let honest = generate(&rom, &chunks, &input, &report.outputs).unwrap();
    assert!(!rejected(&rom, honest), "the honest witness must verify");
    let faults = [
        Fault::WrongLoadedValue { nth: 0 },
        Fault::WrongLoadedValue { nth: 3 },
        Fault::SkippedWrite { nth: 0 },
        Fault::SkippedWrite { nth: 1 },
        Fault::ReorderedWrites { nth: 0 },
        Fault::WrongPc { step: 10 },
        Fault::WrongJump { step: 4 },
        Fault::WrongJump { step: 12 },
        Fault::WrongRomField { step: 9, field: 12 },
        Fault::WrongRomField {
            step: 20,
            field: 18,
        },
        Fault::WrongRomField { step: 2, field: 4 },
        Fault::WrongInitialValue { nth: 0 },
        Fault::WrongInputValue { nth: 2 },
        Fault::FreeInputWord {
            value: 0x5a5a_0001_0000_0007,
        },
        Fault::FreeInputWord { value: 1 },
        Fault::WrongOutput { index: 0 },
        Fault::WrongOutput { index: 63 },
        Fault::WrongEcallA0 { nth: 0 },
        Fault::StoreAfterExit { word: 0 },
        Fault::StoreAfterExit { word: 31 },
        Fault::LoadAfterExit { word: 3 },
        Fault::WrongRegisterRead { nth: 0 },
        Fault::WrongRegisterRead { nth: 7 },
        Fault::SkippedRegisterWrite { nth: 0 },
        Fault::SkippedRegisterWrite { nth: 10 },
    ];
    for fault in faults {
        let w = generate_with_fault(&rom, &chunks, &input, &report.outputs, fault).unwrap();
        assert!(rejected(&rom, w), "{fault:?} was accepted");
    }
}

#[test]
fn unprovable_runs_are_refused_with_a_reason() {
    let e = prove(&rom("exit3"), &[], &ProveOptions::default()).unwrap_err();
    assert!(
        matches!(e, ProveError::Witness(WitnessError::Failed(3))),
        "{e}"
    );
}

#[test]
fn changed_truncated_or_garbage_proof_files_are_rejected() {
    let exit3 = rom("exit3");
    let rom = rom("mem_ops");
    let (file, _) = prove(&rom, &input(), &ProveOptions::default()).unwrap();
    let bytes = file.to_bytes();
    let id = program_id(&rom, file.hash).unwrap();
    let check = |b: &[u8], what: &str| {
        let r = std::panic::catch_unwind(|| verify(b, Expected::Id(&id)));
        match r {
            Ok(Err(_)) => {}
            Ok(Ok(_)) => panic!("{what}: accepted"),
            Err(_) => panic!("{what}: the verifier panicked"),
        }
    };
    assert!(verify(&bytes, Expected::Id(&id)).is_ok());
    let header = 16 + file.program_id.bytes.len();
    // Mem's end state (5 u64s) and the instance count follow the outputs.
    let mem_end = header + 256;
    let body = mem_end + 40 + 4;
    let mut positions: Vec<usize> = (0..header).collect();
    positions.extend((header..header + 256).step_by(29));
    positions.extend(mem_end..body);
    positions.extend((body..bytes.len()).step_by((bytes.len() - body) / 200));
    for &i in &positions {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        check(&b, &format!("byte {i} changed"));
    }
    for len in [0, 7, 12, header, body - 1, body + 100, bytes.len() - 1] {
        check(&bytes[..len], &format!("truncated to {len}"));
    }
    let mut long = bytes.clone();
    long.push(0);
    check(&long, "one extra byte");
    check(&[0x5a; 4096], "garbage");
    // Another program's proof is not this program's.
    let other = ProofFile {
        program_id: program_id(&exit3, file.hash).unwrap(),
        ..file.clone()
    };
    check(&other.to_bytes(), "another program's id");
}

/// The emulator and the proof accept the same runs whatever a `write` ecall's buffer: the bytes
/// are host output, outside the statement, so the proof does not read them and the emulator
/// does not stop on an unreadable buffer either (it writes a notice to stderr). Until
/// 2026-12-05 the emulator stopped such a run while a proof of it verified.
#[test]
fn write_buffers_the_emulator_cannot_read_stop_neither_it_nor_the_proof() {
    use zirv_core::memmap::{GUARD_ADDR, INPUT_END, buffer_readable};
    use zirv_emulator::{CaptureIo, frame_records};
    let rom = rom("write_input");
    for (addr, len) in [
        (GUARD_ADDR, 4u64),
        (INPUT_END - 2, 4),
        (1 << 32, 8),
        (0x1000, 1),
    ] {
        assert!(!buffer_readable(addr, len));
        let input = frame_records([[addr.to_le_bytes(), len.to_le_bytes()].concat()]);
        let mut io = CaptureIo::default();
        let report = Emulator::new(&rom)
            .run(&input, &Options::default(), &mut io)
            .unwrap();
        assert_eq!(report.exit_code, 0);
        assert!(io.stdout.is_empty());
        let (file, _) = prove(&rom, &input, &ProveOptions::default()).unwrap();
        let id = program_id(&rom, file.hash).unwrap();
        assert_eq!(
            verify(&file.to_bytes(), Expected::Id(&id)).unwrap(),
            report.outputs
        );
    }
}

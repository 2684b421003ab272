//! Fault injection: the witness generator lies in one way (zirv-witness's `Fault`), and each lie
//! must make proving fail or verification reject; the honest witness of the same run verifies.
//! Also: runs that must not be provable are refused (a failed exit; a `write` ecall whose buffer
//! the emulator cannot read: the emulator and the proof accept the same buffers), and proof
//! files with any changed, missing or extra byte are rejected with an error (never a panic).

mod common;

use common::programs::{input, rom};
use common::verify;
use zirv_core::Rom;
use zirv_emulator::{ChunkTrace, Emulator, NullIo, Options, Report};
use zirv_prover::prove_witness;
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

/// Whether a witness is rejected: the prover refuses it (a debug build checks constraints) or
/// the verifier rejects its proof.
fn rejected(rom: &Rom, witness: zirv_witness::Witness) -> bool {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        prove_witness(rom, &witness, &ProveOptions::default())
    }));
    match r {
        Err(_) | Ok(Err(_)) => true,
        Ok(Ok((file, _))) => verify(&file.to_bytes(), Expected::Rom(rom)).is_err(),
    }
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

/// `(address, length)` of write buffers around every region boundary, and whether the emulator
/// runs the write (docs/execution.md, "Errors": a non-empty buffer lies in INPUT, in the
/// program ROM, in the stack, or in OUTPUT and data, as a load must).
fn write_buffers() -> Vec<(u64, u64, bool)> {
    use zirv_core::memmap::*;
    vec![
        (OUTPUT_ADDR, 3, true),
        (INPUT_ADDR, 8, true),
        (INPUT_ADDR + 0x10, 16, true),
        (ROM_ADDR, 4, true),
        (ROM_END - 4, 4, true),
        (STACK_TOP - 4, 4, true),
        (STACK_ADDR, 1, true),
        (OUTPUT_END - 2, 4, true), // OUTPUT into data, as loads may
        (DATA_ADDR - 0x10, 0x20, true),
        (DATA_END - 4, 4, true),
        (0, 0, true), // an empty buffer may point anywhere
        (1 << 40, 0, true),
        (GUARD_ADDR, 4, false),
        (0, 4, false),
        (BOOT_ADDR, 4, false),
        (UART_ADDR, 1, false),
        (SYS_ADDR + 0x1000, 8, false), // the registers' words
        (STACK_TOP - 2, 4, false),     // stack into SYS
        (STACK_ADDR - 2, 4, false),
        (STACK_TOP - 0x8000, 0x19000, false), // stack, across SYS, into OUTPUT
        (SYS_END - 2, 4, false),
        (OUTPUT_ADDR - 1, 2, false),
        (INPUT_END - 2, 4, false), // INPUT into the program ROM
        (ROM_END - 2, 4, false),
        (DATA_END - 2, 4, false),
        (DATA_END, 1, false),
        (1 << 32, 4, false),
        ((1 << 32) - 2, 4, false),
        (u64::MAX - 0xf, 0x20, false),
        (OUTPUT_ADDR, 1 << 32, false),
        (OUTPUT_ADDR, u64::MAX, false),
    ]
}

/// The emulator and the proof accept the same write ecalls: a run the emulator stops on its
/// write buffer has no accepted witness (the run's witness on a readable buffer of the same
/// length, its buffer address changed consistently), and every run it completes is proven.
#[test]
fn the_proof_accepts_exactly_the_write_buffers_the_emulator_reads() {
    use zirv_emulator::{VmError, frame_records};
    use zirv_machines::TableSource;
    use zirv_testkit::check::check_witness;
    let rom = rom("write_input");
    let frame =
        |addr: u64, len: u64| frame_records([[addr.to_le_bytes(), len.to_le_bytes()].concat()]);
    let check = |w: &zirv_witness::Witness| {
        let layout = w.layout();
        let airs = layout.airs(TableSource::Program(&rom));
        let public = layout.public_values(&w.outputs);
        let traces: Vec<_> = w.instance_traces().into_iter().cloned().collect();
        check_witness(&airs, &traces, &public)
    };
    let mut wrong = Vec::new();
    for (addr, len, readable) in write_buffers() {
        let input = frame(addr, len);
        let emulated = Emulator::new(&rom).run(&input, &Options::default(), &mut NullIo);
        match (&emulated, readable) {
            (Ok(r), true) => assert_eq!(r.exit_code, 0),
            (Err(VmError::WriteBuffer { .. }), false) => {}
            _ => {
                wrong.push(format!(
                    "{addr:#x}+{len:#x}: the emulator gives {emulated:?}"
                ));
                continue;
            }
        }
        if readable {
            let (report, chunks) = run(&rom, &input);
            let w = generate(&rom, &chunks, &input, &report.outputs).unwrap();
            if let Err(e) = check(&w) {
                wrong.push(format!("{addr:#x}+{len:#x}: the honest witness fails: {e}"));
            }
        } else if len < 0x20000 {
            // The run on a readable buffer of this length, its address changed to `addr`.
            let good = frame(zirv_core::memmap::OUTPUT_ADDR, len);
            let (report, chunks) = run(&rom, &good);
            let fault = Fault::WriteBufferFromInput { nth: 0, addr };
            let w = generate_with_fault(&rom, &chunks, &good, &report.outputs, fault).unwrap();
            if check(&w).is_ok() {
                wrong.push(format!("{addr:#x}+{len:#x}: accepted"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The real prover and verifier agree with the checker on one of each.
    prove(&rom, &frame(0xA043_0000 - 2, 4), &ProveOptions::default()).unwrap();
    let good = frame(zirv_core::memmap::OUTPUT_ADDR, 4);
    let (report, chunks) = run(&rom, &good);
    let fault = Fault::WriteBufferFromInput {
        nth: 0,
        addr: 0xA040_0000 - 2,
    };
    let w = generate_with_fault(&rom, &chunks, &good, &report.outputs, fault).unwrap();
    assert!(rejected(&rom, w), "{fault:?} was accepted");
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
    let counts = header + 256;
    let body = counts + zirv_machines::split_machines().count() + 4;
    let mut positions: Vec<usize> = (0..header).collect();
    positions.extend((header..header + 256).step_by(29));
    positions.extend((body..bytes.len()).step_by((bytes.len() - body) / 40));
    positions.extend(counts..counts + zirv_machines::split_machines().count());
    for &i in &positions {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        check(&b, &format!("byte {i} changed"));
    }
    // Another instance count of Binary, Arith or Shift (1 to 3): the instances no longer match.
    for i in counts..counts + zirv_machines::split_machines().count() {
        for v in 1..=3u8 {
            if bytes[i] != v {
                let mut b = bytes.clone();
                b[i] = v;
                check(&b, &format!("instance count {i} set to {v}"));
            }
        }
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

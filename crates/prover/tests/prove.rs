//! End to end: programs of internal ops and memory are executed, proven and verified; the
//! outputs in the proof are the emulator's.

mod common;

use common::programs::{input, rom};
use common::verify;
use zirv_emulator::{Emulator, NullIo, Options};
use zirv_sdk::{Expected, ProveOptions, program_id, prove};

#[test]
fn mem_ops_proves_and_verifies() {
    let rom = rom("mem_ops");
    let input = input();
    let report = Emulator::new(&rom)
        .run(&input, &Options::default(), &mut NullIo)
        .unwrap();
    assert_eq!(report.exit_code, 0);
    let (file, stats) = prove(&rom, &input, &ProveOptions::default()).unwrap();
    assert_eq!(stats.steps, report.steps);
    assert_eq!(file.outputs, report.outputs);
    let bytes = file.to_bytes();
    assert_eq!(verify(&bytes, Expected::Rom(&rom)).unwrap(), report.outputs);
    let id = program_id(&rom, file.hash).unwrap();
    assert_eq!(file.program_id, id);
    assert_eq!(verify(&bytes, Expected::Id(&id)).unwrap(), report.outputs);
}

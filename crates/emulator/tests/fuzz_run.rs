//! Property test: running arbitrary code never panics or hangs; it exits, or stops with a
//! `VmError`, within the step limit.

use object::elf::{PF_R, PF_W, PF_X};
use proptest::prelude::*;
use zirv_core::elf::build_test_elf;
use zirv_emulator::{CaptureIo, Emulator, Options};

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
    #[test]
    fn random_code_runs_or_fails_cleanly(code in proptest::collection::vec(any::<u8>(), 2..512), input in proptest::collection::vec(any::<u8>(), 0..64)) {
        let elf = build_test_elf(0x9000_0000, &[(0x9000_0000, PF_R | PF_X, &code, code.len() as u64), (0xA043_0000, PF_R | PF_W, &[7; 64], 4096)]);
        // A two-operand precompile call without its `add` is refused at load time (abi.md).
        let Ok(rom) = zirv_core::transpile_elf(&elf) else {
            let e = zirv_core::transpile_elf(&elf).unwrap_err();
            prop_assert!(matches!(e, zirv_core::elf::ElfError::UnpairedPrecompileCall { .. }), "{}", e);
            return Ok(());
        };
        let emu = Emulator::new(&rom);
        let opts = Options { max_steps: 20_000, chunk_steps: 1000 };
        let a = emu.run(&input, &opts, &mut CaptureIo::default());
        let b = emu.run_traced(&input, &opts, &mut CaptureIo::default(), |_| {});
        prop_assert_eq!(a, b);
    }
}

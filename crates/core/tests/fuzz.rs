//! Property tests ("fuzzing") of the ELF loader, the decoder and the transpiler: arbitrary and
//! mutated inputs must give a result or an error, never a panic. Cases that once failed are kept
//! below as named regression tests (and proptest keeps its own in proptest-regressions/).
//!
//! More cases: `PROPTEST_CASES=100000 cargo test --release -p zirv-core --test fuzz`.

use object::elf::{PF_R, PF_W, PF_X};
use proptest::prelude::*;
use zirv_core::decode::{decode, decode_compressed, decode32};
use zirv_core::elf::{ElfError, build_test_elf, load_elf};
use zirv_core::transpile_elf;

fn valid_elf(code: &[u8]) -> Vec<u8> {
    build_test_elf(
        0x9000_0000,
        &[
            (0x9000_0000, PF_R | PF_X, code, code.len() as u64),
            (0xA043_0000, PF_R | PF_W, &[1, 2, 3], 64),
        ],
    )
}

proptest! {
    #[test]
    fn decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..6)) {
        let _ = decode(&bytes);
    }

    #[test]
    fn every_32_bit_word_decodes_or_is_illegal(raw in any::<u32>()) {
        let _ = decode32(raw);
    }

    #[test]
    fn loader_never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = load_elf(&bytes);
        let _ = transpile_elf(&bytes);
    }

    #[test]
    fn loader_never_panics_on_mutated_elves(
        code in proptest::collection::vec(any::<u8>(), 1..64),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut elf = valid_elf(&code);
        for (i, v) in flips {
            let k = i.index(elf.len());
            elf[k] = v;
        }
        if truncate {
            elf.truncate(cut.index(elf.len()));
        }
        let _ = transpile_elf(&elf);
    }

    #[test]
    fn any_code_transpiles(code in proptest::collection::vec(any::<u8>(), 1..256)) {
        // Any bytes in an executable segment give a ROM (undecodable ones become `illegal`),
        // except a two-operand precompile call without its `add` on the linear sweep, which
        // abi.md has the loader refuse.
        let rom = match transpile_elf(&valid_elf(&code)) {
            Ok(rom) => rom,
            Err(ElfError::UnpairedPrecompileCall { .. }) => return Ok(()),
            Err(e) => panic!("{e}"),
        };
        // One ROM entry per halfword of code (plus boot ROM and expansion slots).
        let entries = rom.code_index.iter().filter(|&&i| i != u32::MAX).count();
        prop_assert_eq!(entries, code.len().div_ceil(2));
    }
}

#[test]
fn every_halfword_decodes_or_is_illegal() {
    for c in 0..=u16::MAX {
        if c & 3 != 3 {
            let _ = decode_compressed(c);
        }
    }
}

/// Regression: a code segment of odd length (rodata merged into the text segment) made the
/// transpiler index one past its halfword table.
#[test]
fn regression_odd_length_code_segment() {
    let rom = transpile_elf(&valid_elf(&[0x13, 0, 0, 0, b'o', b'k', b'\n'])).unwrap();
    assert!(rom.get(0x9000_0006).is_some());
}

/// Regression: a 4-byte instruction cut by the end of the segment is illegal, not a panic.
#[test]
fn regression_truncated_last_instruction() {
    let rom = transpile_elf(&valid_elf(&[0x13, 0, 0, 0, 0x13, 0])).unwrap();
    assert_eq!(rom.get(0x9000_0004).unwrap().op, zirv_core::Op::Illegal);
}

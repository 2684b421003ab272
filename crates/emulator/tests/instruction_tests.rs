//! The self-checking instruction tests of tests/riscv/*.S: each exits 0 when every check in it
//! passes (a non-zero exit names the failing test number). Every program runs under Zirv in
//! fast, statistics and trace mode (with chunk replay), and all but the `zirv_*` ones also under
//! qemu-riscv64, which must agree on exit code and stdout.

mod common;

use common::*;
use zirv_emulator::frame_records;

fn programs() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join("tests/riscv"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "S"))
        .collect();
    v.sort();
    assert!(v.len() >= 7, "instruction test programs are missing");
    v
}

fn input_for(name: &str) -> Vec<u8> {
    if name == "zirv_system" {
        frame_records([[1u8, 2, 3, 4]])
    } else {
        Vec::new()
    }
}

#[test]
fn self_checking_instruction_tests_pass_on_zirv_and_qemu() {
    let out = out_dir("instructions");
    for src in programs() {
        let name = src.file_stem().unwrap().to_str().unwrap().to_string();
        let elf_path = build_asm(&src, &out.join(format!("{name}.elf")));
        let elf = std::fs::read(&elf_path).unwrap();
        let input = input_for(&name);
        for chunk in [1, 7, 64, 1 << 18] {
            let o =
                zirv_run_all_modes(&elf, &input, chunk).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                o.report.exit_code, 0,
                "{name}: test {} failed on zirv",
                o.report.exit_code
            );
            if !name.starts_with("zirv_") {
                let (code, stdout) = qemu_run(&elf_path);
                assert_eq!(
                    code, 0,
                    "{name}: test {code} failed on qemu (the test itself is wrong)"
                );
                assert_eq!(o.stdout, stdout, "{name}: stdout differs from qemu");
            }
        }
        if name == "zirv_system" {
            let o = zirv_run(&elf, &input).unwrap();
            assert_eq!(o.stdout, b"U\n");
            assert_eq!(o.report.outputs[0], 0xcafebabe);
            assert_eq!(o.report.outputs[63], 0x12345678);
        }
    }
}

#[test]
fn rom_steps_per_instruction_is_one_for_plain_code() {
    let out = out_dir("instructions");
    let src = root().join("tests/riscv/rv64i_alu.S");
    let elf = std::fs::read(build_asm(&src, &out.join("alu-stats.elf"))).unwrap();
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    let emu = zirv_emulator::Emulator::new(&rom);
    let r = emu
        .run_with_stats(&[], &Default::default(), &mut zirv_emulator::NullIo)
        .unwrap();
    let s = r.stats.unwrap();
    assert_eq!(s.steps_per_instruction(), 1.0);
    assert_eq!(s.steps(), r.steps);
}

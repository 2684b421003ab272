//! Bad programs stop with an error that names what and where, never a panic or a hang.

mod common;

use common::*;
use zirv_core::memmap::ROM_ADDR;
use zirv_emulator::{CaptureIo, Emulator, Options, VmError};

/// Assembles a program whose body is `body` (the entry is at ROM_ADDR), runs it with
/// `max_steps`, and returns the error (checking every mode agrees on it).
fn run_err(name: &str, body: &str, max_steps: u64) -> VmError {
    let out = out_dir("errors");
    let src = out.join(format!("{name}.S"));
    std::fs::write(
        &src,
        format!(".section .text.init\n.globl _start\n_start:\n{body}\n"),
    )
    .unwrap();
    let elf = std::fs::read(build_asm(&src, &out.join(format!("{name}.elf")))).unwrap();
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    let emu = Emulator::new(&rom);
    let opts = Options {
        max_steps,
        ..Options::default()
    };
    let e = emu
        .run(&[], &opts, &mut CaptureIo::default())
        .expect_err("must fail");
    let e2 = emu
        .run_traced(&[], &opts, &mut CaptureIo::default(), |_| {})
        .expect_err("must fail");
    let e3 = emu
        .run_with_stats(&[], &opts, &mut CaptureIo::default())
        .expect_err("must fail");
    assert_eq!(e, e2);
    assert_eq!(e, e3);
    // The message names the pc.
    assert!(e.to_string().contains("pc 0x"), "{e}");
    e
}

#[test]
fn unmapped_load() {
    let e = run_err("unmapped_load", "li a0, 8\nld a1, 0(a0)", 100);
    assert_eq!(
        e,
        VmError::Load {
            pc: ROM_ADDR + 2,
            addr: 8,
            width: 8,
            region: "unmapped"
        }
    );
}

#[test]
fn loads_from_guard_and_sys() {
    let e = run_err("guard_load", "li a0, 0x98000000\nlw a1, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Load {
                addr: 0x9800_0000,
                width: 4,
                ..
            }
        ),
        "{e}"
    );
    let e = run_err("sys_load", "li a0, 0xA0400200\nlb a1, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Load {
                addr: 0xA040_0200,
                region: "SYS",
                ..
            }
        ),
        "{e}"
    );
    let e = run_err("stack_sys_straddle", "li a0, 0xA03FFFFC\nld a1, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Load {
                addr: 0xA03F_FFFC,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn store_into_rom_input_and_sys() {
    let e = run_err("rom_store", "li a0, 0x90000000\nsd a0, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Store {
                addr: 0x9000_0000,
                region: "program ROM",
                ..
            }
        ),
        "{e}"
    );
    let e = run_err("input_store", "li a0, 0x10000008\nsb a0, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Store {
                addr: 0x1000_0008,
                region: "INPUT",
                width: 1,
                ..
            }
        ),
        "{e}"
    );
    let e = run_err("sys_store", "li a0, 0xA0400200\nsh a0, 0(a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Store {
                addr: 0xA040_0200,
                region: "SYS",
                width: 2,
                ..
            }
        ),
        "{e}"
    );
    let e = run_err("amo_rom", "li a0, 0x90000000\namoadd.d a1, a0, (a0)", 100);
    assert!(
        matches!(
            e,
            VmError::Store {
                addr: 0x9000_0000,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn jumps_outside_code() {
    let e = run_err("jalr_data", "li a0, 0xA0430000\njalr a0", 100);
    assert_eq!(
        e,
        VmError::JumpOutsideCode {
            pc: ROM_ADDR + 8,
            target: 0xA043_0000
        }
    );
    // jal x0, +0x1000: past the end of the code.
    let e = run_err("jal_past_end", ".word 0x0000106f", 100);
    assert_eq!(
        e,
        VmError::JumpOutsideCode {
            pc: ROM_ADDR,
            target: ROM_ADDR + 0x1000
        }
    );
    // A branch to an odd address cannot be encoded; jalr clears bit 0, so target an address
    // between instructions of the boot ROM's slots instead.
    let e = run_err("jalr_boot_gap", "li a0, 0x1002\njr a0", 100);
    assert!(
        matches!(e, VmError::JumpOutsideCode { target: 0x1002, .. }),
        "{e}"
    );
}

#[test]
fn illegal_instructions() {
    let e = run_err("illegal", ".word 0x00000013\n.word 0xffffffff", 100);
    assert_eq!(
        e,
        VmError::IllegalInstruction {
            pc: ROM_ADDR + 4,
            raw: 0xffff_ffff
        }
    );
    let e = run_err("zero_halfword", ".half 0", 100);
    assert_eq!(
        e,
        VmError::IllegalInstruction {
            pc: ROM_ADDR,
            raw: 0
        }
    );
    // A floating-point instruction (F is not implemented): flw fa0, 0(a0).
    let e = run_err("float", ".word 0x00052507", 100);
    assert_eq!(
        e,
        VmError::IllegalInstruction {
            pc: ROM_ADDR,
            raw: 0x0005_2507
        }
    );
    // Writing a read-only CSR.
    let e = run_err("csr_ro_write", "csrw cycle, a0", 100);
    assert!(
        matches!(e, VmError::IllegalInstruction { pc: ROM_ADDR, .. }),
        "{e}"
    );
}

#[test]
fn ecall_errors() {
    let e = run_err("bad_ecall", "li a7, 1234\necall", 100);
    assert!(
        matches!(e, VmError::UnsupportedEcall { number: 1234, .. }),
        "{e}"
    );
    let e = run_err(
        "bad_fd",
        "li a0, 3\nli a1, 0x90000000\nli a2, 1\nli a7, 64\necall",
        100,
    );
    assert!(matches!(e, VmError::BadFd { fd: 3, .. }), "{e}");
}

/// A write whose buffer address and length come from the input: every mode (fast, statistics,
/// trace) and chunk replay run it to the exit, whatever the buffer. A readable buffer is copied
/// to the descriptor; an unreadable one writes nothing there and a notice to stderr, since the
/// proof does not read the bytes either (docs/guest.md, "Write"). A trace replays with the
/// recorded address changed to an unreadable one: the bytes never stop a run.
#[test]
fn write_buffers_never_stop_a_run_in_any_mode_or_in_replay() {
    use zirv_core::memmap::*;
    use zirv_emulator::{ReplayEnd, frame_records, replay_chunk};
    let out = out_dir("errors");
    let src = out.join("write_input.S");
    std::fs::write(
        &src,
        ".section .text.init\n.globl _start\n_start:\nld a1, 16(a0)\nld a2, 24(a0)\n\
         li a0, 1\nli a7, 64\necall\nli a0, 0\nli a7, 93\necall\n",
    )
    .unwrap();
    let elf = std::fs::read(build_asm(&src, &out.join("write_input.elf"))).unwrap();
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    let frame = |a: u64, len: u64| frame_records([[a.to_le_bytes(), len.to_le_bytes()].concat()]);
    for (addr, len, readable) in [
        (OUTPUT_ADDR, 3, true),
        (OUTPUT_END - 2, 4, true),
        (STACK_TOP - 4, 4, true),
        (ROM_END - 4, 4, true),
        (INPUT_ADDR, 16, true),
        (0, 0, true),
        (u64::MAX, 0, true),
        (STACK_TOP - 2, 4, false),
        (STACK_TOP - 0x8000, 0x19000, false),
        (SYS_END - 2, 4, false),
        (INPUT_END - 2, 4, false),
        (GUARD_ADDR, 4, false),
        (DATA_END - 2, 4, false),
        (1 << 32, 4, false),
        (u64::MAX - 0xf, 0x20, false),
        (0xA043_0000, u64::MAX, false),
    ] {
        assert_eq!(buffer_readable(addr, len), readable, "{addr:#x}+{len:#x}");
        let o = zirv_run_all_modes(&elf, &frame(addr, len), 3)
            .unwrap_or_else(|e| panic!("{addr:#x}+{len:#x}: {e}"));
        assert_eq!(o.report.exit_code, 0);
        let stderr = String::from_utf8_lossy(&o.stderr);
        if readable {
            assert_eq!(o.stdout.len() as u64, len);
            assert!(stderr.is_empty(), "{stderr}");
        } else {
            assert!(o.stdout.is_empty());
            assert!(
                stderr.contains("is not readable memory; nothing written"),
                "{stderr}"
            );
        }
        // The trace of a readable buffer of this length, its address changed: replay runs on.
        let mut chunks = Vec::new();
        Emulator::new(&rom)
            .run_traced(
                &frame(OUTPUT_ADDR, len.min(8)),
                &Options::default(),
                &mut CaptureIo::default(),
                |c| chunks.push(c),
            )
            .unwrap();
        let [chunk] = &mut chunks[..] else {
            panic!("one chunk")
        };
        let read = chunk.reads.iter().position(|&w| w == OUTPUT_ADDR).unwrap();
        chunk.reads[read] = addr;
        assert!(
            matches!(
                replay_chunk(&rom, chunk),
                Ok(ReplayEnd::Exit { code: 0, .. })
            ),
            "{addr:#x}+{len:#x}"
        );
    }
}

#[test]
fn precompile_with_an_unreadable_operand_names_it() {
    let e = run_err("keccak", "li a0, 0x98000000\ncsrs 0x800, a0", 100);
    assert!(
        matches!(&e, VmError::Precompile(p) if p.csr == 0x800 && p.operand == "state"),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("precompile 0x800 (keccakf) at pc 0x90000006: operand `state`: 0x98000000 (unmapped) is not readable"),
        "{e}"
    );
}

#[test]
fn step_limit_stops_an_infinite_loop() {
    let e = run_err("spin", "1: j 1b", 1000);
    assert_eq!(
        e,
        VmError::StepLimit {
            limit: 1000,
            pc: ROM_ADDR
        }
    );
}

#[test]
fn exit_codes_and_step_counts() {
    let out = out_dir("errors");
    let src = out.join("exit7.S");
    std::fs::write(
        &src,
        ".section .text.init\n.globl _start\n_start:\nli a0, 7\nli a7, 93\necall\n",
    )
    .unwrap();
    let elf = std::fs::read(build_asm(&src, &out.join("exit7.elf"))).unwrap();
    let o = zirv_run(&elf, &[]).unwrap();
    assert_eq!(o.report.exit_code, 7);
    // 5 boot steps before the call, then li, li, ecall.
    assert_eq!(o.report.steps, 8);
    // A step limit exactly at the exit ecall still succeeds.
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    let emu = Emulator::new(&rom);
    let r = emu
        .run(
            &[],
            &Options {
                max_steps: 8,
                ..Options::default()
            },
            &mut CaptureIo::default(),
        )
        .unwrap();
    assert_eq!(r.steps, 8);
    let e = emu
        .run(
            &[],
            &Options {
                max_steps: 7,
                ..Options::default()
            },
            &mut CaptureIo::default(),
        )
        .unwrap_err();
    assert!(matches!(e, VmError::StepLimit { limit: 7, .. }));
    // Returning from the entry point exits with 0 through the boot ROM.
    let src = out.join("ret.S");
    std::fs::write(
        &src,
        ".section .text.init\n.globl _start\n_start:\nli a0, 5\nret\n",
    )
    .unwrap();
    let elf = std::fs::read(build_asm(&src, &out.join("ret.elf"))).unwrap();
    let o = zirv_run(&elf, &[]).unwrap();
    assert_eq!(o.report.exit_code, 0);
    assert_eq!(o.report.steps, 5 + 2 + 3);
}

#[test]
fn jump_into_the_middle_of_an_instruction_executes_what_is_there() {
    // `lui a0, 0x00001` = 0x00001537; its upper half 0x0000 is the illegal all-zero halfword.
    let e = run_err(
        "mid_jump",
        "la t0, 1f\naddi t0, t0, 2\njr t0\n1: .word 0x00001537",
        100,
    );
    assert!(
        matches!(e, VmError::IllegalInstruction { raw: 0, .. }),
        "{e}"
    );
}

//! Fault injection (tests only, feature `fault-injection`): the witness generator lies in one
//! chosen way, as a dishonest prover would, and the tests check that proving fails or the
//! verifier rejects. Each fault is applied consistently where a clever prover would (e.g. a
//! wrong loaded value also changes the register it is copied to), so that the constraint meant
//! to catch it is the one that must.

use crate::Val;
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use zirv_core::memmap::{INPUT_ADDR, OUTPUT_ADDR};
use zirv_data_bus::timestamp;
use zirv_sm_main::columns as mc;
use zirv_sm_mem::{Access, AlignRequest};

/// One lie of the witness generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The `nth` load returns its value + 1 in Main and MemAlign (and in the register a plain
    /// copy writes it to); Mem keeps the true word.
    WrongLoadedValue {
        /// Which load.
        nth: usize,
    },
    /// The `nth` memory write never reaches Mem.
    SkippedWrite {
        /// Which write.
        nth: usize,
    },
    /// Mem sees the `nth` pair of consecutive writes to one word with their values swapped.
    ReorderedWrites {
        /// Which pair.
        nth: usize,
    },
    /// Main's row of `step` claims another pc (the instruction 4 bytes on).
    WrongPc {
        /// The step.
        step: usize,
    },
    /// Main's row of `step` jumps 4 bytes further than it should (and the next row follows).
    WrongJump {
        /// The step.
        step: usize,
    },
    /// Main's row of `step` holds ROM field `field` + 1.
    WrongRomField {
        /// The step.
        step: usize,
        /// Index in `ROM_FIELDS`.
        field: usize,
    },
    /// The `nth` initial ELF word is changed in Mem's init rows.
    WrongInitialValue {
        /// Which word.
        nth: usize,
    },
    /// The `nth` input word is changed in InputData (and Mem's init rows), but not where it
    /// is read.
    WrongInputValue {
        /// Which word.
        nth: usize,
    },
    /// The reserved word at `INPUT + 0` (0 in every run) is `value`: in InputData, Mem's init
    /// row, and every aligned 8-byte load of it with the register it is copied to (as in
    /// `mem_ops.S`, whose `ld t4, 0(a0)` nothing reads again). The witness of a run the
    /// emulator can never make.
    FreeInputWord {
        /// The word claimed.
        value: u64,
    },
    /// Public output `index` is claimed one higher.
    WrongOutput {
        /// Which of the 64.
        index: usize,
    },
    /// The `nth` register read returns its value + 1 (in Main's row and in the register
    /// version it consumes and produces).
    WrongRegisterRead {
        /// Which read.
        nth: usize,
    },
    /// The `nth` register write is left out of the register chains (a later read of the
    /// register finds the stale value's version).
    SkippedRegisterWrite {
        /// Which write.
        nth: usize,
    },
    /// The `nth` `write` ecall claims the other allowed file descriptor (1 <-> 2) as `a0`
    /// before the call (the previous value its write of `a0` consumes).
    WrongEcallA0 {
        /// Which `write` ecall.
        nth: usize,
    },
    /// Main's first padding row (after the exit) stores a new value to output word `word`
    /// (an aligned 8-byte store at the next step, answered by MemAlign and Mem like a real
    /// one), and the public outputs claim it: a forged output, unless padding rows are barred
    /// from sending anything.
    StoreAfterExit {
        /// Which of the 32 output words.
        word: usize,
    },
    /// Main's first padding row (after the exit) loads output word `word` (an aligned 8-byte
    /// load at the next step, answered by MemAlign and Mem like a real one): a message a
    /// padding row must not send.
    LoadAfterExit {
        /// Which of the 32 output words.
        word: usize,
    },
}

fn set_u64<F: PrimeField64>(m: &mut RowMajorMatrix<F>, row: usize, lo: usize, hi: usize, v: u64) {
    let w = m.width;
    m.values[row * w + lo] = F::from_u64(v & 0xffff_ffff);
    m.values[row * w + hi] = F::from_u64(v >> 32);
}

/// Makes input word `k` (the word at `INPUT_ADDR + 8 k`) `value` in InputData and Mem's init
/// row, and in every aligned 8-byte load of it: MemAlign's request (and so Mem's read), the
/// load's row (`b`, and `c`, `v` for a copy) and the register version it writes. Returns the
/// loads' steps.
fn set_loaded_input_word<F: PrimeField64>(
    main: &mut RowMajorMatrix<F>,
    requests: &mut [AlignRequest],
    input_words: &mut Vec<u64>,
    regs: &mut [zirv_sm_main::RegAccess],
    k: usize,
    value: u64,
) -> Vec<u64> {
    if input_words.len() <= k {
        input_words.resize(k + 1, 0);
    }
    input_words[k] = value;
    let addr = INPUT_ADDR + 8 * k as u64;
    let mut steps = Vec::new();
    for r in requests
        .iter_mut()
        .filter(|r| !r.is_write && r.addr == addr && r.width == 8)
    {
        r.value = value;
        r.words[0] = value;
        let s = r.step as usize;
        set_u64(main, s, mc::B_LO, mc::B_HI, value);
        assert_eq!(
            main.values[s * main.width + mc::IS_COPYB],
            F::ONE,
            "a plain load"
        );
        set_u64(main, s, mc::C_LO, mc::C_HI, value);
        set_u64(main, s, mc::V_LO, mc::V_HI, value);
        if let Some(w) = regs.iter_mut().find(|w| w.step == r.step && w.slot == 3) {
            w.value = value;
        }
        steps.push(r.step);
    }
    steps
}

fn bump(m: &mut RowMajorMatrix<Val>, row: usize, col: usize, by: u64) {
    let w = m.width;
    m.values[row * w + col] += Val::from_u64(by);
}

impl Fault {
    /// Applies the fault to the witness generator's intermediate data.
    pub(crate) fn apply_before(self, p: crate::Parts<'_>) {
        let crate::Parts {
            main,
            accesses,
            requests,
            input_words,
            rom_words,
            outputs,
            regs,
            u16,
        } = p;
        match self {
            Fault::WrongRegisterRead { nth } => {
                let r = regs
                    .iter_mut()
                    .filter(|r| !r.is_write)
                    .nth(nth)
                    .expect("a register read to corrupt");
                r.value = r.value.wrapping_add(1);
                let col = [mc::A_LO, mc::B_LO][r.slot as usize];
                bump(main, r.step as usize, col, 1);
            }
            Fault::SkippedRegisterWrite { nth } => {
                let i = regs
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.is_write)
                    .nth(nth)
                    .expect("a register write to skip")
                    .0;
                regs.remove(i);
            }
            Fault::WrongLoadedValue { nth } => {
                let r = requests
                    .iter_mut()
                    .filter(|r| !r.is_write)
                    .nth(nth)
                    .expect("a load to corrupt");
                r.value = r.value.wrapping_add(1);
                let s = r.step as usize;
                bump(main, s, mc::B_LO, 1);
                let copies = main.values[s * main.width + mc::IS_COPYB] == Val::ONE;
                if copies {
                    bump(main, s, mc::C_LO, 1);
                    bump(main, s, mc::V_LO, 1);
                    let ts = timestamp(r.step, 3);
                    if let Some(a) = accesses.iter_mut().find(|a| a.ts == ts && a.is_write) {
                        a.value = a.value.wrapping_add(1);
                    }
                    if let Some(w) = regs.iter_mut().find(|w| w.step == r.step && w.slot == 3) {
                        w.value = w.value.wrapping_add(1);
                    }
                }
            }
            Fault::SkippedWrite { .. }
            | Fault::ReorderedWrites { .. }
            | Fault::WrongEcallA0 { .. } => {}
            Fault::WrongPc { step } => bump(main, step, mc::PC, 4),
            Fault::WrongJump { step } => {
                bump(main, step, mc::NPC, 4);
                bump(main, step + 1, mc::PC, 4);
            }
            Fault::WrongRomField { step, field } => bump(main, step, field, 1),
            Fault::WrongInitialValue { nth } => rom_words[nth].1 ^= 1,
            Fault::WrongInputValue { nth } => input_words[nth] ^= 1,
            Fault::FreeInputWord { value } => {
                let loads = set_loaded_input_word(main, requests, input_words, regs, 0, value);
                assert!(!loads.is_empty(), "a load of the free-input word");
            }
            Fault::WrongOutput { index } => outputs[index] = outputs[index].wrapping_add(1),
            Fault::StoreAfterExit { word } | Fault::LoadAfterExit { word } => {
                let store = matches!(self, Fault::StoreAfterExit { .. });
                let w = main.width;
                let row = (0..main.values.len() / w)
                    .find(|&r| main.values[r * w + mc::IS_STEP] == Val::ZERO)
                    .expect("a padding row");
                let addr = OUTPUT_ADDR + 8 * word as u64;
                let old = outputs[2 * word] as u64 | (outputs[2 * word + 1] as u64) << 32;
                let new = if store { old ^ 0x5a5a_0001 } else { old };
                let r = &mut main.values[row * w..(row + 1) * w];
                zirv_sm_main::fill_address(r, addr, 8, u16);
                // A store writes `new` (as `c`, the stored value); a load reads `old` into `b`.
                let (ind, lo, hi, c) = if store {
                    (mc::D_IND, mc::V_LO, mc::V_HI, new)
                } else {
                    (mc::B_IND, mc::B_LO, mc::B_HI, 0)
                };
                for (col, v) in [
                    (mc::STEP, row as u64),
                    (ind, 1),
                    (mc::WIDTH, 8),
                    (mc::A_LO, addr),
                    (mc::C_LO, c & 0xffff_ffff),
                    (mc::C_HI, c >> 32),
                    (lo, new & 0xffff_ffff),
                    (hi, new >> 32),
                ] {
                    r[col] = Val::from_u64(v);
                }
                requests.push(AlignRequest {
                    step: row as u64,
                    addr,
                    width: 8,
                    is_write: store,
                    value: new,
                    words: [old, 0],
                });
                outputs[2 * word] = new as u32;
                outputs[2 * word + 1] = (new >> 32) as u32;
            }
        }
    }

    /// Applies a fault to Main's rows once the register ages and previous values are filled.
    pub(crate) fn apply_after_registers(self, main: &mut RowMajorMatrix<Val>) {
        if let Fault::WrongEcallA0 { nth } = self {
            let w = main.width;
            let row = (0..main.values.len() / w)
                .filter(|&r| {
                    let v = &main.values[r * w..(r + 1) * w];
                    v[mc::IS_ECALL] == Val::ONE && v[mc::IS_EXIT] == Val::ZERO
                })
                .nth(nth)
                .expect("a write ecall");
            let pv = &mut main.values[row * w + mc::PV_LO];
            *pv = Val::from_u64(3) - *pv;
        }
    }

    /// Applies a fault of Mem's accesses (all of them, MemAlign's words included).
    pub(crate) fn apply_to_memory(self, accesses: &mut Vec<Access>) {
        match self {
            Fault::SkippedWrite { nth } => {
                let i = accesses
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.is_write)
                    .nth(nth)
                    .expect("a write to skip")
                    .0;
                accesses.remove(i);
            }
            Fault::ReorderedWrites { nth } => {
                let mut writes: Vec<usize> = (0..accesses.len())
                    .filter(|&i| accesses[i].is_write)
                    .collect();
                writes.sort_by_key(|&i| (accesses[i].addr8, accesses[i].ts));
                let pair = writes
                    .windows(2)
                    .filter(|p| {
                        let (a, b) = (&accesses[p[0]], &accesses[p[1]]);
                        a.addr8 == b.addr8 && a.value != b.value
                    })
                    .nth(nth)
                    .expect("two writes to reorder")
                    .to_vec();
                let (x, y) = (accesses[pair[0]].value, accesses[pair[1]].value);
                accesses[pair[0]].value = y;
                accesses[pair[1]].value = x;
            }
            _ => {}
        }
    }
}

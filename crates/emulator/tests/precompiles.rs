//! Precompile calls in assembled programs: every precompile in one run, checked word by word
//! against a reference model built on the native crates (tiny-keccak, sha2, num-bigint, k256);
//! every chunk of a trace with a few steps per chunk replays on its own; broken preconditions
//! stop the run naming the precompile, pc and operand.

mod common;

use common::*;
use k256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use k256::{AffinePoint, EncodedPoint, ProjectivePoint, Scalar};
use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, HashMap};
use zirv_core::op::{Op, OpKind};
use zirv_emulator::{
    CaptureIo, ChunkTrace, Emulator, Options, PrecompileFault, VmError, frame_records,
    replay_chunk_with,
};

/// Where the input record's payload starts (after the free-input slot and the length word).
const PAYLOAD: u64 = 0x1000_0010;
/// Where the program copies the image.
const RAM: u64 = 0xA044_0000;

/// The program: copies the image (input words 9..) to RAM, then `rounds` times calls every
/// precompile with the pointers of input words 0..8.
fn program(rounds: u32) -> String {
    format!(
        r#".section .text.init
.globl _start
_start:
  li s0, {PAYLOAD:#x}
  ld t0, 64(s0)
  addi t2, s0, 72
  li t3, {RAM:#x}
1: beqz t0, 2f
  ld t1, 0(t2)
  sd t1, 0(t3)
  addi t2, t2, 8
  addi t3, t3, 8
  addi t0, t0, -1
  j 1b
2: li s1, {rounds}
3: beqz s1, 4f
  ld a0, 0(s0)
  csrs 0x800, a0
  ld a2, 8(s0)
  ld a3, 16(s0)
  .option push
  .option norvc
  csrs 0x805, a2
  add x0, a3, x0
  .option pop
  ld a0, 24(s0)
  csrs 0x801, a0
  ld a0, 32(s0)
  csrs 0x802, a0
  ld a4, 40(s0)
  ld a5, 48(s0)
  .option push
  .option norvc
  csrs 0x803, a4
  add x0, a5, x0
  .option pop
  ld a0, 56(s0)
  csrs 0x804, a0
  addi s1, s1, -1
  j 3b
4: li a0, 0
  li a7, 93
  ecall
"#
    )
}

fn limbs(x: &BigUint) -> [u64; 4] {
    let d = x.to_u64_digits();
    std::array::from_fn(|i| d.get(i).copied().unwrap_or(0))
}
fn big(w: &[u64]) -> BigUint {
    BigUint::from_slice(
        &w.iter()
            .flat_map(|l| [*l as u32, (*l >> 32) as u32])
            .collect::<Vec<_>>(),
    )
}
fn point_words(q: &ProjectivePoint) -> [u64; 8] {
    let e = q.to_affine().to_encoded_point(false);
    let c = |b: &[u8]| limbs(&BigUint::from_bytes_be(b));
    let (x, y) = (c(e.x().unwrap()), c(e.y().unwrap()));
    std::array::from_fn(|i| if i < 4 { x[i] } else { y[i - 4] })
}
fn point_of(w: &[u64]) -> ProjectivePoint {
    let be = |l: &[u64]| {
        let mut b = big(l).to_bytes_be();
        while b.len() < 32 {
            b.insert(0, 0);
        }
        b
    };
    let e = EncodedPoint::from_affine_coordinates(
        be(&w[..4]).as_slice().into(),
        be(&w[4..]).as_slice().into(),
        false,
    );
    ProjectivePoint::from(AffinePoint::from_encoded_point(&e).unwrap())
}

/// The pointers (input words 0..8) and the image, laid out by a bump allocator in RAM.
struct Layout {
    ptrs: [u64; 8],
    image: Vec<u64>,
}

impl Layout {
    fn alloc(&mut self, words: &[u64]) -> u64 {
        let a = RAM + 8 * self.image.len() as u64;
        self.image.extend_from_slice(words);
        a
    }
    fn input(&self) -> Vec<u8> {
        let mut p: Vec<u64> = self.ptrs.to_vec();
        p.push(self.image.len() as u64);
        p.extend(&self.image);
        frame_records([p.iter().flat_map(|w| w.to_le_bytes()).collect::<Vec<u8>>()])
    }
}

fn random_layout(seed: u64) -> Layout {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut l = Layout {
        ptrs: [0; 8],
        image: Vec::new(),
    };
    let st: [u64; 25] = std::array::from_fn(|_| rng.random());
    l.ptrs[0] = l.alloc(&st);
    l.ptrs[1] = l.alloc(&std::array::from_fn::<u64, 4, _>(|_| rng.random()));
    l.ptrs[2] = l.alloc(&std::array::from_fn::<u64, 8, _>(|_| rng.random()));
    let r4 = |rng: &mut rand::rngs::StdRng| -> [u64; 4] { std::array::from_fn(|_| rng.random()) };
    // arith256: a, b, c; dl overlaps a (outputs may overlap inputs); dh its own.
    let (a, b, c) = (
        l.alloc(&r4(&mut rng)),
        l.alloc(&r4(&mut rng)),
        l.alloc(&r4(&mut rng)),
    );
    let dh = l.alloc(&[0; 4]);
    l.ptrs[3] = l.alloc(&[a, b, c, a, dh]);
    // arith256_mod: m odd-sized random (never zero), d overlaps c.
    let (ma, mb, mc) = (
        l.alloc(&r4(&mut rng)),
        l.alloc(&r4(&mut rng)),
        l.alloc(&r4(&mut rng)),
    );
    let mut m = r4(&mut rng);
    m[0] |= 1;
    m[3] >>= rng.random_range(0..64);
    let mm = l.alloc(&m);
    l.ptrs[4] = l.alloc(&[ma, mb, mc, mm, mc]);
    // Points: k·G and j·G with different random k, j; the add's result feeds the next round.
    let g = ProjectivePoint::GENERATOR;
    let k = Scalar::from(rng.random::<u64>() | 1);
    let j = Scalar::from(rng.random::<u64>() | 2);
    l.ptrs[5] = l.alloc(&point_words(&(g * k)));
    l.ptrs[6] = l.alloc(&point_words(&(g * j)));
    l.ptrs[7] = l.alloc(&point_words(&(g * (k + j))));
    l
}

/// The reference model: applies `rounds` rounds of calls to a word map with the native crates,
/// returning each call's (op, reads, writes).
/// One call as seen from memory: its op, the (address, value) words read, and those written.
type CallWords = (Op, Vec<(u64, u64)>, Vec<(u64, u64)>);

fn reference(l: &Layout, rounds: u32) -> Vec<CallWords> {
    let mut mem: HashMap<u64, u64> = HashMap::new();
    for (i, w) in l.image.iter().enumerate() {
        mem.insert(RAM + 8 * i as u64, *w);
    }
    let mut calls = Vec::new();
    let rd = |mem: &HashMap<u64, u64>, reads: &mut Vec<(u64, u64)>, a: u64, n: usize| {
        (0..n)
            .map(|i| {
                let addr = a + 8 * i as u64;
                let v = mem.get(&addr).copied().unwrap_or(0);
                reads.push((addr, v));
                v
            })
            .collect::<Vec<u64>>()
    };
    for _ in 0..rounds {
        for op in [
            Op::Keccakf,
            Op::Sha256f,
            Op::Arith256,
            Op::Arith256Mod,
            Op::Secp256k1Add,
            Op::Secp256k1Dbl,
        ] {
            let mut reads = Vec::new();
            let mut writes: Vec<(u64, Vec<u64>)> = Vec::new();
            match op {
                Op::Keccakf => {
                    let s = rd(&mem, &mut reads, l.ptrs[0], 25);
                    let mut st: [u64; 25] = s.try_into().unwrap();
                    tiny_keccak::keccakf(&mut st);
                    writes.push((l.ptrs[0], st.to_vec()));
                }
                Op::Sha256f => {
                    let s = rd(&mem, &mut reads, l.ptrs[1], 4);
                    let b = rd(&mem, &mut reads, l.ptrs[2], 8);
                    let mut st: [u32; 8] =
                        std::array::from_fn(|i| (s[i / 2] >> (32 * (i % 2))) as u32);
                    let block: Vec<u8> = b.iter().flat_map(|w| w.to_le_bytes()).collect();
                    let block: [u8; 64] = block.try_into().unwrap();
                    sha2::compress256(&mut st, &[block.into()]);
                    writes.push((
                        l.ptrs[1],
                        (0..4)
                            .map(|i| st[2 * i] as u64 | (st[2 * i + 1] as u64) << 32)
                            .collect(),
                    ));
                }
                Op::Arith256 | Op::Arith256Mod => {
                    let params = rd(
                        &mem,
                        &mut reads,
                        l.ptrs[if op == Op::Arith256 { 3 } else { 4 }],
                        5,
                    );
                    let a = big(&rd(&mem, &mut reads, params[0], 4));
                    let b = big(&rd(&mem, &mut reads, params[1], 4));
                    let c = big(&rd(&mem, &mut reads, params[2], 4));
                    let r = a * b + c;
                    if op == Op::Arith256 {
                        writes.push((
                            params[3],
                            limbs(&(&r % (BigUint::from(1u8) << 256))).to_vec(),
                        ));
                        writes.push((params[4], limbs(&(r >> 256)).to_vec()));
                    } else {
                        let m = big(&rd(&mem, &mut reads, params[3], 4));
                        writes.push((params[4], limbs(&(r % m)).to_vec()));
                    }
                }
                Op::Secp256k1Add => {
                    let p1 = point_of(&rd(&mem, &mut reads, l.ptrs[5], 8));
                    let p2 = point_of(&rd(&mem, &mut reads, l.ptrs[6], 8));
                    writes.push((l.ptrs[5], point_words(&(p1 + p2)).to_vec()));
                }
                _ => {
                    let p = point_of(&rd(&mem, &mut reads, l.ptrs[7], 8));
                    writes.push((l.ptrs[7], point_words(&p.double()).to_vec()));
                }
            }
            let mut w = Vec::new();
            for (a, ws) in writes {
                for (i, v) in ws.into_iter().enumerate() {
                    mem.insert(a + 8 * i as u64, v);
                    w.push((a + 8 * i as u64, v));
                }
            }
            calls.push((op, reads, w));
        }
    }
    calls
}

fn build(name: &str, src: &str) -> Vec<u8> {
    let out = out_dir("precompiles");
    let path = out.join(format!("{name}.S"));
    std::fs::write(&path, src).unwrap();
    std::fs::read(build_asm(&path, &out.join(format!("{name}.elf")))).unwrap()
}

#[test]
fn every_precompile_matches_the_native_crates_and_replays_chunk_by_chunk() {
    let rounds = 3;
    let elf = build("all", &program(rounds));
    let rom = zirv_core::transpile_elf(&elf).unwrap();
    for seed in 0..4 {
        let l = random_layout(seed);
        let input = l.input();
        // Every mode agrees and every chunk of 5 steps replays on its own (chunk boundaries
        // fall between and right after calls).
        for chunk in [1, 5, 7] {
            zirv_run_all_modes(&elf, &input, chunk).unwrap();
        }
        let mut chunks: Vec<ChunkTrace> = Vec::new();
        let opts = Options {
            chunk_steps: 5,
            ..Options::default()
        };
        let report = Emulator::new(&rom)
            .run_traced(&input, &opts, &mut CaptureIo::default(), |c| chunks.push(c))
            .unwrap();
        assert_eq!(report.exit_code, 0);
        let mut seen = Vec::new();
        for c in &chunks {
            replay_chunk_with(&rom, c, |ev| {
                if ev.inst.op.kind() == OpKind::Precompile {
                    assert!(ev.mem.is_none());
                    let reads = ev.precompile.iter().filter(|a| !a.is_write);
                    let writes = ev.precompile.iter().filter(|a| a.is_write);
                    assert!(
                        ev.precompile
                            .iter()
                            .skip_while(|a| !a.is_write)
                            .all(|a| a.is_write),
                        "reads come before writes"
                    );
                    seen.push((
                        ev.inst.op,
                        reads.map(|a| (a.addr, a.value)).collect::<Vec<_>>(),
                        writes.map(|a| (a.addr, a.value)).collect::<Vec<_>>(),
                    ));
                } else {
                    assert!(ev.precompile.is_empty());
                }
            })
            .unwrap();
        }
        let expect = reference(&l, rounds);
        assert_eq!(seen.len(), 6 * rounds as usize);
        for (k, (got, want)) in seen.iter().zip(&expect).enumerate() {
            assert_eq!(got, want, "seed {seed}, call {k} ({:?})", want.0);
        }
        // Statistics count the calls per precompile.
        let stats = Emulator::new(&rom)
            .run_with_stats(&input, &Options::default(), &mut CaptureIo::default())
            .unwrap()
            .stats
            .unwrap();
        let calls: BTreeMap<Op, u64> = stats.precompile_calls.clone();
        assert_eq!(calls.len(), 6);
        assert!(calls.values().all(|&n| n == rounds as u64), "{calls:?}");
    }
}

/// Runs `body` after `a0 = RAM`, with the image copied to RAM, and returns the error.
fn run_err(name: &str, image: &[u64], body: &str) -> VmError {
    let src = format!(
        r#".section .text.init
.globl _start
_start:
  li s0, {PAYLOAD:#x}
  ld t0, 0(s0)
  addi t2, s0, 8
  li t3, {RAM:#x}
1: beqz t0, 2f
  ld t1, 0(t2)
  sd t1, 0(t3)
  addi t2, t2, 8
  addi t3, t3, 8
  addi t0, t0, -1
  j 1b
2: li a0, {RAM:#x}
  .option push
  .option norvc
{body}
  .option pop
  li a0, 0
  li a7, 93
  ecall
"#
    );
    let elf = build(name, &src);
    let mut words = vec![image.len() as u64];
    words.extend_from_slice(image);
    let input = frame_records([words
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect::<Vec<u8>>()]);
    let e = zirv_run_all_modes(&elf, &input, 3).expect_err("must fail");
    assert!(e.to_string().contains("pc 0x"), "{e}");
    e
}

fn fault(e: &VmError) -> (u16, &'static str, PrecompileFault) {
    match e {
        VmError::Precompile(p) => (p.csr, p.operand, p.fault),
        _ => panic!("not a precompile error: {e}"),
    }
}

#[test]
fn broken_preconditions_stop_the_run_naming_precompile_pc_and_operand() {
    let g = point_words(&ProjectivePoint::GENERATOR);
    let g2 = point_words(&ProjectivePoint::GENERATOR.double());
    let neg_g = point_words(&-ProjectivePoint::GENERATOR);
    let e = run_err("unaligned", &[], "addi a0, a0, 4\ncsrs 0x800, a0");
    assert_eq!(
        fault(&e),
        (0x800, "state", PrecompileFault::Unaligned { addr: RAM + 4 })
    );
    assert!(e.to_string().contains("precompile 0x800 (keccakf)"), "{e}");
    // keccak state in ROM: readable, not writable.
    let e = run_err("rom_out", &[], "li a0, 0x90000000\ncsrs 0x800, a0");
    assert!(
        matches!(
            fault(&e),
            (
                0x800,
                "state",
                PrecompileFault::Unwritable {
                    addr: 0x9000_0000,
                    ..
                }
            )
        ),
        "{e}"
    );
    // Unreadable: the guard region.
    let e = run_err("guard_in", &[], "li a0, 0x98000000\ncsrs 0x804, a0");
    assert!(
        matches!(fault(&e), (0x804, "p", PrecompileFault::Unreadable { .. })),
        "{e}"
    );
    // A parameter struct pointer inside: unaligned `b`.
    let p = RAM + 8 * 5;
    let e = run_err(
        "param_unaligned",
        &[p, p + 2, p, p, p, 0, 0, 0, 0],
        "csrs 0x801, a0",
    );
    assert_eq!(
        fault(&e),
        (0x801, "b", PrecompileFault::Unaligned { addr: p + 2 })
    );
    // dh into INPUT (read-only).
    let e = run_err(
        "dh_input",
        &[p, p, p, p, 0x1000_0010, 0, 0, 0, 0],
        "csrs 0x801, a0",
    );
    assert!(
        matches!(fault(&e), (0x801, "dh", PrecompileFault::Unwritable { .. })),
        "{e}"
    );
    // dl and dh overlapping.
    let e = run_err(
        "dl_dh_overlap",
        &[p, p, p, p + 8, p + 16, 0, 0, 0, 0],
        "csrs 0x801, a0",
    );
    assert_eq!(
        fault(&e),
        (0x801, "dh", PrecompileFault::OverlappingOutputs)
    );
    // Zero modulus.
    let e = run_err("zero_mod", &[p, p, p, p, p, 0, 0, 0, 0], "csrs 0x802, a0");
    assert_eq!(fault(&e), (0x802, "m", PrecompileFault::ZeroModulus));
    // Curve: equal, opposite, off the curve (p1 and p2), non-canonical.
    let two = |a: &[u64; 8], b: &[u64; 8]| [a.as_slice(), b.as_slice()].concat();
    let add = "addi a1, a0, 64\ncsrs 0x803, a0\nadd x0, a1, x0";
    let e = run_err("equal", &two(&g, &g), add);
    assert_eq!(fault(&e), (0x803, "p1", PrecompileFault::EqualPoints));
    let e = run_err("opposite", &two(&g, &neg_g), add);
    assert_eq!(fault(&e), (0x803, "p1", PrecompileFault::OppositePoints));
    let mut off = g2;
    off[4] ^= 1;
    let e = run_err("off1", &two(&off, &g), add);
    assert_eq!(fault(&e), (0x803, "p1", PrecompileFault::NotOnCurve));
    let e = run_err("off2", &two(&g, &off), add);
    assert_eq!(fault(&e), (0x803, "p2", PrecompileFault::NotOnCurve));
    let e = run_err("noncanon", &[u64::MAX; 8], "csrs 0x804, a0");
    assert_eq!(fault(&e), (0x804, "p", PrecompileFault::NotCanonical));
    // SHA-256: a block running from INPUT into the program ROM (both readable, two regions).
    let e = run_err(
        "sha_block_spans",
        &[0; 12],
        "li a1, 0x8ffffff8\ncsrs 0x805, a0\nadd x0, a1, x0",
    );
    assert_eq!(
        fault(&e),
        (
            0x805,
            "block",
            PrecompileFault::SpansRegions {
                first: "INPUT",
                last: "program ROM"
            }
        )
    );
    // SHA-256: the block unaligned.
    let e = run_err(
        "sha_block",
        &[0; 12],
        "addi a1, a0, 36\ncsrs 0x805, a0\nadd x0, a1, x0",
    );
    assert_eq!(
        fault(&e),
        (
            0x805,
            "block",
            PrecompileFault::Unaligned { addr: RAM + 36 }
        )
    );
}

#[test]
fn operands_may_lie_in_input() {
    // arith256 whose parameter struct and a, b, c lie in INPUT; dh at RAM (dl just after it:
    // the two results may not overlap, `broken_preconditions_...`).
    let x: [u64; 4] = [3, 0, 0, 1 << 60];
    let xp = PAYLOAD + 40;
    let mut payload = vec![xp, xp, xp, RAM + 32, RAM];
    payload.extend_from_slice(&x);
    let elf = build(
        "input_operands",
        &format!(
            r#".section .text.init
.globl _start
_start:
  li a0, {PAYLOAD:#x}
  csrs 0x801, a0
  li t3, {RAM:#x}
  li t4, 0xA0410000
  ld t1, 0(t3)
  sd t1, 0(t4)
  ld t1, 24(t3)
  sd t1, 8(t4)
  li a0, 0
  li a7, 93
  ecall
"#
        ),
    );
    let input = frame_records([payload
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect::<Vec<u8>>()]);
    let out = zirv_run_all_modes(&elf, &input, 2).unwrap();
    let r = big(&x) * big(&x) + big(&x);
    let dh = limbs(&(r >> 256));
    assert_ne!(dh, [0; 4]);
    let o = &out.report.outputs;
    assert_eq!(o[0] as u64 | (o[1] as u64) << 32, dh[0]);
    assert_eq!(o[2] as u64 | (o[3] as u64) << 32, dh[3]);
}

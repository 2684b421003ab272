//! The benchmark guests (bench/guests, plain Rust built for riscv64im) on a smaller input:
//! every mode agrees, every trace chunk replays on its own, at most 1.02 ROM steps per RISC-V
//! instruction, and the public outputs equal the same computation done here on the host.
//! `ZIRV_BENCH_ITERS=64000` runs the full-size SHA-256 chain (about 300 M steps).

mod common;

use common::*;
use std::process::Command;
use zirv_emulator::{CaptureIo, Emulator, Options, frame_records};

fn build_guests() -> std::path::PathBuf {
    let root = root();
    let st = Command::new("bash")
        .arg(root.join("bench/build-guests.sh"))
        .env("SHA_ITERS", "10")
        .env("KECCAK_ITERS", "10")
        .status()
        .expect("run bench/build-guests.sh");
    assert!(
        st.success(),
        "building the benchmark guests failed (is scripts/setup.sh done?)"
    );
    root.join("target/bench-guests")
}

fn sha256_chain(n: u64) -> [u32; 8] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut s: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    for i in 0..n {
        let mut w = [0u32; 64];
        w[..8].copy_from_slice(&s);
        w[8] = i as u32;
        w[15] = 0x100;
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = s;
        for t in 0..64 {
            let t1 = h
                .wrapping_add(e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25))
                .wrapping_add((e & f) ^ (!e & g))
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let t2 = (a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22))
                .wrapping_add((a & b) ^ (a & c) ^ (b & c));
            (h, g, f, e, d, c, b, a) = (g, f, e, d.wrapping_add(t1), c, b, a, t1.wrapping_add(t2));
        }
        for (x, v) in s.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *x = x.wrapping_add(v);
        }
    }
    s
}

fn keccak_chain(n: u64) -> [u64; 25] {
    const RC: [u64; 24] = [
        0x0000000000000001,
        0x0000000000008082,
        0x800000000000808a,
        0x8000000080008000,
        0x000000000000808b,
        0x0000000080000001,
        0x8000000080008081,
        0x8000000000008009,
        0x000000000000008a,
        0x0000000000000088,
        0x0000000080008009,
        0x000000008000000a,
        0x000000008000808b,
        0x800000000000008b,
        0x8000000000008089,
        0x8000000000008003,
        0x8000000000008002,
        0x8000000000000080,
        0x000000000000800a,
        0x800000008000000a,
        0x8000000080008081,
        0x8000000000008080,
        0x0000000080000001,
        0x8000000080008008,
    ];
    // Rotation offsets r[x][y] of the Keccak reference, applied lane by lane.
    const R: [[u32; 5]; 5] = [
        [0, 36, 3, 41, 18],
        [1, 44, 10, 45, 2],
        [62, 6, 43, 15, 61],
        [28, 55, 25, 21, 56],
        [27, 20, 39, 8, 14],
    ];
    let mut a = [0u64; 25];
    for _ in 0..n {
        for rc in RC {
            let c: Vec<u64> = (0..5)
                .map(|x| (0..5).fold(0, |v, y| v ^ a[x + 5 * y]))
                .collect();
            for x in 0..5 {
                let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
                for y in 0..5 {
                    a[x + 5 * y] ^= d;
                }
            }
            let mut b = [0u64; 25];
            for x in 0..5 {
                for y in 0..5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(R[x][y]);
                }
            }
            for x in 0..5 {
                for y in 0..5 {
                    a[x + 5 * y] =
                        b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
                }
            }
            a[0] ^= rc;
        }
    }
    a
}

#[test]
fn benchmark_guests_replay_and_match_the_host() {
    let dir = build_guests();
    let sha_iters = std::env::var("ZIRV_BENCH_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(250u64);
    for (name, iters) in [("sha256-chain", sha_iters), ("keccak-chain", 70)] {
        let elf = std::fs::read(dir.join(format!("{name}.elf"))).unwrap();
        let input = frame_records([iters.to_le_bytes()]);
        let o = zirv_run_all_modes(&elf, &input, zirv_emulator::DEFAULT_CHUNK_STEPS).unwrap();
        assert_eq!(o.report.exit_code, 0, "{name}");
        assert!(
            o.report.steps > 1 << 20,
            "{name}: several chunks ({} steps)",
            o.report.steps
        );
        let want: Vec<u32> = if name == "sha256-chain" {
            sha256_chain(iters).to_vec()
        } else {
            keccak_chain(iters)[..4].iter().map(|&v| v as u32).collect()
        };
        assert_eq!(
            &o.report.outputs[..want.len()],
            &want[..],
            "{name}: outputs differ from the host's computation"
        );
        let hex: String = want.iter().map(|v| format!("{v:08x}")).collect();
        assert_eq!(
            String::from_utf8_lossy(&o.stdout).trim(),
            hex,
            "{name}: UART output"
        );

        let rom = zirv_core::transpile_elf(&elf).unwrap();
        let stats = Emulator::new(&rom)
            .run_with_stats(&input, &Options::default(), &mut CaptureIo::default())
            .unwrap()
            .stats
            .unwrap();
        let ratio = stats.steps_per_instruction();
        assert!(
            ratio <= 1.02,
            "{name}: {ratio} ROM steps per RISC-V instruction"
        );
    }
}

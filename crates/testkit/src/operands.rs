//! Operand sets: edge values that exercise carries, signs, zero, overflow and shift amounts, and
//! a small deterministic generator of random ones.

/// Operands that exercise carries, signs, zero, overflow and shift amounts (and their
/// negations), sorted and without repeats.
pub fn edge_values() -> Vec<u64> {
    let mut v: Vec<u64> = vec![
        0,
        1,
        2,
        3,
        5,
        7,
        15,
        16,
        31,
        32,
        33,
        63,
        64,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x1_0000,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_ffff,
        0x1_0000_0000,
        0x1_0000_0001,
        0x8000_0000_0000_0000,
        0x7fff_ffff_ffff_ffff,
        0x1234_5678_9abc_def0,
        0xfedc_ba98_7654_3210,
        0xffff_ffff_0000_0000,
        0x0000_0001_ffff_ffff,
    ];
    let neg: Vec<u64> = v.iter().map(|x| x.wrapping_neg()).collect();
    v.extend(neg);
    v.sort();
    v.dedup();
    v
}

/// `n` random operands from a small deterministic generator (xorshift), seeded by `seed`, with
/// small and sign-heavy values mixed in.
pub fn randoms(n: usize, seed: u64) -> Vec<u64> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            match s % 4 {
                0 => s >> (s % 64),
                1 => (s as i64 >> (s % 64)) as u64,
                _ => s,
            }
        })
        .collect()
}

/// Operand pairs: every pair of every `thin`-th edge value, then `n` random pairs (seeded by
/// `seed`).
pub fn pairs(thin: usize, n: usize, seed: u64) -> Vec<(u64, u64)> {
    let e: Vec<u64> = edge_values().into_iter().step_by(thin).collect();
    let mut out = Vec::new();
    for &a in &e {
        for &b in &e {
            out.push((a, b));
        }
    }
    let r = randoms(2 * n, seed);
    for w in r.chunks(2) {
        out.push((w[0], w[1]));
    }
    out
}

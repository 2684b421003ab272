//! Plain-Rust versions of the precompiles for targets other than the Zirv VM (host tests,
//! `cargo check`). They compute what the VM computes and panic where the VM would stop the run.

use super::{Point, SECP256K1_P, U256, lt};

const RC: [u64; 24] = [
    0x0000_0000_0000_0001,
    0x0000_0000_0000_8082,
    0x8000_0000_0000_808a,
    0x8000_0000_8000_8000,
    0x0000_0000_0000_808b,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8009,
    0x0000_0000_0000_008a,
    0x0000_0000_0000_0088,
    0x0000_0000_8000_8009,
    0x0000_0000_8000_000a,
    0x0000_0000_8000_808b,
    0x8000_0000_0000_008b,
    0x8000_0000_0000_8089,
    0x8000_0000_0000_8003,
    0x8000_0000_0000_8002,
    0x8000_0000_0000_0080,
    0x0000_0000_0000_800a,
    0x8000_0000_8000_000a,
    0x8000_0000_8000_8081,
    0x8000_0000_0000_8080,
    0x0000_0000_8000_0001,
    0x8000_0000_8000_8008,
];
const ROT: [u32; 25] = [
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

pub fn keccakf(a: &mut [u64; 25]) {
    for rc in RC {
        let mut c = [0u64; 5];
        for (x, cx) in c.iter_mut().enumerate() {
            *cx = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for x in 0..5 {
            let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
            for y in 0..5 {
                a[x + 5 * y] ^= d;
            }
        }
        let mut b = [0u64; 25];
        for x in 0..5 {
            for y in 0..5 {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(ROT[x + 5 * y]);
            }
        }
        for y in 0..5 {
            for x in 0..5 {
                a[x + 5 * y] = b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
            }
        }
        a[0] ^= rc;
    }
}

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

pub fn sha256_compress(state: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    for i in 0..16 {
        w[i] = u32::from_be_bytes([
            block[4 * i],
            block[4 * i + 1],
            block[4 * i + 2],
            block[4 * i + 3],
        ]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let mut v = *state;
    for i in 0..64 {
        let [a, b, c, d, e, f, g, h] = v;
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let t2 = s0.wrapping_add((a & b) ^ (a & c) ^ (b & c));
        v = [t1.wrapping_add(t2), a, b, c, d.wrapping_add(t1), e, f, g];
    }
    for (s, x) in state.iter_mut().zip(v) {
        *s = s.wrapping_add(x);
    }
}

pub fn arith256(a: &U256, b: &U256, c: &U256) -> (U256, U256) {
    let mut r = [0u64; 8];
    r[..4].copy_from_slice(c);
    for i in 0..4 {
        let mut carry = 0u128;
        for j in 0..4 {
            let t = a[i] as u128 * b[j] as u128 + r[i + j] as u128 + carry;
            r[i + j] = t as u64;
            carry = t >> 64;
        }
        let mut k = i + 4;
        while carry != 0 && k < 8 {
            let t = r[k] as u128 + carry;
            r[k] = t as u64;
            carry = t >> 64;
            k += 1;
        }
    }
    ([r[0], r[1], r[2], r[3]], [r[4], r[5], r[6], r[7]])
}

/// `a - b` (wrapping) and the borrow.
fn sub(a: &U256, b: &U256) -> (U256, bool) {
    let mut r = [0u64; 4];
    let mut borrow = false;
    for i in 0..4 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow as u64);
        r[i] = d;
        borrow = b1 || b2;
    }
    (r, borrow)
}

/// `a + b` (wrapping) and the carry.
fn add(a: &U256, b: &U256) -> (U256, bool) {
    let mut r = [0u64; 4];
    let mut carry = false;
    for i in 0..4 {
        let (s, c1) = a[i].overflowing_add(b[i]);
        let (s, c2) = s.overflowing_add(carry as u64);
        r[i] = s;
        carry = c1 || c2;
    }
    (r, carry)
}

pub fn arith256_mod(a: &U256, b: &U256, c: &U256, m: &U256) -> U256 {
    let (dl, dh) = arith256(a, b, c);
    // Bit-serial long division: r = (r << 1 | bit) mod m, from the top bit down. r < m, so the
    // shifted value fits in 257 bits (the carry).
    let mut r = [0u64; 4];
    for i in (0..512).rev() {
        let word = if i >= 256 {
            dh[(i - 256) / 64]
        } else {
            dl[i / 64]
        };
        let bit = (word >> (i % 64)) & 1;
        let top = r[3] >> 63;
        r = [
            r[0] << 1 | bit,
            r[1] << 1 | r[0] >> 63,
            r[2] << 1 | r[1] >> 63,
            r[3] << 1 | r[2] >> 63,
        ];
        if top == 1 || !lt(&r, m) {
            r = sub(&r, m).0;
        }
    }
    r
}

fn add_p(a: &U256, b: &U256) -> U256 {
    let (s, carry) = add(a, b);
    if carry || !lt(&s, &SECP256K1_P) {
        sub(&s, &SECP256K1_P).0
    } else {
        s
    }
}
fn sub_p(a: &U256, b: &U256) -> U256 {
    let (d, borrow) = sub(a, b);
    if borrow { add(&d, &SECP256K1_P).0 } else { d }
}
fn mul_p(a: &U256, b: &U256) -> U256 {
    arith256_mod(a, b, &[0; 4], &SECP256K1_P)
}
/// `a^-1 mod p` (binary extended Euclid), for `0 < a < p`.
fn inv_p(a: &U256) -> U256 {
    let p = SECP256K1_P;
    let one = [1, 0, 0, 0];
    let (mut u, mut v, mut x1, mut x2) = (*a, p, one, [0u64; 4]);
    let half = |x: &mut U256| {
        let carry = if x[0] & 1 == 1 {
            let (s, c) = add(x, &p);
            *x = s;
            c
        } else {
            false
        };
        *x = [
            x[0] >> 1 | x[1] << 63,
            x[1] >> 1 | x[2] << 63,
            x[2] >> 1 | x[3] << 63,
            x[3] >> 1 | (carry as u64) << 63,
        ];
    };
    while u != one && v != one {
        while u[0] & 1 == 0 {
            u = [
                u[0] >> 1 | u[1] << 63,
                u[1] >> 1 | u[2] << 63,
                u[2] >> 1 | u[3] << 63,
                u[3] >> 1,
            ];
            half(&mut x1);
        }
        while v[0] & 1 == 0 {
            v = [
                v[0] >> 1 | v[1] << 63,
                v[1] >> 1 | v[2] << 63,
                v[2] >> 1 | v[3] << 63,
                v[3] >> 1,
            ];
            half(&mut x2);
        }
        if lt(&u, &v) {
            v = sub(&v, &u).0;
            x2 = sub_p(&x2, &x1);
        } else {
            u = sub(&u, &v).0;
            x1 = sub_p(&x1, &x2);
        }
    }
    if u == one { x1 } else { x2 }
}

fn check(p: &Point, what: &str) {
    assert!(
        super::secp256k1_on_curve(p),
        "secp256k1 precompile: {what} is not a point on the curve with coordinates below p"
    );
}

pub fn secp256k1_add(p1: &mut Point, p2: &Point) {
    check(p1, "p1");
    check(p2, "p2");
    assert!(
        p1.x != p2.x,
        "secp256k1_add: p1 = p2 or p1 = -p2 (use secp256k1_double or the point at infinity)"
    );
    let lambda = mul_p(&sub_p(&p2.y, &p1.y), &inv_p(&sub_p(&p2.x, &p1.x)));
    let x3 = sub_p(&sub_p(&mul_p(&lambda, &lambda), &p1.x), &p2.x);
    let y3 = sub_p(&mul_p(&lambda, &sub_p(&p1.x, &x3)), &p1.y);
    *p1 = Point { x: x3, y: y3 };
}

pub fn secp256k1_double(p: &mut Point) {
    check(p, "p");
    let x2 = mul_p(&p.x, &p.x);
    let lambda = mul_p(&add_p(&add_p(&x2, &x2), &x2), &inv_p(&add_p(&p.y, &p.y)));
    let x3 = sub_p(&sub_p(&mul_p(&lambda, &lambda), &p.x), &p.x);
    let y3 = sub_p(&mul_p(&lambda, &sub_p(&p.x, &x3)), &p.y);
    *p = Point { x: x3, y: y3 };
}

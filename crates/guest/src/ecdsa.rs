//! secp256k1 ECDSA verification on the curve precompiles, with the same inputs and results as
//! `k256::ecdsa::VerifyingKey::verify_prehash` for 32-byte hashes:
//!
//! - the signature is `r || s`, 32 bytes each, big endian; `r` and `s` must be in `1..n`, and
//!   `s` must be low (`s <= n/2`), as k256 requires;
//! - the hash is reduced modulo n (k256's `bits2field` and `reduce_bytes` for 32 bytes);
//! - it accepts iff `R = (z/s)·G + (r/s)·Q` is not the point at infinity and `R.x mod n = r`.
//!
//! Scalar arithmetic modulo n uses [`arith256_mod`]; the point arithmetic uses
//! [`secp256k1_add`] and [`secp256k1_double`], with the point at infinity and the cases the
//! add precompile refuses (equal and opposite points) handled here in software.

use crate::precompiles::{
    Point, SECP256K1_N as N, SECP256K1_P as P, U256, arith256_mod, lt, secp256k1_add,
    secp256k1_double, secp256k1_on_curve,
};

/// The generator G.
pub const GENERATOR: Point = Point {
    x: [
        0x59F2_815B_16F8_1798,
        0x029B_FCDB_2DCE_28D9,
        0x55A0_6295_CE87_0B07,
        0x79BE_667E_F9DC_BBAC,
    ],
    y: [
        0x9C47_D08F_FB10_D4B8,
        0xFD17_B448_A685_5419,
        0x5DA4_FBFC_0E11_08A8,
        0x483A_DA77_26A3_C465,
    ],
};

const ZERO: U256 = [0; 4];
const ONE: U256 = [1, 0, 0, 0];

/// A big-endian 32-byte number as limbs.
pub fn u256_from_be(b: &[u8; 32]) -> U256 {
    core::array::from_fn(|i| {
        let s = 32 - 8 * (i + 1);
        u64::from_be_bytes(b[s..s + 8].try_into().expect("8 bytes"))
    })
}

fn sub(a: &U256, b: &U256) -> U256 {
    let mut r = [0u64; 4];
    let mut borrow = 0u64;
    for i in 0..4 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(borrow);
        r[i] = d;
        borrow = (b1 || b2) as u64;
    }
    r
}

/// `base^exp mod m`.
fn pow_mod(base: &U256, exp: &U256, m: &U256) -> U256 {
    let mut acc = arith256_mod(&ONE, &ONE, &ZERO, m);
    for i in (0..256).rev() {
        acc = arith256_mod(&acc, &acc, &ZERO, m);
        if (exp[i / 64] >> (i % 64)) & 1 == 1 {
            acc = arith256_mod(&acc, base, &ZERO, m);
        }
    }
    acc
}

/// `a + b` on the curve, `None` being the point at infinity.
pub fn add(a: Option<Point>, b: Option<Point>) -> Option<Point> {
    match (a, b) {
        (None, q) | (q, None) => q,
        (Some(mut p), Some(q)) => {
            if p.x == q.x {
                // Equal points double; opposite points (same x, other y) sum to infinity.
                return if p.y == q.y { double(Some(p)) } else { None };
            }
            secp256k1_add(&mut p, &q);
            Some(p)
        }
    }
}

/// `2a` on the curve (secp256k1 has no point of order 2, so a finite point doubles to one).
pub fn double(a: Option<Point>) -> Option<Point> {
    a.map(|mut p| {
        secp256k1_double(&mut p);
        p
    })
}

/// `u1·G + u2·Q` (Shamir's trick: one shared chain of doublings).
pub fn lincomb(u1: &U256, u2: &U256, q: &Point) -> Option<Point> {
    let g = Some(GENERATOR);
    let gq = add(g, Some(*q));
    let mut acc = None;
    for i in (0..256).rev() {
        acc = double(acc);
        let b1 = (u1[i / 64] >> (i % 64)) & 1 == 1;
        let b2 = (u2[i / 64] >> (i % 64)) & 1 == 1;
        acc = match (b1, b2) {
            (true, false) => add(acc, g),
            (false, true) => add(acc, Some(*q)),
            (true, true) => add(acc, gq),
            (false, false) => acc,
        };
    }
    acc
}

/// A secp256k1 public key: a finite point on the curve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerifyingKey {
    point: Point,
}

impl VerifyingKey {
    /// From a point, if it is on the curve with canonical coordinates.
    pub fn from_point(point: Point) -> Option<VerifyingKey> {
        secp256k1_on_curve(&point).then_some(VerifyingKey { point })
    }

    /// From SEC1 bytes: uncompressed (`04 || x || y`, 65 bytes) or compressed (`02`/`03 || x`,
    /// 33 bytes), as `k256::ecdsa::VerifyingKey::from_sec1_bytes` takes them. `None` for
    /// anything else or a point not on the curve.
    pub fn from_sec1_bytes(bytes: &[u8]) -> Option<VerifyingKey> {
        let coord = |b: &[u8]| -> Option<U256> { Some(u256_from_be(b.try_into().ok()?)) };
        match (bytes.len(), bytes.first()) {
            (65, Some(4)) => Self::from_point(Point {
                x: coord(&bytes[1..33])?,
                y: coord(&bytes[33..])?,
            }),
            (33, Some(&tag @ (2 | 3))) => {
                let x = coord(&bytes[1..])?;
                if !lt(&x, &P) {
                    return None;
                }
                let x2 = arith256_mod(&x, &x, &ZERO, &P);
                let rhs = arith256_mod(&x2, &x, &[7, 0, 0, 0], &P);
                // p = 3 mod 4: a square root of rhs is rhs^((p+1)/4).
                let exp = [
                    0xFFFF_FFFF_BFFF_FF0C,
                    u64::MAX,
                    u64::MAX,
                    0x3FFF_FFFF_FFFF_FFFF,
                ];
                let mut y = pow_mod(&rhs, &exp, &P);
                if y[0] & 1 != (tag & 1) as u64 {
                    y = sub(&P, &y);
                }
                Self::from_point(Point { x, y })
            }
            _ => None,
        }
    }

    /// The point.
    pub fn point(&self) -> &Point {
        &self.point
    }

    /// Verifies `signature` (`r || s`, big endian) over the 32-byte `prehash`, with k256's
    /// rules (see the module docs).
    pub fn verify_prehash(&self, prehash: &[u8; 32], signature: &[u8; 64]) -> bool {
        let r = u256_from_be(signature[..32].try_into().expect("32 bytes"));
        let s = u256_from_be(signature[32..].try_into().expect("32 bytes"));
        let half_n = [
            0xDFE9_2F46_681B_20A0,
            0x5D57_6E73_57A4_501D,
            0xFFFF_FFFF_FFFF_FFFF,
            0x7FFF_FFFF_FFFF_FFFF,
        ];
        if r == ZERO || s == ZERO || !lt(&r, &N) || !lt(&s, &N) || lt(&half_n, &s) {
            return false;
        }
        let z = arith256_mod(&u256_from_be(prehash), &ONE, &ZERO, &N);
        // s^-1 = s^(n-2) mod n (n is prime).
        let w = pow_mod(&s, &sub(&N, &[2, 0, 0, 0]), &N);
        let u1 = arith256_mod(&z, &w, &ZERO, &N);
        let u2 = arith256_mod(&r, &w, &ZERO, &N);
        match lincomb(&u1, &u2, &self.point) {
            None => false,
            Some(big_r) => arith256_mod(&big_r.x, &ONE, &ZERO, &N) == r,
        }
    }
}

/// Verifies a signature with a SEC1-encoded public key; `false` for a malformed key.
pub fn verify_prehash(public_key_sec1: &[u8], prehash: &[u8; 32], signature: &[u8; 64]) -> bool {
    VerifyingKey::from_sec1_bytes(public_key_sec1)
        .is_some_and(|k| k.verify_prehash(prehash, signature))
}

#[cfg(test)]
mod tests;

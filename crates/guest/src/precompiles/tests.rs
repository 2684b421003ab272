//! The host versions of the precompiles against the native crates (tiny-keccak, sha2,
//! num-bigint, k256), on random and edge inputs.

extern crate std;
use super::*;
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::elliptic_curve::{Field, PrimeField};
use k256::{ProjectivePoint, Scalar};
use num_bigint::BigUint;
use rand::{Rng, SeedableRng};
use std::vec::Vec;

fn big(x: &[u64]) -> BigUint {
    BigUint::from_slice(
        &x.iter()
            .flat_map(|l| [*l as u32, (*l >> 32) as u32])
            .collect::<Vec<_>>(),
    )
}

fn rng() -> rand::rngs::StdRng {
    rand::rngs::StdRng::seed_from_u64(0x9e57)
}

#[test]
fn keccakf_and_sha256_compress_match_the_native_crates() {
    let mut rng = rng();
    for k in 0..300 {
        let mut s: [u64; 25] = core::array::from_fn(|_| rng.random());
        if k == 0 {
            s = [0; 25];
        } else if k == 1 {
            s = [u64::MAX; 25];
        }
        let mut t = s;
        keccakf(&mut s);
        tiny_keccak::keccakf(&mut t);
        assert_eq!(s, t);

        let mut st: [u32; 8] = rng.random();
        let block: [u8; 64] = core::array::from_fn(|_| rng.random());
        let mut theirs = st;
        sha256_compress(&mut st, &block);
        sha2::compress256(&mut theirs, &[block.into()]);
        assert_eq!(st, theirs);
    }
}

#[test]
fn arith256_and_arith256_mod_match_num_bigint() {
    let mut rng = rng();
    let edges: [U256; 6] = [
        [0; 4],
        [1, 0, 0, 0],
        [u64::MAX; 4],
        SECP256K1_P,
        [
            SECP256K1_P[0] - 1,
            SECP256K1_P[1],
            SECP256K1_P[2],
            SECP256K1_P[3],
        ],
        SECP256K1_N,
    ];
    let mut cases = Vec::new();
    for a in edges {
        for b in edges {
            for m in [edges[1], edges[2], edges[3], edges[5], [7, 0, 0, 0]] {
                cases.push((a, b, edges[2], m));
                cases.push((a, b, edges[0], m));
            }
        }
    }
    for _ in 0..500 {
        let mut m: U256 = rng.random();
        m[3] >>= rng.random_range(0..64);
        if m == [0; 4] {
            m[0] = 1;
        }
        cases.push((rng.random(), rng.random(), rng.random(), m));
    }
    for (a, b, c, m) in cases {
        let (dl, dh) = arith256(&a, &b, &c);
        let r = big(&a) * big(&b) + big(&c);
        assert_eq!(big(&dl) + (big(&dh) << 256), r);
        assert_eq!(big(&arith256_mod(&a, &b, &c, &m)), r % big(&m));
    }
}

#[test]
#[should_panic(expected = "the modulus is zero")]
fn arith256_mod_refuses_a_zero_modulus() {
    arith256_mod(&[1; 4], &[1; 4], &[1; 4], &[0; 4]);
}

pub(crate) fn point(q: &ProjectivePoint) -> Point {
    let e = q.to_affine().to_encoded_point(false);
    let l = |b: &[u8]| crate::ecdsa::u256_from_be(b.try_into().unwrap());
    Point {
        x: l(e.x().unwrap()),
        y: l(e.y().unwrap()),
    }
}

#[test]
fn secp256k1_add_and_double_match_k256() {
    let mut rng = rng();
    let g = ProjectivePoint::GENERATOR;
    let mut pts = std::vec![g, g.double(), -g, g * -Scalar::ONE.double()];
    while pts.len() < 40 {
        let b: [u8; 32] = rng.random();
        if let Some(k) = Option::<Scalar>::from(Scalar::from_repr(b.into())) {
            pts.push(g * k);
        }
    }
    for w in pts.windows(2) {
        let mut a = point(&w[0]);
        secp256k1_add(&mut a, &point(&w[1]));
        assert_eq!(a, point(&(w[0] + w[1])));
        let mut d = point(&w[0]);
        secp256k1_double(&mut d);
        assert_eq!(d, point(&w[0].double()));
        assert!(secp256k1_on_curve(&d));
    }
    let mut off = point(&g);
    off.y[0] ^= 1;
    assert!(!secp256k1_on_curve(&off));
    assert!(!secp256k1_on_curve(&Point {
        x: SECP256K1_P,
        y: [0; 4]
    }));
}

#[test]
#[should_panic(expected = "p1 = p2 or p1 = -p2")]
fn secp256k1_add_refuses_opposite_points_like_the_vm() {
    let g = ProjectivePoint::GENERATOR;
    let mut a = point(&g);
    secp256k1_add(&mut a, &point(&-g));
}

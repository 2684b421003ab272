//! ECDSA verification against k256's verifier: same verdict on valid, tampered, high-s and
//! malformed signatures, with uncompressed and compressed keys.

extern crate std;
use super::*;
use crate::precompiles::tests::point;
use k256::ecdsa::signature::hazmat::PrehashVerifier;
use k256::ecdsa::{Signature, SigningKey, VerifyingKey as KVerifyingKey};
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::{ProjectivePoint, Scalar};
use rand::{Rng, SeedableRng};
use std::vec::Vec;

fn k256_verdict(key: &[u8], hash: &[u8; 32], sig: &[u8; 64]) -> bool {
    let Ok(k) = KVerifyingKey::from_sec1_bytes(key) else {
        return false;
    };
    let Ok(s) = Signature::from_slice(sig) else {
        return false;
    };
    k.verify_prehash(hash, &s).is_ok()
}

#[test]
fn verdicts_match_k256() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(0xecd5a);
    let mut checked = 0;
    for round in 0..12 {
        let secret: [u8; 32] = rng.random();
        let Ok(sk) = SigningKey::from_slice(&secret) else {
            continue;
        };
        let vk = sk.verifying_key();
        let hash: [u8; 32] = if round == 0 { [0xFF; 32] } else { rng.random() };
        let (sig, _) = sk.sign_prehash_recoverable(&hash).unwrap();
        let sig: [u8; 64] = sig.to_bytes().into();
        let keys: [Vec<u8>; 2] = [
            vk.to_encoded_point(false).as_bytes().to_vec(),
            vk.to_encoded_point(true).as_bytes().to_vec(),
        ];
        let mut variants = std::vec![sig];
        // Another hash, r or s changed, a high s (n - s), r = 0, s = n.
        let mut t = sig;
        t[5] ^= 1;
        variants.push(t);
        let mut t = sig;
        t[40] ^= 0x80;
        variants.push(t);
        let n_minus_s = {
            let s = u256_from_be(sig[32..].try_into().unwrap());
            sub(&N, &s)
        };
        let mut t = sig;
        for i in 0..4 {
            t[64 - 8 * (i + 1)..64 - 8 * i].copy_from_slice(&n_minus_s[i].to_be_bytes());
        }
        variants.push(t);
        let mut t = sig;
        t[..32].fill(0);
        variants.push(t);
        let mut t = sig;
        for i in 0..4 {
            t[64 - 8 * (i + 1)..64 - 8 * i].copy_from_slice(&N[i].to_be_bytes());
        }
        variants.push(t);
        for key in &keys {
            for (v, s) in variants.iter().enumerate() {
                let ours = verify_prehash(key, &hash, s);
                assert_eq!(
                    ours,
                    k256_verdict(key, &hash, s),
                    "round {round} variant {v}"
                );
                assert_eq!(ours, v == 0, "round {round} variant {v}");
                checked += 1;
            }
            let mut other = hash;
            other[31] ^= 1;
            assert!(!verify_prehash(key, &other, &sig));
            assert!(!k256_verdict(key, &other, &sig));
        }
    }
    assert!(checked > 100);
}

#[test]
fn malformed_keys_are_refused_like_k256() {
    let g = ProjectivePoint::GENERATOR
        .to_affine()
        .to_encoded_point(false);
    let mut off = g.as_bytes().to_vec();
    off[64] ^= 1;
    let mut bad_tag = g.as_bytes().to_vec();
    bad_tag[0] = 5;
    let mut x_too_big = std::vec![2u8];
    x_too_big.extend([0xFF; 32]);
    for key in [off, bad_tag, x_too_big, std::vec![0u8], Vec::new()] {
        assert!(VerifyingKey::from_sec1_bytes(&key).is_none(), "{key:x?}");
        assert!(KVerifyingKey::from_sec1_bytes(&key).is_err(), "{key:x?}");
    }
    // Compressed keys decompress to k256's point, both parities.
    for k in [1u64, 2, 3, 1000, 123_456_789] {
        let q = ProjectivePoint::GENERATOR * Scalar::from(k);
        let c = q.to_affine().to_encoded_point(true);
        let ours = VerifyingKey::from_sec1_bytes(c.as_bytes()).unwrap();
        assert_eq!(*ours.point(), point(&q));
    }
}

#[test]
fn the_software_group_law_handles_infinity_equal_and_opposite_points() {
    let g = Some(GENERATOR);
    let neg = GENERATOR.y;
    let mg = Point {
        x: GENERATOR.x,
        y: sub(&P, &neg),
    };
    let minus_g = Some(mg);
    assert_eq!(add(g, minus_g), None);
    assert_eq!(add(None, g), g);
    assert_eq!(add(g, None), g);
    assert_eq!(add(g, g), double(g));
    assert_eq!(double(None), None);
    let two = ProjectivePoint::GENERATOR.double();
    assert_eq!(double(g), Some(point(&two)));
    // u1·G + u2·Q with Q = -G: the shared G+Q is infinity; 5G - 5G is infinity too.
    assert_eq!(lincomb(&[5, 0, 0, 0], &[5, 0, 0, 0], &mg), None);
    assert_eq!(
        lincomb(&[7, 0, 0, 0], &[2, 0, 0, 0], &mg),
        Some(point(&(ProjectivePoint::GENERATOR * Scalar::from(5u64))))
    );
    // Q = G: the shared G+Q is a double.
    assert_eq!(
        lincomb(&[3, 0, 0, 0], &[4, 0, 0, 0], &GENERATOR),
        Some(point(&(ProjectivePoint::GENERATOR * Scalar::from(7u64))))
    );
}

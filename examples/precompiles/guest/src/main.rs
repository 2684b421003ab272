//! Calls every precompile through `zirv_guest` and checks each result inside the VM against a
//! software implementation (sha2, tiny-keccak, crypto-bigint, k256); prints "all precompiles
//! agree" and commits the input's SHA-256, or prints the mismatch and exits with code 1.
//! Input: one record of bytes (the data hashed; it also seeds the other operands).
#![no_std]
#![no_main]

use crypto_bigint::{Limb, U256 as CU256};
use k256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use k256::ecdsa::{Signature, SigningKey};
use k256::elliptic_curve::sec1::ToEncodedPoint;
use k256::{ProjectivePoint, Scalar};
use zirv_guest::ecdsa::u256_from_be;
use zirv_guest::hash::{Digest, Keccak256, Sha256};
use zirv_guest::precompiles::{self as pc, Point, U256};

zirv_guest::entrypoint!(main);

fn check(ok: bool, what: &str) {
    if !ok {
        zirv_guest::println!("MISMATCH: {what}");
        zirv_guest::exit(1);
    }
}

fn limbs(b: &[u8]) -> U256 {
    u256_from_be(b.try_into().expect("32 bytes"))
}

fn point(q: &ProjectivePoint) -> Point {
    let e = q.to_affine().to_encoded_point(false);
    Point {
        x: limbs(e.x().expect("finite")),
        y: limbs(e.y().expect("finite")),
    }
}

fn main() {
    let data = zirv_guest::io::read_slice();

    // The hashers against sha2 and tiny-keccak.
    let sha: [u8; 32] = Sha256::digest(data).into();
    check(sha[..] == sha2::Sha256::digest(data)[..], "sha256");
    let kec: [u8; 32] = Keccak256::digest(data).into();
    let mut tk = [0u8; 32];
    {
        use tiny_keccak::Hasher;
        let mut h = tiny_keccak::Keccak::v256();
        h.update(data);
        h.finalize(&mut tk);
    }
    check(kec == tk, "keccak256");

    // The raw permutation and compression.
    let mut s1: [u64; 25] = core::array::from_fn(|i| {
        (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ sha[i % 32] as u64
    });
    let mut s2 = s1;
    pc::keccakf(&mut s1);
    tiny_keccak::keccakf(&mut s2);
    check(s1 == s2, "keccakf");
    let mut st: [u32; 8] =
        core::array::from_fn(|i| u32::from_le_bytes([kec[4 * i], sha[4 * i], 7, i as u8]));
    let block: [u8; 64] = core::array::from_fn(|i| sha[i % 32] ^ kec[(i * 7) % 32]);
    let mut st2 = st;
    pc::sha256_compress(&mut st, &block);
    sha2::compress256(&mut st2, &[block.into()]);
    check(st == st2, "sha256_compress");

    // 256-bit arithmetic against crypto-bigint, with all-ones operands too.
    let a = limbs(&sha);
    let b = limbs(&kec);
    let mut m = limbs(&tk);
    m[3] >>= 7;
    for (x, y, c) in [
        (a, b, a),
        ([u64::MAX; 4], [u64::MAX; 4], [u64::MAX; 4]),
        (a, [0; 4], b),
    ] {
        let (dl, dh) = pc::arith256(&x, &y, &c);
        let (lo, hi) = CU256::from_words(x).mul_wide(&CU256::from_words(y));
        let (lo, carry) = lo.adc(&CU256::from_words(c), Limb::ZERO);
        let hi = hi.wrapping_add(&CU256::from_word(carry.0));
        check(dl == lo.to_words() && dh == hi.to_words(), "arith256");
        let d = pc::arith256_mod(&x, &y, &c, &m);
        let (r, _) = CU256::const_rem_wide((lo, hi), &CU256::from_words(m));
        check(d == r.to_words(), "arith256_mod");
    }

    // Curve points against k256.
    let k = Scalar::from(u64::from_le_bytes(sha[..8].try_into().expect("8 bytes")) | 1);
    let j = Scalar::from(u64::from_le_bytes(kec[..8].try_into().expect("8 bytes")) | 2);
    let (p, q) = (
        ProjectivePoint::GENERATOR * k,
        ProjectivePoint::GENERATOR * j,
    );
    let mut sum = point(&p);
    pc::secp256k1_add(&mut sum, &point(&q));
    check(sum == point(&(p + q)), "secp256k1_add");
    let mut dbl = point(&p);
    pc::secp256k1_double(&mut dbl);
    check(dbl == point(&p.double()), "secp256k1_double");

    // ECDSA: sign with k256, verify with both.
    let sk = SigningKey::from_slice(&tk)
        .unwrap_or_else(|_| SigningKey::from_slice(&[7; 32]).expect("valid key"));
    let sig: Signature = sk.sign_prehash(&sha).expect("signs");
    let sig_bytes: [u8; 64] = sig.to_bytes().into();
    let vk = sk.verifying_key();
    let key = vk.to_encoded_point(false);
    let ours = zirv_guest::ecdsa::verify_prehash(key.as_bytes(), &sha, &sig_bytes);
    check(
        ours && vk.verify_prehash(&sha, &sig).is_ok(),
        "ecdsa (valid signature)",
    );
    let mut bad = sig_bytes;
    bad[3] ^= 1;
    let theirs = Signature::from_slice(&bad)
        .map(|s| vk.verify_prehash(&sha, &s).is_ok())
        .unwrap_or(false);
    let compressed = vk.to_encoded_point(true);
    let ours = zirv_guest::ecdsa::verify_prehash(compressed.as_bytes(), &sha, &bad);
    check(!ours && !theirs, "ecdsa (tampered signature)");
    check(
        zirv_guest::ecdsa::verify_prehash(compressed.as_bytes(), &sha, &sig_bytes),
        "ecdsa (compressed key)",
    );

    zirv_guest::println!("all precompiles agree");
    zirv_guest::io::commit_slice(&sha);
}

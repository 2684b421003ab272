//! 256-bit arithmetic of CSRs 0x801 (arith256) and 0x802 (arith256_mod). Numbers are `[u64; 4]`,
//! least significant limb first.

use crypto_bigint::{Encoding, U256};

/// A 256-bit number, least significant limb first.
pub type U256Limbs = [u64; 4];

/// `a*b + c = dh·2^256 + dl`: returns `(dl, dh)`. Never overflows 512 bits.
pub fn mul_add(a: &U256Limbs, b: &U256Limbs, c: &U256Limbs) -> (U256Limbs, U256Limbs) {
    let mut r = [0u64; 8];
    r[..4].copy_from_slice(c);
    for i in 0..4 {
        let mut carry = 0u128;
        for j in 0..4 {
            let t = a[i] as u128 * b[j] as u128 + r[i + j] as u128 + carry;
            r[i + j] = t as u64;
            carry = t >> 64;
        }
        // Propagate the row's carry through the higher limbs.
        let mut k = i + 4;
        while carry != 0 && k < 8 {
            let t = r[k] as u128 + carry;
            r[k] = t as u64;
            carry = t >> 64;
            k += 1;
        }
    }
    let mut dl = [0u64; 4];
    let mut dh = [0u64; 4];
    dl.copy_from_slice(&r[..4]);
    dh.copy_from_slice(&r[4..]);
    (dl, dh)
}

/// `(a*b + c) mod m`, or `None` when `m = 0`.
pub fn mul_add_mod(
    a: &U256Limbs,
    b: &U256Limbs,
    c: &U256Limbs,
    m: &U256Limbs,
) -> Option<U256Limbs> {
    if *m == [0; 4] {
        return None;
    }
    let (dl, dh) = mul_add(a, b, c);
    let (rem, ok) = U256::const_rem_wide((to_uint(&dl), to_uint(&dh)), &to_uint(m));
    debug_assert!(bool::from(ok), "non-zero modulus");
    Some(from_uint(&rem))
}

/// Limbs to a `crypto_bigint` number.
pub fn to_uint(x: &U256Limbs) -> U256 {
    let mut bytes = [0u8; 32];
    for (chunk, limb) in bytes.chunks_exact_mut(8).zip(x) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    U256::from_le_slice(&bytes)
}

/// A `crypto_bigint` number to limbs.
pub fn from_uint(x: &U256) -> U256Limbs {
    let bytes = x.to_le_bytes();
    std::array::from_fn(|i| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use rand::{Rng, SeedableRng};

    fn big(x: &U256Limbs) -> BigUint {
        BigUint::from_slice(
            &x.iter()
                .flat_map(|l| [*l as u32, (*l >> 32) as u32])
                .collect::<Vec<_>>(),
        )
    }

    fn edges() -> Vec<U256Limbs> {
        let p = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];
        vec![
            [0; 4],
            [1, 0, 0, 0],
            [u64::MAX; 4],
            [u64::MAX - 1, u64::MAX, u64::MAX, u64::MAX],
            p,
            [p[0] - 1, p[1], p[2], p[3]],
            [0, 0, 0, 1 << 63],
            [u64::MAX, 0, 0, 0],
        ]
    }

    fn inputs() -> Vec<[U256Limbs; 4]> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0xa417);
        let e = edges();
        let mut v = Vec::new();
        for a in &e {
            for b in &e {
                for c in [&e[0], &e[2], &e[4]] {
                    for m in [&e[1], &e[2], &e[4], &e[7]] {
                        v.push([*a, *b, *c, *m]);
                    }
                }
            }
        }
        for _ in 0..2000 {
            // Random widths too, so small and large operands both occur.
            let mut r = || -> U256Limbs {
                let x: U256Limbs = rng.random();
                let bits = rng.random_range(1..=256u32);
                let mut y = x;
                for (i, l) in y.iter_mut().enumerate() {
                    let lo = 64 * i as u32;
                    if lo >= bits {
                        *l = 0;
                    } else if bits - lo < 64 {
                        *l &= (1u64 << (bits - lo)) - 1;
                    }
                }
                y
            };
            v.push([r(), r(), r(), r()]);
        }
        v
    }

    #[test]
    fn mul_add_matches_num_bigint() {
        for [a, b, c, _] in inputs() {
            let (dl, dh) = mul_add(&a, &b, &c);
            let expect = big(&a) * big(&b) + big(&c);
            assert_eq!(big(&dl) + (big(&dh) << 256), expect, "{a:x?} {b:x?} {c:x?}");
        }
    }

    #[test]
    fn mul_add_mod_matches_num_bigint() {
        for [a, b, c, m] in inputs() {
            if m == [0; 4] {
                assert_eq!(mul_add_mod(&a, &b, &c, &m), None);
                continue;
            }
            let d = mul_add_mod(&a, &b, &c, &m).unwrap();
            assert_eq!(big(&d), (big(&a) * big(&b) + big(&c)) % big(&m));
        }
        assert_eq!(mul_add_mod(&[1; 4], &[1; 4], &[1; 4], &[0; 4]), None);
    }

    #[test]
    fn limb_conversion_round_trips() {
        for x in edges() {
            assert_eq!(from_uint(&to_uint(&x)), x);
        }
    }
}

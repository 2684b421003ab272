//! secp256k1 affine point addition and doubling (CSRs 0x803, 0x804) over the field of
//! `p = 2^256 - 2^32 - 977`, on `y^2 = x^3 + 7`. A point is `{x: [u64; 4], y: [u64; 4]}`.

use super::arith::{U256Limbs, from_uint, to_uint};
use crate::error::PrecompileFault;
use crypto_bigint::{Limb, U256};

/// The field prime.
pub const P: U256Limbs = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];
/// `2^256 - p`.
const C: Limb = Limb(0x1_0000_03D1);

/// An affine point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// x coordinate.
    pub x: U256Limbs,
    /// y coordinate.
    pub y: U256Limbs,
}

impl Point {
    /// From the 8 words of the memory layout (x first).
    pub fn from_words(w: &[u64]) -> Point {
        Point {
            x: [w[0], w[1], w[2], w[3]],
            y: [w[4], w[5], w[6], w[7]],
        }
    }
    /// The 8 words of the memory layout.
    pub fn words(&self) -> [u64; 8] {
        let mut w = [0; 8];
        w[..4].copy_from_slice(&self.x);
        w[4..].copy_from_slice(&self.y);
        w
    }
}

fn p() -> U256 {
    to_uint(&P)
}
fn add(a: &U256, b: &U256) -> U256 {
    a.add_mod(b, &p())
}
fn sub(a: &U256, b: &U256) -> U256 {
    a.sub_mod(b, &p())
}
fn mul(a: &U256, b: &U256) -> U256 {
    a.mul_mod_special(b, C)
}
fn inv(a: &U256) -> Option<U256> {
    let (r, ok) = a.inv_odd_mod(&p());
    bool::from(ok).then_some(r)
}

/// Checks a point's coordinates are below p and it lies on the curve; returns them as numbers.
fn check(pt: &Point) -> Result<(U256, U256), PrecompileFault> {
    let (x, y) = (to_uint(&pt.x), to_uint(&pt.y));
    if x >= p() || y >= p() {
        return Err(PrecompileFault::NotCanonical);
    }
    let rhs = add(&mul(&mul(&x, &x), &x), &U256::from_u64(7));
    if mul(&y, &y) != rhs {
        return Err(PrecompileFault::NotOnCurve);
    }
    Ok((x, y))
}

/// `p1 + p2`, for two different, non-opposite, finite points on the curve.
pub fn point_add(p1: &Point, p2: &Point) -> Result<Point, PrecompileFault> {
    let (x1, y1) = check(p1)?;
    let (x2, y2) = check(p2)?;
    if x1 == x2 {
        return Err(if y1 == y2 {
            PrecompileFault::EqualPoints
        } else {
            PrecompileFault::OppositePoints
        });
    }
    let lambda = mul(&sub(&y2, &y1), &inv(&sub(&x2, &x1)).expect("x2 != x1"));
    let x3 = sub(&sub(&mul(&lambda, &lambda), &x1), &x2);
    let y3 = sub(&mul(&lambda, &sub(&x1, &x3)), &y1);
    Ok(Point {
        x: from_uint(&x3),
        y: from_uint(&y3),
    })
}

/// `2·p`, for a finite point on the curve.
pub fn point_double(pt: &Point) -> Result<Point, PrecompileFault> {
    let (x, y) = check(pt)?;
    // y = 0 has no solution on secp256k1 (x^3 = -7 has no root mod p), so 2y is invertible.
    let inv_2y = inv(&add(&y, &y)).ok_or(PrecompileFault::NotOnCurve)?;
    let x2 = mul(&x, &x);
    let lambda = mul(&add(&add(&x2, &x2), &x2), &inv_2y);
    let x3 = sub(&sub(&mul(&lambda, &lambda), &x), &x);
    let y3 = sub(&mul(&lambda, &sub(&x, &x3)), &y);
    Ok(Point {
        x: from_uint(&x3),
        y: from_uint(&y3),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
    use k256::elliptic_curve::{Field, PrimeField};
    use k256::{AffinePoint, EncodedPoint, ProjectivePoint, Scalar};
    use rand::{Rng, SeedableRng};

    fn limbs_of_be(b: &[u8]) -> U256Limbs {
        std::array::from_fn(|i| {
            u64::from_be_bytes(b[32 - 8 * (i + 1)..32 - 8 * i].try_into().unwrap())
        })
    }
    fn be_of_limbs(l: &U256Limbs) -> [u8; 32] {
        let mut b = [0u8; 32];
        for i in 0..4 {
            b[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&l[i].to_be_bytes());
        }
        b
    }
    pub(crate) fn ours(q: &ProjectivePoint) -> Point {
        let e = q.to_affine().to_encoded_point(false);
        Point {
            x: limbs_of_be(e.x().unwrap()),
            y: limbs_of_be(e.y().unwrap()),
        }
    }
    fn theirs(pt: &Point) -> ProjectivePoint {
        let e = EncodedPoint::from_affine_coordinates(
            &be_of_limbs(&pt.x).into(),
            &be_of_limbs(&pt.y).into(),
            false,
        );
        ProjectivePoint::from(AffinePoint::from_encoded_point(&e).unwrap())
    }

    fn random_points(n: usize) -> Vec<ProjectivePoint> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(0x5ec9);
        let g = ProjectivePoint::GENERATOR;
        let mut v = vec![
            g,
            g.double(),
            -g,
            g * Scalar::from(3u64),
            g * -Scalar::ONE.double(),
        ];
        while v.len() < n + 5 {
            let bytes: [u8; 32] = rng.random();
            let k = Option::<Scalar>::from(Scalar::from_repr(bytes.into()));
            if let Some(k) = k.filter(|k| !bool::from(k.is_zero())) {
                v.push(g * k);
            }
        }
        v
    }

    #[test]
    fn add_and_double_match_k256() {
        let pts = random_points(150);
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            assert_eq!(theirs(&point_add(&ours(&a), &ours(&b)).unwrap()), a + b);
            assert_eq!(theirs(&point_double(&ours(&a)).unwrap()), a.double());
        }
        // x of a point at the edge: n - 1 times G is -G.
        let minus_one = -Scalar::ONE;
        let q = ProjectivePoint::GENERATOR * minus_one;
        assert_eq!(theirs(&point_double(&ours(&q)).unwrap()), q.double());
    }

    #[test]
    fn add_refuses_equal_and_opposite_points() {
        for q in random_points(20) {
            let a = ours(&q);
            assert_eq!(point_add(&a, &a), Err(PrecompileFault::EqualPoints));
            assert_eq!(
                point_add(&a, &ours(&-q)),
                Err(PrecompileFault::OppositePoints)
            );
            // Doubling is defined where add is not.
            assert_eq!(theirs(&point_double(&a).unwrap()), q.double());
        }
    }

    #[test]
    fn off_curve_and_non_canonical_points_are_refused() {
        let g = ours(&ProjectivePoint::GENERATOR);
        let mut off = g;
        off.y[0] ^= 1;
        assert_eq!(point_double(&off), Err(PrecompileFault::NotOnCurve));
        assert_eq!(point_add(&g, &off), Err(PrecompileFault::NotOnCurve));
        assert_eq!(point_add(&off, &g), Err(PrecompileFault::NotOnCurve));
        let zero = Point {
            x: [0; 4],
            y: [0; 4],
        };
        assert_eq!(point_double(&zero), Err(PrecompileFault::NotOnCurve));
        let y_p = Point { x: g.x, y: P };
        assert_eq!(point_double(&y_p), Err(PrecompileFault::NotCanonical));
        let all_ones = Point {
            x: [u64::MAX; 4],
            y: [u64::MAX; 4],
        };
        assert_eq!(point_add(&g, &all_ones), Err(PrecompileFault::NotCanonical));
    }
}

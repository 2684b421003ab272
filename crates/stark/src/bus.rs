//! The one bus across every instance of a proof: LogUp under challenges drawn after every
//! instance's trace is committed (docs/prover.md, "Instances and the global bus").
//!
//! A message is a tuple of base-field elements `[bus id, payload...]`; its fingerprint is
//! `alpha - sum_k beta^k * field_k` in Goldilocks^3, and a row contributes `count / fingerprint`
//! (positive counts send, negative receive). Every instance proves the sum of its rows'
//! contributions (its *bus part* `S`); the verifier adds the boundary messages only it knows
//! (the boot state, Mem's start and end) and requires the total to be zero.
//!
//! Tuples of different buses differ in their leading id, so tuples of different widths never
//! collide (a shorter tuple is a longer one with zero fields, and both start with their id).
//! `alpha` and the powers of `beta` reach each instance proof as public values, which the
//! verifier compares with its own derivation; inside the AIR they are degree-0 terms, so a
//! fingerprint has the degree of its fields.

use crate::config::{Challenge, Val};
use crate::proof::MEM_END;
use p3_field::{BasedVectorSpace, Field, PrimeCharacteristicRing};
use std::ops::{Add, Mul, Sub};
use zirv_core::Rom;
use zirv_data_bus::BusId;

/// The most fields a bus tuple has (the ROM's `[id, 23 fields]`, the table rows'
/// `[id, machine, up to 24 columns]`).
pub const MAX_FIELDS: usize = 26;

/// `alpha` and `beta^0 .. beta^(MAX_FIELDS - 1)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusChallenges {
    /// The fingerprint's shift.
    pub alpha: Challenge,
    /// Powers of the fingerprint's base.
    pub betas: Vec<Challenge>,
}

/// Public values an instance proof spends on the challenges (`alpha` and the powers of `beta`,
/// three base-field limbs each).
pub const CHALLENGE_PUBLICS: usize = 3 * (1 + MAX_FIELDS);
/// Public values of an instance proof before its machine's own: the challenges and its bus
/// part `S`.
pub const BUS_PUBLICS: usize = CHALLENGE_PUBLICS + 3;

impl BusChallenges {
    /// The challenges for `alpha` and `beta`.
    pub fn new(alpha: Challenge, beta: Challenge) -> BusChallenges {
        let betas = beta.powers().take(MAX_FIELDS).collect();
        BusChallenges { alpha, betas }
    }

    /// As public values: `alpha`, then each power of `beta`, three limbs each.
    pub fn public_values(&self) -> Vec<Val> {
        std::iter::once(&self.alpha)
            .chain(&self.betas)
            .flat_map(|e| limbs(*e))
            .collect()
    }

    /// `alpha - sum_k beta^k * fields[k]`.
    pub fn fingerprint(&self, fields: &[Val]) -> Challenge {
        assert!(
            fields.len() <= MAX_FIELDS,
            "a bus tuple has at most {MAX_FIELDS} fields"
        );
        fields
            .iter()
            .zip(&self.betas)
            .fold(self.alpha, |acc, (&f, &b)| acc - b * f)
    }

    /// `count / fingerprint(fields)`: one message's contribution to the bus sum.
    pub fn contribution(&self, fields: &[Val], count: i64) -> Challenge {
        let count = if count < 0 {
            -Val::from_u64(count.unsigned_abs())
        } else {
            Val::from_u64(count as u64)
        };
        self.fingerprint(fields).inverse() * count
    }
}

/// The boundary messages only the verifier knows, `(fields, signed count)`: Main's boot state
/// `(START_PC, 0)` and Mem's start carry row `(0, 0, 0, 0, 1)` are sent once, Mem's end state
/// (the last row of its last instance, which the proof names) is received once.
pub fn boundary_messages(mem_end: &[Val; MEM_END]) -> [(Vec<Val>, i64); 3] {
    let id = |b: BusId| Val::from_u32(b as u32);
    let boot = vec![id(BusId::MainCont), Val::from_u64(Rom::ENTRY_PC), Val::ZERO];
    let mut start = vec![id(BusId::MemCont)];
    start.extend([Val::ZERO, Val::ZERO, Val::ZERO, Val::ZERO, Val::ONE]);
    let mut end = vec![id(BusId::MemCont)];
    end.extend_from_slice(mem_end);
    [(boot, 1), (start, 1), (end, -1)]
}

/// The boundary messages ([`boundary_messages`]) as one contribution to the bus sum. With the
/// instances' parts this must sum to zero.
pub fn boundary_sum(ch: &BusChallenges, mem_end: &[Val; MEM_END]) -> Challenge {
    boundary_messages(mem_end)
        .iter()
        .map(|(fields, count)| ch.contribution(fields, *count))
        .sum()
}

/// The three base-field limbs of an extension element.
pub fn limbs(e: Challenge) -> [Val; 3] {
    let s = e.as_basis_coefficients_slice();
    [s[0], s[1], s[2]]
}

/// The extension element with these limbs.
pub fn from_limbs(l: [Val; 3]) -> Challenge {
    Challenge::from_basis_coefficients_fn(|i| l[i])
}

/// An element of Goldilocks^3 (`x^3 = x + 1`) as three expressions of an AIR builder: the bus
/// constraints are written over the base field.
#[derive(Clone, Debug)]
pub struct Ext<E>(pub [E; 3]);

impl<E: PrimeCharacteristicRing + Clone> Ext<E> {
    /// A base-field expression.
    pub fn base(e: E) -> Ext<E> {
        Ext([e, E::ZERO, E::ZERO])
    }

    /// Zero.
    pub fn zero() -> Ext<E> {
        Ext([E::ZERO, E::ZERO, E::ZERO])
    }

    /// Times a base-field expression.
    pub fn scale(&self, s: &E) -> Ext<E> {
        Ext(self.0.clone().map(|x| x * s.clone()))
    }
}

impl<E: PrimeCharacteristicRing + Clone> Add for Ext<E> {
    type Output = Ext<E>;
    fn add(self, o: Ext<E>) -> Ext<E> {
        let [a0, a1, a2] = self.0;
        let [b0, b1, b2] = o.0;
        Ext([a0 + b0, a1 + b1, a2 + b2])
    }
}

impl<E: PrimeCharacteristicRing + Clone> Sub for Ext<E> {
    type Output = Ext<E>;
    fn sub(self, o: Ext<E>) -> Ext<E> {
        let [a0, a1, a2] = self.0;
        let [b0, b1, b2] = o.0;
        Ext([a0 - b0, a1 - b1, a2 - b2])
    }
}

impl<E: PrimeCharacteristicRing + Clone> Mul for Ext<E> {
    type Output = Ext<E>;
    /// `(a0 + a1 x + a2 x^2)(b0 + b1 x + b2 x^2)` reduced with `x^3 = x + 1`.
    fn mul(self, o: Ext<E>) -> Ext<E> {
        let [a0, a1, a2] = self.0;
        let [b0, b1, b2] = o.0;
        let c0 = a0.clone() * b0.clone();
        let c1 = a0.clone() * b1.clone() + a1.clone() * b0.clone();
        let c2 = a0 * b2.clone() + a1.clone() * b1.clone() + a2.clone() * b0;
        let c3 = a1 * b2.clone() + a2.clone() * b1;
        let c4 = a2 * b2;
        Ext([c0 + c3.clone(), c1 + c3 + c4.clone(), c2 + c4])
    }
}

/// The fingerprint of a tuple of expressions, with `alpha` and the `beta` powers given as
/// limbs (public values).
pub fn fingerprint_expr<E: PrimeCharacteristicRing + Clone>(
    alpha: &Ext<E>,
    betas: &[Ext<E>],
    fields: &[E],
) -> Ext<E> {
    fields
        .iter()
        .zip(betas)
        .fold(alpha.clone(), |acc, (f, b)| acc - b.scale(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(e: Challenge) -> Ext<Val> {
        Ext(limbs(e))
    }

    #[test]
    fn ext_arithmetic_is_goldilocks_cubed() {
        let a = from_limbs([Val::new(3), Val::new(u64::MAX - 7), Val::new(1 << 40)]);
        let b = from_limbs([Val::new(11), Val::new(5), Val::new(u64::MAX / 3)]);
        assert_eq!((ext(a) * ext(b)).0, limbs(a * b));
        assert_eq!((ext(a) + ext(b)).0, limbs(a + b));
        assert_eq!((ext(a) - ext(b)).0, limbs(a - b));
        assert_eq!(ext(a).scale(&Val::new(9)).0, limbs(a * Val::new(9)));
    }

    #[test]
    fn fingerprints_agree_and_separate_buses() {
        let alpha = from_limbs([Val::new(17), Val::new(4), Val::new(99)]);
        let beta = from_limbs([Val::new(5), Val::new(123), Val::new(8)]);
        let ch = BusChallenges::new(alpha, beta);
        let fields = [Val::new(3), Val::new(77), Val::new(1 << 33)];
        let betas: Vec<Ext<Val>> = ch.betas.iter().map(|&b| ext(b)).collect();
        assert_eq!(
            fingerprint_expr(&ext(alpha), &betas, &fields).0,
            limbs(ch.fingerprint(&fields))
        );
        assert_ne!(
            ch.fingerprint(&[Val::new(3), Val::new(1)]),
            ch.fingerprint(&[Val::new(4), Val::new(1)])
        );
        let c = ch.contribution(&fields, -2) + ch.contribution(&fields, 2);
        assert_eq!(c, Challenge::ZERO);
        assert_eq!(ch.public_values().len(), CHALLENGE_PUBLICS);
    }
}

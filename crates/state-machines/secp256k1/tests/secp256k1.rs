//! The Secp256k1 machine against k256 (and num-bigint for points k256 does not make), with
//! stand-in senders for Main's calls, Mem's answers and the real 16-bit table: honest adds and
//! doubles (random multiples of G, G, 2G, -G, points with x near p or small) balance every bus;
//! a wrong result (any limb, the negated point, the input point), a non-canonical result,
//! off-curve or non-canonical inputs, an add with x1 = x2, operands from another address, a
//! skipped read and a call row without Main's call are rejected; every cell of a call's rows,
//! the boundary between calls and padding is determined; a prover choosing the witnesses
//! (the tangent's slope for p1 = p2, any inverse, any slope for p1 = -p2, a bumped witness) is
//! refused; every lie is also refused with its carries solved in the field (only range checks
//! left to refuse it); a real proof verifies, and one of a wrong result is rejected.

use k256::elliptic_curve::PrimeField;
use k256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use k256::{AffinePoint, EncodedPoint, ProjectivePoint, Scalar};
use num_bigint::BigUint;
use p3_air::BaseAir;
use p3_field::{Field, PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::collections::HashMap;
use zirv_core::event::{PrecompileAccess, PrecompileCall};
use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_secp256k1::columns as sc;
use zirv_sm_secp256k1::trace::{fill_call_with, witnesses};
use zirv_sm_secp256k1::{OPS, ROWS_PER_CALL, Secp256k1Air, WIDTH, Witnesses, secp256k1_trace};
use zirv_sm_tables::U16Counts;
use zirv_testkit::check::eval_row;
use zirv_testkit::precompile::{TABLE_IDS, Witness, table_for, table_tuples};

/// A 256-bit number, least significant word first.
type N = [u64; 4];
/// An affine point.
type Pt = (N, N);

fn big(x: &N) -> BigUint {
    BigUint::from_slice(
        &x.iter()
            .flat_map(|l| [*l as u32, (*l >> 32) as u32])
            .collect::<Vec<_>>(),
    )
}

fn words(x: &BigUint) -> N {
    let mut d = x.to_u64_digits();
    d.resize(4, 0);
    [d[0], d[1], d[2], d[3]]
}

const P: N = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];

fn p() -> BigUint {
    big(&P)
}

/// Modular arithmetic mod p on canonical or non-canonical numbers.
fn md(x: BigUint) -> BigUint {
    x % p()
}
fn sub(a: &BigUint, b: &BigUint) -> BigUint {
    md(a % p() + p() - b % p())
}
fn inv(a: &BigUint) -> BigUint {
    a.modpow(&(p() - 2u8), &p())
}

/// The affine formulas (no checks): `p1 + p2` and `2p`.
fn formula_add(a: Pt, b: Pt) -> Pt {
    let (x1, y1, x2, y2) = (big(&a.0), big(&a.1), big(&b.0), big(&b.1));
    let s = md(sub(&y2, &y1) * inv(&sub(&x2, &x1)));
    let x3 = sub(&sub(&(&s * &s), &x1), &x2);
    let y3 = sub(&(&s * sub(&x1, &x3)), &y1);
    (words(&x3), words(&y3))
}
fn formula_dbl(a: Pt) -> Pt {
    let (x1, y1) = (big(&a.0), big(&a.1));
    let s = md(md(&x1 * &x1 * 3u8) * inv(&md(&y1 * 2u8)));
    let x3 = sub(&sub(&(&s * &s), &x1), &x1);
    let y3 = sub(&(&s * sub(&x1, &x3)), &y1);
    (words(&x3), words(&y3))
}

fn limbs_of_be(b: &[u8]) -> N {
    std::array::from_fn(|i| u64::from_be_bytes(b[32 - 8 * (i + 1)..32 - 8 * i].try_into().unwrap()))
}
fn be_of_limbs(l: &N) -> [u8; 32] {
    let mut b = [0u8; 32];
    for i in 0..4 {
        b[32 - 8 * (i + 1)..32 - 8 * i].copy_from_slice(&l[i].to_be_bytes());
    }
    b
}
fn ours(q: &ProjectivePoint) -> Pt {
    let e = q.to_affine().to_encoded_point(false);
    (limbs_of_be(e.x().unwrap()), limbs_of_be(e.y().unwrap()))
}
fn theirs(pt: &Pt) -> ProjectivePoint {
    let e = EncodedPoint::from_affine_coordinates(
        &be_of_limbs(&pt.0).into(),
        &be_of_limbs(&pt.1).into(),
        false,
    );
    ProjectivePoint::from(AffinePoint::from_encoded_point(&e).unwrap())
}

/// The point with the largest x below p (num-bigint's square root: p = 3 mod 4), and the one
/// with the smallest x.
fn edge_points() -> [Pt; 2] {
    let find = |xs: &mut dyn Iterator<Item = BigUint>| {
        for x in xs {
            let rhs = md(&x * &x * &x + 7u8);
            let y = rhs.modpow(&((p() + 1u8) / 4u8), &p());
            if md(&y * &y) == rhs {
                return (words(&x), words(&y));
            }
        }
        unreachable!()
    };
    [
        find(&mut (1u64..).map(|d| p() - d)),
        find(&mut (0u64..).map(BigUint::from)),
    ]
}

const RAM: u64 = 0xA043_0000;

/// A call of `op` at `step`: `p1` at `a1` (add) or `b` (double), p2 at `b`, result `out`.
fn call_at(op: Op, step: u64, ptrs: (u64, u64), p1: Pt, p2: Option<Pt>, out: Pt) -> PrecompileCall {
    let mut accesses = vec![];
    let acc = |addr: u64, value: u64, is_write: bool| PrecompileAccess {
        addr,
        value,
        is_write,
    };
    let pw = |pt: Pt| [pt.0, pt.1].concat();
    let (a, b) = ptrs;
    let inout = if op == Op::Secp256k1Add { a } else { b };
    for (i, v) in pw(p1).into_iter().enumerate() {
        accesses.push(acc(inout + 8 * i as u64, v, false));
    }
    if let Some(p2) = p2 {
        for (i, v) in pw(p2).into_iter().enumerate() {
            accesses.push(acc(b + 8 * i as u64, v, false));
        }
    }
    for (i, v) in pw(out).into_iter().enumerate() {
        accesses.push(acc(inout + 8 * i as u64, v, true));
    }
    PrecompileCall {
        op,
        step,
        a: if op == Op::Secp256k1Add { a } else { 0 },
        b,
        accesses,
    }
}

fn ptrs(i: u64) -> (u64, u64) {
    match i % 4 {
        0 => (RAM + 0x1000 * i, RAM + 0x1000 * i + 0x100),
        1 => (RAM + 0x1000 * i, 0x1000_0040), // p2 in INPUT
        2 => (RAM + 0xfff0 + 0x10_0000, 0x9000_0100), // p1 across a 64 KiB block, p2 in ROM
        _ => (RAM + 0x1000 * i + 0x40, RAM + 0x1000 * i + 0x40), // a = b (double only)
    }
}

fn add_call(step: u64, p1: Pt, p2: Pt) -> PrecompileCall {
    let sum = ours(&(theirs(&p1) + theirs(&p2)));
    assert_eq!(sum, formula_add(p1, p2));
    let mut pp = ptrs(step);
    if pp.0 == pp.1 {
        pp.1 += 0x100;
    }
    call_at(Op::Secp256k1Add, step, pp, p1, Some(p2), sum)
}

fn dbl_call(step: u64, p: Pt) -> PrecompileCall {
    let d = ours(&theirs(&p).double());
    assert_eq!(d, formula_dbl(p));
    // The point is written in place: the writable pointer.
    call_at(Op::Secp256k1Dbl, step, (0, ptrs(step).0), p, None, d)
}

fn points(random: usize) -> Vec<Pt> {
    let g = ProjectivePoint::GENERATOR;
    let mut v = vec![
        ours(&g),
        ours(&g.double()),
        ours(&-g),
        ours(&(g * Scalar::from(3u64))),
    ];
    v.extend(edge_points());
    let [far, _] = edge_points();
    v.push(ours(&-theirs(&far)));
    let mut rng = StdRng::seed_from_u64(0x5ec9);
    while v.len() < 7 + random {
        let bytes: [u8; 32] = rng.random();
        let k = Option::<Scalar>::from(Scalar::from_repr(bytes.into()));
        if let Some(k) = k.filter(|k| !bool::from(k.is_zero())) {
            v.push(ours(&(g * k)));
        }
    }
    v
}

/// Adds of consecutive points and doubles of each, in steps from 10.
fn honest_calls(random: usize) -> Vec<PrecompileCall> {
    let pts = points(random);
    let mut calls = vec![];
    let mut step = 10;
    for w in pts.windows(2) {
        if w[0].0 != w[1].0 {
            calls.push(add_call(step, w[0], w[1]));
            step += 1;
        }
        calls.push(dbl_call(step, w[0]));
        step += 1;
    }
    calls
}

/// A witness of Secp256k1's `trace`, Main sending `main` and Mem answering `mem`'s accesses.
fn witness(trace: RowMajorMatrix<Val>, main: &[PrecompileCall], mem: &[PrecompileCall]) -> Witness {
    Witness::new(ZirvAir::Secp256k1(Secp256k1Air), trace, main, mem)
}

/// The witness of `calls` as the machine's builder makes it (lies included).
fn witness_of(calls: &[PrecompileCall]) -> Witness {
    witness(trace(calls), calls, calls)
}

fn trace(calls: &[PrecompileCall]) -> RowMajorMatrix<Val> {
    secp256k1_trace::<Val>(calls, &mut U16Counts::default())
}

/// `call` with its written point replaced by `out`.
fn with_result(call: &PrecompileCall, out: Pt) -> PrecompileCall {
    let mut c = call.clone();
    let vals = [out.0, out.1].concat();
    for (a, v) in c.accesses.iter_mut().filter(|a| a.is_write).zip(vals) {
        a.value = v;
    }
    c
}

fn result(call: &PrecompileCall) -> Pt {
    let w: Vec<u64> = call.writes().collect();
    ([w[0], w[1], w[2], w[3]], [w[4], w[5], w[6], w[7]])
}

/// `trace` with the carries of every call row re-solved in the field: each carry is the value
/// that makes its position's limb equation hold in Goldilocks (positions 0..=31, whatever the
/// limbs), stored as `cl` = its low 16 bits and `ch` = the rest. A cheating prover's best
/// attempt at a lie: every limb equation but the last holds, so only the carries' range checks
/// (or the last position) can refuse it.
fn field_carries(trace: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    let mut t = trace.clone();
    let inv16 = Val::from_u64(1 << 16).inverse();
    let signed = |v: i64| {
        if v >= 0 {
            Val::from_u64(v as u64)
        } else {
            -Val::from_u64(v.unsigned_abs())
        }
    };
    for row in t.values.chunks_exact_mut(WIDTH) {
        let v = |c: usize| row[c];
        let Some(kind) = (0..sc::KINDS).find(|&k| v(sc::kind_col(k)) == Val::ONE) else {
            continue;
        };
        let eq = &sc::EQUATIONS[kind];
        let limb = |x: usize, i: usize| v(sc::num(x) + i);
        let mut carry = Val::ZERO;
        let mut out = vec![];
        for k in 0..sc::CARRIES {
            let mut diff = carry + Val::from_u64(sc::KP_LIMBS[k]);
            for &(coef, x, y) in eq.prods {
                for i in 0..sc::LIMBS {
                    if k >= i && k - i < sc::LIMBS {
                        diff += signed(coef) * limb(x, i) * limb(y, k - i);
                    }
                }
            }
            if k < sc::LIMBS {
                for &(coef, x) in eq.lins {
                    diff += signed(coef) * limb(x, k);
                }
            }
            if k == 0 {
                diff += signed(eq.constant);
                if eq.minus_sadd {
                    diff -= v(sc::SADD);
                }
            }
            for j in 0..sc::LIMBS {
                if k >= j && k - j < sc::Q_LIMBS {
                    diff -= v(sc::Q + k - j) * Val::from_u64(sc::P_LIMBS[j]);
                }
            }
            carry = diff * inv16;
            out.push(carry);
        }
        for (k, c) in out.into_iter().enumerate() {
            let stored = (c + Val::from_u64(sc::CARRY_OFFSET)).as_canonical_u64();
            row[sc::CL + k] = Val::from_u64(stored & 0xffff);
            row[sc::CH + k] = Val::from_u64(stored >> 16);
        }
    }
    t
}

/// Whether `call` alone is rejected by a constraint or a table look-up (not by a bus that does
/// not balance: Main and Mem agree with the machine), with or without carries solved in the
/// field.
fn refused_by_the_machine(call: &PrecompileCall) -> bool {
    let one = std::slice::from_ref(call);
    let solved = witness(field_carries(&trace(one)), one, one);
    [witness_of(one), solved].iter().all(|w| {
        w.fast_check()
            .is_err_and(|e| e.contains("fail") || e.contains("table has no"))
    })
}

#[test]
fn layout_and_interface() {
    assert_eq!(OPS, &[Op::Secp256k1Add, Op::Secp256k1Dbl]);
    assert_eq!(ROWS_PER_CALL, 8);
    assert_eq!(WIDTH, 290);
    assert_eq!(BaseAir::<Val>::width(&Secp256k1Air), WIDTH);
    assert_eq!(
        BaseAir::<Val>::max_constraint_degree(&Secp256k1Air),
        Some(3)
    );
    let calls = honest_calls(4);
    for n in [0, 1, 2, 3, 5] {
        let t = trace(&calls[..n]);
        assert_eq!(
            t.values.len() / WIDTH,
            (n * ROWS_PER_CALL).max(4).next_power_of_two()
        );
    }
}

#[test]
fn honest_calls_agree_with_k256_and_balance() {
    let calls = honest_calls(24);
    assert!(calls.iter().any(|c| c.op == Op::Secp256k1Add));
    assert!(calls.iter().any(|c| c.op == Op::Secp256k1Dbl));
    // The counts the builder makes are the table's whole traffic.
    let mut u16 = U16Counts::default();
    let t = secp256k1_trace::<Val>(&calls, &mut u16);
    assert_eq!(
        u16.trace::<Val>().values,
        table_for(&ZirvAir::Secp256k1(Secp256k1Air), &t).values
    );
    assert_eq!(field_carries(&t).values, t.values);
    let w = witness_of(&calls);
    w.fast_check().unwrap();
    w.check().unwrap();
    // No call at all: padding only.
    witness_of(&[]).check().unwrap();
}

#[test]
fn a_wrong_result_is_rejected() {
    let calls = honest_calls(2);
    for c in calls.iter().take(6) {
        let (x3, y3) = result(c);
        let w = [x3, y3].concat();
        // Every 16-bit limb of x3 and y3, by +1 and by a high bit.
        for (word, &v) in w.iter().enumerate() {
            for shift in [0, 16, 32, 48] {
                for delta in [1u64 << shift, 1 << (shift + 15)] {
                    let mut lie = w.clone();
                    lie[word] = v ^ delta;
                    let out = (
                        [lie[0], lie[1], lie[2], lie[3]],
                        [lie[4], lie[5], lie[6], lie[7]],
                    );
                    assert!(
                        refused_by_the_machine(&with_result(c, out)),
                        "{:?} word {word} ^ {delta:#x} accepted",
                        c.op
                    );
                }
            }
        }
        // The negated point (on the curve, not the result), the input point, (0, 0).
        let r: Vec<u64> = c.reads().collect();
        let p1: Pt = ([r[0], r[1], r[2], r[3]], [r[4], r[5], r[6], r[7]]);
        for out in [
            (x3, words(&sub(&BigUint::ZERO, &big(&y3)))),
            p1,
            ([0; 4], [0; 4]),
        ] {
            assert!(
                refused_by_the_machine(&with_result(c, out)),
                "{out:x?} accepted"
            );
        }
        // y3 + p or x3 + p where that fits in 256 bits (congruent, not canonical).
        for (i, v) in [x3, y3].iter().enumerate() {
            let plus = big(v) + p();
            if plus.bits() <= 256 {
                let out = if i == 0 {
                    (words(&plus), y3)
                } else {
                    (x3, words(&plus))
                };
                assert!(refused_by_the_machine(&with_result(c, out)));
            }
        }
    }
}

#[test]
fn a_non_canonical_result_is_rejected() {
    // Results with a small x: x3 + p is 256 bits and congruent.
    let [_, small] = edge_points();
    let q = theirs(&small);
    let g = ProjectivePoint::GENERATOR;
    let p1 = ours(&(g * Scalar::from(5u64)));
    let p2 = ours(&(q - theirs(&p1)));
    let half = Scalar::from(2u64).invert().unwrap();
    let h = ours(&(q * half));
    let cases = [add_call(30, p1, p2), dbl_call(31, h)];
    for c in cases {
        assert_eq!(result(&c), small);
        witness_of(std::slice::from_ref(&c)).fast_check().unwrap();
        let plus = words(&(big(&small.0) + p()));
        assert!(refused_by_the_machine(&with_result(&c, (plus, small.1))));
    }
}

/// The call's reads with point `which` (0: p1, 1: p2) replaced; the result by the formulas.
fn with_input(c: &PrecompileCall, which: usize, pt: Pt) -> PrecompileCall {
    let mut c = c.clone();
    let vals = [pt.0, pt.1].concat();
    for (a, v) in c
        .accesses
        .iter_mut()
        .filter(|a| !a.is_write)
        .skip(8 * which)
        .zip(vals)
    {
        a.value = v;
    }
    let r: Vec<u64> = c.reads().collect();
    let p1: Pt = ([r[0], r[1], r[2], r[3]], [r[4], r[5], r[6], r[7]]);
    let out = if c.op == Op::Secp256k1Add {
        let p2: Pt = ([r[8], r[9], r[10], r[11]], [r[12], r[13], r[14], r[15]]);
        formula_add(p1, p2)
    } else {
        formula_dbl(p1)
    };
    with_result(&c, out)
}

fn input(c: &PrecompileCall, which: usize) -> Pt {
    let r: Vec<u64> = c.reads().skip(8 * which).collect();
    ([r[0], r[1], r[2], r[3]], [r[4], r[5], r[6], r[7]])
}

#[test]
fn off_curve_inputs_are_rejected() {
    let calls = honest_calls(2);
    for c in calls.iter().take(8) {
        let n = if c.op == Op::Secp256k1Add { 2 } else { 1 };
        for which in 0..n {
            let (x, y) = input(c, which);
            let mut lies = vec![];
            for word in 0..4 {
                let mut y2 = y;
                y2[word] ^= 1 << 17;
                lies.push((x, y2));
                let mut x2 = x;
                x2[word] ^= 1;
                lies.push((x2, y));
            }
            lies.push(([0; 4], [0; 4]));
            for lie in lies {
                let bad = with_input(c, which, lie);
                assert!(
                    refused_by_the_machine(&bad),
                    "{:?} input {which} {lie:x?} accepted",
                    c.op
                );
            }
        }
    }
}

#[test]
fn non_canonical_inputs_are_rejected() {
    // The point with the smallest x: x + p fits in 256 bits, so the emulator sees a
    // non-canonical x on the curve mod p; the formulas' result is the honest one.
    let [_, small] = edge_points();
    let g = ours(&ProjectivePoint::GENERATOR);
    let plus = (words(&(big(&small.0) + p())), small.1);
    for honest in [
        add_call(40, small, g),
        add_call(41, g, small),
        dbl_call(42, small),
    ] {
        witness_of(std::slice::from_ref(&honest))
            .fast_check()
            .unwrap();
        let which = if honest.op == Op::Secp256k1Add && input(&honest, 1) == small {
            1
        } else {
            0
        };
        let bad = with_input(&honest, which, plus);
        assert_eq!(result(&bad), result(&honest));
        assert!(
            refused_by_the_machine(&bad),
            "{:?} with x + p accepted",
            honest.op
        );
    }
    // Coordinates >= p (all ones, p itself).
    let c = add_call(43, g, ours(&ProjectivePoint::GENERATOR.double()));
    for lie in [(P, g.1), (g.0, P), ([u64::MAX; 4], [u64::MAX; 4])] {
        for which in 0..2 {
            assert!(refused_by_the_machine(&with_input(&c, which, lie)));
        }
    }
}

#[test]
fn add_with_equal_or_opposite_points_is_rejected() {
    for pt in points(6) {
        let q = theirs(&pt);
        let (a, b) = ptrs(50);
        // p1 = p2, claiming the double; p1 = -p2, claiming the point at G or (0, 0).
        let eq = call_at(
            Op::Secp256k1Add,
            50,
            (a, b),
            pt,
            Some(pt),
            ours(&q.double()),
        );
        assert!(refused_by_the_machine(&eq), "p1 = p2 accepted");
        let neg = ours(&-q);
        for out in [ours(&ProjectivePoint::GENERATOR), ([0; 4], [0; 4])] {
            let opp = call_at(Op::Secp256k1Add, 51, (a, b), pt, Some(neg), out);
            assert!(refused_by_the_machine(&opp), "p1 = -p2 accepted");
        }
    }
}

/// The prover reads p1 or p2 from `elsewhere` while Main's call names another pointer.
#[test]
fn operands_from_another_address_are_rejected() {
    let calls = honest_calls(2);
    for honest in calls.iter().take(6) {
        let n = if honest.op == Op::Secp256k1Add { 2 } else { 1 };
        for operand in 0..n {
            let elsewhere = RAM + 0x7_0000 + 0x100 * operand as u64;
            let mut forged = honest.clone();
            let old = if operand == 0 && honest.op == Op::Secp256k1Add {
                honest.a
            } else {
                honest.b
            };
            let reads_of = |i: usize| {
                // Which accesses belong to the operand: p1's reads and the writes, or p2's.
                if operand == 0 {
                    !(8..16).contains(&i) || honest.op == Op::Secp256k1Dbl
                } else {
                    (8..16).contains(&i)
                }
            };
            for (i, a) in forged.accesses.iter_mut().enumerate() {
                if reads_of(i) {
                    a.addr = a.addr - old + elsewhere;
                }
            }
            if operand == 0 && honest.op == Op::Secp256k1Add {
                forged.a = elsewhere;
            } else {
                forged.b = elsewhere;
            }
            // Main called with the true pointers; Mem holds the words where the prover read.
            let w = witness(
                trace(std::slice::from_ref(&forged)),
                std::slice::from_ref(honest),
                std::slice::from_ref(&forged),
            );
            assert!(w.rejected(), "operand {operand} elsewhere accepted");
        }
    }
}

#[test]
fn a_skipped_read_is_rejected() {
    let calls = honest_calls(1);
    for c in calls.iter().take(2) {
        for skip in 0..c.accesses.len() {
            let mut mem = c.clone();
            mem.accesses.remove(skip);
            let w = witness(
                trace(std::slice::from_ref(c)),
                std::slice::from_ref(c),
                &[mem],
            );
            assert!(w.rejected(), "access {skip} skipped accepted");
        }
    }
}

#[test]
fn a_call_row_without_main_call_is_rejected() {
    let calls: Vec<_> = honest_calls(2).into_iter().take(5).collect();
    witness_of(&calls).fast_check().unwrap();
    // Main made one call fewer.
    assert!(witness(trace(&calls), &calls[1..], &calls).rejected());
    // Main's call at another step.
    let mut main = calls.clone();
    main[2].step += 1;
    assert!(witness(trace(&calls), &main, &calls).rejected());
    // Main called the other op with the same operands.
    for i in 0..2 {
        let mut main = calls.clone();
        main[i].op = if main[i].op == Op::Secp256k1Add {
            Op::Secp256k1Dbl
        } else {
            Op::Secp256k1Add
        };
        assert!(witness(trace(&calls), &main, &calls).rejected());
    }
    // Main's call names other pointers.
    let mut main = calls.clone();
    main[1].b += 8;
    assert!(witness(trace(&calls), &main, &calls).rejected());
    let mut main = calls.clone();
    main[0].a += 8;
    assert!(witness(trace(&calls), &main, &calls).rejected());
    // A call's rows cut short: its last row made padding.
    let mut t = trace(&calls[..1]);
    for v in &mut t.values[(ROWS_PER_CALL - 1) * WIDTH..ROWS_PER_CALL * WIDTH] {
        *v = Val::ZERO;
    }
    assert!(witness(t, &calls[..1], &calls[..1]).rejected());
}

/// Whether rows `window` of `t` fail a constraint, and their messages to Main and Mem (each
/// table look-up must be answerable).
fn window_messages(
    t: &RowMajorMatrix<Val>,
    window: &[usize],
) -> Result<Vec<(Vec<u64>, u64)>, String> {
    let table = table_tuples();
    let mut out = vec![];
    for &r in window {
        let e = eval_row(&Secp256k1Air, t, None, &[], r);
        if !e.failed.is_empty() {
            return Err(format!("row {r} fails {:?}", e.failed));
        }
        for (bus, f, c) in e.messages {
            if c == Val::ZERO {
                continue;
            }
            let fields: Vec<u64> = f.iter().map(|v| v.as_canonical_u64()).collect();
            if TABLE_IDS.contains(&fields[0]) {
                if !table.contains(&(bus.clone(), fields.clone())) {
                    return Err(format!("the table has no {bus} tuple {fields:?}"));
                }
            } else {
                out.push((fields, c.as_canonical_u64()));
            }
        }
    }
    out.sort();
    Ok(out)
}

#[test]
fn every_cell_is_determined() {
    // Each cell of a call's rows (an add, then a double), of the boundary between them and of
    // padding rows, changed by +1 or -1, fails a constraint of a window holding its row (its
    // row with the next, or the previous row with its row), or asks the table for a tuple it
    // lacks, or changes a message of those rows to Main or Mem.
    let all = honest_calls(2);
    let add = all.iter().find(|c| c.op == Op::Secp256k1Add).unwrap();
    let dbl = all.iter().find(|c| c.op == Op::Secp256k1Dbl).unwrap();
    let cs = [add.clone(), dbl.clone(), add.clone()];
    let mut t = trace(&cs);
    let height = t.values.len() / WIDTH;
    assert_eq!(height, 32);
    let rows: Vec<usize> = (0..2 * ROWS_PER_CALL + 1)
        .chain([3 * ROWS_PER_CALL - 1, 3 * ROWS_PER_CALL, height - 1])
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &row in &rows {
        let window: Vec<usize> = if row == 0 {
            vec![0]
        } else {
            vec![row - 1, row]
        };
        let honest =
            window_messages(&t, &window).unwrap_or_else(|e| panic!("row {row} honestly: {e}"));
        for col in 0..WIDTH {
            for delta in [Val::ONE, Val::NEG_ONE] {
                let at = row * WIDTH + col;
                let keep = t.values[at];
                t.values[at] += delta;
                let judged = window_messages(&t, &window);
                t.values[at] = keep;
                let caught = match &judged {
                    Err(_) => "constraint or table",
                    Ok(m) if *m != honest => "message",
                    Ok(_) => "",
                };
                assert!(
                    !caught.is_empty(),
                    "row {row}: {} changed by {delta} is accepted",
                    sc::name(col)
                );
                *counts.entry(caught).or_default() += 1;
            }
        }
    }
    println!("caught by: {counts:?}");
}

#[test]
fn honest_proof_verifies_and_a_wrong_result_does_not() {
    let calls: Vec<_> = honest_calls(2).into_iter().take(3).collect();
    witness_of(&calls).prove().unwrap();
    let (x3, y3) = result(&calls[1]);
    let mut bad = calls.clone();
    let mut x = x3;
    x[1] ^= 1;
    bad[1] = with_result(&calls[1], (x, y3));
    let w = witness_of(&bad);
    assert!(w.rejected());
    assert!(w.prove().is_err());
}

/// The one-call trace of `call` with the witnesses `w`.
fn trace_with(call: &PrecompileCall, w: &Witnesses) -> RowMajorMatrix<Val> {
    let mut values = Val::zero_vec(ROWS_PER_CALL * WIDTH);
    fill_call_with(call, w, &mut values, &mut U16Counts::default());
    RowMajorMatrix::new(values, WIDTH)
}

/// Whether `call` with the witnesses `w` is refused by a constraint or a table look-up, with
/// or without carries solved in the field.
fn refused_with(call: &PrecompileCall, w: &Witnesses) -> bool {
    let one = std::slice::from_ref(call);
    let t = trace_with(call, w);
    [
        witness(t.clone(), one, one),
        witness(field_carries(&t), one, one),
    ]
    .iter()
    .all(|w| {
        w.fast_check()
            .is_err_and(|e| e.contains("fail") || e.contains("table has no"))
    })
}

#[test]
fn a_prover_choosing_the_witnesses_cannot_lie() {
    let g = ProjectivePoint::GENERATOR;
    let mut rng = StdRng::seed_from_u64(11);
    let mut rand_num = || big(&std::array::from_fn(|_| rng.random::<u64>())) % p();
    for pt in points(3) {
        let q = theirs(&pt);
        let (a, b) = ptrs(60);
        // p1 = p2 claiming the double, with the tangent's slope (the slope equation
        // `s·(x2 - x1) = y2 - y1` holds for any s): only `(x2 - x1)·inv = 1` can refuse it.
        let eq = call_at(
            Op::Secp256k1Add,
            60,
            (a, b),
            pt,
            Some(pt),
            ours(&q.double()),
        );
        let tangent = witnesses(&dbl_call(60, pt)).s;
        for inv in [BigUint::ZERO, BigUint::from(1u8), rand_num()] {
            let mut w = witnesses(&eq);
            w.s = tangent.clone();
            w.inv = inv;
            assert!(refused_with(&eq, &w), "p1 = p2 with the tangent accepted");
        }
        // p1 = -p2 claiming G, any slope.
        let opp = call_at(Op::Secp256k1Add, 61, (a, b), pt, Some(ours(&-q)), ours(&g));
        for s in [BigUint::ZERO, rand_num()] {
            let mut w = witnesses(&opp);
            w.s = s;
            w.inv = rand_num();
            assert!(refused_with(&opp, &w), "p1 = -p2 accepted");
        }
        // Honest calls with a witness changed: each is determined.
        let other = ours(&(q + g * Scalar::from(7u64)));
        for c in [add_call(62, pt, other), dbl_call(63, pt)] {
            let honest = witnesses(&c);
            assert!(!refused_with(&c, &honest));
            let bump = |v: &BigUint| v + 1u8;
            let mut lies = vec![];
            let mut w = honest.clone();
            w.s = bump(&w.s);
            lies.push(w);
            let mut w = honest.clone();
            w.x1sq = bump(&w.x1sq);
            lies.push(w);
            let mut w = honest.clone();
            w.x2sq = bump(&w.x2sq);
            lies.push(w);
            let mut w = honest.clone();
            w.inv = bump(&w.inv);
            lies.push(w);
            for w in lies {
                assert!(refused_with(&c, &w), "{:?} with {w:x?} accepted", c.op);
            }
        }
    }
}

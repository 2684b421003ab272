//! The ArithEq machine against num-bigint, with stand-in senders for Main's calls, Mem's
//! answers and the 16-bit table: honest calls of both ops (random and edge values) balance
//! every bus; a wrong result (any limb of `dl` or `dh`), a remainder not reduced or not
//! congruent, operands read from another address than the call names, a skipped read and a
//! call row with no matching Main call are rejected; every cell is determined; a real proof
//! verifies, and one of a wrong result is rejected.

use num_bigint::BigUint;
use p3_air::BaseAir;
use p3_field::{Field, PrimeCharacteristicRing, PrimeField64};
use p3_matrix::dense::RowMajorMatrix;
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::collections::HashSet;
use zirv_core::event::{PrecompileAccess, PrecompileCall};
use zirv_core::op::Op;
use zirv_machines::{Val, ZirvAir};
use zirv_sm_arith_eq::columns as ec;
use zirv_sm_arith_eq::{ArithEqAir, OPS, ROWS_PER_CALL, WIDTH, arith_eq_trace};
use zirv_sm_tables::U16Counts;
use zirv_testkit::check::RowEval;
use zirv_testkit::mutate;
use zirv_testkit::precompile::{TABLE_IDS, Witness, table_for, table_tuples};

/// A 256-bit number, least significant word first.
type N = [u64; 4];

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

/// Where a call's numbers lie.
#[derive(Clone, Copy, Debug)]
struct Layout {
    params: u64,
    /// a, b, c, m-or-dl, d-or-dh.
    ptrs: [u64; 5],
}

const RAM: u64 = 0xA043_0000;

fn layout(i: u64) -> Layout {
    let base = RAM + 0x1000 * i;
    Layout {
        params: base,
        ptrs: [
            base + 0x100,
            base + 0x200,
            base + 0x300,
            base + 0x400,
            base + 0x500,
        ],
    }
}

/// A call of `op` at `step` with inputs `ins` (a, b, c[, m]) and outputs `outs` as laid out by
/// `l`.
fn call(op: Op, step: u64, l: Layout, ins: &[N], outs: &[N]) -> PrecompileCall {
    let mut accesses = vec![];
    let r = |addr, value| PrecompileAccess {
        addr,
        value,
        is_write: false,
    };
    for (i, &p) in l.ptrs.iter().enumerate() {
        accesses.push(r(l.params + 8 * i as u64, p));
    }
    for (x, &p) in ins.iter().zip(&l.ptrs) {
        for (i, &v) in x.iter().enumerate() {
            accesses.push(r(p + 8 * i as u64, v));
        }
    }
    let out_ptrs = &l.ptrs[5 - outs.len()..];
    for (x, &p) in outs.iter().zip(out_ptrs) {
        for (i, &v) in x.iter().enumerate() {
            accesses.push(PrecompileAccess {
                addr: p + 8 * i as u64,
                value: v,
                is_write: true,
            });
        }
    }
    PrecompileCall {
        op,
        step,
        a: 0,
        b: l.params,
        accesses,
    }
}

/// The honest arith256 call.
fn arith256(step: u64, l: Layout, a: N, b: N, c: N) -> PrecompileCall {
    let r = big(&a) * big(&b) + big(&c);
    let dl = words(&(&r % (BigUint::from(1u8) << 256)));
    let dh = words(&(&r >> 256));
    call(Op::Arith256, step, l, &[a, b, c], &[dl, dh])
}

/// The honest arith256_mod call.
fn arith256_mod(step: u64, l: Layout, a: N, b: N, c: N, m: N) -> PrecompileCall {
    let d = words(&((big(&a) * big(&b) + big(&c)) % big(&m)));
    call(Op::Arith256Mod, step, l, &[a, b, c, m], &[d])
}

const ONES: N = [u64::MAX; 4];
/// secp256k1's field prime and group order.
const P: N = [0xFFFF_FFFE_FFFF_FC2F, u64::MAX, u64::MAX, u64::MAX];
const ORDER: N = [
    0xBFD2_5E8C_D036_4141,
    0xBAAE_DCE6_AF48_A03B,
    0xFFFF_FFFF_FFFF_FFFE,
    u64::MAX,
];

fn edge_numbers() -> Vec<N> {
    let minus1 = |x: N| words(&(big(&x) - 1u8));
    vec![
        [0; 4],
        [1, 0, 0, 0],
        [2, 0, 0, 0],
        ONES,
        [u64::MAX, 0, 0, 0],
        [0, 0, 0, 1 << 63],
        [0xffff, 0, 0, 0],
        [0, 1, 0, 0],
        P,
        minus1(P),
        ORDER,
        minus1(ORDER),
        [0x1234_5678_9abc_def0, 0xfedc_ba98_7654_3210, 7, 1 << 40],
    ]
}

fn random_number(rng: &mut StdRng) -> N {
    let mut x: N = std::array::from_fn(|_| rng.random());
    match rng.random_range(0..4) {
        0 => x[rng.random_range(1..4)..].fill(0),
        1 => x[0] = 0,
        _ => {}
    }
    x
}

/// Honest calls of both ops: edge triples, edge moduli (1, 2, 2^256 - 1, primes, primes - 1),
/// `a = b` at one pointer, operands in INPUT and ROM and across a 64 KiB block, and random
/// values.
fn honest_calls(random: usize) -> Vec<PrecompileCall> {
    let e = edge_numbers();
    let mut calls = vec![];
    let mut next = 0u64;
    let mut lay = || {
        next += 1;
        (10 + 3 * next, layout(next % 32))
    };
    for (i, &a) in e.iter().enumerate() {
        for &b in e.iter().skip(i % 3).step_by(3) {
            let c = e[(i * 7 + 3) % e.len()];
            let (s, l) = lay();
            calls.push(arith256(s, l, a, b, c));
            let m = e[(i * 5 + 1) % e.len()];
            let m = if m == [0; 4] { [1, 0, 0, 0] } else { m };
            let (s, l) = lay();
            calls.push(arith256_mod(s, l, a, b, c, m));
        }
    }
    for m in [[1, 0, 0, 0], [2, 0, 0, 0], ONES, P, ORDER, [0, 0, 0, 1]] {
        for (a, b, c) in [(ONES, ONES, ONES), (P, P, [0; 4]), ([0; 4], [0; 4], [0; 4])] {
            let (s, l) = lay();
            calls.push(arith256_mod(s, l, a, b, c, m));
        }
    }
    // a = b at one pointer.
    let (s, mut l) = lay();
    l.ptrs[1] = l.ptrs[0];
    let x = [5, 6, 7, 8];
    calls.push(arith256(s, l, x, x, ONES));
    let (s, mut l) = lay();
    l.ptrs[1] = l.ptrs[0];
    let d = words(&((big(&x) * big(&x) + 3u8) % big(&P)));
    calls.push(call(Op::Arith256Mod, s, l, &[x, x, [3, 0, 0, 0], P], &[d]));
    // Inputs in INPUT and ROM, an operand across a block boundary, params in ROM.
    let (s, mut l) = lay();
    l.ptrs[0] = 0x1000_0100;
    l.ptrs[1] = 0x9000_2000;
    l.ptrs[2] = RAM + 0xfff0;
    l.ptrs[4] = RAM + 0x1_fff0;
    calls.push(arith256(s, l, ORDER, P, ONES));
    let (s, mut l) = lay();
    l.params = 0x9000_0040;
    l.ptrs[3] = 0x1000_0800;
    calls.push(arith256_mod(s, l, ORDER, ONES, P, P));
    let mut rng = StdRng::seed_from_u64(0x00a4_17e9);
    for i in 0..random {
        let (a, b, c) = (
            random_number(&mut rng),
            random_number(&mut rng),
            random_number(&mut rng),
        );
        let (s, l) = lay();
        if i % 2 == 0 {
            calls.push(arith256(s, l, a, b, c));
        } else {
            let mut m = random_number(&mut rng);
            if m == [0; 4] {
                m[0] = 1;
            }
            calls.push(arith256_mod(s, l, a, b, c, m));
        }
    }
    calls
}

/// A witness of ArithEq's `trace`, Main sending `main` and Mem answering `mem`'s accesses.
fn witness(trace: RowMajorMatrix<Val>, main: &[PrecompileCall], mem: &[PrecompileCall]) -> Witness {
    Witness::new(ZirvAir::ArithEq(ArithEqAir), trace, main, mem)
}

/// The honest witness of `calls`.
fn honest_witness(calls: &[PrecompileCall]) -> Witness {
    witness(trace(calls), calls, calls)
}

fn trace(calls: &[PrecompileCall]) -> RowMajorMatrix<Val> {
    arith_eq_trace::<Val>(calls, &mut U16Counts::default())
}

/// `trace` with the carries of every row re-solved in the field: each carry is the value that
/// makes its position's limb equation hold in Goldilocks (positions 0..46, whatever the
/// limbs), stored as `cl` = its low 16 bits and `ch` = the rest. A cheating prover's best
/// attempt at a lie: every limb equation but the last holds, so only the carries' range checks
/// (or the last position) can refuse it.
fn field_carries(trace: &RowMajorMatrix<Val>) -> RowMajorMatrix<Val> {
    let mut t = trace.clone();
    for row in t.values.chunks_exact_mut(WIDTH) {
        let v = |c: usize| row[c];
        let (s256, smod) = (v(ec::S256), v(ec::SMOD));
        let mut carry = Val::ZERO;
        let inv16 = Val::from_u64(1 << 16).inverse();
        let mut out = vec![];
        for k in 0..ec::CARRIES {
            let mut diff = carry;
            for i in 0..ec::LIMBS {
                if k >= i && k - i < ec::LIMBS {
                    diff += v(ec::A + i) * v(ec::B + k - i);
                }
            }
            for j in 0..ec::LIMBS {
                if k >= j && k - j < ec::Q_LIMBS {
                    diff -= v(ec::Q + k - j) * v(ec::M + j);
                }
            }
            if k < ec::LIMBS {
                diff += v(ec::C + k) - smod * v(ec::D + k) - s256 * v(ec::M + k);
            } else if k < 2 * ec::LIMBS {
                diff -= s256 * v(ec::D + k - ec::LIMBS);
            }
            carry = diff * inv16;
            out.push(carry);
        }
        if s256 + smod == Val::ZERO {
            continue;
        }
        for (k, c) in out.into_iter().enumerate() {
            let stored = (c + Val::from_u64(ec::CARRY_OFFSET)).as_canonical_u64();
            row[ec::CL + k] = Val::from_u64(stored & 0xffff);
            row[ec::CH + k] = Val::from_u64(stored >> 16);
        }
    }
    t
}

/// `call` with the written word `i` (in write order) replaced by `v`.
fn with_write(call: &PrecompileCall, i: usize, v: u64) -> PrecompileCall {
    let mut c = call.clone();
    let a = c.accesses.iter_mut().filter(|a| a.is_write).nth(i).unwrap();
    a.value = v;
    c
}

/// `call` with its written number `d` (arith256_mod) replaced.
fn with_d(call: &PrecompileCall, d: N) -> PrecompileCall {
    (0..4).fold(call.clone(), |c, i| with_write(&c, i, d[i]))
}

#[test]
fn layout_and_interface() {
    assert_eq!(OPS, &[Op::Arith256, Op::Arith256Mod]);
    assert_eq!(ROWS_PER_CALL, 1);
    assert_eq!(BaseAir::<Val>::width(&ArithEqAir), WIDTH);
    assert_eq!(BaseAir::<Val>::max_constraint_degree(&ArithEqAir), Some(3));
    for n in [0, 1, 3, 4, 5, 9] {
        let calls: Vec<_> = honest_calls(8).into_iter().take(n).collect();
        let t = trace(&calls);
        assert_eq!(
            t.values.len() / WIDTH,
            (n * ROWS_PER_CALL).max(4).next_power_of_two()
        );
    }
}

#[test]
fn honest_calls_agree_with_num_bigint_and_balance() {
    let calls = honest_calls(200);
    // The counts the builder makes are the table's whole traffic.
    let mut u16 = U16Counts::default();
    let t = arith_eq_trace::<Val>(&calls, &mut u16);
    assert_eq!(
        u16.trace::<Val>().values,
        table_for(&ZirvAir::ArithEq(ArithEqAir), &t).values
    );
    assert_eq!(field_carries(&t).values, t.values);
    let w = honest_witness(&calls);
    w.fast_check().unwrap();
    w.check().unwrap();
}

#[test]
fn a_wrong_product_limb_is_rejected() {
    let calls = honest_calls(6);
    let some: Vec<_> = calls
        .iter()
        .filter(|c| c.op == Op::Arith256)
        .take(8)
        .collect();
    for c in some {
        let w: Vec<u64> = c.writes().collect();
        // Every 16-bit limb of dl (words 0..4) and dh (4..8), by +1 and by a high bit.
        for (word, &v) in w.iter().enumerate() {
            for shift in [0, 16, 32, 48] {
                for delta in [1u64 << shift, 1 << (shift + 15)] {
                    let lie = with_write(c, word, v ^ delta);
                    let one = [lie];
                    let wit = witness(trace(&one), &one, &one);
                    assert!(wit.rejected(), "word {word} ^ {delta:#x} accepted");
                    let solved = witness(field_carries(&trace(&one)), &one, &one);
                    let err = solved.fast_check().unwrap_err();
                    assert!(
                        err.contains("table has no") || err.contains("fail"),
                        "word {word} ^ {delta:#x}: {err}"
                    );
                }
            }
        }
        // dl ± p (p the Goldilocks prime): the same number mod p, so with carries solved in
        // the field every limb equation holds; only the carries' range checks refuse it.
        let dl = big(&[w[0], w[1], w[2], w[3]]);
        let pg = BigUint::from(0xffff_ffff_0000_0001u64);
        let shifted = if dl.bits() <= 255 { dl + pg } else { dl - pg };
        let sw = words(&shifted);
        let lie = (0..4).fold(c.clone(), |c, i| with_write(&c, i, sw[i]));
        let one = [lie];
        let solved = witness(field_carries(&trace(&one)), &one, &one);
        let err = solved.fast_check().unwrap_err();
        assert!(err.contains("table has no"), "dl ± p: {err}");
        // dl and dh swapped.
        let mut swapped = c.clone();
        let writes: Vec<usize> = (0..swapped.accesses.len())
            .filter(|&i| swapped.accesses[i].is_write)
            .collect();
        for k in 0..4 {
            let (x, y) = (writes[k], writes[k + 4]);
            let (vx, vy) = (swapped.accesses[x].value, swapped.accesses[y].value);
            swapped.accesses[x].value = vy;
            swapped.accesses[y].value = vx;
        }
        if swapped != *c {
            let one = [swapped];
            assert!(witness(trace(&one), &one, &one).rejected());
        }
    }
}

#[test]
fn a_remainder_not_reduced_or_not_congruent_is_rejected() {
    let mut rng = StdRng::seed_from_u64(7);
    let mut cases = vec![];
    for i in 0..40u64 {
        let l = layout(i % 8);
        let (a, b, c) = (
            random_number(&mut rng),
            random_number(&mut rng),
            random_number(&mut rng),
        );
        let m = match i % 4 {
            0 => [1, 0, 0, 0],
            1 => P,
            2 => [rng.random(), rng.random(), 0, 0],
            _ => [rng.random::<u64>() | 1, 0, 0, 0],
        };
        cases.push(arith256_mod(20 + i, l, a, b, c, m));
    }
    for honest in &cases {
        let r = honest.reads().collect::<Vec<_>>();
        let m: N = [r[17], r[18], r[19], r[20]];
        let d: N = {
            let w: Vec<u64> = honest.writes().collect();
            [w[0], w[1], w[2], w[3]]
        };
        let one = [honest.clone()];
        witness(trace(&one), &one, &one).fast_check().unwrap();
        let mut lies = vec![];
        let plus_m = big(&d) + big(&m);
        if plus_m.bits() <= 256 {
            lies.push(words(&plus_m)); // congruent, not reduced
        }
        lies.push(m); // d = m: not reduced
        lies.push(words(&((big(&d) + 1u8) % (BigUint::from(1u8) << 256)))); // not congruent
        if d != [0; 4] {
            lies.push(words(&(big(&d) - 1u8)));
        }
        lies.push(ONES);
        // d - p (p the Goldilocks prime): congruent to the true d mod p, still below m: with
        // carries solved in the field only the carries' range checks refuse it.
        let pg = BigUint::from(0xffff_ffff_0000_0001u64);
        if big(&d) >= pg {
            lies.push(words(&(big(&d) - pg)));
        }
        for lie in lies {
            let bad = [with_d(honest, lie)];
            assert!(
                witness(trace(&bad), &bad, &bad).rejected(),
                "d = {lie:x?} for m = {m:x?} accepted"
            );
            let solved = field_carries(&trace(&bad));
            assert!(
                witness(solved, &bad, &bad).rejected(),
                "d = {lie:x?} for m = {m:x?} accepted with carries solved in the field"
            );
        }
    }
}

#[test]
fn m_zero_is_rejected() {
    // The emulator refuses m = 0; a prover claiming d = a·b + c (q = 0) fails d < m.
    let l = layout(1);
    let (a, b, c) = ([3, 0, 0, 0], [5, 0, 0, 0], [1, 0, 0, 0]);
    for d in [[16, 0, 0, 0], [0; 4]] {
        let bad = [call(Op::Arith256Mod, 40, l, &[a, b, c, [0; 4]], &[d])];
        assert!(witness(trace(&bad), &bad, &bad).rejected());
    }
}

/// The prover reads `a` from `elsewhere` while the parameter struct names another pointer.
#[test]
fn operands_from_another_address_are_rejected() {
    let calls = honest_calls(4);
    for honest in calls.iter().take(4) {
        for operand in 0..3 {
            let elsewhere = RAM + 0x7_0000 + 0x100 * operand as u64;
            // The machine's view: the params word names `elsewhere`, the operand is read there.
            let mut forged = honest.clone();
            let p_old = forged.accesses[operand].value;
            forged.accesses[operand].value = elsewhere;
            for a in forged.accesses.iter_mut().skip(5) {
                if !a.is_write && a.addr >= p_old && a.addr < p_old + 32 {
                    // Only the operand's own reads (a = b share a pointer: move both).
                    a.addr = a.addr - p_old + elsewhere;
                }
            }
            // Mem's view: the params word holds the true pointer; the operand's words are at
            // `elsewhere` (the prover put them there).
            let mut mem = forged.clone();
            mem.accesses[operand].value = p_old;
            let w = witness(
                trace(std::slice::from_ref(&forged)),
                std::slice::from_ref(honest),
                &[mem],
            );
            assert!(w.rejected(), "operand {operand} read elsewhere accepted");
        }
        // The params struct read from another address than the call's `b`.
        let mut forged = honest.clone();
        forged.b += 0x40;
        for a in forged.accesses.iter_mut().take(5) {
            a.addr += 0x40;
        }
        let w = witness(
            trace(std::slice::from_ref(&forged)),
            std::slice::from_ref(honest),
            &[forged],
        );
        assert!(w.rejected(), "params read elsewhere accepted");
    }
}

#[test]
fn a_skipped_read_is_rejected() {
    let calls = honest_calls(2);
    let c = &calls[3];
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

#[test]
fn a_call_row_without_main_call_is_rejected() {
    let calls: Vec<_> = honest_calls(4).into_iter().take(6).collect();
    honest_witness(&calls).fast_check().unwrap();
    // Main made one call fewer.
    let w = witness(trace(&calls), &calls[1..], &calls);
    assert!(w.rejected());
    // Main's call at another step (Mem answers at the machine's step).
    let mut main = calls.clone();
    main[2].step += 1;
    assert!(witness(trace(&calls), &main, &calls).rejected());
    // Main called the other op with the same operands.
    let mut main = calls.clone();
    main[0].op = if main[0].op == Op::Arith256 {
        Op::Arith256Mod
    } else {
        Op::Arith256
    };
    assert!(witness(trace(&calls), &main, &calls).rejected());
    // Main's call names other params.
    let mut main = calls.clone();
    main[1].b += 8;
    assert!(witness(trace(&calls), &main, &calls).rejected());
}

#[test]
fn every_cell_of_arith_eq_is_determined() {
    let calls: Vec<_> = honest_calls(6)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 9 == 0)
        .map(|(_, c)| c)
        .collect();
    assert!(calls.iter().any(|c| c.op == Op::Arith256));
    assert!(calls.iter().any(|c| c.op == Op::Arith256Mod));
    let t = trace(&calls);
    let table = table_tuples();
    // The row's messages to Main and Mem, if every table look-up is answerable.
    let judge = |e: &RowEval<'_>| {
        let mut out = Vec::new();
        for (bus, f, c) in &e.messages {
            if *c == Val::ZERO {
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
        out.sort();
        Ok(out)
    };
    let height = t.values.len() / WIDTH;
    let rows = (0..calls.len()).chain(calls.len()..height.min(calls.len() + 2));
    mutate::every_cell_is_determined(&ArithEqAir, &t, rows, judge, ec::name);
}

#[test]
fn honest_arith_eq_proof_verifies_and_a_wrong_result_does_not() {
    let calls: Vec<_> = honest_calls(6).into_iter().skip(3).take(12).collect();
    honest_witness(&calls).prove().unwrap();
    let lie = with_write(&calls[1], 2, calls[1].writes().nth(2).unwrap() ^ 1);
    let mut bad = calls.clone();
    bad[1] = lie;
    let w = witness(trace(&bad), &bad, &bad);
    assert!(w.rejected());
    assert!(w.prove().is_err());
}

#[test]
fn operand_tables_cover_the_memory_map() {
    // The honest calls put operands in RAM, INPUT and ROM, and across a 64 KiB block.
    let calls = honest_calls(0);
    let regions: HashSet<u64> = calls
        .iter()
        .flat_map(|c| c.accesses.iter().map(|a| a.addr >> 28))
        .collect();
    assert!(regions.contains(&0x1) && regions.contains(&0x9) && regions.contains(&0xA));
}

/// Calls the emulator refuses for their operands are refused: an output in ROM or INPUT, an
/// unaligned operand, an operand in unmapped memory, a parameter struct at or above 2^32.
#[test]
fn refused_operands_are_rejected() {
    let (a, b, c, m) = ([3, 1, 0, 0], [5, 0, 9, 0], [1, 0, 0, 2], [7, 0, 0, 0]);
    let mut cases = vec![];
    for (slot, ptr) in [
        (3, 0x9000_3000), // dl in ROM
        (4, 0x1000_0200), // dh in INPUT
        (0, RAM + 0x104), // a unaligned
        (1, 0x0002_0000), // b in the boot ROM (not readable)
        (2, 0x0800_0000), // c unmapped
        (4, 0xA040_0200), // dh in SYS
        (3, 0xBFFF_FFF0), // dl running past the end of RAM
    ] {
        let mut l = layout(2);
        l.ptrs[slot] = ptr;
        cases.push(arith256(50, l, a, b, c));
        let mut l = layout(3);
        l.ptrs[if slot == 3 { 4 } else { slot }] = ptr;
        cases.push(arith256_mod(51, l, a, b, c, m));
    }
    for bad in cases {
        let one = [bad];
        assert!(
            witness(trace(&one), &one, &one).rejected(),
            "{:x?} accepted",
            one[0].accesses.iter().map(|a| a.addr).collect::<Vec<_>>()
        );
    }
    // The parameter struct's pointer with a high half: Main sends it, the machine cannot.
    let mut high = arith256(52, layout(4), a, b, c);
    high.b |= 1 << 32;
    let t = trace(std::slice::from_ref(&high));
    let mem = arith256(52, layout(4), a, b, c);
    assert!(witness(t, std::slice::from_ref(&high), &[mem]).rejected());
}

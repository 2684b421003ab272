//! Secp256k1's row layout: 8 rows per call, one field equation per row.

use zirv_core::op::Op;
use zirv_sm_precompile::OPERAND_COLS;

/// The ops Secp256k1 answers.
pub const OPS: &[Op] = &[Op::Secp256k1Add, Op::Secp256k1Dbl];

/// Rows per call (the same for both ops).
pub const ROWS_PER_CALL: usize = 8;

/// 16-bit limbs of a 256-bit number.
pub const LIMBS: usize = 16;
/// 16-bit limbs of a quotient (below 2^259).
pub const Q_LIMBS: usize = 17;
/// Positions of the limb equation: `0..=32` (`K·p` reaches position 32).
pub const POSITIONS: usize = 33;
/// Carries: out of every position but the last.
pub const CARRIES: usize = POSITIONS - 1;
/// Borrows of `p - 1 - v` in 32-bit halves.
pub const BORROWS: usize = LIMBS / 2 - 1;
/// A carry `c` is stored as `c + CARRY_OFFSET = cl + 2^16·ch` with `cl < 2^16`, `ch < 2^8`.
pub const CARRY_OFFSET: u64 = 1 << 23;

/// The call's numbers, in [`NUM`] order: inputs, outputs, witnesses.
pub const X1: usize = 0;
/// `y1`.
pub const Y1: usize = 1;
/// `x2` (add: p2's; double: `x1`).
pub const X2: usize = 2;
/// `y2` (add: p2's; double: `y1`).
pub const Y2: usize = 3;
/// `x3`, written.
pub const X3: usize = 4;
/// `y3`, written.
pub const Y3: usize = 5;
/// The slope.
pub const S: usize = 6;
/// `x1^2 mod p`.
pub const X1SQ: usize = 7;
/// `x2^2 mod p` (double: `x1sq`).
pub const X2SQ: usize = 8;
/// `(x2 - x1)^-1 mod p` (add; 0 for double).
pub const INV: usize = 9;
/// Numbers per row.
pub const NUMBERS: usize = 10;

/// Flag of an add call's first row.
pub const F0A: usize = 0;
/// Flag of a double call's first row.
pub const F0D: usize = 1;
/// Flags of a call's rows 1..=7 (`R + i - 1` for row `i`).
pub const R: usize = 2;
/// The call is an add (every row of the call).
pub const SADD: usize = R + ROWS_PER_CALL - 1;
/// The call is a double (every row of the call).
pub const SDBL: usize = SADD + 1;
/// The call's step.
pub const STEP: usize = SDBL + 1;
/// The numbers, [`LIMBS`] limbs each ([`num`]).
pub const NUM: usize = STEP + 1;
/// The row's quotient.
pub const Q: usize = NUM + NUMBERS * LIMBS;
/// Carries' low limbs.
pub const CL: usize = Q + Q_LIMBS;
/// Carries' high bytes.
pub const CH: usize = CL + CARRIES;
/// `p - 1 - v` for the row's canonical check.
pub const E: usize = CH + CARRIES;
/// Its borrows between 32-bit halves.
pub const BOR: usize = E + LIMBS;
/// The address check of the in/out point (add: `p1` at `a`; double: `p` at `b`).
pub const OP1: usize = BOR + BORROWS;
/// The address check of add's `p2` (at `b`; all 0 for double).
pub const OP2: usize = OP1 + OPERAND_COLS;
/// Columns.
pub const WIDTH: usize = OP2 + OPERAND_COLS;

/// Columns the AIR reads on the next row: flags, step and numbers.
pub const NEXT_COLS: usize = Q;

/// The first column of number `n`'s limbs.
pub const fn num(n: usize) -> usize {
    NUM + n * LIMBS
}

/// A column's name, for test messages.
pub fn name(col: usize) -> String {
    const NUMS: [&str; NUMBERS] = [
        "x1", "y1", "x2", "y2", "x3", "y3", "s", "x1sq", "x2sq", "inv",
    ];
    const FIELDS: [&str; OPERAND_COLS] = ["w", "block", "e0", "e1", "rg", "rr", "rw"];
    match col {
        F0A => "f0a".into(),
        F0D => "f0d".into(),
        c if (R..SADD).contains(&c) => format!("r{}", c - R + 1),
        SADD => "sadd".into(),
        SDBL => "sdbl".into(),
        STEP => "step".into(),
        c if (NUM..Q).contains(&c) => {
            format!("{}[{}]", NUMS[(c - NUM) / LIMBS], (c - NUM) % LIMBS)
        }
        c if (Q..CL).contains(&c) => format!("q[{}]", c - Q),
        c if (CL..CH).contains(&c) => format!("cl[{}]", c - CL),
        c if (CH..E).contains(&c) => format!("ch[{}]", c - CH),
        c if (E..BOR).contains(&c) => format!("e[{}]", c - E),
        c if (BOR..OP1).contains(&c) => format!("bor[{}]", c - BOR),
        c if (OP1..OP2).contains(&c) => format!("op1.{}", FIELDS[c - OP1]),
        c if (OP2..WIDTH).contains(&c) => format!("op2.{}", FIELDS[c - OP2]),
        c => format!("column {c}"),
    }
}

/// What a row kind proves: `Σ coef·X·Y + Σ coef·lin = 0 (mod p)`.
pub struct Equation {
    /// Products `(coef, X, Y)` of numbers.
    pub prods: &'static [(i64, usize, usize)],
    /// Linear terms `(coef, number)`.
    pub lins: &'static [(i64, usize)],
    /// A constant term at limb 0.
    pub constant: i64,
    /// Whether `-sadd` is a term (row 7: the inverse is 1 for add, nothing for double).
    pub minus_sadd: bool,
    /// The number whose canonical check (`< p`) the row makes.
    pub canon: usize,
}

/// Row kinds: 0 add's first row, 1 double's first row, `i + 1` a call's row `i` (1..=7).
pub const KINDS: usize = ROWS_PER_CALL + 1;

/// The selector column of kind `k`.
pub const fn kind_col(k: usize) -> usize {
    match k {
        0 => F0A,
        1 => F0D,
        _ => R + k - 2,
    }
}

/// The equation of each kind.
pub const EQUATIONS: [Equation; KINDS] = [
    // add: s·(x2 - x1) = y2 - y1
    Equation {
        prods: &[(1, S, X2), (-1, S, X1)],
        lins: &[(1, Y1), (-1, Y2)],
        constant: 0,
        minus_sadd: false,
        canon: X1,
    },
    // double: 2·y1·s = 3·x1^2
    Equation {
        prods: &[(2, Y1, S)],
        lins: &[(-3, X1SQ)],
        constant: 0,
        minus_sadd: false,
        canon: X1,
    },
    // s^2 = x1 + x2 + x3
    Equation {
        prods: &[(1, S, S)],
        lins: &[(-1, X1), (-1, X2), (-1, X3)],
        constant: 0,
        minus_sadd: false,
        canon: Y1,
    },
    // s·(x1 - x3) = y1 + y3
    Equation {
        prods: &[(1, S, X1), (-1, S, X3)],
        lins: &[(-1, Y1), (-1, Y3)],
        constant: 0,
        minus_sadd: false,
        canon: X2,
    },
    // x1·x1 = x1sq
    Equation {
        prods: &[(1, X1, X1)],
        lins: &[(-1, X1SQ)],
        constant: 0,
        minus_sadd: false,
        canon: Y2,
    },
    // y1·y1 = x1sq·x1 + 7
    Equation {
        prods: &[(1, Y1, Y1), (-1, X1SQ, X1)],
        lins: &[],
        constant: -7,
        minus_sadd: false,
        canon: X3,
    },
    // x2·x2 = x2sq
    Equation {
        prods: &[(1, X2, X2)],
        lins: &[(-1, X2SQ)],
        constant: 0,
        minus_sadd: false,
        canon: Y3,
    },
    // y2·y2 = x2sq·x2 + 7
    Equation {
        prods: &[(1, Y2, Y2), (-1, X2SQ, X2)],
        lins: &[],
        constant: -7,
        minus_sadd: false,
        canon: S,
    },
    // (x2 - x1)·inv = sadd (add: x1 != x2; double: 0 = 0)
    Equation {
        prods: &[(1, X2, INV), (-1, X1, INV)],
        lins: &[],
        constant: 0,
        minus_sadd: true,
        canon: X1SQ,
    },
];

/// secp256k1's field prime `p = 2^256 - 2^32 - 977`, as 16-bit limbs.
pub const P_LIMBS: [u64; LIMBS] = {
    let words = [0xFFFF_FFFE_FFFF_FC2Fu64, u64::MAX, u64::MAX, u64::MAX];
    let mut l = [0u64; LIMBS];
    let mut i = 0;
    while i < LIMBS {
        l[i] = (words[i / 4] >> (16 * (i % 4))) & 0xffff;
        i += 1;
    }
    l
};

/// `K·p` with `K = 2^257` (keeps every honest quotient non-negative), as limbs at positions
/// `0..POSITIONS` (`2p` at positions 16..=32).
pub const KP_LIMBS: [u64; POSITIONS] = {
    let mut l = [0u64; POSITIONS];
    let mut carry = 0u64;
    let mut i = 0;
    while i < LIMBS {
        let v = 2 * P_LIMBS[i] + carry;
        l[LIMBS + i] = v & 0xffff;
        carry = v >> 16;
        i += 1;
    }
    l[2 * LIMBS] = carry;
    l
};

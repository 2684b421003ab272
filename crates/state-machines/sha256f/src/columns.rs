//! The row layout of the Sha256f machine (see the crate's documentation for what each row of a
//! call block holds).

/// Rows one call takes: 64 round rows, the row after the last round, the output row.
pub const ROWS_PER_CALL: usize = 66;
/// The row (position in the call block) after the 64th round: the feed-forward row.
pub const FIN_ROW: usize = 64;
/// The call block's last row: the output state, written back.
pub const OUT_ROW: usize = 65;
/// Rounds whose transition computes a new message word (`W_{t+16}` for `t < 48`).
pub const SCHED_ROWS: usize = 48;

/// The position `p = 8 i + j` in the call block, one-hot in two parts: `LO + j` (8 columns) and
/// `HI + i` (9 columns) are 1 on the `p`-th row of a call (all 0 on a padding row).
pub const LO: usize = 0;
/// The high part of the position (see [`LO`]).
pub const HI: usize = LO + 8;
/// 1 on a call's first row (`p = 0`).
pub const FIRST: usize = HI + 9;
/// 1 on a call's row [`FIN_ROW`].
pub const FIN: usize = FIRST + 1;
/// 1 on a call's row [`OUT_ROW`].
pub const LAST: usize = FIN + 1;
/// The bits of the eight working variables `a..h` (variable `v`, bit `i` at `ST + 32 v + i`).
pub const ST: usize = LAST + 1;
/// The bits of the message window's positions 0, 1 and 14 (`W_t`, `W_{t+1}`, `W_{t+14}` on
/// round `t`'s row): `X + 32 k + i` for the `k`-th of them.
pub const X: usize = ST + 8 * 32;
/// The window's positions 2..=13 and 15 as 32-bit values (13 columns, see [`wcol`]).
pub const WP: usize = X + 3 * 32;
/// `Σ0(a)`, packed.
pub const S0: usize = WP + 13;
/// `Σ1(e)`, packed.
pub const S1: usize = S0 + 1;
/// `Maj(a, b, c)`, packed.
pub const MAJ: usize = S1 + 1;
/// `σ0(W_{t+1})`, packed.
pub const SG0: usize = MAJ + 1;
/// `σ1(W_{t+14})`, packed.
pub const SG1: usize = SG0 + 1;
/// The carry of the new `a` (3 bits).
pub const CA: usize = SG1 + 1;
/// The carry of the new `e` (3 bits).
pub const CE: usize = CA + 3;
/// The carry of the new message word (2 bits).
pub const CW: usize = CE + 3;
/// The carries of the feed-forward additions, one bit per state word.
pub const CO: usize = CW + 2;
/// The input state words (constant over a call).
pub const HIN: usize = CO + 8;
/// The call's step (constant over a call).
pub const STEP: usize = HIN + 8;
/// Operand `a` (the state pointer), on the call's first row only.
pub const PA: usize = STEP + 1;
/// Operand `b` (the block pointer), on the call's first row only.
pub const PB: usize = PA + 1;
/// The state's first word address `addr8` (constant over a call).
pub const AW: usize = PB + 1;
/// The block's first word address `addr8` (constant over a call).
pub const BW: usize = AW + 1;
/// Operand `a`'s address check ([`zirv_sm_precompile::OPERAND_COLS`] columns), first row only.
pub const OPA: usize = BW + 1;
/// Operand `b`'s address check, first row only.
pub const OPB: usize = OPA + zirv_sm_precompile::OPERAND_COLS;
/// Columns per row.
pub const WIDTH: usize = OPB + zirv_sm_precompile::OPERAND_COLS;

/// The column of window position `p` (2..=13 or 15) held as a 32-bit value.
pub const fn wcol(p: usize) -> usize {
    assert!(p >= 2 && p <= 15 && p != 14);
    if p == 15 { WP + 12 } else { WP + p - 2 }
}

/// The bit-column block of window position 0, 1 or 14.
pub const fn xcol(p: usize) -> usize {
    match p {
        0 => X,
        1 => X + 32,
        14 => X + 64,
        _ => panic!("no bits for this window position"),
    }
}

/// A column's name, for failure messages.
pub fn name(c: usize) -> String {
    let vars = ["a", "b", "c", "d", "e", "f", "g", "h"];
    match c {
        _ if c < HI => format!("lo[{}]", c - LO),
        _ if c < FIRST => format!("hi[{}]", c - HI),
        FIRST => "first".into(),
        FIN => "fin".into(),
        LAST => "last".into(),
        _ if c < X => format!("{}[{}]", vars[(c - ST) / 32], (c - ST) % 32),
        _ if c < WP => format!("x{}[{}]", [0, 1, 14][(c - X) / 32], (c - X) % 32),
        _ if c < S0 => {
            let p = c - WP + 2;
            format!("w[{}]", if p == 14 { 15 } else { p })
        }
        S0 => "s0".into(),
        S1 => "s1".into(),
        MAJ => "maj".into(),
        SG0 => "sg0".into(),
        SG1 => "sg1".into(),
        _ if c < CE => format!("ca[{}]", c - CA),
        _ if c < CW => format!("ce[{}]", c - CE),
        _ if c < CO => format!("cw[{}]", c - CW),
        _ if c < HIN => format!("co[{}]", c - CO),
        _ if c < STEP => format!("hin[{}]", c - HIN),
        STEP => "step".into(),
        PA => "pa".into(),
        PB => "pb".into(),
        AW => "aw".into(),
        BW => "bw".into(),
        _ if c < OPB => format!("opa[{}]", c - OPA),
        _ if c < WIDTH => format!("opb[{}]", c - OPB),
        _ => format!("col {c}"),
    }
}

//! MemAlign: loads and stores of any width (1, 2, 4, 8 bytes) and alignment, on aligned 8-byte
//! memory words.
//!
//! **Given** Main's requests `[addr, step, width, is_write, v]` on the MemAlign bus, **it
//! proves** that a load's `v` is the `width` bytes at `addr` (zero-extended) and that a store
//! writes the low `width` bytes of `v` there, leaving the other bytes of the touched words as
//! they were. One row per request:
//! - `addr = 8 * addr8 + o` with `addr8` two range-checked 16-bit limbs and `o` one-hot (so the
//!   decomposition is the integer one);
//! - the old words' bytes `B[0..16]` (word `addr8`, then `addr8 + 1` when the access crosses),
//!   read from Mem at the step's slot 1 (loads) or 2 (stores); the new bytes `N[0..16]`, written
//!   at slot 3 (stores; loads have `N = B`); the value's bytes `V[0..8]`;
//! - in the window: `V[j] = N[o + j]` for `j < width`; outside it: `N[k] = B[k]`; a load's
//!   `V[j] = 0` for `j >= width`;
//! - every byte is range-checked (pairs, in the 16-bit table);
//! - an aligned 8-byte store (`full`) reads nothing: it overwrites the whole word.

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::{PrimeCharacteristicRing, PrimeField64};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;
use zirv_data_bus::{BUS, BusId, timestamp, tuple};
use zirv_sm_tables::U16Counts;

use crate::Access;

/// The byte address (< 2^32; Main proves it).
pub const ADDR: usize = 0;
/// The step of the access.
pub const STEP: usize = 1;
/// Width selectors: 1, 2, 4, 8 bytes.
pub const W: [usize; 4] = [2, 3, 4, 5];
/// 1 for stores.
pub const IS_WRITE: usize = 6;
/// Offset selectors `o = 0..8`.
pub const O: [usize; 8] = [7, 8, 9, 10, 11, 12, 13, 14];
/// The word address's low 16 bits.
pub const A0: usize = 15;
/// The word address's high 16 bits.
pub const A1: usize = 16;
/// The access spans two words.
pub const CROSS: usize = 17;
/// An aligned 8-byte store (it reads nothing).
pub const FULL: usize = 18;
/// Old bytes of the two words.
pub const B: usize = 19;
/// New bytes of the two words.
pub const N: usize = 35;
/// The value's bytes.
pub const V: usize = 51;
/// 1 on real rows.
pub const IS_REAL: usize = 59;
/// Number of columns.
pub const WIDTH: usize = 60;

const WIDTHS: [u64; 4] = [1, 2, 4, 8];

/// A load or store as Main sends it, with the words under it before the access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlignRequest {
    /// The step.
    pub step: u64,
    /// Byte address.
    pub addr: u64,
    /// Width in bytes (1, 2, 4, 8).
    pub width: u8,
    /// Store or load.
    pub is_write: bool,
    /// Loaded value (zero-extended), or the value whose low bytes are stored.
    pub value: u64,
    /// The words under the access before it (second only when crossing; unused for a full
    /// store).
    pub words: [u64; 2],
}

/// The MemAlign machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemAlignAir;

impl<F: Sync> BaseAir<F> for MemAlignAir {
    fn width(&self) -> usize {
        WIDTH
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        vec![]
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        Some(3)
    }
}

impl<AB> Air<AB> for MemAlignAir
where
    AB: AirBuilder + InteractionBuilder,
    AB::F: PrimeField64,
{
    fn eval(&self, builder: &mut AB) {
        let l: Vec<AB::Expr> = builder
            .main()
            .current_slice()
            .iter()
            .map(|&v| v.into())
            .collect();
        let one = || AB::Expr::ONE;
        let c = |v: u64| AB::Expr::from_u64(v);
        let real = l[IS_REAL].clone();
        for col in W.iter().chain(&O).chain(&[IS_WRITE, CROSS, FULL, IS_REAL]) {
            builder.assert_bool(l[*col].clone());
        }
        let sum = |cols: &[usize]| cols.iter().fold(AB::Expr::ZERO, |s, &i| s + l[i].clone());
        builder.assert_eq(sum(&W), real.clone());
        builder.assert_eq(sum(&O), real.clone());
        builder.assert_zero(l[IS_WRITE].clone() * (one() - real.clone()));
        let width = (0..4).fold(AB::Expr::ZERO, |s, i| s + l[W[i]].clone() * c(WIDTHS[i]));
        let offset = (0..8).fold(AB::Expr::ZERO, |s, k| s + l[O[k]].clone() * c(k as u64));
        let addr8 = l[A0].clone() + l[A1].clone() * c(1 << 16);
        builder.assert_eq(l[ADDR].clone(), addr8.clone() * c(8) + offset);
        // cross = [o + width > 8], full = [an aligned 8-byte store].
        let mut cross = AB::Expr::ZERO;
        for o in 0..8 {
            for (wi, &w) in WIDTHS.iter().enumerate() {
                if o + w > 8 {
                    cross += l[O[o as usize]].clone() * l[W[wi]].clone();
                }
            }
        }
        builder.assert_eq(l[CROSS].clone(), cross);
        builder.assert_eq(
            l[FULL].clone(),
            l[O[0]].clone() * l[W[3]].clone() * l[IS_WRITE].clone(),
        );
        // in_window(j) = [j < width], linear in the width selectors.
        let within = |j: usize| -> AB::Expr {
            (0..4)
                .filter(|&wi| (j as u64) < WIDTHS[wi])
                .fold(AB::Expr::ZERO, |s, wi| s + l[W[wi]].clone())
        };
        for o in 0..8 {
            let sel = l[O[o]].clone();
            for j in 0..8 {
                builder.assert_zero(
                    sel.clone() * within(j) * (l[V + j].clone() - l[N + o + j].clone()),
                );
            }
            for k in 0..16 {
                let inside = if k >= o && k - o < 8 {
                    within(k - o)
                } else {
                    AB::Expr::ZERO
                };
                builder.assert_zero(
                    sel.clone() * (one() - inside) * (l[N + k].clone() - l[B + k].clone()),
                );
            }
        }
        let read = one() - l[IS_WRITE].clone();
        for k in 0..16 {
            builder.assert_zero(read.clone() * (l[N + k].clone() - l[B + k].clone()));
        }
        for j in 0..8 {
            builder.assert_zero(read.clone() * (real.clone() - within(j)) * l[V + j].clone());
        }
        // Unused old bytes are zero: the second word when not crossing, the first under a full
        // store (which does not read it).
        for k in 0..8 {
            builder.assert_zero(l[FULL].clone() * l[B + k].clone());
            builder.assert_zero((one() - l[CROSS].clone()) * l[B + 8 + k].clone());
        }

        let bus = LookupBus::new(BUS);
        let id = |b: BusId| AB::Expr::from_u32(b as u32);
        let zero = || AB::Expr::ZERO;
        let half = |base: usize| {
            (0..4).fold(AB::Expr::ZERO, |s, i| {
                s + l[base + i].clone() * c(1 << (8 * i))
            })
        };
        let value = [half(V), half(V + 4)];
        let request = tuple(
            id(BusId::MemAlign),
            [
                l[ADDR].clone(),
                l[STEP].clone(),
                width,
                l[IS_WRITE].clone(),
                value[0].clone(),
                value[1].clone(),
            ],
            zero(),
        );
        bus.table_entry(builder, request, real.clone());
        let step4 = l[STEP].clone() * c(4);
        let ts_read = step4.clone() + c(timestamp(0, 1)) + l[IS_WRITE].clone();
        let ts_write = step4 + c(timestamp(0, 3));
        let word = |base: usize, second: u64, ts: AB::Expr, w: AB::Expr| {
            tuple(
                id(BusId::Memory),
                [addr8.clone() + c(second), ts, w, half(base), half(base + 4)],
                zero(),
            )
        };
        bus.lookup_key(
            builder,
            word(B, 0, ts_read.clone(), zero()),
            Count::bounded(real.clone() - l[FULL].clone(), 1),
        );
        bus.lookup_key(
            builder,
            word(B + 8, 1, ts_read, zero()),
            Count::bounded(l[CROSS].clone(), 1),
        );
        bus.lookup_key(
            builder,
            word(N, 0, ts_write.clone(), one()),
            Count::bounded(l[IS_WRITE].clone(), 1),
        );
        bus.lookup_key(
            builder,
            word(N + 8, 1, ts_write, one()),
            Count::bounded(l[IS_WRITE].clone() * l[CROSS].clone(), 1),
        );
        for limb in [A0, A1] {
            let key = tuple(id(BusId::Range), [l[limb].clone()], zero());
            bus.lookup_key(builder, key, Count::bounded(real.clone(), 1));
        }
        for base in [B, B + 8, V] {
            for p in 0..4 {
                let key = tuple(
                    id(BusId::Bytes),
                    [l[base + 2 * p].clone(), l[base + 2 * p + 1].clone()],
                    zero(),
                );
                bus.lookup_key(builder, key, Count::bounded(real.clone(), 1));
            }
        }
    }
}

/// MemAlign's trace for `requests`, padded to a power of two (at least 4 rows); the memory
/// words it reads and writes go to `accesses`, its byte and limb look-ups to `u16`.
pub fn align_trace<F: PrimeField64>(
    requests: &[AlignRequest],
    accesses: &mut Vec<Access>,
    u16: &mut U16Counts,
) -> RowMajorMatrix<F> {
    let h = requests.len().max(4).next_power_of_two();
    let mut values = F::zero_vec(h * WIDTH);
    for (row, r) in values.chunks_exact_mut(WIDTH).zip(requests) {
        fill_align_row(r, row, accesses, u16);
    }
    RowMajorMatrix::new(values, WIDTH)
}

fn fill_align_row<F: PrimeField64>(
    r: &AlignRequest,
    row: &mut [F],
    accesses: &mut Vec<Access>,
    u16: &mut U16Counts,
) {
    let o = (r.addr & 7) as usize;
    let w = r.width as usize;
    let addr8 = r.addr >> 3;
    let cross = o + w > 8;
    let full = o == 0 && w == 8 && r.is_write;
    row[ADDR] = F::from_u64(r.addr);
    row[STEP] = F::from_u64(r.step);
    row[W[w.trailing_zeros() as usize]] = F::ONE;
    row[IS_WRITE] = F::from_bool(r.is_write);
    row[O[o]] = F::ONE;
    row[A0] = F::from_u64(addr8 & 0xffff);
    row[A1] = F::from_u64(addr8 >> 16);
    row[CROSS] = F::from_bool(cross);
    row[FULL] = F::from_bool(full);
    row[IS_REAL] = F::ONE;
    let mut old = [0u8; 16];
    if !full {
        old[..8].copy_from_slice(&r.words[0].to_le_bytes());
    }
    if cross {
        old[8..].copy_from_slice(&r.words[1].to_le_bytes());
    }
    let vbytes = r.value.to_le_bytes();
    let mut new = old;
    if r.is_write {
        new[o..o + w].copy_from_slice(&vbytes[..w]);
    }
    for k in 0..16 {
        row[B + k] = F::from_u8(old[k]);
        row[N + k] = F::from_u8(new[k]);
    }
    for j in 0..8 {
        row[V + j] = F::from_u8(vbytes[j]);
    }
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
    let ts_read = timestamp(r.step, if r.is_write { 2 } else { 1 });
    let ts_write = timestamp(r.step, 3);
    if !full {
        accesses.push(Access {
            addr8,
            ts: ts_read,
            is_write: false,
            value: word(&old[..8]),
        });
    }
    if cross {
        accesses.push(Access {
            addr8: addr8 + 1,
            ts: ts_read,
            is_write: false,
            value: word(&old[8..]),
        });
    }
    if r.is_write {
        accesses.push(Access {
            addr8,
            ts: ts_write,
            is_write: true,
            value: word(&new[..8]),
        });
        if cross {
            accesses.push(Access {
                addr8: addr8 + 1,
                ts: ts_write,
                is_write: true,
                value: word(&new[8..]),
            });
        }
    }
    u16.range(addr8 & 0xffff);
    u16.range(addr8 >> 16);
    for pair in old.chunks_exact(2).chain(vbytes.chunks_exact(2)) {
        u16.bytes(pair[0], pair[1]);
    }
}

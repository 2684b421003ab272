//! Mem's rows, gathered in any order and handed back sorted by (address, timestamp), in bounded
//! memory: up to a budget of rows are held; past it each full buffer is sorted and written to a
//! temporary file (a sorted run), and the end merges the runs with the last buffer.
//!
//! Mem's accesses are the one part of a run's witness that grows with its length (docs/prover.md,
//! "Witness generation"); with the default budget (2^22 rows, 128 MB) a run spills once it makes
//! more than about 4 M memory accesses (some 25 M steps of SHA-256), and reads back 24 bytes per
//! row, in order, when Mem's instances are built.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use zirv_sm_mem::MemRow;

/// The default budget: rows held in memory before a sorted run is spilled.
pub const DEFAULT_SPILL_ROWS: usize = 1 << 22;

/// Flags packed into a spilled row's timestamp (timestamps stay below 2^41).
const WRITE_BIT: u64 = 1 << 63;
const INIT_BIT: u64 = 1 << 62;

/// Mem's rows, sorted in bounded memory.
pub struct SortedRows {
    buf: Vec<MemRow>,
    limit: usize,
    runs: Vec<File>,
}

impl SortedRows {
    /// Holds up to `limit` rows (at least 1) in memory.
    pub fn new(limit: usize) -> Self {
        SortedRows {
            buf: Vec::new(),
            limit: limit.max(1),
            runs: Vec::new(),
        }
    }

    /// Rows spilled to disk so far, in sorted runs.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Adds a row (spilling a sorted run when the buffer is full).
    pub fn push(&mut self, row: MemRow) -> io::Result<()> {
        if self.buf.capacity() == 0 {
            self.buf.reserve_exact(self.limit.min(1 << 16));
        }
        self.buf.push(row);
        if self.buf.len() >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.buf.sort_unstable_by_key(key);
        let mut file = tempfile::tempfile()?;
        {
            let mut w = BufWriter::with_capacity(1 << 20, &mut file);
            for r in &self.buf {
                w.write_all(&encode(r))?;
            }
            w.flush()?;
        }
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.buf.clear();
        Ok(())
    }

    /// Every row added, sorted by (address, timestamp).
    pub fn into_sorted(mut self) -> io::Result<Sorted> {
        self.buf.sort_unstable_by_key(key);
        let mut readers: Vec<Run> = self
            .runs
            .into_iter()
            .map(|f| Box::new(RunReader(BufReader::with_capacity(1 << 20, f))) as Run)
            .collect();
        readers.push(Box::new(self.buf.into_iter().map(Ok)));
        let mut heap = BinaryHeap::new();
        for (k, r) in readers.iter_mut().enumerate() {
            if let Some(row) = r.next().transpose()? {
                heap.push(Reverse((key(&row), k, Entry(row))));
            }
        }
        Ok(Sorted { readers, heap })
    }
}

fn key(r: &MemRow) -> (u64, u64) {
    (r.addr8, r.ts)
}

fn encode(r: &MemRow) -> [u8; 24] {
    let mut b = [0u8; 24];
    let ts = r.ts | if r.is_write { WRITE_BIT } else { 0 } | if r.is_init { INIT_BIT } else { 0 };
    b[..8].copy_from_slice(&r.addr8.to_le_bytes());
    b[8..16].copy_from_slice(&ts.to_le_bytes());
    b[16..].copy_from_slice(&r.value.to_le_bytes());
    b
}

fn decode(b: &[u8; 24]) -> MemRow {
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let ts = word(8);
    MemRow {
        addr8: word(0),
        ts: ts & !(WRITE_BIT | INIT_BIT),
        value: word(16),
        is_write: ts & WRITE_BIT != 0,
        is_init: ts & INIT_BIT != 0,
    }
}

/// A spilled run, read back in order.
struct RunReader(BufReader<File>);

impl Iterator for RunReader {
    type Item = io::Result<MemRow>;
    fn next(&mut self) -> Option<Self::Item> {
        let mut b = [0u8; 24];
        match self.0.read_exact(&mut b) {
            Ok(()) => Some(Ok(decode(&b))),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// A row in the merge heap (ordered by its key alone, which comes first in the tuple).
struct Entry(MemRow);

impl PartialEq for Entry {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, _: &Self) -> std::cmp::Ordering {
        std::cmp::Ordering::Equal
    }
}

/// A source of rows in order: a spilled run or the last buffer.
type Run = Box<dyn Iterator<Item = io::Result<MemRow>> + Send>;

/// The merge heap's items: each run's next row, by key (the run breaks no tie: keys are
/// distinct).
type Head = Reverse<((u64, u64), usize, Entry)>;

/// The rows of a [`SortedRows`], merged in order.
pub struct Sorted {
    readers: Vec<Run>,
    heap: BinaryHeap<Head>,
}

impl Iterator for Sorted {
    type Item = io::Result<MemRow>;
    fn next(&mut self) -> Option<Self::Item> {
        let Reverse((_, k, Entry(row))) = self.heap.pop()?;
        match self.readers[k].next().transpose() {
            Ok(Some(next)) => self.heap.push(Reverse((key(&next), k, Entry(next)))),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(addr8: u64, ts: u64, value: u64, is_write: bool, is_init: bool) -> MemRow {
        MemRow {
            addr8,
            ts,
            value,
            is_write,
            is_init,
        }
    }

    #[test]
    fn rows_round_trip_through_a_run() {
        for r in [
            row(0, 0, 0, false, false),
            row(u64::MAX, (1 << 41) - 1, u64::MAX, true, true),
            row(7, 1 << 40, 5, true, false),
            row(9, 3, 1, false, true),
        ] {
            assert_eq!(decode(&encode(&r)), r);
        }
    }

    proptest! {
        /// Any rows, any budget: the merge is the sorted list, spilled or not.
        #[test]
        fn the_merge_is_the_sort(
            rows in proptest::collection::vec(
                (0u64..50, 0u64..(1 << 41), any::<u64>(), any::<bool>(), any::<bool>()), 0..300),
            limit in 1usize..64,
        ) {
            // Distinct keys, as in any run.
            let mut seen = std::collections::BTreeSet::new();
            let rows: Vec<MemRow> = rows
                .into_iter()
                .filter(|r| seen.insert((r.0, r.1)))
                .map(|(a, t, v, w, i)| row(a, t, v, w, i))
                .collect();
            let mut s = SortedRows::new(limit);
            for r in &rows {
                s.push(*r).unwrap();
            }
            prop_assert_eq!(s.runs(), rows.len() / limit);
            let merged: Vec<MemRow> = s.into_sorted().unwrap().map(Result::unwrap).collect();
            let mut want = rows;
            want.sort_by_key(key);
            prop_assert_eq!(merged, want);
        }
    }
}

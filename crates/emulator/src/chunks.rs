//! Where a run's chunk traces are kept for witness generation: [`ChunkSource`] hands out chunk
//! `i`; a `Vec<ChunkTrace>` holds them all in memory, a [`ChunkStore`] holds them in memory up
//! to a budget and appends the rest to a temporary file (for runs whose traces, about 1-1.5
//! bytes per step, do not fit: 1 GiB holds some 700 M steps of SHA-256).
//!
//! On disk (and wherever a chunk trace travels as bytes: [`ChunkTrace::to_bytes`]) a chunk is
//! little-endian `u64`s: its first step, pc, the `NUM_REGS` registers, its steps, the number of
//! words read, then the words.

use crate::trace::{ChunkState, ChunkTrace};
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Mutex;
use zirv_core::rom::NUM_REGS;

/// A run's chunk traces, in order.
pub trait ChunkSource: Sync {
    /// How many chunks.
    fn count(&self) -> usize;
    /// Steps in all chunks.
    fn steps(&self) -> u64;
    /// Chunk `i` (`i < count()`).
    fn load(&self, i: usize) -> io::Result<Cow<'_, ChunkTrace>>;
}

impl ChunkSource for Vec<ChunkTrace> {
    fn count(&self) -> usize {
        self.len()
    }
    fn steps(&self) -> u64 {
        self.iter().map(|c| c.steps).sum()
    }
    fn load(&self, i: usize) -> io::Result<Cow<'_, ChunkTrace>> {
        Ok(Cow::Borrowed(&self[i]))
    }
}

impl ChunkTrace {
    /// Its bytes (the layout in the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let s = &self.start;
        let head = [s.step, s.pc]
            .into_iter()
            .chain(s.regs)
            .chain([self.steps, self.reads.len() as u64]);
        head.chain(self.reads.iter().copied())
            .flat_map(u64::to_le_bytes)
            .collect()
    }

    /// Reads one chunk written by [`Self::to_bytes`].
    pub fn read_from(r: &mut impl Read) -> io::Result<ChunkTrace> {
        let mut word = || -> io::Result<u64> {
            let mut b = [0u8; 8];
            r.read_exact(&mut b)?;
            Ok(u64::from_le_bytes(b))
        };
        let (step, pc) = (word()?, word()?);
        let mut regs = [0u64; NUM_REGS];
        for v in &mut regs {
            *v = word()?;
        }
        let steps = word()?;
        let n = word()?;
        // A length no file of this store can hold is corruption, not an allocation to try.
        if n > steps.saturating_mul(64) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("chunk of {steps} steps claims {n} words read"),
            ));
        }
        let reads = (0..n).map(|_| word()).collect::<io::Result<Vec<u64>>>()?;
        Ok(ChunkTrace {
            start: ChunkState { step, pc, regs },
            steps,
            reads,
        })
    }
}

/// Chunk traces in memory up to a budget of bytes, the rest in a temporary file.
pub struct ChunkStore {
    budget: usize,
    held: usize,
    memory: Vec<ChunkTrace>,
    /// The spilled chunks' offsets in `file` (chunk `memory.len() + k` at `offsets[k]`).
    offsets: Vec<u64>,
    file: Option<Mutex<File>>,
    end: u64,
    steps: u64,
}

/// The default budget of a [`ChunkStore`]: 1 GiB.
pub const DEFAULT_CHUNK_BYTES: usize = 1 << 30;

impl ChunkStore {
    /// Holds up to `budget` bytes of chunk traces in memory.
    pub fn new(budget: usize) -> Self {
        ChunkStore {
            budget,
            held: 0,
            memory: Vec::new(),
            offsets: Vec::new(),
            file: None,
            end: 0,
            steps: 0,
        }
    }

    /// Chunks written to disk.
    pub fn spilled(&self) -> usize {
        self.offsets.len()
    }

    /// Adds the next chunk (to disk once the budget is spent).
    pub fn push(&mut self, chunk: ChunkTrace) -> io::Result<()> {
        self.steps += chunk.steps;
        if self.offsets.is_empty() && self.held + chunk.size_bytes() <= self.budget {
            self.held += chunk.size_bytes();
            self.memory.push(chunk);
            return Ok(());
        }
        if self.file.is_none() {
            self.file = Some(Mutex::new(tempfile::tempfile()?));
        }
        let file = self.file.as_mut().expect("just made").get_mut();
        let file = file.map_err(|_| io::Error::other("chunk file lock poisoned"))?;
        let bytes = chunk.to_bytes();
        file.seek(SeekFrom::Start(self.end))?;
        file.write_all(&bytes)?;
        self.offsets.push(self.end);
        self.end += bytes.len() as u64;
        Ok(())
    }
}

impl ChunkSource for ChunkStore {
    fn count(&self) -> usize {
        self.memory.len() + self.offsets.len()
    }
    fn steps(&self) -> u64 {
        self.steps
    }
    fn load(&self, i: usize) -> io::Result<Cow<'_, ChunkTrace>> {
        if let Some(c) = self.memory.get(i) {
            return Ok(Cow::Borrowed(c));
        }
        let at = self.offsets[i - self.memory.len()];
        let file = self.file.as_ref().expect("spilled chunks have a file");
        let mut file = file
            .lock()
            .map_err(|_| io::Error::other("chunk file lock poisoned"))?;
        file.seek(SeekFrom::Start(at))?;
        ChunkTrace::read_from(&mut io::BufReader::new(&mut *file)).map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chunk(step: u64, steps: u64, reads: Vec<u64>) -> ChunkTrace {
        let mut regs = [0u64; NUM_REGS];
        regs.iter_mut()
            .enumerate()
            .for_each(|(i, r)| *r = step ^ i as u64);
        ChunkTrace {
            start: ChunkState {
                step,
                pc: 0x1000 + step,
                regs,
            },
            steps,
            reads,
        }
    }

    proptest! {
        /// Any chunks, any budget: every chunk loads back as it was pushed.
        #[test]
        fn chunks_load_back_as_pushed(
            reads in proptest::collection::vec(proptest::collection::vec(any::<u64>(), 0..40), 1..12),
            budget in 0usize..2000,
        ) {
            let chunks: Vec<ChunkTrace> = reads
                .into_iter()
                .enumerate()
                .map(|(i, r)| chunk(i as u64 * 100, 1 + r.len() as u64, r))
                .collect();
            let mut store = ChunkStore::new(budget);
            for c in &chunks {
                store.push(c.clone()).unwrap();
            }
            prop_assert_eq!(store.count(), chunks.len());
            prop_assert_eq!(store.steps(), chunks.steps());
            for (i, c) in chunks.iter().enumerate().rev() {
                prop_assert_eq!(&*store.load(i).unwrap(), c);
            }
        }
    }

    #[test]
    fn a_corrupt_length_is_an_error() {
        let mut bytes = chunk(0, 2, vec![1, 2]).to_bytes();
        let n_at = 8 * (3 + NUM_REGS);
        bytes[n_at..n_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(ChunkTrace::read_from(&mut &bytes[..]).is_err());
        assert!(ChunkTrace::read_from(&mut &bytes[..10]).is_err());
    }
}

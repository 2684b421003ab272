//! Executing a guest and reading its results.

use crate::Stdin;
use serde::de::DeserializeOwned;
use thiserror::Error;
use zirv_emulator::{CaptureIo, Emulator, Options, Stats, VmError};

/// Why an execution could not produce a report.
#[derive(Debug, Error)]
pub enum ExecuteError {
    /// The ELF was rejected.
    #[error("invalid ELF: {0}")]
    Elf(#[from] zirv_core::ElfError),
    /// The VM stopped the run (the guest's output so far is kept).
    #[error("{error}")]
    Vm {
        /// What stopped it.
        error: VmError,
        /// The guest's stdout up to the error.
        stdout: Vec<u8>,
        /// The guest's stderr up to the error.
        stderr: Vec<u8>,
    },
}

/// The public output area: 256 bytes (the 64 u32 public values), read back in commit order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicValues {
    bytes: [u8; 256],
    cursor: usize,
}

/// Why a public value could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PublicValuesError {
    /// The bytes at the cursor do not decode as the requested type.
    #[error("public values at byte offset {offset} do not decode as {ty}: {reason}")]
    Decode {
        /// Byte offset.
        offset: usize,
        /// The requested type.
        ty: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// Fewer bytes left than requested.
    #[error("asked for {want} bytes of public values at offset {offset}, only {left} left")]
    Short {
        /// Byte offset.
        offset: usize,
        /// Requested.
        want: usize,
        /// Left.
        left: usize,
    },
}

impl PublicValues {
    /// From the 64 u32 outputs.
    pub fn from_outputs(outputs: &[u32; 64]) -> PublicValues {
        let mut bytes = [0u8; 256];
        for (c, v) in bytes.chunks_exact_mut(4).zip(outputs) {
            c.copy_from_slice(&v.to_le_bytes());
        }
        PublicValues { bytes, cursor: 0 }
    }

    /// All 256 bytes.
    pub fn as_bytes(&self) -> &[u8; 256] {
        &self.bytes
    }

    /// The 64 u32 values.
    pub fn words(&self) -> [u32; 64] {
        std::array::from_fn(|i| {
            u32::from_le_bytes(self.bytes[4 * i..4 * i + 4].try_into().unwrap())
        })
    }

    /// Reads the next committed value (as `zirv_guest::io::commit` wrote it).
    pub fn read<T: DeserializeOwned>(&mut self) -> Result<T, PublicValuesError> {
        let rest = &self.bytes[self.cursor..];
        match postcard::take_from_bytes::<T>(rest) {
            Ok((v, left)) => {
                self.cursor = 256 - left.len();
                Ok(v)
            }
            Err(e) => Err(PublicValuesError::Decode {
                offset: self.cursor,
                ty: std::any::type_name::<T>(),
                reason: e.to_string(),
            }),
        }
    }

    /// Reads the next `n` raw bytes (as `zirv_guest::io::commit_slice` wrote them).
    pub fn read_slice(&mut self, n: usize) -> Result<&[u8], PublicValuesError> {
        let left = 256 - self.cursor;
        if n > left {
            return Err(PublicValuesError::Short {
                offset: self.cursor,
                want: n,
                left,
            });
        }
        let s = &self.bytes[self.cursor..self.cursor + n];
        self.cursor += n;
        Ok(s)
    }
}

/// What an execution produced.
#[derive(Clone, Debug)]
pub struct ExecutionReport {
    /// The guest's exit code (0 = success).
    pub exit_code: u64,
    /// Steps executed.
    pub steps: u64,
    /// The public values.
    pub public_values: PublicValues,
    /// The guest's stdout.
    pub stdout: Vec<u8>,
    /// The guest's stderr.
    pub stderr: Vec<u8>,
    /// Statistics (steps per op, memory accesses).
    pub stats: Stats,
}

/// Runs `elf` with `stdin` (default options: step limit 2^32).
pub fn execute(elf: &[u8], stdin: &Stdin) -> Result<ExecutionReport, ExecuteError> {
    execute_with(elf, stdin, &Options::default())
}

/// Runs `elf` with `stdin` and explicit options.
pub fn execute_with(
    elf: &[u8],
    stdin: &Stdin,
    opts: &Options,
) -> Result<ExecutionReport, ExecuteError> {
    let rom = zirv_core::transpile_elf(elf)?;
    let emu = Emulator::new(&rom);
    let mut io = CaptureIo::default();
    match emu.run_with_stats(&stdin.to_bytes(), opts, &mut io) {
        Ok(r) => Ok(ExecutionReport {
            exit_code: r.exit_code,
            steps: r.steps,
            public_values: PublicValues::from_outputs(&r.outputs),
            stdout: io.stdout,
            stderr: io.stderr,
            stats: r.stats.unwrap_or_default(),
        }),
        Err(error) => Err(ExecuteError::Vm {
            error,
            stdout: io.stdout,
            stderr: io.stderr,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_values_read_back_in_order() {
        let mut bytes = postcard::to_allocvec(&(7u32, "ab")).unwrap();
        bytes.extend_from_slice(&[1, 2, 3]);
        let mut outputs = [0u32; 64];
        let mut padded = bytes.clone();
        padded.resize(256, 0);
        for (i, c) in padded.chunks_exact(4).enumerate() {
            outputs[i] = u32::from_le_bytes(c.try_into().unwrap());
        }
        let mut pv = PublicValues::from_outputs(&outputs);
        assert_eq!(pv.read::<u32>().unwrap(), 7);
        assert_eq!(pv.read::<String>().unwrap(), "ab");
        assert_eq!(pv.read_slice(3).unwrap(), &[1, 2, 3]);
        assert_eq!(pv.words()[0], outputs[0]);
        assert!(matches!(
            pv.read_slice(1000),
            Err(PublicValuesError::Short { .. })
        ));
    }
}

//! One call from a guest crate to a successful execution: build, execute, require exit 0.

use crate::{BuildError, BuildOptions, ExecuteError, ExecutionReport, Stdin, build_guest, execute};
use std::path::Path;
use thiserror::Error;

/// Why [`run_guest`] failed.
#[derive(Debug, Error)]
pub enum RunError {
    /// The guest did not build.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The ELF could not be read.
    #[error("cannot read the guest ELF: {0}")]
    Io(#[from] std::io::Error),
    /// The VM stopped the run.
    #[error(transparent)]
    Execute(#[from] ExecuteError),
    /// The guest exited with a non-zero code (a panic exits with 101).
    #[error("the guest exited with code {code}; its stderr:\n{stderr}")]
    GuestFailed {
        /// The exit code.
        code: u64,
        /// The guest's stderr (a panic's message and location).
        stderr: String,
    },
}

/// Builds the guest crate in `dir`, runs it on `stdin`, and returns the report of a run that
/// exited with 0.
pub fn run_guest(
    dir: &Path,
    opts: &BuildOptions,
    stdin: &Stdin,
) -> Result<ExecutionReport, RunError> {
    let elf = build_guest(dir, opts)?;
    let report = execute(&std::fs::read(elf)?, stdin)?;
    if report.exit_code != 0 {
        return Err(RunError::GuestFailed {
            code: report.exit_code,
            stderr: String::from_utf8_lossy(&report.stderr).into_owned(),
        });
    }
    Ok(report)
}

//! `zirv build`: build a guest crate.

use crate::EXIT_BAD_INPUT;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zirv_sdk::{BuildOptions, build_guest};

#[derive(Args)]
pub struct BuildArgs {
    /// The guest crate (default: ./guest when it exists, else the current directory).
    dir: Option<PathBuf>,
    /// Build with the debug profile instead of release.
    #[arg(long)]
    debug: bool,
    /// Cargo features of the guest.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
}

/// The guest crate a command means: `dir`, or ./guest, or the current directory.
pub fn guest_dir(dir: Option<&Path>) -> PathBuf {
    match dir {
        Some(d) => d.to_path_buf(),
        None if Path::new("guest/Cargo.toml").is_file() => PathBuf::from("guest"),
        None => PathBuf::from("."),
    }
}

/// Builds a guest, printing errors; the ELF path on success.
pub fn build_dir(dir: &Path, release: bool, features: Vec<String>) -> Result<PathBuf, ExitCode> {
    let opts = BuildOptions {
        release,
        features,
        ..BuildOptions::default()
    };
    build_guest(dir, &opts).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

pub fn build(args: BuildArgs) -> ExitCode {
    let dir = guest_dir(args.dir.as_deref());
    match build_dir(&dir, !args.debug, args.features) {
        Ok(elf) => {
            println!("{}", elf.display());
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

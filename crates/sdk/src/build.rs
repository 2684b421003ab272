//! Building a guest crate into an ELF.

use crate::toolchain::{self, TARGET, Toolchain, ToolchainError};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use thiserror::Error;

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Release profile (the default) or debug.
    pub release: bool,
    /// Cargo target directory (default: `<guest>/target`). Guests that share one reuse the
    /// standard library build.
    pub target_dir: Option<PathBuf>,
    /// Cargo features to enable.
    pub features: Vec<String>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            release: true,
            target_dir: None,
            features: Vec::new(),
        }
    }
}

/// Why a guest did not build.
#[derive(Debug, Error)]
pub enum BuildError {
    /// No toolchain.
    #[error(transparent)]
    Toolchain(#[from] ToolchainError),
    /// Not a crate directory.
    #[error("{0} is not a guest crate directory (no Cargo.toml)")]
    NotACrate(PathBuf),
    /// Cargo could not be started.
    #[error("cannot run {cargo}: {source}")]
    Spawn {
        /// The cargo binary.
        cargo: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The compiler reported errors (its output went to stderr).
    #[error("the guest crate {0} does not compile (compiler output above)")]
    Compile(PathBuf),
    /// The build produced no executable.
    #[error("building {0} produced no executable: is it a binary crate (src/main.rs)?")]
    NoExecutable(PathBuf),
}

/// The cargo command for a toolchain, with the environment a guest build needs.
fn cargo_command(tc: Toolchain) -> Command {
    let mut rustflags = String::from("-C link-arg=-Tzirv.ld -C relocation-model=static");
    let mut cmd = match tc {
        Toolchain::Rustup => Command::new("cargo"),
        Toolchain::Debian => {
            let mut c = Command::new(toolchain::DEBIAN_CARGO);
            c.env("RUSTC", toolchain::DEBIAN_RUSTC)
                .env("RUSTC_BOOTSTRAP", "1");
            rustflags = format!("-C linker=ld.lld {rustflags}");
            c
        }
    };
    // A build started from inside another cargo (a host crate's test) must not inherit its
    // target, flags or wrapper.
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    if tc == Toolchain::Rustup {
        cmd.env_remove("RUSTC");
    }
    cmd.env("RUSTFLAGS", rustflags);
    cmd
}

/// Builds the guest crate in `dir` and returns the path of its ELF. The compiler's messages go
/// to this process's stderr.
pub fn build_guest(dir: &Path, opts: &BuildOptions) -> Result<PathBuf, BuildError> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        return Err(BuildError::NotACrate(dir.to_path_buf()));
    }
    let tc = toolchain::detect()?;
    let mut cmd = cargo_command(tc);
    cmd.arg("build")
        .arg("--target")
        .arg(TARGET)
        .arg("--manifest-path")
        .arg(&manifest);
    cmd.arg("--message-format=json-render-diagnostics");
    if opts.release {
        cmd.arg("--release");
    }
    if tc == Toolchain::Debian {
        cmd.arg("-Zbuild-std=core,alloc");
    }
    cmd.arg("--target-dir").arg(
        opts.target_dir
            .clone()
            .unwrap_or_else(|| dir.join("target")),
    );
    if !opts.features.is_empty() {
        cmd.arg("--features").arg(opts.features.join(","));
    }
    let cargo = format!("{:?}", cmd.get_program());
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|source| BuildError::Spawn { cargo, source })?;
    let mut exe = None;
    for line in std::io::BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if msg["reason"] == "compiler-artifact"
            && let Some(path) = msg["executable"].as_str()
        {
            exe = Some(PathBuf::from(path));
        }
    }
    let status = child.wait().map_err(|source| BuildError::Spawn {
        cargo: "cargo".into(),
        source,
    })?;
    if !status.success() {
        return Err(BuildError::Compile(dir.to_path_buf()));
    }
    exe.ok_or_else(|| BuildError::NoExecutable(dir.to_path_buf()))
}

//! The toolchain that builds guests for `riscv64imac-unknown-none-elf`.
//!
//! Two ways, chosen automatically:
//! 1. **rustup** (a machine with internet): `rustup target add riscv64imac-unknown-none-elf`
//!    gives a prebuilt `core`/`alloc`; stable Rust builds guests.
//! 2. **Debian** (no internet, no RISC-V target in rustup): Debian's `rustc-web`, `cargo-web`,
//!    `rust-web-src` and `lld`, building `core`/`alloc` from source with `-Z build-std`
//!    (`RUSTC_BOOTSTRAP=1`), linking with `ld.lld`.
//!
//! `zirv toolchain check` prints [`check`]'s report; `zirv toolchain install` runs [`install`].

use std::path::Path;
use std::process::Command;
use thiserror::Error;

/// The guest target.
pub const TARGET: &str = "riscv64imac-unknown-none-elf";
/// Debian's compiler and cargo (rustup's come first on PATH).
pub const DEBIAN_RUSTC: &str = "/usr/bin/rustc";
/// Debian's cargo.
pub const DEBIAN_CARGO: &str = "/usr/bin/cargo";
/// Where `rust-web-src` puts the standard library's sources.
pub const DEBIAN_RUST_SRC: &str = "/usr/lib/rustlib/src/rust/library/core";

/// A toolchain that can build guests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toolchain {
    /// rustup's stable toolchain with the target installed.
    Rustup,
    /// Debian's rustc-web with `-Z build-std`.
    Debian,
}

/// One component of a toolchain and whether it is present.
#[derive(Clone, Debug)]
pub struct Component {
    /// What it is.
    pub name: &'static str,
    /// Whether it was found.
    pub present: bool,
    /// The command that installs it.
    pub fix: &'static str,
}

/// What [`check`] found.
#[derive(Clone, Debug)]
pub struct Report {
    /// rustup's route.
    pub rustup: Vec<Component>,
    /// Debian's route.
    pub debian: Vec<Component>,
    /// The toolchain guests will be built with, if any.
    pub usable: Option<Toolchain>,
}

/// No toolchain can build guests.
#[derive(Debug, Error)]
pub enum ToolchainError {
    /// Nothing usable; the message says what to run.
    #[error(
        "no toolchain can build RISC-V guests: missing {missing}. Run `zirv toolchain install` \
         (it runs `rustup target add {TARGET}` where rustup can, else \
         `apt-get install rustc-web cargo-web rust-web-src lld`)"
    )]
    Missing {
        /// The missing components.
        missing: String,
    },
    /// An install command failed.
    #[error("`{command}` failed: {detail}")]
    InstallFailed {
        /// The command.
        command: String,
        /// Its output or error.
        detail: String,
    },
}

fn runs(cmd: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(cmd).args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// Looks for both routes.
pub fn check() -> Report {
    let rustup_target = runs("rustup", &["target", "list", "--installed"])
        .is_some_and(|s| s.lines().any(|l| l.trim() == TARGET));
    let rustup = vec![
        Component {
            name: "rustup",
            present: runs("rustup", &["--version"]).is_some(),
            fix: "install rustup",
        },
        Component {
            name: "rustup target riscv64imac-unknown-none-elf",
            present: rustup_target,
            fix: "rustup target add riscv64imac-unknown-none-elf",
        },
    ];
    let debian = vec![
        Component {
            name: "Debian rustc (/usr/bin/rustc, package rustc-web)",
            present: Path::new(DEBIAN_RUSTC).exists(),
            fix: "apt-get install rustc-web",
        },
        Component {
            name: "Debian cargo (/usr/bin/cargo, package cargo-web)",
            present: Path::new(DEBIAN_CARGO).exists(),
            fix: "apt-get install cargo-web",
        },
        Component {
            name: "Rust library sources (package rust-web-src)",
            present: Path::new(DEBIAN_RUST_SRC).exists(),
            fix: "apt-get install rust-web-src",
        },
        Component {
            name: "ld.lld (package lld)",
            present: runs("ld.lld", &["--version"]).is_some(),
            fix: "apt-get install lld",
        },
    ];
    let usable = if rustup.iter().all(|c| c.present) {
        Some(Toolchain::Rustup)
    } else if debian.iter().all(|c| c.present) {
        Some(Toolchain::Debian)
    } else {
        None
    };
    Report {
        rustup,
        debian,
        usable,
    }
}

/// The toolchain to build with, or an error naming what is missing and how to fix it.
pub fn detect() -> Result<Toolchain, ToolchainError> {
    usable(&check())
}

fn usable(r: &Report) -> Result<Toolchain, ToolchainError> {
    r.usable.ok_or_else(|| ToolchainError::Missing {
        missing: r
            .debian
            .iter()
            .chain(&r.rustup[1..])
            .filter(|c| !c.present)
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn run_install(cmd: &str, args: &[&str]) -> Result<(), ToolchainError> {
    let command = format!("{cmd} {}", args.join(" "));
    let o = Command::new(cmd)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .output()
        .map_err(|e| ToolchainError::InstallFailed {
            command: command.clone(),
            detail: e.to_string(),
        })?;
    if o.status.success() {
        Ok(())
    } else {
        Err(ToolchainError::InstallFailed {
            command,
            detail: String::from_utf8_lossy(&o.stderr).trim().to_string(),
        })
    }
}

/// Installs a toolchain: rustup's target where rustup can add it, otherwise Debian's packages.
pub fn install() -> Result<Toolchain, ToolchainError> {
    if let Some(tc) = check().usable {
        return Ok(tc);
    }
    if runs("rustup", &["--version"]).is_some()
        && run_install("rustup", &["target", "add", TARGET]).is_ok()
    {
        return detect();
    }
    let sudo = runs("id", &["-u"]).is_some_and(|u| u.trim() != "0");
    let (cmd, pre): (&str, &[&str]) = if sudo {
        ("sudo", &["apt-get"])
    } else {
        ("apt-get", &[])
    };
    run_install(cmd, &[pre, &["update", "-qq"]].concat())?;
    run_install(
        cmd,
        &[
            pre,
            &[
                "install",
                "-y",
                "-qq",
                "rustc-web",
                "cargo-web",
                "rust-web-src",
                "lld",
            ],
        ]
        .concat(),
    )?;
    detect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_toolchain_names_the_fix() {
        let mut r = check();
        for c in r.rustup.iter_mut().chain(r.debian.iter_mut()) {
            c.present = c.name.starts_with("Debian rustc");
        }
        r.usable = None;
        let msg = usable(&r).unwrap_err().to_string();
        assert!(msg.contains("zirv toolchain install"), "{msg}");
        assert!(
            msg.contains("rust-web-src") && msg.contains("ld.lld"),
            "{msg}"
        );
        assert!(
            !msg.contains("Debian rustc"),
            "present components are not listed: {msg}"
        );
    }
}

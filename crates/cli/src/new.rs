//! `zirv new NAME`: a project with a guest and a host that builds, runs and tests out of the box.
//!
//! The project depends on the Zirv crates by path: by default the checkout this `zirv` was
//! built from (`--zirv PATH` points elsewhere). It gets Zirv's Cargo.lock, so its host builds
//! with the same dependency versions Zirv is tested with.

use crate::EXIT_BAD_INPUT;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct NewArgs {
    /// The project's directory (its last component names the crates).
    path: PathBuf,
    /// A Zirv checkout to depend on (default: the one this zirv was built from).
    #[arg(long)]
    zirv: Option<PathBuf>,
}

/// (path in the project, template) pairs.
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../template/Cargo.toml.tpl")),
    (".gitignore", include_str!("../template/gitignore.tpl")),
    ("README.md", include_str!("../template/README.md.tpl")),
    (
        "guest/Cargo.toml",
        include_str!("../template/guest/Cargo.toml.tpl"),
    ),
    (
        "guest/src/main.rs",
        include_str!("../template/guest/src/main.rs.tpl"),
    ),
    (
        "host/Cargo.toml",
        include_str!("../template/host/Cargo.toml.tpl"),
    ),
    (
        "host/src/main.rs",
        include_str!("../template/host/src/main.rs.tpl"),
    ),
    ("Cargo.lock", include_str!("../../../Cargo.lock")),
];

/// Whether `name` can name a Cargo package.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn create(path: &Path, zirv: &Path) -> Result<(), String> {
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        format!(
            "{} has no usable last component to name the project",
            path.display()
        )
    })?;
    if !valid_name(name) {
        return Err(format!(
            "`{name}` is not a valid project name: use letters, digits, '-' and '_', starting with a letter"
        ));
    }
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    if !zirv.join("crates/guest/Cargo.toml").is_file() {
        return Err(format!(
            "{} is not a Zirv checkout (no crates/guest); pass --zirv PATH",
            zirv.display()
        ));
    }
    let zirv = zirv.to_str().ok_or("the Zirv path is not UTF-8")?;
    for (rel, tpl) in FILES {
        let file = path.join(rel);
        std::fs::create_dir_all(file.parent().expect("has a parent"))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let text = tpl.replace("{{name}}", name).replace("{{zirv}}", zirv);
        std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(())
}

pub fn new(args: NewArgs) -> ExitCode {
    let zirv = args
        .zirv
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")));
    let zirv = zirv.canonicalize().unwrap_or(zirv);
    match create(&args.path, &zirv) {
        Ok(()) => {
            println!(
                "created {}: guest/ (runs in Zirv) and host/ (runs it)",
                args.path.display()
            );
            println!(
                "next: cd {} && zirv build && cargo run --release && cargo test --release",
                args.path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        assert!(super::valid_name("demo"));
        assert!(super::valid_name("my-app_2"));
        assert!(!super::valid_name("2demo"));
        assert!(!super::valid_name("de mo"));
        assert!(!super::valid_name(""));
    }
}

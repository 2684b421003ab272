//! `cargo zirv <command>`: cargo runs this as `cargo-zirv zirv <command>`; it runs the `zirv`
//! binary installed next to it with the same arguments.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("zirv") {
        args.remove(0);
    }
    let zirv = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("zirv")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| "zirv".into());
    match Command::new(&zirv).args(&args).status() {
        Ok(s) => ExitCode::from(s.code().unwrap_or(1) as u8),
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", zirv.display());
            ExitCode::from(1)
        }
    }
}

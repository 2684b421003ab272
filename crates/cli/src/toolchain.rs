//! `zirv toolchain check|install`.

use clap::Subcommand;
use std::process::ExitCode;
use zirv_sdk::toolchain::{self, Toolchain};

#[derive(Subcommand)]
pub enum ToolchainCmd {
    /// Report what is present and what is missing.
    Check,
    /// Install what guest builds need (rustup target where possible, else Debian packages).
    Install,
}

fn name(tc: Toolchain) -> &'static str {
    match tc {
        Toolchain::Rustup => {
            "rustup's stable toolchain with the riscv64imac-unknown-none-elf target"
        }
        Toolchain::Debian => "Debian's rustc-web with -Z build-std (RUSTC_BOOTSTRAP=1) and ld.lld",
    }
}

pub fn toolchain(cmd: ToolchainCmd) -> ExitCode {
    match cmd {
        ToolchainCmd::Check => {
            let r = toolchain::check();
            for (route, items) in [("rustup", &r.rustup), ("Debian", &r.debian)] {
                println!("{route}:");
                for c in items {
                    if c.present {
                        println!("  [ok]      {}", c.name);
                    } else {
                        println!("  [missing] {}  (fix: {})", c.name, c.fix);
                    }
                }
            }
            match r.usable {
                Some(tc) => {
                    println!("guests build with {}", name(tc));
                    ExitCode::SUCCESS
                }
                None => {
                    println!("no toolchain can build guests: run `zirv toolchain install`");
                    ExitCode::from(1)
                }
            }
        }
        ToolchainCmd::Install => match toolchain::install() {
            Ok(tc) => {
                println!("guests build with {}", name(tc));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

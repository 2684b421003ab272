//! Puts the guest linker script on the linker's search path of every crate that depends on
//! zirv-guest; `zirv build` links with `-Tzirv.ld`.
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::copy("zirv.ld", out.join("zirv.ld")).unwrap();
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rerun-if-changed=zirv.ld");
}

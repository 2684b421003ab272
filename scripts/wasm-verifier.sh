#!/usr/bin/env bash
# Builds the verifier as a WebAssembly module (crates/verifier-wasm) for wasm32-unknown-unknown
# and prints the .wasm file's path. With rustup's wasm32-unknown-unknown target where rustup can
# install it; else with Debian's rustc-web, building std from rust-web-src (`-Z build-std`), as
# guests are built here. Either way nothing is skipped: the build fails if neither works.
# ZIRV_WASM_TOOLCHAIN=debian takes the second path even where rustup works (to test it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=wasm32-unknown-unknown
# A module for shipping: no debug info, symbols stripped (the workspace's release profile keeps
# line tables for the host's profilers).
export CARGO_PROFILE_RELEASE_DEBUG=0 CARGO_PROFILE_RELEASE_STRIP=true
if [ "${ZIRV_WASM_TOOLCHAIN:-}" != debian ] && {
  rustup target list --installed 2>/dev/null | grep -qx "$target" ||
    rustup target add "$target" >/dev/null 2>&1
}; then
  out=target/wasm
  cargo build --release -p zirv-verifier-wasm --target "$target" --target-dir "$out" >&2
  echo "wasm-verifier: built with rustup's $target target" >&2
else
  out=target/wasm-debian
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
    /usr/bin/cargo build --release -p zirv-verifier-wasm \
    --target "$target" --target-dir "$out" -Z build-std=std,panic_abort >&2
  echo "wasm-verifier: built with Debian's rustc $(/usr/bin/rustc --version | cut -d' ' -f2) and -Z build-std" >&2
fi
echo "$root/$out/$target/release/zirv_verifier_wasm.wasm"

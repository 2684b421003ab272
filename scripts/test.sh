#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of the workspace (unit tests,
# instruction tests on zirv and qemu, 1000 random programs against qemu, error cases, CLI).
# Longer runs are behind variables, e.g. ZIRV_DIFF_PROGRAMS=20000 (see README).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
cargo test --workspace --release

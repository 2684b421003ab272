#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test of the workspace (unit tests,
# instruction tests on zirv and qemu, 1000 random programs against qemu, error cases, CLI, the
# verifier built for wasm32 and run under Node.js on a real proof).
# Longer runs are behind variables, e.g. ZIRV_DIFF_PROGRAMS=20000 (see README).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --release -- -D warnings
cargo test --workspace --release
# The registry's test-only machine: a feature, so that no other build carries it.
cargo test --release -p zirv-prover --features test-machine --test test_machine

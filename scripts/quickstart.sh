#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build Zirv, build the example guests
# (plain Rust SHA-256 and Keccak chains), execute one with `zirv run`, and check the guests'
# public outputs against the same computation done natively on the host.
# (Proving and verifying join this script when the prover lands.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo build --release -p zirv-cli
SHA_ITERS=1000 KECCAK_ITERS=100 bash bench/build-guests.sh
./target/release/zirv run target/bench-guests/sha256-chain.elf -i target/bench-guests/sha256-chain.input
# Executes both guests in every mode and compares their outputs with a host implementation.
cargo test --release -q -p zirv-emulator --test bench_guests
echo "quickstart: ok (the guests' outputs match the host's computation)"

#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build Zirv, build an example guest
# (the SHA-256 benchmark guest, plain Rust), execute it and check its public outputs against
# the same computation done natively on the host.
# (Proving and verifying join this script when the prover lands.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo build --release -p zirv-cli
SHA_ITERS=1000 KECCAK_ITERS=100 bash bench/build-guests.sh
./target/release/zirv run target/bench-guests/sha256-chain.elf -i target/bench-guests/sha256-chain.input \
  -o target/bench-guests/sha256-chain.out
python3 scripts/check_sha_chain.py target/bench-guests/sha256-chain.out 1000

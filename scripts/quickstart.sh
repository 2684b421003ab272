#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build Zirv, build an example guest
# (SHA-256 with the `sha2` crate), execute it, and check its public output against the same
# hash computed natively by the host (the host exits non-zero if they differ).
# (Proving and verifying join this script when the prover lands.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo build --release -p zirv-cli
./target/release/zirv toolchain check
cargo run --release -p sha256-host -- "hello from Zirv"
echo "quickstart: ok (the guest's public output equals the host's SHA-256)"

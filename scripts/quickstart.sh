#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build Zirv, build an example guest
# (SHA-256 with the `sha2` crate), execute it, and check its public output against the same
# hash computed natively by the host (the host exits non-zero if they differ).
# Then it proves that run and verifies the proof.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
cargo build --release -p zirv-cli
./target/release/zirv toolchain check
cargo run --release -p sha256-host -- "hello from Zirv"
# Prove the guest's run on the same message, then verify the proof against the ELF.
out=target/quickstart
mkdir -p "$out"
elf=$(./target/release/zirv build examples/sha256/guest)
python3 - "$out/input.bin" <<'PY'
import struct, sys
msg = b"hello from Zirv"
rec = struct.pack("<Q", len(msg)) + msg  # one framed input record (docs/guest.md)
open(sys.argv[1], "wb").write(rec + b"\0" * (-len(rec) % 8))
PY
./target/release/zirv prove "$elf" --input "$out/input.bin" -o "$out/sha256.proof"
./target/release/zirv verify "$out/sha256.proof" --elf "$elf"
echo "quickstart: ok (the guest's public output equals the host's SHA-256; its run is proven and the proof verifies)"

#!/usr/bin/env bash
# Builds the benchmark guests (bench/guests) for riscv64im-unknown-none-elf into
# target/bench-guests/{sha256-chain,keccak-chain}.elf, and their inputs.
# Uses rustup's stable toolchain when it has the target, otherwise Debian's rustc-web with
# -Z build-std (see DEVELOPERS.md / scripts/setup.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/bench/guests"
target=riscv64im-unknown-none-elf
export RUSTFLAGS="-C linker=ld.lld -C link-arg=-T$root/bench/guests/link.ld -C relocation-model=static -C target-cpu=generic-rv64"
if rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  cargo build --release --target "$target" --target-dir "$root/target/bench-guests-build"
else
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc /usr/bin/cargo build --release -Z build-std=core \
    --target "$target" --target-dir "$root/target/bench-guests-build"
fi
out="$root/target/bench-guests"
mkdir -p "$out"
for g in sha256-chain keccak-chain; do
  cp "$root/target/bench-guests-build/$target/release/$g" "$out/$g.elf"
done
# Inputs: one record holding the iteration count (u64 LE), sized for ~300 M steps each.
python3 - "$out" "${SHA_ITERS:-64000}" "${KECCAK_ITERS:-19400}" <<'PY'
import struct, sys
out, sha, kec = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for name, n in (("sha256-chain", sha), ("keccak-chain", kec)):
    open(f"{out}/{name}.input", "wb").write(struct.pack("<QQ", 8, n))
PY
echo "built: $out/sha256-chain.elf $out/keccak-chain.elf"

#!/usr/bin/env bash
# What the precompiles buy: Keccak-256 and SHA-256 of BYTES bytes (default 1 MiB) with the
# example guests (examples/keccak, examples/sha256), in plain Rust (tiny-keccak, sha2) and
# with the precompiles (feature `precompiles`: zirv_guest::hash on the keccak-f and SHA-256
# compression calls). Reports steps, end-to-end proving time (`zirv prove`: execute, witness,
# STARK; Keccak hash, 100-bit level), peak memory (GNU time) and verify time per variant.
# PROVE_PLAIN=0 skips proving the plain variants (about 20 minutes each at 1 MiB on 2 cores);
# GUESTS and VARIANTS pick guests (default "keccak sha256") and variants (default "plain
# precompiles"). Logs in target/bench-precompiles/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p zirv-cli >/dev/null
zirv=target/release/zirv
out=target/bench-precompiles
mkdir -p "$out"
bytes=${BYTES:-1048576}
python3 - "$bytes" "$out/input.bin" <<'PY'
import struct, sys
n, path = int(sys.argv[1]), sys.argv[2]
data = bytes(i % 251 for i in range(n))
# One framed record (abi.md): u64 length, the bytes, padded to 8.
rec = struct.pack("<Q", n) + data
rec += b"\0" * (-len(rec) % 8)
open(path, "wb").write(rec)
PY
for guest in ${GUESTS:-keccak sha256}; do
  for variant in ${VARIANTS:-plain precompiles}; do
    feats=()
    [ "$variant" = precompiles ] && feats=(--features precompiles)
    built=$($zirv build "examples/$guest/guest" "${feats[@]}")
    elf="$out/$guest-$variant.elf"
    cp "$built" "$elf"
    run=$($zirv run "$elf" --input "$out/input.bin" 2>&1)
    steps=$(echo "$run" | sed -n "s/^steps: \([0-9]*\) .*/\1/p")
    digest=$(echo "$run" | grep -m1 -i "output" || true)
    echo "$guest ($variant) of $bytes bytes: $steps steps"
    if [ "$variant" = plain ] && [ "${PROVE_PLAIN:-1}" = 0 ]; then
      continue
    fi
    proof="$out/$guest-$variant.bin"
    log="$out/time-$guest-$variant.txt"
    /usr/bin/time -f "%e %M" -o "$log" $zirv prove "$elf" --input "$out/input.bin" --hash keccak \
      -o "$proof" 2>"$out/prove-$guest-$variant.log"
    read -r wall kb <"$log"
    vstart=$(date +%s.%N)
    $zirv verify "$proof" --elf "$elf" >/dev/null 2>&1
    vend=$(date +%s.%N)
    python3 -c "
steps, wall, kb = $steps, $wall, $kb
print(f'  prove {wall:.1f} s ({steps / wall:,.0f} steps/s), peak {kb / 1e6:.2f} GB, '
      f'verify {$vend - $vstart:.2f} s, proof {$(stat -c %s "$proof") / 1e6:.2f} MB')"
  done
done

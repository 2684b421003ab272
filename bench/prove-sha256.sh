#!/usr/bin/env bash
# Proving throughput on about one million steps of SHA-256 work: the sha256 example guest
# (the `sha2` crate) hashing BYTES bytes (default 15,000: ~0.96 M steps), proven with each hash
# of HASHES (default: poseidon2 keccak). Reports steps, prove wall time (execution + witness +
# STARK, i.e. what `zirv prove` does), steps/s, peak memory (GNU time), verify time (against
# the ELF, which recomputes the program id, and against the program id alone) and proof size. `zirv prove` prints the phases (execute, witness, commit, bus columns, instance
# proofs) in target/bench-sha256/prove-HASH.log; `zirv prove --profile` adds the STARK's (quotient,
# openings). Results go to BENCHMARKS.md with machine and date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p zirv-cli >/dev/null
zirv=target/release/zirv
out=target/bench-sha256
mkdir -p "$out"
elf=$($zirv build examples/sha256/guest)
bytes=${BYTES:-15000}
python3 - "$bytes" "$out/input.bin" <<'PY'
import struct, sys
n, path = int(sys.argv[1]), sys.argv[2]
data = bytes(i % 256 for i in range(n))
# One framed record (abi.md): u64 length, the bytes, padded to 8.
rec = struct.pack("<Q", n) + data
rec += b"\0" * (-len(rec) % 8)
open(path, "wb").write(rec)
PY
steps=$($zirv run "$elf" --input "$out/input.bin" 2>&1 | sed -n "s/^steps: \([0-9]*\) .*/\1/p")
echo "sha256 of $bytes bytes: $steps steps"
for hash in ${HASHES:-poseidon2 keccak}; do
  proof="$out/sha256-$hash.bin"
  log="$out/time-$hash.txt"
  /usr/bin/time -f "%e %M" -o "$log" $zirv prove "$elf" --input "$out/input.bin" --hash "$hash" -o "$proof" 2>"$out/prove-$hash.log"
  read -r wall kb <"$log"
  vstart=$(date +%s.%N)
  $zirv verify "$proof" --elf "$elf" >/dev/null 2>&1
  vend=$(date +%s.%N)
  id=$($zirv program-id "$elf" --hash "$hash")
  istart=$(date +%s.%N)
  $zirv verify "$proof" --program-id "$id" >/dev/null 2>&1
  iend=$(date +%s.%N)
  python3 -c "
steps, wall, kb = $steps, $wall, $kb
print(f'$hash: prove {wall:.2f} s = {steps / wall:,.0f} steps/s, peak {kb / 1e6:.2f} GB, '
      f'verify {$vend - $vstart:.3f} s (ELF) / {$iend - $istart:.3f} s (program id), '
      f'proof {$(stat -c %s "$proof") / 1e6:.2f} MB')"
done

#!/usr/bin/env bash
# Prover benchmark: proves bench/prover/listwalk.S at about 2^16 and 2^20 steps (override with
# SIZES="log2 ..."), with Poseidon2 (default) and Keccak, and reports prove time, verify time,
# proof size and peak memory (GNU time). Results go to BENCHMARKS.md by hand, with the machine
# and the date.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p zirv-cli >/dev/null
out=target/bench-prover
mkdir -p "$out"
for log in ${SIZES:-16 20}; do
  # 8 steps per entry, 10 steps of boot and exit: the run has just under 2^log steps.
  n=$(( ((1 << log) - 16) / 8 ))
  elf="$out/listwalk-$log.elf"
  riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -nostdlib -nostartfiles \
    -static -T tests/riscv/link.ld -DN=$n bench/prover/listwalk.S -o "$elf"
  for hash in ${HASHES:-poseidon2 keccak}; do
    proof="$out/listwalk-$log-$hash.bin"
    echo "== 2^$log steps, $hash"
    /usr/bin/time -f "prove: %e s wall, %M KB peak" target/release/zirv prove "$elf" \
      --hash "$hash" -o "$proof"
    /usr/bin/time -f "verify: %e s wall, %M KB peak" target/release/zirv verify "$proof" \
      --elf "$elf" >/dev/null
    echo "proof size: $(stat -c %s "$proof") bytes"
  done
done

#!/usr/bin/env bash
# Emulator benchmark (not a test): zirv (fast and trace mode) vs ZisK's ziskemu 1.4.0-alpha on
# the same ELF and input, and qemu-riscv64 on the same computation (a qemu build of the same
# guest source), each run REPS times interleaved; prints the median wall times and ratios.
#
#   bash bench/compare.sh            # needs `ziskemu` on PATH (see BENCHMARKS.md to build it)
#   ZISKEMU=/path/to/ziskemu REPS=5 bash bench/compare.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
REPS=${REPS:-3}
ZISKEMU=${ZISKEMU:-ziskemu}
SHA_ITERS=${SHA_ITERS:-64000}
KECCAK_ITERS=${KECCAK_ITERS:-19400}
cargo build --release -p zirv-cli >/dev/null 2>&1
SHA_ITERS=$SHA_ITERS KECCAK_ITERS=$KECCAK_ITERS bash bench/build-guests.sh >/dev/null
# qemu builds of the same guests (write ecall instead of the UART, iterations compiled in).
(
  cd bench/guests
  export RUSTFLAGS="-C linker=ld.lld -C link-arg=-T$root/bench/guests/link.ld -C relocation-model=static"
  for g in sha256-chain keccak-chain; do
    if [ $g = sha256-chain ]; then export BENCH_ITERS=$SHA_ITERS; else export BENCH_ITERS=$KECCAK_ITERS; fi
    RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc /usr/bin/cargo build -q --release -Z build-std=core \
      --target riscv64im-unknown-none-elf --target-dir "$root/target/bench-guests-qemu-$g" -p $g --features qemu
    cp "$root/target/bench-guests-qemu-$g/riscv64im-unknown-none-elf/release/$g" "$root/target/bench-guests/$g-qemu.elf"
  done
)
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf "%-14s %10s %10s %10s %10s %9s %9s\n" guest zirv zirv-trace ziskemu qemu "zisk/zirv" "trace%"
for g in sha256-chain keccak-chain; do
  elf=target/bench-guests/$g.elf; in=target/bench-guests/$g.input
  : > /tmp/zb.$g.zirv; : > /tmp/zb.$g.trace; : > /tmp/zb.$g.zisk; : > /tmp/zb.$g.qemu
  for _ in $(seq "$REPS"); do
    t ./target/release/zirv run "$elf" -i "$in" >> /tmp/zb.$g.zirv
    t ./target/release/zirv run "$elf" -i "$in" --trace >> /tmp/zb.$g.trace
    t "$ZISKEMU" -e "$elf" -i "$in" -m >> /tmp/zb.$g.zisk
    t qemu-riscv64 target/bench-guests/$g-qemu.elf >> /tmp/zb.$g.qemu
  done
  z=$(median < /tmp/zb.$g.zirv); tr=$(median < /tmp/zb.$g.trace); k=$(median < /tmp/zb.$g.zisk); q=$(median < /tmp/zb.$g.qemu)
  printf "%-14s %9.3fs %9.3fs %9.3fs %9.3fs %8.2fx %8.0f%%\n" $g $z $tr $k $q "$(echo "$k / $z" | bc -l)" "$(echo "100 * $z / $tr" | bc -l)"
done
./target/release/zirv run target/bench-guests/sha256-chain.elf -i target/bench-guests/sha256-chain.input 2>&1 | grep steps:
./target/release/zirv run target/bench-guests/keccak-chain.elf -i target/bench-guests/keccak-chain.input 2>&1 | grep steps:
"$ZISKEMU" -e target/bench-guests/sha256-chain.elf -i target/bench-guests/sha256-chain.input -m 2>&1 | grep steps= || true
"$ZISKEMU" -e target/bench-guests/keccak-chain.elf -i target/bench-guests/keccak-chain.input -m 2>&1 | grep steps= || true

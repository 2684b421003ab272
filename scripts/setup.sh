#!/usr/bin/env bash
# Installs what Zirv's build, tests and guest builds need on a fresh Debian machine that has
# only rustup's stable toolchain, gcc, Python and git. Idempotent: skips what is present.
#
#   gcc-riscv64-unknown-elf, picolibc  assemble the instruction tests, build C guests
#   qemu-user (qemu-riscv64)           the reference model for differential tests
#   rustc-web, cargo-web, rust-web-src, lld
#                                      build Rust guests with -Z build-std where rustup has no
#                                      RISC-V target (no internet); with internet,
#                                      `rustup target add riscv64imac-unknown-none-elf` also works
#   nodejs                             runs the verifier's WebAssembly build in its test
#   postgresql                         the prover service's shared job store in its tests
#                                      (scripts/postgres-cluster.sh starts a throwaway cluster)
set -euo pipefail

need=()
command -v riscv64-unknown-elf-gcc >/dev/null || need+=(gcc-riscv64-unknown-elf)
[ -d /usr/lib/picolibc/riscv64-unknown-elf ] || need+=(picolibc-riscv64-unknown-elf)
command -v qemu-riscv64 >/dev/null || need+=(qemu-user)
[ -x /usr/bin/rustc ] || need+=(rustc-web)
[ -x /usr/bin/cargo ] || need+=(cargo-web)
[ -d /usr/lib/rustlib/src/rust/library/core ] || need+=(rust-web-src)
command -v ld.lld >/dev/null || need+=(lld)
command -v node >/dev/null || need+=(nodejs)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "setup: toolchains present (riscv64-unknown-elf-gcc, qemu-riscv64, Debian rustc $(/usr/bin/rustc --version | cut -d' ' -f2), ld.lld)"

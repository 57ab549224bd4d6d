#!/usr/bin/env bash
# Rebuilds the RV32 test programs in bin/ (committed, so tests run without the toolchain). Byte-for-byte
# reproducible with Debian's gcc-riscv64-unknown-elf 12.2 (no build id, no .comment, objects built
# under fixed names so no temporary file name reaches the symbol table).
#   crc_dot.elf        rv32imac_zicsr: CRC-32 + int8 dot product, printed (test/sim/rv32/program.test.ts)
#   bench_dot.elf      rv32imc_zicsr: int8 dot-product loop (bench/iss.ts)
#   bench_branchy.elf  rv32imc_zicsr: bitwise CRC-32 + Collatz walk (bench/iss.ts)
# The benchmarks use no A or Zb* instruction, so every RV32 core model runs the same machine code.
# Usage: test/programs/riscv/build.sh [output-dir]   (default: test/programs/riscv/bin)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here/bin}" && cd "${1:-$here/bin}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"

# build <program> <march>
build() {
  local flags=(-march="$2" -mabi=ilp32 -O2 -nostdlib -ffreestanding -fno-ident)
  mkdir -p "$work/$1"
  riscv64-unknown-elf-gcc "${flags[@]}" -c start.S -o "$work/$1/start.o"
  riscv64-unknown-elf-gcc "${flags[@]}" -c "$1.c" -o "$work/$1/$1.o"
  riscv64-unknown-elf-gcc "${flags[@]}" -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,-T,link.ld -o "$out/$1.elf" "$work/$1/start.o" "$work/$1/$1.o"
}

build crc_dot rv32imac_zicsr
build bench_dot rv32imc_zicsr
build bench_branchy rv32imc_zicsr

# The workload programs shared with the Cortex-M builds (../src; test/sim/programs.test.ts). No FPU
# program: RV32IMAC has none. main's return value is the exit code (start.S).
build_shared() {
  local flags=(-march=rv32imac_zicsr -mabi=ilp32 -O2 -nostdlib -ffreestanding -fno-ident)
  mkdir -p "$work/$1"
  riscv64-unknown-elf-gcc "${flags[@]}" -c start.S -o "$work/$1/start.o"
  riscv64-unknown-elf-gcc "${flags[@]}" -fno-builtin -fno-tree-loop-distribute-patterns -Wall \
    -Werror -c "../src/$1.c" -o "$work/$1/$1.o"
  riscv64-unknown-elf-gcc "${flags[@]}" -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
    -Wl,-T,link.ld -o "$out/$1.elf" "$work/$1/start.o" "$work/$1/$1.o"
}
for prog in crc32 quicksort matmul_s8 fir_q15; do build_shared "$prog"; done

#!/usr/bin/env bash
# Rebuilds bin/crc_dot.elf (committed, so tests run without the toolchain). Byte-for-byte
# reproducible with Debian's gcc-riscv64-unknown-elf 12.2 (no build id, no .comment, objects built
# under fixed names so no temporary file name reaches the symbol table).
# Usage: test/programs/riscv/build.sh [output-dir]   (default: test/programs/riscv/bin)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here/bin}" && cd "${1:-$here/bin}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$here"
CFLAGS=(-march=rv32imac_zicsr -mabi=ilp32 -O2 -nostdlib -ffreestanding -fno-ident)
riscv64-unknown-elf-gcc "${CFLAGS[@]}" -c start.S -o "$work/start.o"
riscv64-unknown-elf-gcc "${CFLAGS[@]}" -c crc_dot.c -o "$work/crc_dot.o"
riscv64-unknown-elf-gcc "${CFLAGS[@]}" -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,link.ld \
  -o "$out/crc_dot.elf" "$work/start.o" "$work/crc_dot.o"

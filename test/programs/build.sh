#!/bin/sh
# Rebuilds the Cortex-M0+ test programs in bin/ from src/ (byte for byte: the ELFs are committed so
# tests run without the toolchain). Needs Debian's gcc-arm-none-eabi.
set -eu
cd "$(dirname "$0")"
CC=${CC:-arm-none-eabi-gcc}
CFLAGS="-mcpu=cortex-m0plus -mthumb -O2 -nostdlib -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -g0 -Wall -Werror"
LDFLAGS="-Wl,--build-id=none -Wl,-T,src/link.ld -Wl,-z,noexecstack"
mkdir -p bin
for prog in crc32 fault exit7 bench_dot bench_branchy; do
  $CC $CFLAGS $LDFLAGS -o "bin/$prog.elf" src/startup.c "src/$prog.c" -lgcc
done

#!/bin/sh
# Rebuilds the RP2040 multicore test programs in bin/ from src/ (byte for byte: the ELFs are
# committed so tests run without the toolchain). Needs Debian's gcc-arm-none-eabi.
set -eu
cd "$(dirname "$0")"
CC=${CC:-arm-none-eabi-gcc}
CFLAGS="-mcpu=cortex-m0plus -mthumb -O2 -nostdlib -ffreestanding -fno-builtin -g0 -Wall -Werror"
LDFLAGS="-Wl,--build-id=none -Wl,-T,src/link.ld -Wl,-z,noexecstack"
mkdir -p bin
for prog in spinlock_counter racy_counter; do
  $CC $CFLAGS $LDFLAGS -o "bin/$prog.elf" src/startup.c "src/$prog.c" -lgcc
done

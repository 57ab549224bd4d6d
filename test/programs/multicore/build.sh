#!/bin/sh
# Rebuilds the multicore test programs in bin/ from src/ (byte for byte: the ELFs are committed so
# tests run without the toolchains). Needs Debian's gcc-arm-none-eabi and gcc-riscv64-unknown-elf.
#   spinlock_counter, racy_counter  RP2040 (Cortex-M0+), core 1 launched through the SIO FIFO
#   exclusive_counter               generic board, Cortex-M4: LDREX/STREX on a shared counter
#   lrsc_counter                    generic board, Hazard3 (RV32IMA): LR/SC and amoadd.w
set -eu
cd "$(dirname "$0")"
CC=${CC:-arm-none-eabi-gcc}
RVCC=${RVCC:-riscv64-unknown-elf-gcc}
COMMON="-O2 -nostdlib -ffreestanding -fno-builtin -g0 -Wall -Werror"
CFLAGS="-mcpu=cortex-m0plus -mthumb $COMMON"
LDFLAGS="-Wl,--build-id=none -Wl,-T,src/link.ld -Wl,-z,noexecstack"
mkdir -p bin
for prog in spinlock_counter racy_counter; do
  $CC $CFLAGS $LDFLAGS -o "bin/$prog.elf" src/startup.c "src/$prog.c" -lgcc
done

GENERIC_LD="-Wl,--build-id=none -Wl,-T,src/link-generic.ld"
$CC -mcpu=cortex-m4 -mthumb -mfloat-abi=soft $COMMON $GENERIC_LD -Wl,-z,noexecstack \
  -Wl,-e,reset_handler -o bin/exclusive_counter.elf src/startup-generic.c src/exclusive_counter.c

# RV32 objects get fixed names so no temporary file name reaches the symbol table.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
RVFLAGS="-march=rv32ima_zicsr -mabi=ilp32 -fno-ident"
$RVCC $RVFLAGS $COMMON -c src/start-generic-rv.S -o "$work/start.o"
$RVCC $RVFLAGS $COMMON -c src/lrsc_counter.c -o "$work/lrsc_counter.o"
$RVCC $RVFLAGS $COMMON $GENERIC_LD -Wl,--no-warn-rwx-segments -Wl,-e,_start -o bin/lrsc_counter.elf \
  "$work/start.o" "$work/lrsc_counter.o"

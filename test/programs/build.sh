#!/bin/sh
# Rebuilds the Cortex-M test programs from src/ (byte for byte: the ELFs are committed so tests run
# without the toolchain). Needs Debian's gcc-arm-none-eabi. Outputs:
#   bin/*.elf              Cortex-M0+ (flat map: code at 0, RAM at 0x2000_0000)
#   bin/cortex-m4/*.elf    Cortex-M4F (FPv4-SP, hard float; QEMU mps2-an386 map), + bench_*.elf
#   bin/cortex-m7/*.elf    Cortex-M7 (FPv5-SP, hard float; QEMU mps2-an500 map)
#   bin/cortex-m33/*.elf   Cortex-M33 (FPv5-SP, hard float; QEMU mps2-an505 secure map)
# The RV32 builds of the same programs: riscv/build.sh.
set -eu
cd "$(dirname "$0")"
CC=${CC:-arm-none-eabi-gcc}
COMMON="-mthumb -O2 -nostdlib -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns -g0 -Wall -Werror"
CFLAGS="-mcpu=cortex-m0plus $COMMON"
LDFLAGS="-Wl,--build-id=none -Wl,-T,src/link.ld -Wl,-z,noexecstack"
mkdir -p bin
for prog in crc32 fault exit7 spin asleep irq_wait bench_dot bench_branchy quicksort matmul_s8 fir_q15; do
  $CC $CFLAGS $LDFLAGS -o "bin/$prog.elf" src/startup.c "src/$prog.c" -lgcc
done

# ARMv7E-M / ARMv8-M Mainline: the workload programs, the two FPU ones (fpu, fp_double) included.
# The ISS speed benchmark's programs (bench/iss.ts) for Cortex-M4 only.
build_v7() { # core, FPU, linker script, extra programs
  mkdir -p "bin/$1"
  for prog in crc32 quicksort matmul_s8 fir_q15 fpu fp_double ${4:-}; do
    $CC -mcpu="$1" -mfpu="$2" -mfloat-abi=hard -fno-math-errno $COMMON \
      -Wl,--build-id=none -Wl,-L,src -Wl,-T,"src/$3" -Wl,-z,noexecstack \
      -o "bin/$1/$prog.elf" src/startup.c "src/$prog.c" -lgcc
  done
}
build_v7 cortex-m4 fpv4-sp-d16 link-mps2.ld "bench_dot bench_branchy"
build_v7 cortex-m7 fpv5-sp-d16 link-mps2.ld
build_v7 cortex-m33 fpv5-sp-d16 link-an505.ld

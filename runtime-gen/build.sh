#!/usr/bin/env bash
# Builds the prebuilt executor images (runtime-gen/prebuilt/<isa>.elf) from the project's own C
# sources: kernels/src (int8 kernels), kernels/executor (executor, startup, cycle counters).
# `npm run build:firmware` runs it; CI runs it and fails if the committed bytes differ.
# Toolchain: Debian bookworm's gcc-arm-none-eabi 12.2 and gcc-riscv64-unknown-elf 12.2 (the pinned
# versions: other versions may emit other bytes).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${1:-prebuilt}
mkdir -p "$OUT"

COMMON=(-std=c99 -Os -ffreestanding -fno-builtin -fPIE -fvisibility=hidden -fno-common
  -ffunction-sections -fdata-sections -Wall -Wextra -Werror -Ikernels/include
  -fdebug-prefix-map="$PWD"=. -ffile-prefix-map="$PWD"=.)
LINK=(-nostdlib -nostartfiles -static -Wl,-T,link.ld -Wl,--gc-sections -Wl,--build-id=none
  -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--emit-relocs -Wl,--strip-debug)
KERNELS=(kernels/src/*.c)
EXEC=(kernels/executor/executor.c kernels/executor/crc32.c)
ARM=(kernels/executor/start-arm.c kernels/executor/counter-arm.c)
RISCV=(kernels/executor/start-riscv.S kernels/executor/fault-riscv.c kernels/executor/counter-riscv.c)

arm() { # isa name, -mcpu
  arm-none-eabi-gcc -mthumb -mcpu="$2" -mfloat-abi=soft "${COMMON[@]}" "${LINK[@]}" \
    -o "$OUT/$1.elf" "${EXEC[@]}" "${ARM[@]}" "${KERNELS[@]}" -lgcc
}
arm thumbv6m cortex-m0plus
arm thumbv7em cortex-m4
arm thumbv8m.main cortex-m33
# libgcc of the rv32imac/ilp32 multilib (an -march with _zicsr does not select it by itself).
RV_LIBGCC=$(riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -print-libgcc-file-name)
riscv64-unknown-elf-gcc -march=rv32imac_zicsr -mabi=ilp32 -mcmodel=medany -mno-relax "${COMMON[@]}" \
  "${LINK[@]}" -o "$OUT/rv32imac.elf" "${EXEC[@]}" "${RISCV[@]}" "${KERNELS[@]}" "$RV_LIBGCC"

# Position independence: the relocations kept by --emit-relocs must all be PC-relative, so the image
# runs wherever runtime-gen/image.ts loads it (flash, SRAM, one copy per core's private flash), except
# absolute 32-bit words (libgcc's jump tables), which image.ts relocates by the load address.
check_pic() { # readelf, elf, allowed relocation types (regex)
  local bad
  bad=$("$1" -rW "$2" | awk '/^[0-9a-f]+ /{print $3}' | sort -u | grep -Ev "^($3)\$" || true)
  if [ -n "$bad" ]; then echo "$2: not position-independent: $bad" >&2; exit 1; fi
}
for isa in thumbv6m thumbv7em thumbv8m.main; do
  check_pic arm-none-eabi-readelf "$OUT/$isa.elf" 'R_ARM_ABS32|R_ARM_THM_CALL|R_ARM_THM_JUMP(11|8|19|24)|R_ARM_REL32|R_ARM_THM_PC(8|12)|R_ARM_THM_ALU_PREL_11_0|R_ARM_THM_MOV[WT]_PREL_NC|R_ARM_PREL31'
done
check_pic riscv64-unknown-elf-readelf "$OUT/rv32imac.elf" 'R_RISCV_(32|ADD(8|16|32)|SUB(6|8|16|32)|SET(6|8|16|32)|BRANCH|JAL|CALL|CALL_PLT|PCREL_HI20|PCREL_LO12_I|PCREL_LO12_S|RVC_BRANCH|RVC_JUMP|RELAX|ALIGN)'
echo "built $OUT/{thumbv6m,thumbv7em,thumbv8m.main,rv32imac}.elf"

#!/usr/bin/env bash
# Builds arielsim's own RP2040 boot ROM (runtime-gen/prebuilt/rp2040-bootrom.{elf,bin}, the .bin
# exactly 16384 bytes) from runtime-gen/bootrom/rp2040. `./build.sh [outdir]`; the rebuild test
# (test/runtime-gen/bootrom.test.ts) builds into a temporary directory and compares bytes.
# Toolchain: Debian bookworm's gcc-arm-none-eabi 12.2 (other versions may emit other bytes).
set -euo pipefail
cd "$(dirname "$0")"
OUT=${1:-../prebuilt}
mkdir -p "$OUT"
SRC=rp2040
ROOT=$(cd .. && pwd)

CFLAGS=(-mthumb -mcpu=cortex-m0plus -mfloat-abi=soft -std=c99 -Os -ffreestanding -fno-builtin
  -fno-tree-loop-distribute-patterns -fno-common -ffunction-sections -fdata-sections
  -fno-unwind-tables -fno-asynchronous-unwind-tables -Wall -Wextra -Werror -g
  -fdebug-prefix-map="$ROOT"=. -ffile-prefix-map="$ROOT"=.)
LINK=(-nostdlib -nostartfiles -static -Wl,-T,"$SRC/link.ld" -Wl,--gc-sections -Wl,--build-id=none
  -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--strip-debug)

arm-none-eabi-gcc "${CFLAGS[@]}" "${LINK[@]}" -o "$OUT/rp2040-bootrom.elf" \
  "$SRC/rt0.S" "$SRC/mem.S" "$SRC/boot.c" "$SRC/flash.c" "$SRC/mem-bits.c" "$SRC/float.c" "$SRC/double.c" \
  "$SRC/math.c" -lgcc
arm-none-eabi-objcopy -O binary --gap-fill 0 "$OUT/rp2040-bootrom.elf" "$OUT/rp2040-bootrom.bin.tmp"
used=$(stat -c %s "$OUT/rp2040-bootrom.bin.tmp")
if [ "$used" -gt 16384 ]; then echo "boot ROM too large: $used bytes > 16384" >&2; exit 1; fi
# Pad to the ROM's 16 KiB with zeroes.
{ cat "$OUT/rp2040-bootrom.bin.tmp"; head -c $((16384 - used)) /dev/zero; } >"$OUT/rp2040-bootrom.bin"
rm "$OUT/rp2040-bootrom.bin.tmp"
echo "built $OUT/rp2040-bootrom.{elf,bin}: $used of 16384 bytes used"

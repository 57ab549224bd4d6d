/**
 * Booting from the board's boot ROM (board data `boot.rom`): whether the loaded firmware carries a
 * second stage the ROM would accept, and the ROM image in the board's `rom` memory.
 *
 * The RP2040 ROM reads the first 256 bytes of flash and runs them as boot2 only when the CRC-32 of
 * bytes 0..251 equals the little-endian word at 252 (RP2040 datasheet §2.8.1.3; pico-bootrom
 * `bootrom_main.c`): CRC-32/MPEG-2, MSB first, polynomial 0x04c11db7, initial value 0xffffffff, no
 * final XOR. Firmware without it (the project's generated images, the bare-metal test programs)
 * keeps the board's documented boot convention.
 */
import type { Board } from '../../platforms/boards/schema.js';

/** CRC-32/MPEG-2 of `bytes` (MSB-first, poly 0x04c11db7, init 0xffffffff, no final XOR). */
export function crc32Mpeg2(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** Whether `memory` (the stage-2 memory's bytes) starts with a second stage the ROM accepts. */
export function hasValidStage2(board: Board, memory: Uint8Array | undefined): boolean {
  const rom = board.boot.rom;
  if (rom === undefined || memory === undefined) return false;
  const n = rom.stage2.bytes;
  if (memory.length < n) return false;
  const stored =
    (memory[n - 4]! | (memory[n - 3]! << 8) | (memory[n - 2]! << 16) | (memory[n - 1]! << 24)) >>>
    0;
  // An erased or empty flash (all 0xff or all 0) is no boot2, whatever its CRC.
  const body = memory.subarray(0, n - 4);
  if (body.every((b) => b === 0) || body.every((b) => b === 0xff)) return false;
  return crc32Mpeg2(body) === stored;
}

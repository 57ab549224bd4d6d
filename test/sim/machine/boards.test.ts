/** Every built-in board with an ISS builds a machine: memories, aliases, private RAMs, devices. */
import { describe, expect, it } from 'vitest';
import { BOARD_NAMES, builtinBoard } from '../../../platforms/boards/registry.js';
import { Machine } from '../../../sim/machine/machine.js';

describe('machines from board data', () => {
  for (const name of BOARD_NAMES.filter((n) => builtinBoard(n).iss)) {
    it(`builds ${name}`, () => {
      const board = builtinBoard(name);
      const m = new Machine(board);
      expect(m.cores.map((c) => c.type)).toEqual(board.cores.map((c) => c.type));
      const banks = board.memories
        .filter((x) => x.aliasOf === undefined && (x.kind === 'sram' || x.kind === 'tcm'))
        .reduce((n, x) => n + x.banks, 0);
      expect(m.map.arbiters.flatMap((a) => a.stats)).toHaveLength(banks);
    });
  }

  it('a core cannot reach another core private memory (STM32H755 DTCM is the M7 one)', () => {
    const m = new Machine(builtinBoard('stm32h755'));
    expect(m.map.find(0x2000_0000, 0)?.name).toBe('DTCM');
    expect(m.map.find(0x2000_0000, 1)).toBeUndefined();
  });

  it('the RP2040 non-striped alias shows bank 0 contiguously', () => {
    const m = new Machine(builtinBoard('rp2040'));
    m.loadBytes(0x2000_0010, Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd)); // word 4 = bank 0, word 1
    const alias = m.map.find(0x2100_0004, 0)!;
    expect(alias.toStorage!(4)).toBe(0x10);
    expect(m.buses[0]!.read32(0x2100_0004)).toBe(0xddccbbaa);
  });

  it('a board with a core that has no ISS is a diagnostic', () => {
    expect(() => new Machine(builtinBoard('esp32s3'))).toThrow(/machine\/core-not-simulated/);
  });
});

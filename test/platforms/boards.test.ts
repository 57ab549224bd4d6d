import { describe, expect, it } from 'vitest';
import { DiagnosticError } from '../../common/diagnostics.js';
import { CORE_TYPES } from '../../platforms/cores/index.js';
import { BOARD_NAMES, builtinBoard, withCores } from '../../platforms/boards/registry.js';
import { BOARD_CORE_TYPES, parseBoard, sharedMemories } from '../../platforms/boards/schema.js';
import { RP2040 } from '../../platforms/boards/rp2040.js';

function diagnostics(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.where}: ${d.message}`);
    throw e;
  }
  throw new Error('expected a DiagnosticError');
}

describe('built-in boards', () => {
  it('lists every board of the issue', () => {
    expect(BOARD_NAMES).toEqual([
      'rp2040',
      'rp2350-arm',
      'rp2350-riscv',
      'nrf5340',
      'stm32h755',
      'esp32c6',
      'esp32s3',
      'generic',
    ]);
  });

  it('every board parses and names only known core types', () => {
    for (const name of BOARD_NAMES) {
      const b = builtinBoard(name);
      expect(b.name).toBe(name);
      for (const c of b.cores) expect(BOARD_CORE_TYPES).toContain(c.type);
    }
  });

  it('every board core type but xtensa-lx7 has a simulator core type', () => {
    const simulated: readonly string[] = CORE_TYPES;
    expect(BOARD_CORE_TYPES.filter((t) => !simulated.includes(t))).toEqual(['xtensa-lx7']);
  });

  it('rp2040: two M0+ at 125 MHz, 4 word-striped 64 KB banks, the alias is not extra storage', () => {
    const b = builtinBoard('rp2040');
    expect(b.cores.map((c) => [c.type, c.clockHz])).toEqual([
      ['cortex-m0plus', 125e6],
      ['cortex-m0plus', 125e6],
    ]);
    const sram = b.memories.find((m) => m.name === 'SRAM')!;
    expect([sram.base, sram.size, sram.banks, sram.striping]).toEqual([
      0x2000_0000,
      262144,
      4,
      'word',
    ]);
    expect(b.sync).toMatchObject({ kind: 'sio', locks: 32, fifos: 2, fifoDepth: 8 });
    expect(sharedMemories(b, [0, 1]).map((m) => m.name)).toEqual([
      'ROM',
      'XIP',
      'SRAM',
      'SRAM4',
      'SRAM5',
    ]);
  });

  it('heterogeneous boards and private memories', () => {
    const h7 = builtinBoard('stm32h755');
    expect(h7.cores.map((c) => `${c.type}@${c.clockHz}`)).toEqual([
      'cortex-m7@480000000',
      'cortex-m4@240000000',
    ]);
    expect(sharedMemories(h7, [0, 1]).some((m) => m.name === 'DTCM')).toBe(false);
    expect(sharedMemories(h7, [0]).some((m) => m.name === 'DTCM')).toBe(true);
    expect(builtinBoard('esp32s3').iss).toBe(false);
    expect(builtinBoard('nrf5340').cores.map((c) => c.clockHz)).toEqual([128e6, 64e6]);
  });

  it('withCores keeps the first cores and drops memories private to the others', () => {
    const b = withCores(builtinBoard('nrf5340'), 1);
    expect(b.cores).toHaveLength(1);
    expect(b.memories.map((m) => m.name)).toEqual(['APP_FLASH', 'APP_RAM']);
    expect(diagnostics(() => withCores(builtinBoard('rp2040'), 3))).toEqual([
      '--cores: board rp2040 has 2 cores, 3 requested',
    ]);
  });
});

describe('generic board parameters', () => {
  it('N identical cores with B striped banks', () => {
    const b = builtinBoard('generic', ['cores=4', 'banks=2', 'core=cortex-m33', 'clockHz=200e6']);
    expect(b.cores.map((c) => `${c.id}:${c.type}@${c.clockHz}`)).toEqual([
      '0:cortex-m33@200000000',
      '1:cortex-m33@200000000',
      '2:cortex-m33@200000000',
      '3:cortex-m33@200000000',
    ]);
    const sram = b.memories.find((m) => m.kind === 'sram')!;
    expect([sram.banks, sram.striping, sram.size]).toEqual([2, 'word', 512 * 1024]);
  });

  it('a heterogeneous mix with per-core clocks', () => {
    const b = builtinBoard('generic', [
      'cores=cortex-m7@480e6,cortex-m4@240e6,hazard3',
      'clockHz=100e6',
    ]);
    expect(b.cores.map((c) => [c.type, c.clockHz])).toEqual([
      ['cortex-m7', 480e6],
      ['cortex-m4', 240e6],
      ['hazard3', 100e6],
    ]);
    expect(builtinBoard('generic', ['cores=xtensa-lx7']).iss).toBe(false);
  });

  it('reports every bad --set at once, naming the key', () => {
    expect(
      diagnostics(() =>
        builtinBoard('generic', [
          'cores=17',
          'banks=0',
          'clockHz=fast',
          'colour=red',
          'sync=mutex',
        ]),
      ),
    ).toEqual([
      '--set cores: expected 1-16 cores',
      '--set clockHz: expected a number (e.g. 4, 150e6, 256K)',
      '--set banks: expected an integer 1-16',
      '--set sync: Invalid option: expected one of "sio"|"hsem"|"ipc"|"atomics"',
      '--set colour: unknown key; the generic board takes cores, core, clockHz, banks, sramBytes, flashBytes, flashWaitStates, sync',
    ]);
    expect(diagnostics(() => builtinBoard('generic', ['banks']))).toEqual([
      '--set banks: expected key=value',
    ]);
    expect(diagnostics(() => builtinBoard('rp2040', ['cores=4']))).toEqual([
      '--set cores=4: board rp2040 takes no parameters (only the generic board does)',
    ]);
  });
});

describe('board files', () => {
  it('a wrong board lists every problem with its path', () => {
    const bad = structuredClone(RP2040) as Record<string, unknown> & typeof RP2040;
    bad.cores = [
      { id: 0, type: 'cortex-m0plus', clockHz: 125e6 },
      { id: 5, type: 'cortex-m0plus', clockHz: 125e6 },
    ];
    bad.memories = [
      ...bad.memories.filter((m) => ['ROM', 'XIP', 'SRAM'].includes(m.name)),
      {
        name: 'SRAM',
        base: 0x2004_0000,
        size: 1000,
        kind: 'sram',
        banks: 3,
        striping: 'none',
        privateTo: [2],
      },
      {
        name: 'ALIAS',
        base: 0x2100_0000,
        size: 4096,
        kind: 'sram',
        banks: 1,
        striping: 'none',
        aliasOf: 'NOPE',
      },
    ];
    expect(diagnostics(() => parseBoard(bad, 'my-board.json'))).toEqual([
      'my-board.json: cores.1.id: expected id 1',
      'my-board.json: memories.3.name: duplicate "SRAM"',
      'my-board.json: memories.3.banks: size must divide by banks',
      'my-board.json: memories.3.privateTo.0: no core 2 (the board has 2)',
      'my-board.json: memories.4.aliasOf: no memory "NOPE"',
    ]);
  });

  it('shape errors carry their paths too', () => {
    const bad = { ...RP2040, cores: [{ id: 0, type: 'cortex-m9', clockHz: -1 }], iss: 'yes' };
    expect(diagnostics(() => parseBoard(bad, 'b.yaml'))).toEqual([
      'b.yaml: cores.0.type: Invalid option: expected one of "cortex-m0plus"|"cortex-m4"|"cortex-m33"|"cortex-m7"|"hazard3"|"rv32imc-esp"|"rv32imac-esp"|"xtensa-lx7"',
      'b.yaml: cores.0.clockHz: Too small: expected number to be >0',
      'b.yaml: iss: Invalid input: expected boolean, received string',
    ]);
  });
});

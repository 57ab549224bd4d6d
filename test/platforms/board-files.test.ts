/**
 * Board files as a user writes them: the rp2040 entry of `arielsim boards --json` saved under another
 * name runs (issue: the SIO was mapped only for a board called rp2040), a generic board that
 * declares an SIO and the FIFO launch boots like an RP2040, and broken files get one error per
 * problem with its path and exit status 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveBoard } from '../../cli/commands/board-option.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import type { Board } from '../../platforms/boards/schema.js';
import { runModel } from '../../scenarios/run-model.js';
import { arielsim } from '../helpers/cli.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

const dir = mkdtempSync(join(tmpdir(), 'arielsim-board-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, data: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data, null, 2));
  return path;
}

/** Board data to break on purpose: loosely typed, as a user's file is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const rp2040 = () => JSON.parse(JSON.stringify(builtinBoard('rp2040'))) as Loose;

describe('a board file copied from arielsim boards --json', () => {
  it('runs zoo:lenet5 as the built-in rp2040 does (exit 0, same latency)', async () => {
    const { stdout } = await arielsim(['boards', '--json']);
    const entry = (JSON.parse(stdout) as { boards: Board[] }).boards.find(
      (b) => b.name === 'rp2040',
    );
    const file = save('rp2040-copy.json', { ...entry, name: 'rp2040-copy' });
    const [copy, builtin] = await Promise.all([
      arielsim(['run', 'zoo:lenet5', '--board', file, '--no-baseline', '--json']),
      arielsim(['run', 'zoo:lenet5', '--board', 'rp2040', '--no-baseline', '--json']),
    ]);
    expect(copy.stderr).toBe('');
    expect(copy.exitCode).toBe(0);
    const [a, b] = [JSON.parse(copy.stdout), JSON.parse(builtin.stdout)];
    expect(a.board).toBe('rp2040-copy');
    expect(a.bitExact).toBe(true);
    expect([a.latencyCycles, a.traceHash, a.cores]).toEqual([
      b.latencyCycles,
      b.traceHash,
      b.cores,
    ]);
  });
});

describe('exec --board with a board file', () => {
  it('runs the SIO spinlock program on a renamed rp2040 copy with the built-in cycles', async () => {
    const file = save('rp2040-exec.json', { ...builtinBoard('rp2040'), name: 'rp2040-exec' });
    const elf = 'test/programs/multicore/bin/spinlock_counter.elf';
    const [copy, builtin] = await Promise.all([
      arielsim(['exec', elf, '--board', file, '--json']),
      arielsim(['exec', elf, '--board', 'rp2040', '--json']),
    ]);
    expect([copy.exitCode, copy.stderr]).toEqual([0, 'counter ok']);
    const [a, b] = [JSON.parse(copy.stdout), JSON.parse(builtin.stdout)];
    expect([a.cores, a.banks, a.traceHash]).toEqual([b.cores, b.banks, b.traceHash]);
  });
});

describe('a generic board that declares an SIO and the FIFO launch sequence', () => {
  it('boots like an RP2040: core 1 held in the ROM, launched by the same FIFO words', () => {
    const generic = JSON.parse(
      JSON.stringify(builtinBoard('generic', ['core=cortex-m0plus', 'clockHz=125e6'])),
    ) as Loose;
    generic.name = 'generic-sio';
    generic.devices = [
      { kind: 'sio', name: 'SIO', base: 0xd000_0000, size: 0x1000, divider: true },
    ];
    generic.boot = {
      ...generic.boot,
      secondaryStart: 'fifo-launch-sequence',
      queueLock: { kind: 'read-claim', register: 0xd000_0000 + 0x100 + 4 * 31 },
    };
    const board = resolveBoard(save('generic-sio.json', generic), []);
    const g = ZOO.lenet5!.build();
    const input = seededInput(g.tensors[g.inputs[0]!]!, 1);
    const launchEvents = (b: Board) => {
      const r = runModel(g, b, input, { scheduler: 'ariel-greedy', baseline: false });
      expect(r.bitExact).toBe(true);
      expect(r.executor).toBe('shared-queue');
      // Core 1 started only through the launch: it took items, and was held (asleep) until then.
      expect(r.cores[1]!.items).toBeGreaterThan(0);
      return { start: r.image.start.kind, coreOneHeld: r.cores[1]!.sleeping > 0 };
    };
    const expected = { start: 'fifo-launch', coreOneHeld: true };
    expect(launchEvents(board)).toEqual(expected);
    expect(launchEvents(builtinBoard('rp2040'))).toEqual(expected);
  });
});

describe('board file problems: one error per problem, with its path, exit 2', () => {
  it('an unknown device kind, overlapping windows and memories, a stray lock and alias', async () => {
    const b = rp2040();
    b.name = 'broken';
    // The SIO only, so that the pushed devices are devices 1 and 2.
    b.devices = b.devices.filter((d: { kind: string }) => d.kind === 'sio');
    b.devices.push({ kind: 'uart', name: 'UART0', base: 0x4003_4000, size: 0x1000 });
    b.devices.push({ kind: 'mailbox', name: 'MB', base: 0xd000_0800, size: 0x1000 });
    b.boot.queueLock.register = 0x5000_0000;
    b.memories.push({
      name: 'HIGH',
      base: 0xffff_f000,
      size: 0x2000,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    });
    b.memories.push({
      name: 'VIEW',
      base: 0x3000_0000,
      size: 0x1000,
      kind: 'sram',
      banks: 1,
      striping: 'none',
      aliasOf: 'NOPE',
    });
    b.memories.push({
      name: 'OVER',
      base: 0x1010_0000,
      size: 0x1000,
      kind: 'sram',
      banks: 1,
      striping: 'none',
    });
    const file = save('broken.json', b);
    const r = await arielsim(['compile', 'zoo:lenet5', '--board', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const lines = r.stderr.trim().split('\n');
    const at = (path: string) =>
      lines.filter((l) => l.startsWith(`error[board/invalid] ${file}: ${path}:`));
    expect(at('devices.1.kind')[0]).toMatch(
      /Expected 'sio' \| 'hsem' \| 'mailbox' \| 'ipc' \| 'clint'/,
    );
    expect(at('devices.2.base')).toEqual([
      `error[board/invalid] ${file}: devices.2.base: device MB (0xd0000800-0xd00017ff) overlaps device SIO (0xd0000000-0xd0000fff)`,
    ]);
    expect(at('boot.queueLock.register')).toEqual([
      `error[board/invalid] ${file}: boot.queueLock.register: 0x50000000 is not inside any device window`,
    ]);
    expect(at('memories.9.size')).toEqual([
      `error[board/invalid] ${file}: memories.9.size: ends above 4 GiB`,
    ]);
    expect(at('memories.10.aliasOf')).toEqual([
      `error[board/invalid] ${file}: memories.10.aliasOf: no memory "NOPE"`,
    ]);
    expect(at('memories.11.base')).toEqual([
      `error[board/invalid] ${file}: memories.11.base: memory OVER (0x10100000-0x10100fff) overlaps memory XIP (0x10000000-0x101fffff)`,
    ]);
    expect(lines).toHaveLength(6);
  });

  it('a cache policy on a memory that is not an alias of a cached one; XIP_SRAM without a cache', () => {
    const b = rp2040();
    const sram = b.memories.find((m: { name: string }) => m.name === 'SRAM4');
    sram.cachePolicy = 'uncached';
    const view = b.memories.find((m: { name: string }) => m.name === 'SRAM_NONSTRIPED');
    view.cachePolicy = 'no-allocate';
    const xs = b.devices.find((d: { kind: string }) => d.kind === 'rp2040-xip-sram');
    xs.cache = 'SRAM';
    expect(diagnosticsOf(() => resolveBoard(save('b0.json', b), [])).map((d) => d.where)).toEqual([
      `${dir}/b0.json: memories.6.cachePolicy`,
      `${dir}/b0.json: memories.8.cachePolicy`,
      `${dir}/b0.json: devices.2.cache`,
    ]);
  });

  it('a lock register that is not a lock, of the wrong kind, and a wake address with no CLINT', () => {
    const b = rp2040();
    b.boot.queueLock = { kind: 'read-claim', register: 0xd000_0050 };
    b.boot.wake = { kind: 'software-interrupt', address: 0x0200_0000 };
    expect(diagnosticsOf(() => resolveBoard(save('b1.json', b), [])).map((d) => d.message)).toEqual(
      [
        "0xd0000050 is not one of SIO's lock registers (0xd0000100-0xd000017c)",
        "0x02000000 is not the base (hart 0's msip) of a clint device",
      ],
    );
    b.boot.queueLock = { kind: 'hsem-one-step', register: 0xd000_0100 };
    b.boot.wake = { kind: 'event' };
    expect(diagnosticsOf(() => resolveBoard(save('b2.json', b), [])).map((d) => d.where)).toEqual([
      `${join(dir, 'b2.json')}: boot.queueLock.register`,
    ]);
  });

  it('the FIFO launch needs an SIO and at most two cores; RISC-V harts without events need a CLINT', () => {
    const b = rp2040();
    b.devices = [];
    b.cores.push({ id: 2, type: 'cortex-m0plus', clockHz: 125e6 });
    b.boot.queueLock = { kind: 'atomics' };
    expect(diagnosticsOf(() => resolveBoard(save('b3.json', b), [])).map((d) => d.message)).toEqual(
      [
        'the FIFO launch sequence needs an sio device seen by cores 0 and 1',
        'the SIO FIFOs join exactly two cores; this board has 3 (use same-entry or held)',
      ],
    );
    const c = JSON.parse(JSON.stringify(builtinBoard('esp32c6'))) as Loose;
    c.devices = [];
    c.boot.wake = { kind: 'event' };
    expect(diagnosticsOf(() => resolveBoard(save('b4.json', c), [])).map((d) => d.message)).toEqual(
      ['a RISC-V core without Xh3power has no event instructions: wake by software-interrupt'],
    );
  });
});

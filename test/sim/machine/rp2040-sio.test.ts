/**
 * RP2040 programs in C (test/programs/multicore, built by its build.sh): core 1 launched through the
 * SIO FIFO by the boot ROM's wait loop, a spinlock-protected shared counter, and determinism.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinBoard } from '../../../platforms/boards/registry.js';
import { parseElf } from '../../../sim/elf.js';
import { Machine, type MachineRunResult } from '../../../sim/machine/machine.js';

const BIN = new URL('../../programs/multicore/bin/', import.meta.url);

function runProgram(
  name: string,
  quantumCycles?: number,
): { m: Machine; r: MachineRunResult; out: string } {
  const path = new URL(`${name}.elf`, BIN);
  const elf = parseElf(readFileSync(path), path.pathname);
  let out = '';
  const host = { writeStdout: (b: Uint8Array) => (out += Buffer.from(b).toString()) };
  const m = new Machine(builtinBoard('rp2040'), {
    host,
    ...(quantumCycles ? { quantumCycles } : {}),
  });
  m.load(elf);
  m.boot(Machine.bootAddress(elf));
  const r = m.run({ maxCycles: 2_000_000 });
  return { m, r, out };
}

describe('RP2040 SIO and core-1 launch', () => {
  it('launches core 1 through the FIFO sequence and counts exactly under spinlock 0', () => {
    const { m, r, out } = runProgram('spinlock_counter');
    expect(r.exit).toEqual({ kind: 'semihosting', code: 0, coreId: 0 });
    expect(out).toBe('counter ok\n');
    expect(m.sio!.counts.lockClaims).toBe(1000);
    const launch = m.timeline.events.find((e) => e.kind === 'launch');
    expect(launch).toMatchObject({ coreId: 1, detail: 'entry 0x200000d5' });
    expect(m.timeline.events.filter((e) => e.kind === 'rom-echo').map((e) => e.detail)).toEqual([
      '0x0',
      '0x0',
      '0x1',
      '0x20000000',
      '0x20041000',
      '0x200000d5',
    ]);
    const [c0, c1] = r.stats.cores;
    expect(c1!.sleeping).toBeGreaterThan(0); // held in the ROM until launched
    expect([c0!.cycles, c0!.instructions, c1!.instructions]).toMatchInlineSnapshot(`
      [
        18296,
        10695,
        10516,
      ]
    `);
  });

  it('is deterministic: three runs, identical cycles and trace hashes', () => {
    const runs = [0, 1, 2].map(() => runProgram('spinlock_counter').r);
    expect(new Set(runs.map((x) => x.traceHash)).size).toBe(1);
    expect(new Set(runs.map((x) => JSON.stringify(x.stats.cores))).size).toBe(1);
    expect(runs[0]!.traceHash).toMatchInlineSnapshot(`"0279b243"`);
  });

  it('loses updates without the lock, always the same ones', () => {
    const a = runProgram('racy_counter');
    const b = runProgram('racy_counter');
    expect(a.r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(a.out).toBe(b.out);
    expect(Number(a.out)).toBeLessThan(1000);
    expect(a.out).toMatchInlineSnapshot(`
      "502
      "
    `);
  });

  it('a coarser quantum still counts exactly (only timing moves)', () => {
    const { r, out } = runProgram('spinlock_counter', 64);
    expect(r.exit).toMatchObject({ kind: 'semihosting', code: 0 });
    expect(out).toBe('counter ok\n');
  });
});

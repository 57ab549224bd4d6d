/**
 * A real C program (test/programs/riscv/crc_dot.c: CRC-32 and an int8 dot product, GCC -O2,
 * rv32imac_zicsr) run through `arielsim exec`'s flat machine on every RV32 core model.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseElf } from '../../../sim/elf.js';
import { runElf } from '../../../sim/exec.js';
import { hasTool } from './toolchain.js';

const dir = fileURLToPath(new URL('../../programs/riscv/', import.meta.url));
const elfPath = join(dir, 'bin', 'crc_dot.elf');

function run(coreType: string) {
  let out = '';
  const elf = parseElf(readFileSync(elfPath), elfPath);
  const host = { writeStdout: (b: Uint8Array) => (out += Buffer.from(b).toString('latin1')) };
  const r = runElf(elf, { coreType, host, maxCycles: 1_000_000 });
  return { ...r, out };
}

describe('crc_dot.elf under arielsim exec', () => {
  it.each(['hazard3', 'rv32imc-esp'])(
    'prints the CRC and dot product and exits 0 on %s',
    (core) => {
      // rv32imc-esp has no A extension: the program (built for rv32imac) uses none.
      const r = run(core);
      expect(r.out).toBe('crc32 0xcbf43926\ndot 0x0000bdc0\n');
      expect(r.exit).toEqual({ kind: 'semihosting', code: 0 });
    },
  );

  it('costs a deterministic number of cycles per core model', () => {
    const h = run('hazard3');
    const e = run('rv32imc-esp');
    expect(h.core.cycles).toBe(run('hazard3').core.cycles);
    // Same instructions on both; only branch prediction differs (hazard3 predicts loop branches).
    expect(h.core.instructions).toBe(e.core.instructions);
    expect(e.core.cycles).toBeGreaterThan(h.core.cycles);
    expect([h.core.instructions, h.core.cycles, e.core.cycles]).toMatchInlineSnapshot(`
      [
        1957,
        2120,
        2297,
      ]
    `);
  });
});

// The bench/iss.ts programs (same C as the Cortex-M0+ ones, rv32imc). Their cycle counts were
// recorded before the inner loop got its inline instructions (fast-ops.ts) and must not move.
describe('bench programs', () => {
  it.each([
    ['bench_dot', 'hazard3', 3606856, 4128990],
    ['bench_dot', 'rv32imc-esp', 3606856, 4635243],
    ['bench_branchy', 'hazard3', 8921115, 11121149],
    ['bench_branchy', 'rv32imc-esp', 8921115, 12157758],
  ])('%s on %s: %i instructions, %i cycles', (name, coreType, instructions, cycles) => {
    const path = join(dir, 'bin', `${name}.elf`);
    const r = runElf(parseElf(readFileSync(path), path), {
      coreType,
      host: { writeStdout: () => undefined },
      maxCycles: 20_000_000,
    });
    expect(r.exit).toEqual({ kind: 'semihosting', code: 0 });
    expect([r.core.instructions, r.core.cycles]).toEqual([instructions, cycles]);
  });
});

describe.skipIf(!hasTool('riscv64-unknown-elf-gcc'))('test/programs/riscv/build.sh', () => {
  it('reproduces every committed ELF byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'rv32-build-'));
    try {
      execFileSync(join(dir, 'build.sh'), [out]);
      for (const name of ['crc_dot', 'bench_dot', 'bench_branchy']) {
        const built = readFileSync(join(out, `${name}.elf`));
        expect(built.equals(readFileSync(join(dir, 'bin', `${name}.elf`))), name).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** `arielsim exec <elf> --board <name>`: the CLI contract with per-core and per-bank statistics. */
import { describe, expect, it } from 'vitest';
import { arielsim } from '../../helpers/cli.js';

const ELF = 'test/programs/multicore/bin/spinlock_counter.elf';

describe('arielsim exec --board', () => {
  it('runs both RP2040 cores and reports cores and banks in --json', async () => {
    const r = await arielsim(['exec', ELF, '--board', 'rp2040', '--json']);
    expect(r.stderr).toBe('counter ok');
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.exit).toEqual({ kind: 'semihosting', code: 0 });
    expect(report.cores.map((c: { id: number; type: string }) => [c.id, c.type])).toEqual([
      [0, 'cortex-m0plus'],
      [1, 'cortex-m0plus'],
    ]);
    expect(report.cores[0].cycles).toBe(18296);
    expect(report.banks.map((b: { name: string }) => b.name)).toEqual([
      'SRAM0',
      'SRAM1',
      'SRAM2',
      'SRAM3',
      'SRAM4',
      'SRAM5',
    ]);
    for (const b of report.banks)
      expect(Object.keys(b)).toEqual(['name', 'accesses', 'conflictStalls']);
  });

  it('prints guest output on stdout without --json', async () => {
    const r = await arielsim(['exec', ELF, '--board', 'rp2040']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'counter ok']);
  });

  it('reports option mistakes as diagnostics, all at once', async () => {
    const r = await arielsim([
      'exec',
      ELF,
      '--board',
      'rp2040',
      '--core',
      'hazard3',
      '--set',
      'cores=2',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('give --core or --board');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects --set on a fixed board and an ELF for the wrong architecture', async () => {
    const set = await arielsim(['exec', ELF, '--board', 'rp2040', '--set', 'cores=4']);
    expect(set.exitCode).toBe(2);
    expect(set.stderr).toContain('board/bad-set');
    const arch = await arielsim(['exec', ELF, '--board', 'rp2350-riscv']);
    expect(arch.exitCode).toBe(2);
    expect(arch.stderr).toContain('machine/wrong-architecture');
  });
});

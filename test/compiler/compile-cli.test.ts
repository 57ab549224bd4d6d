import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arielsim } from '../helpers/cli.js';
import { SHARED_MODELS } from '../helpers/shared.js';

const KWS = join(SHARED_MODELS, 'kws_ref_model.tflite');
const tmp = () => mkdtempSync(join(tmpdir(), 'arielsim-compile-'));

describe('arielsim boards', () => {
  it('lists the boards with cores and clocks', async () => {
    const r = await arielsim(['boards']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/stm32h755\s+cortex-m7@480 MHz \+ cortex-m4@240 MHz/);
    expect(r.stdout).toMatch(
      /rp2040\s+2 x cortex-m0plus@125 MHz\s+XIP 2048 KB, SRAM 256 KB \(4 banks, striped\)/,
    );
  });

  it('--json gives the validated board data', async () => {
    const r = await arielsim(['boards', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.boards).toHaveLength(8);
    expect(j.boards[0].cores).toEqual([
      { id: 0, type: 'cortex-m0plus', clockHz: 125e6, name: 'core0' },
      { id: 1, type: 'cortex-m0plus', clockHz: 125e6, name: 'core1' },
    ]);
  });
});

describe('arielsim compile: user mistakes', () => {
  it('reports every bad --set at once without a stack trace', async () => {
    const r = await arielsim([
      'compile', 'zoo:lenet5', '--board', 'generic', '--set', 'cores=99', '--set', 'banks=x',
    ]); // prettier-ignore
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error[board/bad-set] --set cores: expected 1-16 cores',
      'error[board/bad-set] --set banks: expected a number (e.g. 4, 150e6, 256K)',
    ]);
  });

  it('a wrong board file lists its problems with paths', async () => {
    const file = join(tmp(), 'b.json');
    writeFileSync(file, JSON.stringify({ name: 'Bad Name', cores: [] }));
    const r = await arielsim(['compile', 'zoo:lenet5', '--board', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `error[board/invalid] ${file}: name: lower-case letters, digits and dashes`,
    );
    expect(r.stderr).toContain(
      `error[board/invalid] ${file}: cores: Too small: expected array to have >=1 items`,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a model that does not fit names the numbers', async () => {
    const r = await arielsim([
      'compile',
      'zoo:lenet5',
      '--board',
      'generic',
      '--set',
      'sramBytes=4K',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^error\[compile\/does-not-fit\] lenet5 on generic: needs \d+ bytes of SRAM \(arena \d+ \+ weights 0\), SRAM has 4096$/m,
    );
  });

  it('rejects an unknown scheduler and too many cores', async () => {
    const r = await arielsim([
      'compile',
      'zoo:lenet5',
      '--board',
      'rp2040',
      '--scheduler',
      'magic',
      '--cores',
      '3',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error[cli/bad-option] --scheduler');
  });
});

describe.skipIf(!existsSync(KWS))('arielsim compile on the MLPerf KWS model', () => {
  it('--json holds the contract fields', async () => {
    const r = await arielsim(['compile', KWS, '--board', 'rp2040', '--json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ board: 'rp2040', cores: 2, scheduler: expect.any(String) });
    for (const k of [
      'makespanCycles',
      'lowerBoundCycles',
      'efficiency',
      'arenaBytes',
      'flashBytes',
    ])
      expect(typeof j[k]).toBe('number');
    expect(j.flashBytes).toBe(24_376);
    expect(j.makespanCycles).toBe(
      Math.min(...j.schedulers.map((s: { makespanCycles: number }) => s.makespanCycles)),
    );
    expect(j.efficiency).toBeCloseTo(j.lowerBoundCycles / j.makespanCycles, 12);
  });

  it('--out writes the task graph, schedule and memory plan', async () => {
    const out = tmp();
    const r = await arielsim([
      'compile',
      KWS,
      '--board',
      'stm32h755',
      '--scheduler',
      'heft',
      '--out',
      out,
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/heft \*\s+\d+/);
    const tg = JSON.parse(readFileSync(join(out, 'taskgraph.json'), 'utf8'));
    const sched = JSON.parse(readFileSync(join(out, 'schedule.json'), 'utf8'));
    const plan = JSON.parse(readFileSync(join(out, 'memory-plan.json'), 'utf8'));
    expect(sched.policy).toBe('heft');
    expect(sched.times).toHaveLength(tg.items.length);
    expect(plan.arenaMemory).toBe('AXI_SRAM');
    expect(plan.flashBytes).toBe(24_376);
  });
});

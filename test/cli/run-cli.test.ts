/** `arielsim run`: the contract's flags, outputs and files, and user mistakes. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arielsim } from '../helpers/cli.js';
import { HAVE_SHARED, SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'arielsim-run-'));

describe('arielsim run', () => {
  it('runs a zoo model bit-exact and writes output, trace and report', async () => {
    const dir = tmp();
    const out = join(dir, 'out.bin');
    const trace = join(dir, 'trace.json');
    const report = join(dir, 'report.html');
    const r = await arielsim([
      'run',
      'zoo:lenet5',
      '--board',
      'rp2040',
      '--json',
      '--output',
      out,
      '--trace',
      trace,
      '--report',
      report,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.bitExact).toBe(true);
    expect(j.board).toBe('rp2040');
    expect(j.latencyCycles).toBeGreaterThan(0);
    expect(j.latencyMs).toBeCloseTo((j.latencyCycles / 125e6) * 1e3, 9);
    expect(j.speedup).toBeGreaterThan(1);
    expect(j.cores).toHaveLength(2);
    for (const c of j.cores) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['cycles', 'busy', 'stalled', 'idle']));
      expect(c.busy + c.idle).toBe(c.cycles);
    }
    expect(j.arenaBytes).toBeGreaterThan(0);
    expect(j.flashBytes).toBeGreaterThan(0);
    // The output file holds what the reference interpreter computes for the same seeded input.
    const ref = join(dir, 'ref.bin');
    const inferred = await arielsim(['infer', 'zoo:lenet5', '--output', ref]).catch(
      () => undefined,
    );
    if (inferred?.exitCode === 0) expect(readFileSync(out).equals(readFileSync(ref))).toBe(true);
    expect(readFileSync(out).length).toBe(10);
    const events = JSON.parse(readFileSync(trace, 'utf8')).traceEvents;
    const items = events.filter((e: { ph: string }) => e.ph === 'X');
    expect(items.length).toBe(j.cores[0].items + j.cores[1].items);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('bit-exact');
  });

  it('prints a readable report without --json', async () => {
    const r = await arielsim(['run', 'zoo:fc_autoencoder', '--board', 'generic', '--cores', '2']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('bit-exact with the reference interpreter');
    expect(r.stdout).toMatch(/speedup\s+\d+(\.\d+)?x over core 0 alone/);
    expect(r.stdout).toContain('FULLY_CONNECTED');
  });

  it('reports all option mistakes at once, with status 2 and no stack trace', async () => {
    const r = await arielsim([
      'run',
      'zoo:lenet5',
      '--board',
      'rp2040',
      '--scheduler',
      'fastest',
      '--cores',
      'two',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--scheduler');
    expect(r.stderr).toContain('--cores');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an input of the wrong size and writes nothing', async () => {
    const dir = tmp();
    const input = join(dir, 'in.bin');
    writeFileSync(input, new Uint8Array(7));
    const out = join(dir, 'out.bin');
    const r = await arielsim([
      'run',
      'zoo:lenet5',
      '--board',
      'rp2040',
      '--input',
      input,
      '--output',
      out,
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error[run/input-size]');
    expect(existsSync(out)).toBe(false);
  });

  it('names an unknown board and a missing model', async () => {
    const a = await arielsim(['run', 'zoo:lenet5', '--board', 'rp9999']);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain('rp9999');
    const b = await arielsim(['run', 'no/such.tflite', '--board', 'rp2040']);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('error[io/not-found]');
  });

  it.skipIf(!HAVE_SHARED)('reproduces the KWS golden output from its input file', async () => {
    const dir = tmp();
    const out = join(dir, 'kws.bin');
    const r = await arielsim([
      'run',
      join(SHARED_MODELS, 'kws_ref_model.tflite'),
      '--board',
      'stm32h755',
      '--no-baseline',
      '--input',
      join(SHARED_GOLDEN, 'kws_ref_model', 'case00.input.bin'),
      '--output',
      out,
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const golden = readFileSync(join(SHARED_GOLDEN, 'kws_ref_model', 'case00.output.bin'));
    expect(readFileSync(out).equals(golden)).toBe(true);
  });
});

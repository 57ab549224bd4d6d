/**
 * The fuzz test: a few hundred seeded mutations of zoo models (mutate.ts) through the paths of
 * `inspect`, `compile` and `run --no-baseline` (driver.ts, in a child process so that a hang can be
 * seen and killed). Every case must end in a diagnostic or a bit-exact run: no crash, no mismatch,
 * no hang. A sample of the rejected cases also goes through the real `arielsim inspect`.
 *
 * More cases by hand: npx tsx test/fuzz/driver.ts --first 1000 --cases 5000 --budget 1200
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ZOO } from '../../compiler/zoo/registry.js';
import { arielsim, REPO } from '../helpers/cli.js';
import type { CaseResult } from './driver.js';
import { FUZZ_MODELS, fuzzCase } from './mutate.js';

const CASES = 400;
/** Seconds of fuzzing at most; the cases not started by then are left out (and counted). */
const BUDGET_S = 240;
/** A case that prints nothing for this long is a hang. */
const HANG_S = 90;

interface Run {
  results: CaseResult[];
  hung?: { seed: number; mutations: string[] };
  done?: { done: number; seconds: number };
  stderr: string;
}

async function fuzz(): Promise<Run> {
  const child = execa(
    'node',
    ['--import', 'tsx', 'test/fuzz/driver.ts', '--cases', `${CASES}`, '--budget', `${BUDGET_S}`],
    { cwd: REPO, reject: false, buffer: { stdout: false } },
  );
  const run: Run = { results: [], stderr: '' };
  let started: { seed: number; mutations: string[] } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      run.hung = started;
      child.kill('SIGKILL');
    }, HANG_S * 1000);
  };
  arm();
  for await (const line of createInterface({ input: child.stdout! })) {
    arm();
    const v = JSON.parse(line);
    if (v.start !== undefined) started = { seed: v.start, mutations: v.mutations };
    else if (v.outcome !== undefined) run.results.push(v);
    else if (v.done !== undefined) run.done = v;
  }
  const r = await child;
  clearTimeout(timer);
  run.stderr = String(r.stderr ?? '');
  return run;
}

describe('fuzzed models', () => {
  it(
    `end in a diagnostic or a bit-exact run: no crash, no mismatch, no hang (${CASES} seeds)`,
    { timeout: (BUDGET_S + HANG_S + 120) * 1000 },
    async () => {
      const run = await fuzz();
      expect(run.hung, `hung on ${JSON.stringify(run.hung)}`).toBeUndefined();
      expect(run.done, run.stderr).toBeDefined();
      const count = (o: string) => run.results.filter((r) => r.outcome === o).length;
      const byCode = new Map<string, number>();
      for (const r of run.results)
        if (r.code !== undefined) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
      console.log(
        `[fuzz] ${run.done!.done} cases in ${run.done!.seconds.toFixed(0)} s: ` +
          `${count('rejected')} rejected, ${count('ran')} ran bit-exact, ${count('limit')} at the cycle limit, ` +
          `${count('crash')} crashes, ${count('mismatch')} mismatches; codes ${JSON.stringify(Object.fromEntries(byCode))}`,
      );
      const findings = run.results.filter((r) => r.outcome === 'crash' || r.outcome === 'mismatch');
      expect(findings.map((f) => `seed ${f.seed} ${f.mutations.join('; ')}: ${f.message}`)).toEqual(
        [],
      );
      // Enough cases to mean something, reaching every stage.
      expect(run.done!.done).toBeGreaterThanOrEqual(100);
      expect(count('rejected')).toBeGreaterThan(0);
      expect(count('ran')).toBeGreaterThan(0);

      // The CLI says the same: a rejected case of each of a few codes through `arielsim inspect`.
      const dir = mkdtempSync(join(tmpdir(), 'arielsim-fuzz-'));
      const models = Object.fromEntries(FUZZ_MODELS.map((n) => [n, ZOO[n]!.build()]));
      const sample = [
        ...new Map(
          run.results.filter((r) => r.stage === 'inspect' && r.code).map((r) => [r.code, r]),
        ).values(),
      ].slice(0, 4);
      for (const r of sample) {
        const c = fuzzCase(r.seed, models)!;
        const path = join(dir, `seed-${r.seed}.tflite`);
        writeFileSync(path, c.bytes);
        const cli = await arielsim(['inspect', path]);
        expect(cli.exitCode).toBe(2);
        expect(cli.stderr.startsWith(`error[${r.code}] ${path}`)).toBe(true);
        expect(cli.stderr).not.toMatch(/\n\s+at /);
      }
    },
  );
});

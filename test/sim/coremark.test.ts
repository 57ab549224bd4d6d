/**
 * CoreMark on every core model (../shared/firmware/coremark: one ELF per model, expected.json), run
 * as `arielsim exec <elf> --core <core>` runs it (scenarios/coremark.ts): each ELF once, reaching
 * the end of its report with the known CRCs, and giving exactly today's Total ticks and simulated
 * cycles. Skips visibly without ../shared.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COREMARK_CRCS,
  readCoremarkExpected,
  runCoremark,
  TOO_SHORT,
} from '../../scenarios/coremark.js';
import { SHARED } from '../helpers/shared.js';

const DIR = join(SHARED, 'firmware/coremark');
const HAVE = existsSync(join(DIR, 'expected.json'));
if (!HAVE) console.warn(`[skip] ${DIR} not found: the CoreMark runs are skipped`);

/**
 * What each model gives today, hard-coded on purpose: a timing change anywhere (core models, bus,
 * sequencing) then shows here as a reviewed diff. `ticks` is the report's Total ticks (the timed
 * region); `cycles` the core's cycles from reset to SYS_EXIT. Update both from a run when a timing
 * change is intended.
 */
const TODAY: Record<string, { ticks: number; cycles: number }> = {
  'cortex-m0plus-O2.elf': { ticks: 51_574_315, cycles: 51_647_579 },
  'cortex-m4-O2-hasfloat.elf': { ticks: 37_518_125, cycles: 37_566_291 },
  'cortex-m33-O2.elf': { ticks: 37_618_830, cycles: 37_665_167 },
  'cortex-m7-O2.elf': { ticks: 30_289_711, cycles: 30_328_208 },
  'hazard3-recipe-noc.elf': { ticks: 27_103_364, cycles: 27_165_779 },
  'rv32imc-O2.elf': { ticks: 38_009_000, cycles: 38_056_420 },
  'rv32imac-O2.elf': { ticks: 38_009_000, cycles: 38_056_619 },
};

describe.skipIf(!HAVE)('CoreMark (../shared/firmware/coremark) on arielsim exec --core', () => {
  const cases = HAVE ? readCoremarkExpected(DIR).cases : [];

  it("has today's figures for every ELF of expected.json", () => {
    expect(cases.map((c) => c.elf).sort()).toEqual(Object.keys(TODAY).sort());
  });

  for (const c of cases) {
    it(`${c.elf} on ${c.core}: the known CRCs, today's ticks and cycles`, () => {
      const { result, stdout, report } = runCoremark(join(DIR, c.elf), c.core);
      expect(result.exit, stdout.slice(-400)).toEqual({ kind: 'semihosting', code: 0 });
      expect(report.crcs).toEqual(COREMARK_CRCS);
      expect(report.iterations).toBe(100);
      // 100 iterations run for well under 10 s, which CoreMark counts as its only error.
      expect(report.errors).toEqual([TOO_SHORT]);
      expect(report.validated).toBe(false);
      expect({ ticks: report.totalTicks, cycles: result.core.cycles }).toEqual(TODAY[c.elf]);
    });
  }
});

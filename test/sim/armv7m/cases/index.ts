/** Every instruction case, by group, and extra programs other tests assemble. */
import type { InstructionCase } from '../harness.js';
import { ACQUIRE_RELEASE } from './acquire-release.js';
import { CONTROL } from './control.js';
import { DSP } from './dsp.js';
import { DATA_PROCESSING } from './integer.js';
import { MEMORY } from './memory.js';
import { FPU } from './fpu.js';

export const CASE_GROUPS: Record<string, InstructionCase[]> = {
  'data processing': DATA_PROCESSING,
  dsp: DSP,
  memory: MEMORY,
  control: CONTROL,
  fpu: FPU,
  'load-acquire/store-release (v8-M)': ACQUIRE_RELEASE,
};

export const ALL_CASES: InstructionCase[] = Object.values(CASE_GROUPS).flat();

/** Programs assembled for tests outside the case tables (see sequencing.test.ts). */
export const EXTRA_PROGRAMS: readonly (readonly string[])[] = [
  ['ldr.w pc, [r0]'],
  ['pop.w {r4, r5, pc}'],
  ['sdiv r0, r1, r2'],
  ['vadd.f32 s0, s1, s2'],
  ['cmp r0, #1', 'ite eq', 'addeq r1, r1, #1', 'subne r2, r2, #1'],
];

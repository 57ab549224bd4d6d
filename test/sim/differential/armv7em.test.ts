/**
 * ARMv7E-M differential tests against Unicorn's Cortex-M4: 500 seeded blocks of 20 instructions
 * (Thumb-2, DSP and the 16-bit encodings), after each of which r0-r12, SP, LR, APSR.NZCV, Q, GE and
 * the data window must match; and a hard-float C program (test/programs/src/fp_double.c: doubles
 * in D registers around soft-double calls, s16-s31 saved with VPUSH/VPOP), run from reset to its
 * `finish` function, after which the core registers, S0-S31, FPSCR and its RAM must match.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UcCpuArm, unicornUnavailable } from '../../../sim/backends/unicorn.js';
import { differences, runCampaign } from './harness.js';
import { armv7emGenerator } from './armv7em.js';
import { ARMV7EM_TARGET } from './targets.js';
import {
  ELF_VALUE_NAMES,
  loadElf,
  ramWindow,
  runElfOnIss,
  runElfOnUnicorn,
  type ElfRun,
} from './elf-program.js';

const unavailable = unicornUnavailable();
if (unavailable !== undefined) console.warn(`skipping ARMv7E-M differential tests: ${unavailable}`);

const PROGRAMS = fileURLToPath(new URL('../../programs/bin/', import.meta.url));

describe.skipIf(unavailable !== undefined)('ARMv7E-M: arielsim vs Unicorn', () => {
  it('agrees on 500 random blocks of 20 instructions', () => {
    const campaign = { seed: 1, blocks: 500, length: 20 };
    const result = runCampaign(ARMV7EM_TARGET, armv7emGenerator(), campaign);
    expect(result.instructions).toBe(10_000);
    expect(result.reports.join('\n\n'), `${result.mismatches} mismatching blocks`).toBe('');
  });

  it('agrees on a hard-float C program with doubles (fp_double.elf) at its finish', () => {
    const run: ElfRun = {
      elf: loadElf(join(PROGRAMS, 'cortex-m4/fp_double.elf')),
      coreType: 'cortex-m4',
      unicornCpu: UcCpuArm.CORTEX_M4,
      stopAt: 'finish',
      ram: ['__data_start', '__stack_top'],
      maxInstructions: 1_000_000,
    };
    const iss = runElfOnIss(run);
    const reference = runElfOnUnicorn(run);
    expect('state' in iss ? 'arrived' : iss.fault).toBe('arrived');
    const target = { valueNames: ELF_VALUE_NAMES, dataBase: ramWindow(run).base };
    expect(differences(target, iss, reference) ?? []).toEqual([]);
  });
});

/**
 * ARMv7E-M differential test: 500 seeded blocks of 20 instructions (Thumb-2, DSP and the 16-bit
 * encodings) run on arielsim's Cortex-M4 and on Unicorn's Cortex-M4; r0-r12, SP, LR,
 * APSR.NZCV, Q, GE and the data window must match after every block.
 */
import { describe, expect, it } from 'vitest';
import { unicornUnavailable } from '../../../sim/backends/unicorn.js';
import { runCampaign } from './harness.js';
import { armv7emGenerator } from './armv7em.js';
import { ARMV7EM_TARGET } from './targets.js';

const unavailable = unicornUnavailable();
if (unavailable !== undefined) console.warn(`skipping ARMv7E-M differential tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('ARMv7E-M: arielsim vs Unicorn', () => {
  it('agrees on 500 random blocks of 20 instructions', () => {
    const campaign = { seed: 1, blocks: 500, length: 20 };
    const result = runCampaign(ARMV7EM_TARGET, armv7emGenerator(), campaign);
    expect(result.instructions).toBe(10_000);
    expect(result.reports.join('\n\n'), `${result.mismatches} mismatching blocks`).toBe('');
  });
});

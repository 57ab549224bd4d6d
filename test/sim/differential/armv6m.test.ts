/**
 * ARMv6-M differential test: 500 seeded blocks of 20 instructions run on arielsim's Cortex-M0+ and on
 * Unicorn's Cortex-M0; r0-r12, SP, LR, APSR.NZCV and the data window must match after every block.
 */
import { describe, expect, it } from 'vitest';
import { unicornUnavailable } from '../../../sim/backends/unicorn.js';
import { runCampaign } from './harness.js';
import { armv6mGenerator } from './armv6m.js';
import { ARMV6M_TARGET } from './targets.js';

const unavailable = unicornUnavailable();
if (unavailable !== undefined) console.warn(`skipping ARMv6-M differential tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('ARMv6-M: arielsim vs Unicorn', () => {
  it('agrees on 500 random blocks of 20 instructions', () => {
    const campaign = { seed: 1, blocks: 500, length: 20 };
    const result = runCampaign(ARMV6M_TARGET, armv6mGenerator(), campaign);
    expect(result.instructions).toBe(10_000);
    expect(result.reports.join('\n\n'), `${result.mismatches} mismatching blocks`).toBe('');
  });
});

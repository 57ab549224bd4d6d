/**
 * RV32IMC differential test: 500 seeded blocks of 20 instructions run on arielsim's Rv32Core and on
 * Unicorn; registers and the data window must match after every block.
 */
import { describe, expect, it } from 'vitest';
import { unicornUnavailable } from '../../../sim/backends/unicorn.js';
import { runCampaign } from './harness.js';
import { RV32_TARGET, rv32Generator } from './rv32.js';

const unavailable = unicornUnavailable();
if (unavailable !== undefined) console.warn(`skipping RV32 differential tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('RV32IMC: arielsim vs Unicorn', () => {
  it('agrees on 500 random blocks of 20 instructions', () => {
    const result = runCampaign(RV32_TARGET, rv32Generator(), { seed: 1, blocks: 500, length: 20 });
    expect(result.instructions).toBe(10_000);
    expect(result.reports.join('\n\n'), `${result.mismatches} mismatching blocks`).toBe('');
  });
});

/**
 * Tests of the differential machinery itself: the generators stay inside their constraints and
 * their exclusion lists name real table entries; a simulator that goes wrong at one instruction is
 * reported at exactly that instruction, with the differing register.
 */
import { describe, expect, it } from 'vitest';
import { Prng } from '../../../common/prng.js';
import { unicornUnavailable } from '../../../sim/backends/unicorn.js';
import { ARMV6M_TABLE } from '../../../sim/isa/armv6m/table.js';
import { ARMV7M_TABLE } from '../../../sim/isa/armv7m/table.js';
import { RV32_TABLE } from '../../../sim/isa/rv32/table.js';
import type { DiffTarget, Outcome } from './harness.js';
import { explainMismatch, runCampaign } from './harness.js';
import { RV32_EXCLUDED, RV32_TARGET, rv32Generator } from './rv32.js';
import { ARMV6M_EXCLUDED, armv6mGenerator } from './armv6m.js';
import { ARMV7EM_EXCLUDED, armv7emGenerator } from './armv7em.js';
import { encodeThumb } from './thumb-target.js';

describe('generators', () => {
  it('exclusion lists name existing table entries', () => {
    const names = (t: readonly { mnemonic: string }[]) => new Set(t.map((e) => e.mnemonic));
    const rv = names(RV32_TABLE);
    const v6 = names(ARMV6M_TABLE);
    const v7 = names(ARMV7M_TABLE);
    expect(Object.keys(RV32_EXCLUDED).filter((m) => !rv.has(m))).toEqual([]);
    expect(Object.keys(ARMV6M_EXCLUDED).filter((m) => !v6.has(m))).toEqual([]);
    expect(Object.keys(ARMV7EM_EXCLUDED).filter((m) => !v7.has(m))).toEqual([]);
  });

  it('are deterministic per seed and never emit an excluded entry', () => {
    const cases = [
      [rv32Generator(), RV32_EXCLUDED],
      [armv6mGenerator(), ARMV6M_EXCLUDED],
      [armv7emGenerator(), { ...ARMV6M_EXCLUDED, ...ARMV7EM_EXCLUDED }],
    ] as const;
    for (const [g, excluded] of cases) {
      const a = g.block(new Prng(7), 500);
      expect(g.block(new Prng(7), 500)).toEqual(a);
      expect(a.filter((i) => excluded[i.mnemonic] !== undefined)).toEqual([]);
      // A broad mix: at least 40 distinct encodings in 500 instructions.
      expect(new Set(a.map((i) => i.mnemonic)).size).toBeGreaterThan(40);
    }
  });

  it('keeps RV32 x2 and x8 (the data-window bases) unwritten', () => {
    const block = rv32Generator().block(new Prng(3), 2000);
    for (const i of block) {
      if (i.size === 4 && !['sb', 'sh', 'sw'].includes(i.mnemonic)) {
        expect([2, 8], i.mnemonic).not.toContain((i.word >>> 7) & 31);
      }
    }
  });

  it('lays out Thumb-2 instructions first halfword first', () => {
    const bytes = encodeThumb([
      { word: 0x2005, size: 2, mnemonic: 'MOVS' },
      { word: 0xfb00f102, size: 4, mnemonic: 'MUL T2' },
    ]);
    expect(Array.from(bytes)).toEqual([0x05, 0x20, 0x00, 0xfb, 0x02, 0xf1]);
  });
});

const unavailable = unicornUnavailable();
if (unavailable !== undefined) console.warn(`skipping differential self-tests: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('mismatch reports', () => {
  /** An ISS that gets x5 wrong whenever the block contains a `mul`. */
  const broken: DiffTarget = {
    ...RV32_TARGET,
    runIss(block, initial): Outcome {
      const out = RV32_TARGET.runIss(block, initial);
      if ('state' in out && block.some((i) => i.mnemonic === 'mul')) out.state.values[4]! ^= 1;
      return out;
    },
  };

  it('shrinks to the first instruction that makes the states differ', () => {
    const g = rv32Generator();
    const prng = new Prng(11);
    let block = g.block(prng, 20);
    while (!block.slice(1).some((i) => i.mnemonic === 'mul')) block = g.block(prng, 20);
    const first = block.findIndex((i) => i.mnemonic === 'mul');
    const report = explainMismatch(broken, block, g.initialState(prng), 'self-test');
    const word = block[first]!.word.toString(16).padStart(8, '0');
    expect(report).toContain(`instruction #${first + 1} ${word}  mul differs`);
    expect(report).toMatch(/ {2}x5: arielsim 0x[0-9a-f]{8}, Unicorn 0x[0-9a-f]{8}/);
    expect(report.split('\n').filter((l) => l.includes('<-- first difference'))).toHaveLength(1);
  });

  it('counts every mismatching block in a campaign', () => {
    const result = runCampaign(broken, rv32Generator(), { seed: 5, blocks: 20, length: 20 });
    const expected = Array.from({ length: 20 }, (_, b) =>
      rv32Generator()
        .block(new Prng(5 * 100_003 + b), 20)
        .some((i) => i.mnemonic === 'mul'),
    ).filter(Boolean).length;
    expect(expected).toBeGreaterThan(0);
    expect(result.mismatches).toBe(expected);
    expect(result.reports).toHaveLength(Math.min(3, expected));
  });
});

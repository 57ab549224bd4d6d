/** The ARMv6-M decode table: no undeclared overlaps, and every encoding decodes to its entry. */
import { describe, expect, test } from 'vitest';
import { ARMV6M_TABLE, OVERLAP_ALLOWED } from '../../../sim/isa/armv6m/table.js';
import {
  entriesOverlap,
  isThumb32Prefix,
  ThumbDecoder,
} from '../../../sim/core/cortex-m/decode.js';
import { assemble } from './thumb-asm.js';
import { EVERY_FORM } from './every-form.js';

describe('ARMv6-M decode table', () => {
  test('no two entries overlap unless allowed', () => {
    const allowed = new Set(OVERLAP_ALLOWED.map(([a, b]) => `${a}|${b}`));
    const collisions: string[] = [];
    ARMV6M_TABLE.forEach((a, i) =>
      ARMV6M_TABLE.slice(i + 1).forEach((b) => {
        if (entriesOverlap(a, b) && !allowed.has(`${a.mnemonic}|${b.mnemonic}`)) {
          collisions.push(`${a.mnemonic} / ${b.mnemonic}`);
        }
      }),
    );
    expect(collisions).toEqual([]);
  });

  test('the overlap check catches a collision', () => {
    const [a, b] = [ARMV6M_TABLE[0]!, { ...ARMV6M_TABLE[0]!, match: 0x0040, mask: 0xffc0 }];
    expect(entriesOverlap(a, b)).toBe(true);
  });

  test('16-bit entries stay out of the 32-bit prefix space, 32-bit ones inside it', () => {
    for (const e of ARMV6M_TABLE) {
      const first = e.size === 2 ? e.match : e.match >>> 16;
      expect(isThumb32Prefix(first), e.mnemonic).toBe(e.size === 4);
    }
  });

  test('every assembled form decodes to the entry of its mnemonic', () => {
    const decoder = new ThumbDecoder([ARMV6M_TABLE], ['armv6m']);
    const { bytes } = assemble(EVERY_FORM, 0x100);
    const seen = new Set<string>();
    for (let o = 0; o < bytes.length - 4;) {
      const hw = bytes[o]! | (bytes[o + 1]! << 8);
      if (isThumb32Prefix(hw)) {
        const word = ((hw << 16) | bytes[o + 2]! | (bytes[o + 3]! << 8)) >>> 0;
        seen.add(decoder.decode32(word)?.mnemonic ?? `undefined 0x${word.toString(16)}`);
        o += 4;
      } else {
        seen.add(decoder.decode16(hw)?.mnemonic ?? `undefined 0x${hw.toString(16)}`);
        o += 2;
      }
    }
    const missing = ARMV6M_TABLE.map((e) => e.mnemonic).filter((m) => !seen.has(m));
    // The NOP hint (0xbf00) and UDF.W are not in the assembler listing; everything else is.
    expect(missing.sort()).toEqual(['NOP', 'UDF (T2)']);
    expect([...seen].filter((m) => m.startsWith('undefined'))).toEqual([]);
  });

  test('an extension not enabled is not decoded', () => {
    const decoder = new ThumbDecoder([ARMV6M_TABLE], ['armv7m']);
    expect(decoder.decode16(0x2000)).toBeUndefined();
  });

  test('CBZ, IT and 32-bit Thumb-2 data processing are undefined on ARMv6-M', () => {
    const decoder = new ThumbDecoder([ARMV6M_TABLE], ['armv6m']);
    expect(decoder.decode16(0xb100)).toBeUndefined(); // CBZ r0
    expect(decoder.decode16(0xbf08)).toBeUndefined(); // IT EQ
    expect(decoder.decode32(0xeb000001)).toBeUndefined(); // ADD.W r0, r0, r1
  });
});

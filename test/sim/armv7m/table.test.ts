/**
 * The decode tables: no two entries overlap unless the pair is on an allow-list (the special case
 * having strictly more fixed bits), masks cover matches, extensions are known, and the decoder
 * derived for each core model picks the expected entries.
 */
import { describe, expect, it } from 'vitest';
import {
  entriesOverlap,
  ThumbDecoder,
  type ThumbEntry,
} from '../../../sim/core/cortex-m/decode.js';
import { ARMV7M_TABLE, OVERLAP_ALLOWED } from '../../../sim/isa/armv7m/table.js';
import { VFP_TABLE } from '../../../sim/isa/vfp/table.js';
import { cortexM4Model } from '../../../platforms/cores/cortex-m4.js';
import { MODELS } from './harness.js';

const ALL: readonly ThumbEntry[] = [...ARMV7M_TABLE, ...VFP_TABLE];
const popcount = (x: number) => [...(x >>> 0).toString(2)].filter((b) => b === '1').length;

describe('ARMv7-M and VFP decode tables', () => {
  it('have unique mnemonics', () => {
    const names = ALL.map((e) => e.mnemonic);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('have matches inside their masks and known extensions', () => {
    for (const e of ALL) {
      expect((e.match & ~e.mask) >>> 0, e.mnemonic).toBe(0);
      expect(['armv7m', 'dsp', 'v8m', 'fpv4sp', 'fpv5sp'], e.mnemonic).toContain(e.ext);
      if (e.size === 2) expect(e.mask >>> 16, e.mnemonic).toBe(0);
    }
  });

  it('overlap only on the allow-list, and there the special case is more specific', () => {
    const allowed = new Set(OVERLAP_ALLOWED.map(([a, b]) => `${a} | ${b}`));
    const unexpected: string[] = [];
    for (let i = 0; i < ALL.length; i++) {
      for (let j = i + 1; j < ALL.length; j++) {
        const [a, b] = [ALL[i]!, ALL[j]!];
        if (!entriesOverlap(a, b)) continue;
        const [special, general] = popcount(a.mask) > popcount(b.mask) ? [a, b] : [b, a];
        if (!allowed.has(`${special.mnemonic} | ${general.mnemonic}`)) {
          unexpected.push(`${a.mnemonic} / ${b.mnemonic}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('lists no allowed pair that does not overlap', () => {
    const byName = new Map(ALL.map((e) => [e.mnemonic, e]));
    for (const [special, general] of OVERLAP_ALLOWED) {
      const s = byName.get(special);
      const g = byName.get(general);
      expect(
        s && g ? entriesOverlap(s, g) : `${special} / ${general} missing`,
        `${special} / ${general}`,
      ).toBe(true);
    }
  });

  it('decodes by core model: FPv5 only on M7/M33, no FPU on cortex-m4-nofp', () => {
    const decoder = (extensions: readonly string[]) => new ThumbDecoder([ALL], extensions);
    const vadd = 0xee300a81; // vadd.f32 s0, s1, s2
    const vmaxnm = 0xfe800a81; // vmaxnm.f32 s0, s1, s2
    const smlad = 0xfb210003; // smlad r0, r1, r3, r0
    expect(decoder(MODELS.m4.extensions).decode32(vadd)?.mnemonic).toBe('VADD T1');
    expect(decoder(MODELS.m4.extensions).decode32(vmaxnm)).toBeUndefined();
    expect(decoder(MODELS.m7.extensions).decode32(vmaxnm)?.mnemonic).toBe('VMAXNM T1');
    expect(decoder(MODELS.m33.extensions).decode32(vmaxnm)?.mnemonic).toBe('VMAXNM T1');
    expect(decoder(cortexM4Model({ fpu: false }).extensions).decode32(vadd)).toBeUndefined();
    expect(decoder(cortexM4Model({ fpu: false }).extensions).decode32(smlad)?.mnemonic).toBe(
      'SMLAD T1',
    );
    expect(decoder(['armv6m', 'armv7m']).decode32(smlad)).toBeUndefined();
  });

  it('decodes the D-register transfers for d0-d15 only', () => {
    // arm-none-eabi-as 2.40 -mcpu=cortex-m4 -mfpu=fpv4-sp-d16, as objdump shows them.
    const words: [number, string][] = [
      [0xec410b10, 'VMOV (between two ARM core registers and a doubleword) T1'], // vmov d0, r0, r1
      [0xec532b1f, 'VMOV (between two ARM core registers and a doubleword) T1'], // vmov r2, r3, d15
      [0xed911b02, 'VLDR T1'], // vldr d1, [r1, #8]
      [0xed017b02, 'VSTR T1'], // vstr d7, [r1, #-8]
      [0xecb01b04, 'VLDM T1 (increment after)'], // vldmia r0!, {d1-d2}
      [0xec900b02, 'VLDM T1 (increment after)'], // vldmia r0, {d0}
      [0xed204b02, 'VSTM T1 (decrement before)'], // vstmdb r0!, {d4}
      [0xed2d8b10, 'VSTM T1 (decrement before)'], // vpush {d8-d15}
      [0xecbd8b10, 'VLDM T1 (increment after)'], // vpop {d8-d15}
    ];
    const m4 = new ThumbDecoder([ALL], MODELS.m4.extensions);
    for (const [word, mnemonic] of words)
      expect(m4.decode32(word)?.mnemonic, mnemonic).toBe(mnemonic);
    // d16-d31 (M or D = 1) do not exist on a D16 FPU; an odd imm8 is FLDMX/FSTMX; no FPU at all.
    expect(m4.decode32(0xec410b30)).toBeUndefined(); // vmov d16, r0, r1
    expect(m4.decode32(0xedd11b02)).toBeUndefined(); // vldr d17, [r1, #8]
    expect(m4.decode32(0xecb00b03)).toBeUndefined(); // fldmiax r0!, {d0}
    const nofp = new ThumbDecoder([ALL], cortexM4Model({ fpu: false }).extensions);
    expect(nofp.decode32(0xec410b10)).toBeUndefined();
  });

  it('decodes load-acquire/store-release on the M33 only (v8m)', () => {
    // arm-none-eabi-as 2.40 -mcpu=cortex-m33, as objdump shows them.
    const words: [number, string][] = [
      [0xe8d10faf, 'LDA T1'], // lda r0, [r1]
      [0xe8d32f8f, 'LDAB T1'], // ldab r2, [r3]
      [0xe8d54f9f, 'LDAH T1'], // ldah r4, [r5]
      [0xe8c10faf, 'STL T1'], // stl r0, [r1]
      [0xe8c32f8f, 'STLB T1'], // stlb r2, [r3]
      [0xe8c54f9f, 'STLH T1'], // stlh r4, [r5]
      [0xe8d76fef, 'LDAEX T1'], // ldaex r6, [r7]
      [0xe8d98fcf, 'LDAEXB T1'], // ldaexb r8, [r9]
      [0xe8dbafdf, 'LDAEXH T1'], // ldaexh r10, [r11]
      [0xe8c10fec, 'STLEX T1'], // stlex r12, r0, [r1]
      [0xe8c43fc2, 'STLEXB T1'], // stlexb r2, r3, [r4]
      [0xe8c76fd5, 'STLEXH T1'], // stlexh r5, r6, [r7]
    ];
    const m33 = new ThumbDecoder([ALL], MODELS.m33.extensions);
    const m4 = new ThumbDecoder([ALL], MODELS.m4.extensions);
    const m7 = new ThumbDecoder([ALL], MODELS.m7.extensions);
    for (const [word, mnemonic] of words) {
      expect(m33.decode32(word)?.mnemonic, mnemonic).toBe(mnemonic);
      expect(m4.decode32(word)?.mnemonic, mnemonic).toBeUndefined();
      expect(m7.decode32(word)?.mnemonic, mnemonic).toBeUndefined();
    }
    // The ARMv7-M exclusives next to them are unchanged.
    expect(m33.decode32(0xe8d10f4f)?.mnemonic).toBe('LDREXB T1'); // ldrexb r0, [r1]
    expect(m33.decode32(0xe8c10f52)?.mnemonic).toBe('STREXH T1'); // strexh r2, r0, [r1]
  });

  it('decodes the special case of an allowed overlap', () => {
    const d = new ThumbDecoder([ALL], ['armv7m', 'dsp']);
    expect(d.decode32(0xf1b00f00)?.mnemonic).toBe('CMP (immediate)'); // cmp.w r0, #0
    expect(d.decode32(0xf1100000)?.mnemonic).toBe('ADD (immediate)'); // adds.w r0, r0, #0
    expect(d.decode32(0xfb00f001)?.mnemonic).toBe('MUL T2'); // mul.w r0, r0, r1
  });
});

describe('together with the ARMv6-M table', () => {
  it('overlaps only where v7-M refines MRS/MSR for its special registers, more specifically', async () => {
    const { ARMV6M_TABLE } = await import('../../../sim/isa/armv6m/table.js');
    const found: string[] = [];
    for (const a of ARMV6M_TABLE) {
      for (const b of ALL) {
        if (!entriesOverlap(a, b)) continue;
        found.push(`${a.mnemonic} / ${b.mnemonic}`);
        expect(popcount(b.mask), b.mnemonic).toBeGreaterThan(popcount(a.mask));
      }
    }
    const refined = ['APSR', 'BASEPRI', 'BASEPRI_MAX', 'FAULTMASK'];
    expect(found.sort()).toEqual(
      [...refined.map((r) => `MRS / MRS ${r}`), ...refined.map((r) => `MSR / MSR ${r}`)].sort(),
    );
  });
});

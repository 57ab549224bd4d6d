/**
 * Interworking loads to the PC, the FPU-less Cortex-M4, the divide early-termination model and the
 * 16-bit flag rule of IT blocks (unit level: the 16-bit tables belong to sim/isa/armv6m).
 */
import { describe, expect, it } from 'vitest';
import { setsFlagsOutsideItBlock } from '../../../sim/isa/armv7m/sequencing.js';
import { divideSteps } from '../../../sim/isa/armv7m/mul.js';
import { cortexM4Model } from '../../../platforms/cores/cortex-m4.js';
import { CODE_BASE, MODELS, RAM_BASE, STACK_TOP, run } from './harness.js';

const UDF = CODE_BASE + 4; // after one 32-bit instruction

describe('loads to the PC', () => {
  for (const [model, cycles] of [
    ['m4', 3],
    ['m33', 3],
    ['m7', 3],
  ] as const) {
    it(`LDR.W PC interworks on ${model}`, () => {
      const word = [(UDF | 1) & 0xff, (UDF >>> 8) & 0xff, 0, 0];
      const { cpu } = run(MODELS[model], ['ldr.w pc, [r0]'], {
        r: { 0: RAM_BASE },
        mem: [[RAM_BASE, word]],
      });
      expect(cpu.pc).toBe(UDF);
      expect(cpu.cycles).toBe(cycles);
    });
  }

  it('POP.W {r4, r5, pc} costs 1+N+P on the M4', () => {
    const sp = STACK_TOP - 12;
    const mem: [number, number[]][] = [
      [sp, [4, 0, 0, 0, 5, 0, 0, 0, (UDF | 1) & 0xff, UDF >>> 8, 0, 0]],
    ];
    const { cpu } = run(MODELS.m4, ['pop.w {r4, r5, pc}'], { r: { 13: sp }, mem });
    expect([cpu.pc, cpu.r[4], cpu.r[5], cpu.r[13]]).toEqual([UDF, 4, 5, STACK_TOP]);
    expect(cpu.cycles).toBe(5);
  });

  it('faults on a target with bit 0 clear (EPSR.T = 0)', () => {
    const { cpu } = run(MODELS.m4, ['ldr.w pc, [r0]'], {
      r: { 0: RAM_BASE },
      mem: [[RAM_BASE, [UDF & 0xff, UDF >>> 8, 0, 0]]],
    });
    expect(cpu.halt?.kind === 'fault' && cpu.halt.detail).toMatch(/invalid state/);
  });
});

describe('Cortex-M4 without FPU', () => {
  it('treats VADD as UNDEFINED', () => {
    const { cpu } = run(cortexM4Model({ fpu: false }), ['vadd.f32 s0, s1, s2']);
    expect(cpu.halt?.kind === 'fault' && cpu.halt.detail).toMatch(/undefined instruction/);
    expect([cpu.pc, cpu.cycles]).toEqual([CODE_BASE, 0]);
  });

  it('still runs SDIV with early termination', () => {
    const { cpu } = run(cortexM4Model({ fpu: false }), ['sdiv r0, r1, r2'], {
      r: { 1: 1000, 2: 10 },
    });
    expect(cpu.r[0]).toBe(100);
    expect(cpu.cycles).toBe(2 + divideSteps(1000, 10));
  });
});

describe('divideSteps (SDIV/UDIV early termination, assumed model)', () => {
  it('spans the TRM range 2..12 with the 2-cycle base', () => {
    expect(divideSteps(0xffffffff, 1)).toBe(10);
    expect(divideSteps(5, 7)).toBe(0);
    expect(divideSteps(7, 0)).toBe(0);
    expect(divideSteps(1000, 10)).toBe(3); // q = 7 quotient bits
    expect(divideSteps(0x10000, 1)).toBe(6); // q = 17
  });
});

describe('16-bit encodings whose flags depend on the IT block', () => {
  it('recognises ADDS/MOVS/LSLS/ANDS/MULS but not CMP/TST/CMN', () => {
    const flagSetting = [
      0x1c48 /* adds r0, r1, #1 */, 0x2001 /* movs r0, #1 */, 0x0048 /* lsls r0, r1, #1 */,
      0x4008 /* ands r0, r1 */, 0x4348 /* muls r0, r1 */,
    ];
    const always = [
      0x2801 /* cmp r0, #1 */, 0x4208 /* tst r0, r1 */, 0x42c8 /* cmn r0, r1 */,
      0x4288 /* cmp r0, r1 */, 0x4408 /* add r0, r1 */,
    ];
    expect(flagSetting.map(setsFlagsOutsideItBlock)).toEqual([true, true, true, true, true]);
    expect(always.map(setsFlagsOutsideItBlock)).toEqual([false, false, false, false, false]);
  });
});

describe('IT blocks over ARMv6-M 16-bit encodings', () => {
  it('skips the failed instruction and keeps flags of 16-bit ADDS inside the block', async () => {
    const { ARMV6M_TABLE } = await import('../../../sim/isa/armv6m/table.js');
    const asm = ['cmp r0, #1', 'ite eq', 'addeq r1, r1, #1', 'subne r2, r2, #1'];
    for (const [model, cycles] of [
      ['m4', 4],
      ['m7', 3],
    ] as const) {
      const { cpu } = run(MODELS[model], asm, { r: { 0: 1, 1: 5 } }, [ARMV6M_TABLE]);
      // ADDS outside a block would clear Z and C here; inside it the CMP's flags must survive.
      expect([cpu.r[1], cpu.r[2], cpu.z, cpu.c, cpu.n]).toEqual([6, 0, 1, 1, 0]);
      expect(cpu.cycles, model).toBe(cycles);
    }
  });
});

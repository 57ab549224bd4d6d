/**
 * ARMv8-M load-acquire / store-release (sim/isa/armv7m/acquire-release.ts): results, zero-extension,
 * the exclusive monitor shared with LDREX/STREX, alignment faults, and cycles on the Cortex-M33. The
 * Cortex-M4 and M7 (ARMv7E-M) must find each program UNDEFINED at its first instruction.
 *
 * Cycles: the M33 model prices them as LDREX/STREX, 2 each, not pipelined (*unverified*: ARM
 * publishes no M33 timing; see platforms/cores/cortex-m33.ts).
 */
import type { InstructionCase } from '../harness.js';

/** Lets arm-none-eabi-as (run with -mcpu=cortex-m7, gen-encodings.ts) accept the v8-M encodings. */
const V8M = '.arch armv8-m.main';
const R = 0x20000000;
const WORDS: readonly [number, readonly number[]][] = [
  [R, [0x11, 0x22, 0x33, 0x44, 0x78, 0x56, 0x34, 0x12, 0x00, 0x80, 0xfe, 0xff]],
];

/** A case the Cortex-M33 runs in `cycles`; the M4 and M7 must find it UNDEFINED. */
function m33(c: Omit<InstructionCase, 'only' | 'cycles'>, cycles: number): InstructionCase {
  return { ...c, asm: [V8M, ...c.asm], cycles: { m33: cycles }, only: ['m33'] };
}

export const ACQUIRE_RELEASE: InstructionCase[] = [
  m33(
    {
      name: 'LDA',
      asm: ['lda r0, [r1]'],
      given: { r: { 1: R + 4 }, mem: WORDS },
      expect: { r: { 0: 0x12345678, 1: R + 4 } },
    },
    2,
  ),
  m33(
    {
      name: 'LDAB zero-extends',
      asm: ['ldab r2, [r3]'],
      given: { r: { 2: 0xffffffff, 3: R + 10 }, mem: WORDS },
      expect: { r: { 2: 0xfe } },
    },
    2,
  ),
  m33(
    {
      name: 'LDAH zero-extends',
      asm: ['ldah r4, [r5]'],
      given: { r: { 5: R + 10 }, mem: WORDS },
      expect: { r: { 4: 0xfffe } },
    },
    2,
  ),
  m33(
    {
      name: 'STL',
      asm: ['stl r0, [r1]'],
      given: { r: { 0: 0xa1b2c3d4, 1: R + 4 } },
      expect: { mem: [[R, [0, 0, 0, 0, 0xd4, 0xc3, 0xb2, 0xa1, 0]]] },
    },
    2,
  ),
  m33(
    {
      name: 'STLB stores the low byte only',
      asm: ['stlb r2, [r3]'],
      given: { r: { 2: 0x1ff, 3: R + 3 }, mem: WORDS },
      expect: { mem: [[R, [0x11, 0x22, 0x33, 0xff, 0x78]]] },
    },
    2,
  ),
  m33(
    {
      name: 'STLH stores the low halfword only',
      asm: ['stlh r4, [r5]'],
      given: { r: { 4: 0x1beef, 5: R + 2 }, mem: WORDS },
      expect: { mem: [[R, [0x11, 0x22, 0xef, 0xbe, 0x78]]] },
    },
    2,
  ),
  m33(
    {
      name: 'LDAEX; STLEX succeeds',
      asm: ['ldaex r6, [r7]', 'stlex r12, r0, [r7]'],
      given: { r: { 0: 0x55, 7: R, 12: 7 }, mem: WORDS },
      expect: { r: { 6: 0x44332211, 12: 0 }, mem: [[R, [0x55, 0, 0, 0, 0x78]]] },
    },
    4,
  ),
  m33(
    {
      name: 'LDAEXB; STLEXB succeeds, zero-extended',
      asm: ['ldaexb r8, [r9]', 'stlexb r2, r3, [r9]'],
      given: { r: { 3: 0x1aa, 9: R + 11 }, mem: WORDS },
      expect: { r: { 8: 0xff, 2: 0 }, mem: [[R + 8, [0x00, 0x80, 0xfe, 0xaa]]] },
    },
    4,
  ),
  m33(
    {
      name: 'LDAEXH; STLEXH succeeds, zero-extended',
      asm: ['ldaexh r10, [r11]', 'stlexh r5, r6, [r11]'],
      given: { r: { 6: 0x1abcd, 11: R + 10 }, mem: WORDS },
      expect: { r: { 10: 0xfffe, 5: 0 }, mem: [[R + 8, [0x00, 0x80, 0xcd, 0xab]]] },
    },
    4,
  ),
  m33(
    {
      name: 'STLEX without a tag fails and stores nothing',
      asm: ['stlex r2, r3, [r1]'],
      given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
      expect: { r: { 2: 1 }, mem: [[R, [0x11, 0x22, 0x33, 0x44]]] },
    },
    2,
  ),
  m33(
    {
      name: 'STLEXH to another address fails',
      asm: ['ldaexh r0, [r1]', 'stlexh r2, r3, [r4]'],
      given: { r: { 1: R, 3: 0x55, 4: R + 2 }, mem: WORDS },
      expect: { r: { 0: 0x2211, 2: 1 }, mem: [[R, [0x11, 0x22, 0x33, 0x44]]] },
    },
    4,
  ),
  m33(
    {
      name: 'a successful STLEX opens the monitor: a second one fails',
      asm: ['ldaex r0, [r1]', 'stlex r2, r3, [r1]', 'stlex r4, r5, [r1]'],
      given: { r: { 1: R, 3: 0x55, 5: 0x66 }, mem: WORDS },
      expect: { r: { 2: 0, 4: 1 }, mem: [[R, [0x55, 0, 0, 0]]] },
    },
    6,
  ),
  m33(
    {
      // Starts with a v8-M instruction so that the M4/M7 stop at once.
      name: 'STLEX fails, LDREX tags for STLEX (one local monitor)',
      asm: ['stlex r4, r5, [r1]', 'ldrex r0, [r1]', 'stlex r2, r3, [r1]'],
      given: { r: { 1: R, 3: 0x55, 5: 0x66 }, mem: WORDS },
      expect: { r: { 0: 0x44332211, 2: 0, 4: 1 }, mem: [[R, [0x55, 0, 0, 0]]] },
    },
    6,
  ),
  m33(
    {
      name: 'LDAEX tags for STREX (one local monitor)',
      asm: ['ldaex r0, [r1]', 'strex r2, r3, [r1]'],
      given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
      expect: { r: { 0: 0x44332211, 2: 0 }, mem: [[R, [0x55, 0, 0, 0]]] },
    },
    4,
  ),
  m33(
    {
      name: 'CLREX clears the tag LDAEX set',
      asm: ['ldaex r0, [r1]', 'clrex', 'stlex r2, r3, [r1]'],
      given: { r: { 1: R, 3: 0x55 }, mem: WORDS },
      expect: { r: { 2: 1 }, mem: [[R, [0x11]]] },
    },
    5,
  ),
  m33(
    {
      // 2 each: neither load pipelines across the acquire (unlike LDR; LDR = 3).
      name: 'LDA; LDR; LDA: nothing pipelines across an acquire',
      asm: ['lda r0, [r1]', 'ldr.w r2, [r1, #4]', 'lda r3, [r1]'],
      given: { r: { 1: R }, mem: WORDS },
      expect: { r: { 0: 0x44332211, 2: 0x12345678, 3: 0x44332211 } },
    },
    6,
  ),
  m33(
    {
      name: 'STL; STR.W imm: the store after a release is its usual one cycle',
      asm: ['stl r0, [r1]', 'str.w r0, [r1, #4]'],
      given: { r: { 0: 9, 1: R } },
      expect: { mem: [[R, [9, 0, 0, 0, 9, 0, 0, 0]]] },
    },
    3,
  ),
];

/** MemO: every unaligned halfword or word access faults (to HardFault: CCR.UNALIGN_TRP is moot). */
const UNALIGNED: readonly [string, number, RegExp][] = [
  ['lda r0, [r1]', R + 2, /unaligned word read at 0x20000002/],
  ['ldah r0, [r1]', R + 1, /unaligned halfword read at 0x20000001/],
  ['stl r0, [r1]', R + 1, /unaligned word write at 0x20000001/],
  ['stlh r0, [r1]', R + 3, /unaligned halfword write at 0x20000003/],
  ['ldaex r0, [r1]', R + 2, /unaligned word read at 0x20000002/],
  ['ldaexh r0, [r1]', R + 1, /unaligned halfword read at 0x20000001/],
  // ExclusiveMonitorsPass checks alignment before the monitor: a fault even with no tag.
  ['stlex r2, r0, [r1]', R + 2, /unaligned word write at 0x20000002/],
  ['stlexh r2, r0, [r1]', R + 1, /unaligned halfword write at 0x20000001/],
];

for (const [asm, address, detail] of UNALIGNED) {
  ACQUIRE_RELEASE.push(
    m33(
      {
        name: `${asm} faults when unaligned`,
        asm: [asm],
        given: { r: { 0: 0x55, 1: address, 2: 7 }, mem: WORDS },
        expect: { r: { 0: 0x55, 2: 7 }, mem: WORDS, haltDetail: detail },
      },
      0,
    ),
  );
}

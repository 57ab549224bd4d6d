/**
 * Every case of cases/: results, flags (N Z C V, Q, GE), memory and exact cycles on the Cortex-M4,
 * M33 and M7 models. Machine code comes from arm-none-eabi-as through encodings.json.
 */
import { describe, expect, it } from 'vitest';
import { CASE_GROUPS } from './cases/index.js';
import { CODE_BASE, flagsOf, MODELS, run, type InstructionCase } from './harness.js';

function check(model: keyof typeof MODELS, c: InstructionCase): void {
  const { cpu, bus, st, code } = run(MODELS[model], c.asm, c.given);
  const halt = cpu.halt!;
  if (c.only !== undefined && !c.only.includes(model)) {
    // Not in this core's ISA: UNDEFINED at the first instruction, nothing executed.
    expect(halt.kind === 'fault' ? halt.detail : halt.kind).toMatch(/undefined instruction/);
    expect(cpu.pc).toBe(CODE_BASE);
    expect(cpu.cycles).toBe(0);
    return;
  }
  expect(halt.kind === 'fault' ? halt.detail : halt.kind).toMatch(
    c.expect.haltDetail ?? /undefined instruction/,
  );
  if (c.expect.haltDetail === undefined) {
    // Stopped at the final `udf #0`: the last halfword of the program before any literal pool.
    const udf = [...code.keys()].find(
      (i) => i % 2 === 0 && code[i] === 0x00 && code[i + 1] === 0xde,
    )!;
    expect(cpu.pc).toBe(CODE_BASE + udf);
  }
  for (const [reg, value] of Object.entries(c.expect.r ?? {})) {
    expect(cpu.r[Number(reg)], `r${reg}`).toBe(value >>> 0);
  }
  if (c.expect.flags !== undefined) expect(flagsOf(cpu)).toBe(c.expect.flags);
  if (c.expect.q !== undefined) expect(st.q, 'Q').toBe(c.expect.q);
  if (c.expect.ge !== undefined) expect(st.ge, 'GE').toBe(c.expect.ge);
  for (const [addr, bytes] of c.expect.mem ?? []) {
    expect([...bytes.keys()].map((i) => bus.read8(addr + i))).toEqual(bytes);
  }
  for (const [reg, value] of Object.entries(c.expect.s ?? {})) {
    expect(st.fpu.s[Number(reg)], `s${reg}`).toBe(value);
  }
  for (const [reg, value] of Object.entries(c.expect.sBits ?? {})) {
    expect(st.fpu.bits[Number(reg)]!.toString(16), `s${reg} bits`).toBe((value >>> 0).toString(16));
  }
  if (c.expect.fpscr !== undefined)
    expect(st.fpu.fpscr.toString(16)).toBe((c.expect.fpscr >>> 0).toString(16));
  const cycles = model === 'm33' ? (c.cycles.m33 ?? c.cycles.m4) : c.cycles[model];
  if (cycles === undefined) throw new Error(`case ${c.name} gives no cycles for cortex-${model}`);
  expect(cpu.cycles, 'cycles').toBe(cycles);
}

for (const [group, cases] of Object.entries(CASE_GROUPS)) {
  describe(`ARMv7-M ${group}`, () => {
    for (const c of cases) {
      describe(c.name, () => {
        for (const model of ['m4', 'm33', 'm7'] as const) {
          it(`on cortex-${model}`, () => check(model, c));
        }
      });
    }
  });
}

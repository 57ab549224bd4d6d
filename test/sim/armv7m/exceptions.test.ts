/**
 * The ARMv7-M parts of the Cortex-M exception model on a core built as `arielsim exec` builds it
 * (sim/core/cortex-m/factory.ts): xPSR with Q, GE and ITSTATE across entry and return, BASEPRI and
 * FAULTMASK, priority bits from the model, CPACR (NOCP) and the FP extended frame, eager and lazy.
 */
import { describe, expect, test } from 'vitest';
import { FlatBus } from '../../../sim/memory/bus.js';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import { cortexMv7Factory } from '../../../sim/core/cortex-m/factory.js';
import { EXC, exceptionReturn, takeException } from '../../../sim/core/cortex-m/exceptions.js';
import { FPCCR_LSPACT, FPCCR_LSPEN } from '../../../sim/isa/armv7m/state.js';
import { CORTEX_M4 } from '../../../platforms/cores/cortex-m4.js';
import { CORTEX_M7 } from '../../../platforms/cores/cortex-m7.js';

const SP = 0x20001000;
const HANDLER = 0x400;
const CODE = 0x200;
/** VADD.F32 S0, S0, S1 (T1, A7.7.222): hw1 0xEE30, hw2 0x0A20. */
const VADD_S0_S0_S1 = [0xee30, 0x0a20];

function makeCore(model = CORTEX_M4) {
  const bus = new FlatBus();
  bus.addRam('code', 0, 0x10000);
  bus.addRam('sram', 0x20000000, 0x10000);
  bus.write32(0, SP);
  bus.write32(4, CODE | 1);
  for (let n = 2; n < 64; n++) bus.write32(4 * n, HANDLER | 1);
  const host = { writeStdout: () => undefined };
  const cpu = cortexMv7Factory(model).create(
    { id: 0, type: model.name, clockHz: 1e8, bus, host },
    { stopOnFault: true },
  ) as CortexM;
  cpu.reset(0);
  return { cpu, bus };
}

describe('ARMv7-M exception entry and return', () => {
  test('stacked xPSR carries Q, GE and ITSTATE; entry clears ITSTATE and the monitor', () => {
    const { cpu, bus } = makeCore();
    const st = cpu.armv7m!;
    Object.assign(st, { q: 1, ge: 0b1010, itstate: 0b0001_1100, exclusiveAddress: 0x20000000 });
    cpu.n = 1;
    takeException(cpu, EXC.PendSV, CODE);
    const frame = SP - 0x20;
    expect(cpu.r[13]).toBe(frame);
    // N, Q, IT[1:0] = 00 at 26:25, T, GE at 19:16, IT[7:2] = 000111 at 15:10, IPSR 0.
    expect(bus.read32(frame + 28)).toBe((0x89000000 | (0b1010 << 16) | (0b000111 << 10)) >>> 0);
    expect(cpu.r[14]).toBe(0xfffffff9);
    expect([st.itstate, st.exclusiveAddress, cpu.ipsr]).toEqual([0, -1, EXC.PendSV]);
    Object.assign(st, { q: 0, ge: 0 });
    exceptionReturn(cpu, 0xfffffff9);
    expect([st.q, st.ge, st.itstate, cpu.n, cpu.ipsr]).toEqual([1, 0b1010, 0b0001_1100, 1, 0]);
    expect(cpu.r[13]).toBe(SP);
  });

  test('BASEPRI masks priorities at or below it; FAULTMASK raises to -1; bits from the model', () => {
    const { cpu } = makeCore();
    cpu.exceptions.setPriority(EXC.IRQ0, 0xff);
    expect(cpu.exceptions.priority[EXC.IRQ0]).toBe(0xe0); // Cortex-M4 model: 3 priority bits
    cpu.exceptions.setPriority(EXC.IRQ0 + 1, 0x40);
    cpu.exceptions.enabled.fill(1);
    cpu.exceptions.pending[EXC.IRQ0] = 1;
    cpu.exceptions.pending[EXC.IRQ0 + 1] = 1;
    const st = cpu.armv7m!;
    st.basepri = 0x40;
    expect(cpu.executionPriority()).toBe(0x40);
    expect(cpu.exceptions.highestPending(cpu.executionPriority())).toBe(0);
    st.basepri = 0x60; // 0x60 & 0xe0 = 0x60: IRQ1 (0x40) preempts, IRQ0 (0xe0) does not
    expect(cpu.exceptions.highestPending(cpu.executionPriority())).toBe(EXC.IRQ0 + 1);
    st.faultmask = 1;
    expect(cpu.executionPriority()).toBe(-1);
    expect(makeCore(CORTEX_M7).cpu.exceptions.priorityMask).toBe(0xf0); // M7 model: 4 bits
  });
});

describe('FPU access and FP context', () => {
  function loadVadd(bus: FlatBus, at: number) {
    bus.write16(at, VADD_S0_S0_S1[0]!);
    bus.write16(at + 2, VADD_S0_S0_S1[1]!);
    bus.write16(at + 4, 0xde00); // UDF: stops the run
  }

  test('an FP instruction with CP10/CP11 disabled is a NOCP UsageFault escalated to HardFault', () => {
    const { cpu, bus } = makeCore();
    loadVadd(bus, CODE);
    cpu.run(100);
    expect(cpu.halt).toMatchObject({ kind: 'fault', fault: 'HardFault', pc: CODE });
    expect(cpu.halt!.kind === 'fault' && cpu.halt!.detail).toMatch(/NOCP/);
    expect(cpu.scs.read(0xe000ed28, 4)).toBe(1 << 19); // CFSR.NOCP
    expect(cpu.scs.read(0xe000ed2c, 4)).toBe(1 << 30); // HFSR.FORCED
  });

  test('the first FP instruction sets CONTROL.FPCA and starts FPSCR from FPDSCR', () => {
    const { cpu, bus } = makeCore();
    loadVadd(bus, CODE);
    cpu.scs.write(0xe000ed88, 4, 0xf << 20);
    cpu.scs.write(0xe000ef3c, 4, 0x03000000); // FPDSCR: DN, FZ
    const st = cpu.armv7m!;
    st.fpu.fpscr = 0x10;
    st.fpu.s[0] = 1.5;
    st.fpu.s[1] = 2.25;
    cpu.run(100);
    expect(cpu.halt).toMatchObject({ kind: 'fault', pc: CODE + 4 });
    expect([st.fpu.s[0], st.fpu.fpscr, cpu.control]).toEqual([3.75, 0x03000000, 4]);
  });

  function withFpContext() {
    const { cpu, bus } = makeCore();
    cpu.scs.write(0xe000ed88, 4, 0xf << 20);
    cpu.control = 4;
    const st = cpu.armv7m!;
    for (let i = 0; i < 16; i++) st.fpu.s[i] = i + 0.5;
    st.fpu.fpscr = 0x00400000;
    return { cpu, bus, st };
  }

  test('non-lazy (LSPEN = 0): S0-S15 and FPSCR stacked at entry, restored at return', () => {
    const { cpu, bus, st } = withFpContext();
    st.fpccr &= ~FPCCR_LSPEN;
    const cyclesBefore = cpu.cycles;
    takeException(cpu, EXC.PendSV, CODE);
    const frame = SP - 0x68;
    expect(cpu.r[13]).toBe(frame);
    expect(cpu.r[14]).toBe(0xffffffe9);
    expect(cpu.control & 4).toBe(0);
    expect(cpu.cycles - cyclesBefore).toBe(12 + 17);
    for (let i = 0; i < 16; i++) expect(bus.read32(frame + 0x20 + 4 * i)).toBe(st.fpu.bits[i]);
    expect(bus.read32(frame + 0x60)).toBe(0x00400000);
    st.fpu.bits.fill(0);
    st.fpu.fpscr = 0;
    exceptionReturn(cpu, 0xffffffe9);
    expect([st.fpu.s[0], st.fpu.s[15], st.fpu.fpscr, cpu.control, cpu.r[13]]).toEqual([
      0.5,
      15.5,
      0x00400000,
      4,
      SP,
    ]);
  });

  test('lazy (reset default): space reserved at entry, saved by the handler’s first FP instruction', () => {
    const { cpu, bus, st } = withFpContext();
    loadVadd(bus, HANDLER);
    cpu.scs.write(0xe000ed04, 4, 1 << 28); // ICSR.PENDSVSET
    cpu.pc = CODE;
    cpu.run(12); // takes PendSV (12 cycles), stops before the VADD
    const frame = SP - 0x68;
    expect([cpu.ipsr, cpu.pc, cpu.r[13]]).toEqual([EXC.PendSV, HANDLER, frame]);
    expect(st.fpccr & FPCCR_LSPACT).toBe(1);
    expect(cpu.scs.read(0xe000ef38, 4)).toBe(frame + 0x20); // FPCAR
    expect(bus.read32(frame + 0x20)).toBe(0);
    cpu.run(100);
    expect(cpu.halt).toMatchObject({ kind: 'fault', pc: HANDLER + 4 });
    expect(st.fpccr & FPCCR_LSPACT).toBe(0);
    expect(bus.read32(frame + 0x20 + 4)).toBe(st.fpu.bits[1]);
    expect(bus.read32(frame + 0x60)).toBe(0x00400000);
    expect(st.fpu.s[0]).toBe(0.5 + 1.5); // the handler's own VADD, FPSCR from FPDSCR
    exceptionReturn(cpu, 0xffffffe9);
    expect([st.fpu.s[0], st.fpu.fpscr]).toEqual([0.5, 0x00400000]);
  });
});

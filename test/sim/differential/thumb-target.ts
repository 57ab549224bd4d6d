/**
 * Cortex-M on both simulators: a CortexM core (sim/core/cortex-m) built from given decode tables and
 * Unicorn's UC_ARCH_ARM in UC_MODE_THUMB | UC_MODE_MCLASS with the matching CPU model. Compared
 * state: r0-r12, SP, LR, APSR.N Z C V and, on ARMv7E-M, APSR.Q and APSR.GE; the data window.
 *
 * Memory map (both sides): code at THUMB_CODE_BASE, 32 KiB of data at THUMB_DATA_BASE.
 */
import { FlatBus } from '../../../sim/memory/bus.js';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import type { ThumbEntry } from '../../../sim/core/cortex-m/decode.js';
import type { CoreModel } from '../../../platforms/cores/schema.js';
import { UcArch, UcArmReg, UcMode, Unicorn, UnicornError } from '../../../sim/backends/unicorn.js';
import type { DiffTarget, Instruction, MachineState, Outcome } from './harness.js';

export const THUMB_CODE_BASE = 0x1000;
export const THUMB_DATA_BASE = 0x2000_0000;
export const THUMB_DATA_SIZE = 0x8000;
const CODE_REGION = 0x1_0000;

export interface ThumbTargetOptions {
  name: string;
  model: CoreModel;
  tables: readonly (readonly ThumbEntry[])[];
  /** UcCpuArm value. */
  unicornCpu: number;
  /** Also compare APSR.Q and APSR.GE (ARMv7E-M). */
  dsp: boolean;
  /** Called once on each new core (ARMv7-M: attachArmv7m). */
  prepare?: (cpu: CortexM) => void;
  /** The v7-M Q and GE bits of a core, when `dsp`. */
  qge?: (cpu: CortexM) => { get(): [number, number]; set(q: number, ge: number): void };
}

const REGISTER_NAMES = [...Array.from({ length: 13 }, (_, i) => `r${i}`), 'sp', 'lr'];

/** Halfwords in memory order: a 32-bit Thumb instruction stores hw1 (word >>> 16) first. */
export function encodeThumb(block: readonly Instruction[]): Uint8Array {
  const halves: number[] = [];
  for (const i of block) {
    if (i.size === 4) halves.push(i.word >>> 16, i.word & 0xffff);
    else halves.push(i.word & 0xffff);
  }
  return new Uint8Array(Uint16Array.from(halves).buffer);
}

export function thumbTarget(o: ThumbTargetOptions): DiffTarget {
  const valueNames = [...REGISTER_NAMES, 'N', 'Z', 'C', 'V', ...(o.dsp ? ['Q', 'GE'] : [])];

  function runIss(block: readonly Instruction[], initial: MachineState): Outcome {
    const bus = new FlatBus();
    bus.addRam('code', 0, CODE_REGION);
    const data = bus.addRam('data', THUMB_DATA_BASE, THUMB_DATA_SIZE);
    const code = encodeThumb(block);
    bus.load(THUMB_CODE_BASE, code);
    data.bytes.set(initial.data);
    const cpu = new CortexM({
      id: 0,
      type: o.model.name,
      clockHz: 1e8,
      bus,
      host: { writeStdout: () => {} },
      model: o.model,
      tables: o.tables,
      hardFault: 'halt',
    });
    o.prepare?.(cpu);
    const v = initial.values;
    for (let i = 0; i < 15; i++) cpu.r[i] = v[i]!;
    [cpu.n, cpu.z, cpu.c, cpu.v] = [v[15]!, v[16]!, v[17]!, v[18]!];
    if (o.dsp) o.qge!(cpu).set(v[19]!, v[20]!);
    cpu.pc = THUMB_CODE_BASE;
    const end = THUMB_CODE_BASE + code.length;
    for (let step = 0; step < block.length && cpu.halt === undefined && cpu.pc !== end; step++) {
      cpu.run(cpu.cycles + 1);
    }
    if (cpu.halt !== undefined) {
      const h = cpu.halt;
      return {
        fault: h.kind === 'fault' ? `${h.fault} at ${h.pc.toString(16)}: ${h.detail}` : 'exit',
      };
    }
    if (cpu.pc !== end) return { fault: `stopped at pc 0x${cpu.pc.toString(16)}` };
    const values = [...Array.from(cpu.r.slice(0, 15)), cpu.n, cpu.z, cpu.c, cpu.v];
    if (o.dsp) values.push(...o.qge!(cpu).get());
    return { state: { values, data: data.bytes.slice() } };
  }

  function runUnicorn(block: readonly Instruction[], initial: MachineState): Outcome {
    const uc = new Unicorn(UcArch.ARM, UcMode.THUMB | UcMode.MCLASS, o.unicornCpu);
    try {
      uc.memMap(0, CODE_REGION);
      uc.memMap(THUMB_DATA_BASE, THUMB_DATA_SIZE);
      const code = encodeThumb(block);
      uc.memWrite(THUMB_CODE_BASE, code);
      uc.memWrite(THUMB_DATA_BASE, initial.data);
      const v = initial.values;
      for (let i = 0; i < 13; i++) uc.regWrite(UcArmReg.R0 + i, v[i]!);
      uc.regWrite(UcArmReg.SP, v[13]!);
      uc.regWrite(UcArmReg.LR, v[14]!);
      const q = o.dsp ? v[19]! : 0;
      const ge = o.dsp ? v[20]! : 0;
      const apsr = (v[15]! << 31) | (v[16]! << 30) | (v[17]! << 29) | (v[18]! << 28) | (q << 27);
      uc.regWrite(UcArmReg.APSR_NZCVQG, apsr | (ge << 16));
      const end = THUMB_CODE_BASE + code.length;
      try {
        uc.emuStart(THUMB_CODE_BASE | 1, end, block.length);
      } catch (e) {
        if (e instanceof UnicornError) return { fault: e.message };
        throw e;
      }
      const pc = uc.regRead(UcArmReg.PC);
      if (pc !== end) return { fault: `stopped at pc 0x${pc.toString(16)}` };
      const values = Array.from({ length: 13 }, (_, i) => uc.regRead(UcArmReg.R0 + i));
      values.push(uc.regRead(UcArmReg.SP), uc.regRead(UcArmReg.LR));
      const xpsr = uc.regRead(UcArmReg.XPSR);
      values.push((xpsr >>> 31) & 1, (xpsr >>> 30) & 1, (xpsr >>> 29) & 1, (xpsr >>> 28) & 1);
      if (o.dsp) values.push((xpsr >>> 27) & 1, (xpsr >>> 16) & 0xf);
      return { state: { values, data: uc.memRead(THUMB_DATA_BASE, THUMB_DATA_SIZE) } };
    } finally {
      uc.close();
    }
  }

  return {
    name: o.name,
    valueNames,
    codeBase: THUMB_CODE_BASE,
    dataBase: THUMB_DATA_BASE,
    encode: encodeThumb,
    runIss,
    runReference: runUnicorn,
  };
}

/**
 * Test harness: one RV32 hart on a flat bus (1 MiB RAM at 0x8000_0000, the CLINT at the model's
 * base), bounded runs (STYLE.md point 7), and the programs' stdout.
 */
import { FlatBus } from '../../../sim/memory/bus.js';
import { Rv32Core } from '../../../sim/core/riscv/core.js';
import { CLINT_SIZE } from '../../../sim/core/riscv/clint.js';
import type { RiscvCoreModel } from '../../../platforms/cores/hazard3.js';
import { HAZARD3 } from '../../../platforms/cores/hazard3.js';
import { RV32IMAC_ESP, RV32IMC_ESP } from '../../../platforms/cores/rv32imc-esp.js';
import { assemble } from './asm.js';

export const RAM_BASE = 0x8000_0000;
export const MODELS = {
  hazard3: HAZARD3,
  'rv32imc-esp': RV32IMC_ESP,
  'rv32imac-esp': RV32IMAC_ESP,
};
export type ModelName = keyof typeof MODELS;

export interface Machine {
  core: Rv32Core;
  bus: FlatBus;
  stdout: () => string;
  labels: Map<string, number>;
}

/** `sendEvent`: what the hart's h3.unblock does beyond itself (the machine's SEV path). */
export function machine(
  model: RiscvCoreModel,
  source: string,
  ramWaitStates = 0,
  sendEvent?: () => void,
): Machine {
  const bus = new FlatBus();
  bus.addRam('ram', RAM_BASE, 1 << 20, ramWaitStates);
  let out = '';
  const core = new Rv32Core(
    {
      id: 0,
      type: model.name,
      clockHz: 150e6,
      bus,
      host: { writeStdout: (b) => (out += Buffer.from(b).toString('latin1')) },
      sendEvent,
    },
    model,
  );
  bus.addDevice('clint', model.riscv.clint.base, CLINT_SIZE, core.clint);
  const { bytes, labels } = assemble(source, RAM_BASE);
  bus.load(RAM_BASE, bytes);
  core.reset(RAM_BASE);
  return { core, bus, stdout: () => out, labels };
}

/** Runs until the core halts; throws when it does not within maxCycles. */
export function runToHalt(m: Machine, maxCycles = 100_000): void {
  m.core.run(maxCycles);
  if (m.core.halt === undefined) {
    throw new Error(`no halt within ${maxCycles} cycles (pc 0x${m.core.pc.toString(16)})`);
  }
}

/**
 * Runs a program that ends in a bare `ebreak` (no handler: the hart halts there). Returns the cycles
 * spent before the ebreak (its trap-entry price removed) and the instructions retired.
 */
export function runToEbreak(model: RiscvCoreModel, source: string, ramWaitStates = 0) {
  const m = machine(model, source, ramWaitStates);
  runToHalt(m);
  const halt = m.core.halt!;
  if (halt.kind !== 'fault' || halt.fault !== 'breakpoint') {
    throw new Error(`expected the final ebreak, got ${JSON.stringify(halt)}`);
  }
  return { ...m, cycles: m.core.cycles - model.timing.trapEntry!.cycles, x: m.core.x };
}

export const u32 = (v: number): number => v >>> 0;

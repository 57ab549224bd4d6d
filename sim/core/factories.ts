/**
 * The simulator of each core type, keyed by the core type name of platforms/cores. Both the one-core
 * runner (sim/exec.ts) and the multicore machine (sim/machine) build their cores here.
 */
import { coreModel } from '../../platforms/cores/index.js';
import { CORTEX_M4, CORTEX_M4_NOFP } from '../../platforms/cores/cortex-m4.js';
import { CORTEX_M33 } from '../../platforms/cores/cortex-m33.js';
import { CORTEX_M7 } from '../../platforms/cores/cortex-m7.js';
import { HAZARD3 } from '../../platforms/cores/hazard3.js';
import { RV32IMAC_ESP, RV32IMC_ESP } from '../../platforms/cores/rv32imc-esp.js';
import type { Core, CoreConfig } from './core.js';
import { cortexMFactory, cortexMv7Factory } from './cortex-m/factory.js';
import { riscvFactory } from './riscv/factory.js';

export interface CoreFactory {
  /** ELF e_machine of the programs this core runs. */
  elfMachine: number;
  /** 'vector-table': SP and PC from the table at the lowest loaded address; 'entry': the ELF entry. */
  start: 'vector-table' | 'entry';
  /** RAM mapped beside the segments on a flat (board-less) machine. */
  defaultRam: { base: number; size: number };
  /** `stopOnFault`: halt with a report at the first guest fault instead of entering its handler. */
  create(config: CoreConfig, options: { stopOnFault: boolean }): Core;
}

const factories = new Map<string, CoreFactory>();

/** Registers the simulator of a core type; registering a type twice is a bug and throws. */
export function registerCoreFactory(type: string, factory: CoreFactory): void {
  if (factories.has(type)) throw new Error(`core factory for ${type} registered twice`);
  factories.set(type, factory);
}

/** The simulator of `type`, or undefined when the core type has none (e.g. xtensa-lx7). */
export function coreFactory(type: string): CoreFactory | undefined {
  return factories.get(type);
}

/** Core types that have an instruction-set simulator. */
export function simulatedCoreTypes(): string[] {
  return [...factories.keys()];
}

registerCoreFactory('cortex-m0plus', cortexMFactory(coreModel('cortex-m0plus')!));
for (const model of [CORTEX_M4, CORTEX_M4_NOFP, CORTEX_M33, CORTEX_M7]) {
  registerCoreFactory(model.name, cortexMv7Factory(model));
}
registerCoreFactory('hazard3', riscvFactory(HAZARD3));
registerCoreFactory('rv32imc-esp', riscvFactory(RV32IMC_ESP));
registerCoreFactory('rv32imac-esp', riscvFactory(RV32IMAC_ESP));

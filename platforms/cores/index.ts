/**
 * The core models arielsim knows, by name. `--core` and board files name one of these. A core type
 * listed in CORE_TYPES without a model here is known to the CLI but has no simulator yet.
 */
import type { CoreModel } from './schema.js';
import { CORTEX_M0PLUS } from './cortex-m0plus.js';
import { CORTEX_M4, CORTEX_M4_NOFP } from './cortex-m4.js';
import { CORTEX_M33 } from './cortex-m33.js';
import { CORTEX_M7 } from './cortex-m7.js';
import { HAZARD3, type RiscvCoreModel } from './hazard3.js';
import { RV32IMAC_ESP, RV32IMC_ESP } from './rv32imc-esp.js';

/** Every core type name the CLI accepts (the `exec --core` contract). */
export const CORE_TYPES = [
  'cortex-m0plus',
  'cortex-m4',
  'cortex-m4-nofp',
  'cortex-m33',
  'cortex-m7',
  'hazard3',
  'rv32imc-esp',
  'rv32imac-esp',
] as const;
export type CoreType = (typeof CORE_TYPES)[number];

const models = new Map<string, CoreModel>();

/** Adds a core model; a duplicate name is a bug and throws. */
export function registerCoreModel(model: CoreModel): void {
  if (models.has(model.name)) throw new Error(`core model ${model.name} registered twice`);
  models.set(model.name, model);
}

export function coreModel(name: string): CoreModel | undefined {
  return models.get(name);
}

export function coreModelNames(): string[] {
  return [...models.keys()];
}

registerCoreModel(CORTEX_M0PLUS);
registerCoreModel(CORTEX_M4);
registerCoreModel(CORTEX_M4_NOFP);
registerCoreModel(CORTEX_M33);
registerCoreModel(CORTEX_M7);
registerCoreModel(HAZARD3);
registerCoreModel(RV32IMC_ESP);
registerCoreModel(RV32IMAC_ESP);

/**
 * Where the cores of a chip with these core types wake each other from WFI by software interrupt:
 * the msip words of the harts' CLINTs (SiFive layout, at the core models' CLINT base), when one of
 * them is a RISC-V core without Hazard3's Xh3power hints (h3.block and h3.unblock are NOPs there).
 * undefined when every core has its own event instructions (Cortex-M WFE/SEV, Hazard3).
 */
export function softwareInterruptBase(types: readonly string[]): number | undefined {
  const bases = new Set<number>();
  for (const type of types) {
    const model = models.get(type);
    if (model === undefined || model.isa !== 'rv32') continue;
    const rv = model as RiscvCoreModel;
    if (!rv.extensions.includes('xh3power')) bases.add(rv.riscv.clint.base);
  }
  if (bases.size > 1)
    throw new Error(`RISC-V core models disagree on the CLINT base: ${[...bases]}`);
  return bases.values().next().value;
}

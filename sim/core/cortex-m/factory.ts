/** Builds Cortex-M cores for `sim/exec.ts` (and later the multicore machine) from a core model. */
import type { CoreModel } from '../../../platforms/cores/schema.js';
import type { CoreFactory } from '../../exec.js';
import { ARMV6M_TABLE } from '../../isa/armv6m/table.js';
import { EM_ARM } from '../../elf.js';
import { CortexM } from './core.js';

/** Every Thumb decode table arielsim has; each core model enables the extensions it implements. */
export const THUMB_TABLES = [ARMV6M_TABLE];

export function cortexMFactory(model: CoreModel): CoreFactory {
  return {
    elfMachine: EM_ARM,
    start: 'vector-table',
    defaultRam: { base: 0x20000000, size: 1 << 20 },
    create: (config, options) =>
      new CortexM({
        ...config,
        model,
        tables: THUMB_TABLES,
        hardFault: options.stopOnFault ? 'halt' : 'vector',
      }),
  };
}

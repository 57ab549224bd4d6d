/** Builds Cortex-M cores for `sim/exec.ts` (and later the multicore machine) from a core model. */
import type { CoreModel } from '../../../platforms/cores/schema.js';
import { Armv7mCoreModel } from '../../../platforms/cores/cortex-m4.js';
import type { CoreFactory } from '../../exec.js';
import { ARMV6M_TABLE } from '../../isa/armv6m/table.js';
import { ARMV7M_TABLE, armv7mTables } from '../../isa/armv7m/table.js';
import { attachArmv7m } from '../../isa/armv7m/attach.js';
import { VFP_TABLE } from '../../isa/vfp/table.js';
import { EM_ARM } from '../../elf.js';
import { CortexM } from './core.js';

/** The ARMv6-M decode table: what an ARMv6-M core decodes. */
export const THUMB_TABLES = [ARMV6M_TABLE];
/**
 * Every Thumb decode table of the v7-M family, wrapped in the v7-M sequencing (IT blocks,
 * pipelining, dual issue); each model's extension list picks the entries it implements.
 */
export const THUMB2_TABLES = armv7mTables([ARMV6M_TABLE, ARMV7M_TABLE, VFP_TABLE]);

const common = {
  elfMachine: EM_ARM,
  start: 'vector-table',
  defaultRam: { base: 0x20000000, size: 1 << 20 },
} as const;

/** An ARMv6-M core (Cortex-M0+). */
export function cortexMFactory(model: CoreModel): CoreFactory {
  return {
    ...common,
    create: (config, options) =>
      new CortexM({
        ...config,
        model,
        tables: THUMB_TABLES,
        hardFault: options.stopOnFault ? 'halt' : 'vector',
      }),
  };
}

/** An ARMv7-M / ARMv7E-M / ARMv8-M Mainline core (Cortex-M4, M33, M7). */
export function cortexMv7Factory(model: Armv7mCoreModel): CoreFactory {
  return {
    ...common,
    create: (config, options) => {
      const cpu = new CortexM({
        ...config,
        model,
        tables: THUMB2_TABLES,
        hardFault: options.stopOnFault ? 'halt' : 'vector',
        cpuid: model.cpuid,
        nvic: model.nvic,
      });
      attachArmv7m(cpu, model, model.pipeline);
      return cpu;
    },
  };
}

/** The factory a Cortex-M model needs: v7-M tables and state when it has the 'armv7m' extension. */
export function cortexMFactoryFor(model: CoreModel): CoreFactory {
  return model.extensions.includes('armv7m')
    ? cortexMv7Factory(Armv7mCoreModel.parse(model))
    : cortexMFactory(model);
}

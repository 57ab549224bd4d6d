/**
 * Connects a CortexM core (sim/core/cortex-m) to the ARMv7-M additions the core model carries:
 * prices of the v7-M timing classes and dual issue. The core creates the v7-M state itself when its
 * model has the 'armv7m' extension. Call once after constructing the core with
 * `tables: armv7mTables([...])` (sim/core/cortex-m/factory.ts does).
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { CoreModel } from '../../../platforms/cores/schema.js';
import { v7 } from './state.js';
import { installArmv7mPrices } from './timing.js';

export interface Armv7mPipeline {
  /** Cortex-M7: pairs of ALU instructions issue together. */
  dualIssue: boolean;
}

export function attachArmv7m(cpu: CortexM, model: CoreModel, pipeline: Armv7mPipeline): void {
  installArmv7mPrices(cpu, model);
  const st = v7(cpu);
  st.reset();
  st.dualIssue = pipeline.dualIssue;
}

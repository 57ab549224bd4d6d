/**
 * The Cortex-M pairs under test: arielsim's core model and tables against Unicorn's CPU model.
 * ARMv7E-M is built the way test/sim/armv7m/harness.ts builds a Cortex-M4 (armv7mTables +
 * attachArmv7m), with the ARMv6-M table supplying the shared 16-bit encodings.
 */
import { UcCpuArm } from '../../../sim/backends/unicorn.js';
import { THUMB_TABLES } from '../../../sim/core/cortex-m/factory.js';
import { ARMV6M_TABLE } from '../../../sim/isa/armv6m/table.js';
import { ARMV7M_TABLE, armv7mTables } from '../../../sim/isa/armv7m/table.js';
import { VFP_TABLE } from '../../../sim/isa/vfp/table.js';
import { attachArmv7m } from '../../../sim/isa/armv7m/attach.js';
import { v7 } from '../../../sim/isa/armv7m/state.js';
import { cortexM0plusModel } from '../../../platforms/cores/cortex-m0plus.js';
import { CORTEX_M4 } from '../../../platforms/cores/cortex-m4.js';
import { thumbTarget } from './thumb-target.js';

export const ARMV6M_TARGET = thumbTarget({
  name: 'ARMv6-M',
  model: cortexM0plusModel({ multiplier: 'fast' }),
  tables: THUMB_TABLES,
  unicornCpu: UcCpuArm.CORTEX_M0,
  dsp: false,
});

export const ARMV7EM_TARGET = thumbTarget({
  name: 'ARMv7E-M',
  model: CORTEX_M4,
  tables: armv7mTables([ARMV7M_TABLE, VFP_TABLE, ARMV6M_TABLE]),
  unicornCpu: UcCpuArm.CORTEX_M4,
  dsp: true,
  prepare: (cpu) => attachArmv7m(cpu, CORTEX_M4, CORTEX_M4.pipeline),
  qge: (cpu) => ({
    get: () => [v7(cpu).q, v7(cpu).ge],
    set: (q, ge) => {
      v7(cpu).q = q;
      v7(cpu).ge = ge;
    },
  }),
});

/**
 * How `arielsim exec` builds an RV32 hart: the flat-machine factory for sim/exec.ts. The CLINT is
 * mapped at the core model's base (SiFive layout, see clint.ts) when the bus is a FlatBus.
 */
import type { CoreFactory } from '../../exec.js';
import { FlatBus } from '../../memory/bus.js';
import { EM_RISCV } from '../../elf.js';
import type { RiscvCoreModel } from '../../../platforms/cores/hazard3.js';
import { CLINT_SIZE } from './clint.js';
import { Rv32Core } from './core.js';

export function riscvFactory(model: RiscvCoreModel): CoreFactory {
  return {
    elfMachine: EM_RISCV,
    start: 'entry',
    defaultRam: { base: 0x8000_0000, size: 1 << 20 },
    create(config, options) {
      const core = new Rv32Core(config, model, { stopOnFault: options.stopOnFault });
      if (config.bus instanceof FlatBus) {
        config.bus.addDevice('clint', model.riscv.clint.base, CLINT_SIZE, core.clint);
      }
      return core;
    },
  };
}

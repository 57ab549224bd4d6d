/**
 * Builds the simulated core for each core of a board, and the few things the machine does to a
 * core beyond the `Core` interface (start at a given SP/PC, deliver an event). The hooks are
 * looked up at run time so that cores that lack them still work, with a fallback.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Board } from '../../platforms/boards/schema.js';
import { coreModel } from '../../platforms/cores/index.js';
import { HAZARD3 } from '../../platforms/cores/hazard3.js';
import { RV32IMC_ESP } from '../../platforms/cores/rv32imc-esp.js';
import type { Core, CoreConfig } from '../core/core.js';
import { cortexMFactoryFor } from '../core/cortex-m/factory.js';
import { Rv32Core } from '../core/riscv/core.js';
import { EM_ARM, EM_RISCV } from '../elf.js';

const RISCV_MODELS = { hazard3: HAZARD3, 'rv32imc-esp': RV32IMC_ESP } as const;

/** ELF e_machine that a core type runs. */
export function elfMachineOf(type: string): number {
  return type in RISCV_MODELS ? EM_RISCV : EM_ARM;
}

/**
 * A core of `type`. `sendEvent` is what SEV on this core does (Cortex-M passes it through its
 * config's `sendEvent`; the RISC-V cores have no SEV).
 */
export function createCore(
  type: string,
  config: CoreConfig,
  sendEvent: () => void,
  stopOnFault: boolean,
): Core {
  const riscv = RISCV_MODELS[type as keyof typeof RISCV_MODELS];
  if (riscv !== undefined) return new Rv32Core(config, riscv, { stopOnFault });
  const model = type.startsWith('cortex-') ? coreModel(type) : undefined;
  if (model === undefined) throw new Error(`no simulator for core type ${type}`);
  // CortexMConfig.sendEvent rides along in the config (the factory spreads it into the core).
  const withEvent: CoreConfig & { sendEvent: () => void } = { ...config, sendEvent };
  return cortexMFactoryFor(model).create(withEvent, { stopOnFault });
}

/** Every core of the board must have a simulator; a diagnostic names each one that does not. */
export function checkSimulated(board: Board): void {
  const missing = board.cores.filter(
    (c) => !(c.type in RISCV_MODELS) && !(c.type.startsWith('cortex-') && coreModel(c.type)),
  );
  if (missing.length === 0) return;
  throw new DiagnosticError(
    missing.map((c) => ({
      code: 'machine/core-not-simulated',
      where: `${board.name}: cores.${c.id}`,
      message: `core type '${c.type}' has no instruction-set simulator`,
    })),
  );
}

/** Sets the event register of a core and ends a WFE sleep; a core without one is just woken. */
export function deliverEvent(core: Core): void {
  const withEvent = core as Core & { signalEvent?: () => void };
  if (withEvent.signalEvent !== undefined) withEvent.signalEvent();
  else core.sleeping = false;
}

/** Starts a core at `entry` with stack pointer `sp` (RP2040 core-1 launch). */
export function startAt(core: Core, vectorTable: number, sp: number, entry: number): void {
  const arm = core as Core & { r?: Uint32Array; pc: number; thumbBitClear?: boolean };
  if (arm.r !== undefined) {
    core.reset(vectorTable);
    arm.r[13] = sp & ~3;
    arm.pc = entry & ~1;
    arm.thumbBitClear = (entry & 1) === 0;
    return;
  }
  const rv = core as Core & { x?: Int32Array };
  core.reset(entry);
  if (rv.x !== undefined) rv.x[2] = sp | 0;
}

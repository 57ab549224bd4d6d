/**
 * Builds the simulated core for each core of a board, and the few things the machine does to a
 * core beyond the `Core` interface (start at a given SP/PC, deliver an event). The hooks are
 * looked up at run time so that cores that lack them still work, with a fallback.
 */
import { DiagnosticError } from '../../common/diagnostics.js';
import type { Board } from '../../platforms/boards/schema.js';
import type { Core, CoreConfig } from '../core/core.js';
import { coreFactory } from '../core/factories.js';

/** ELF e_machine that a core type runs (the core type must have a simulator: see checkSimulated). */
export function elfMachineOf(type: string): number {
  return coreFactory(type)!.elfMachine;
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
  const factory = coreFactory(type);
  if (factory === undefined) throw new Error(`no simulator for core type ${type}`);
  // CortexMConfig.sendEvent rides along in the config (the Cortex-M factory spreads it into the core).
  const withEvent: CoreConfig & { sendEvent: () => void } = { ...config, sendEvent };
  return factory.create(withEvent, { stopOnFault });
}

/** Every core of the board must have a simulator; a diagnostic names each one that does not. */
export function checkSimulated(board: Board): void {
  const missing = board.cores.filter((c) => coreFactory(c.type) === undefined);
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

/**
 * Drives interrupt line `line` of a core: on a Cortex-M the NVIC's external interrupt `line`
 * becomes pending when the line rises (exception 16 + line) and, level-sensitive, again after
 * its handler while it stays high; a RISC-V hart's lines all drive its machine external
 * interrupt (MEIP).
 */
export function driveIrq(core: Core, line: number, level: boolean): void {
  const arm = core as Core & {
    pend?: (n: number) => void;
    exceptions?: { level: Uint8Array };
  };
  if (arm.pend !== undefined) {
    const n = 16 + line;
    if (arm.exceptions !== undefined && n < arm.exceptions.level.length)
      arm.exceptions.level[n] = level ? 1 : 0;
    if (level) arm.pend(n);
    return;
  }
  const rv = core as Core & { setExternalInterrupt?: (level: boolean) => void };
  rv.setExternalInterrupt?.(level);
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

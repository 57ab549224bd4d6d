/**
 * What every simulated CPU offers the machine that drives it, whatever its ISA. A core sees only its
 * `Bus` and its core id (STYLE.md point 4); it counts its own cycles in its own clock.
 */
import type { Bus } from '../memory/bus.js';

/** Why a core stopped for good. Guest faults are events of the simulation, not host errors. */
export type Halt =
  | { kind: 'semihosting'; code: number }
  | {
      kind: 'fault';
      /** e.g. 'HardFault', 'UsageFault: undefined instruction', 'illegal instruction', 'load access fault'. */
      fault: string;
      pc: number;
      /** The instruction word at pc, when it could be fetched. */
      instruction?: number;
      /** Register dump for the report: name -> value. */
      registers: Record<string, number>;
      detail: string;
      /** Set when the fault is a BKPT with no debugger: its immediate (firmware's exit). */
      breakpoint?: number;
    };

/** Host services the guest reaches through semihosting. */
export interface SemihostingHost {
  /** Bytes the guest wrote to stdout (SYS_WRITEC / SYS_WRITE0 / SYS_WRITE to handle 1). */
  writeStdout(bytes: Uint8Array): void;
}

/**
 * The observation points a core offers a machine that runs cores ahead of each other
 * (sim/machine/lookahead.ts). A core given one calls `catchUp` before it reads what another core
 * may have changed without a bus access, or does what other cores observe outside the bus: decoding
 * an instruction (its fetch), an instruction whose table entry `observesOthers` (WFE, WFI,
 * semihosting), a trap; and it returns from `run` as soon as it falls asleep, so that the machine
 * decides how long it sleeps. A core run alone gets none.
 */
export interface CoreOrdering {
  /** Brings every core that is behind this one in global time up to it. */
  catchUp(): void;
}

export interface CoreConfig {
  id: number;
  /** Core model name from platforms/cores (e.g. 'cortex-m0plus', 'hazard3'). */
  type: string;
  clockHz: number;
  bus: Bus;
  host: SemihostingHost;
  /** Set by a machine that runs this core ahead of the others (see CoreOrdering). */
  ordering?: CoreOrdering;
}

export interface Core {
  readonly id: number;
  readonly type: string;
  readonly clockHz: number;
  /** Cycles elapsed on this core since reset, in its own clock. */
  cycles: number;
  /** Instructions retired since reset. */
  instructions: number;
  /** Set once the core has stopped for good. */
  halt: Halt | undefined;
  /** True while the core sleeps in WFI/WFE with nothing pending. */
  sleeping: boolean;
  /** Resets the core (Cortex-M: SP and PC from the vector table at `vectorTable`; RISC-V: pc = entry). */
  reset(entryOrVectorTable: number): void;
  /** Executes instructions until `cycles >= untilCycle`, the core halts, or it goes to sleep. */
  run(untilCycle: number): void;
  /**
   * Lowers the end of the `run` in progress to `untilCycle` (when earlier): something scheduled
   * during the run (a device event) must be seen at its time. Outside a run it does nothing.
   */
  limitRun(untilCycle: number): void;
  /** The cycle at which the core, asleep, wakes by itself (a timer); Infinity: only an event. */
  wakeCycle(): number;
}

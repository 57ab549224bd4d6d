/**
 * "All cores asleep with no wake source": every live core sleeps (WFE, WFI, h3.block) and none has
 * anything that can wake it: a SysTick or timer deadline, a pending interrupt, or a device event
 * still to come (device-events.ts: the machine's wakeCycle counts the next one). Every other
 * wake-up on a simulated board comes from a core's action (SEV, a FIFO push, another hart's msip),
 * and no core can act, so the firmware can never go on: the run ends there instead of sleeping to
 * its cycle limit. The check is conservative: a core whose timer is counting but would not wake
 * it (SysTick without TICKINT), or a device event that wakes nobody, counts as a wake source, and
 * the run goes on to its limit.
 */
import type { Core } from '../core/core.js';

/** What the check reads of a machine (machine.ts and the lookahead scheduler's host have it). */
export interface SleepView {
  readonly cores: readonly Core[];
  /** 1 while a core runs: started and not halted. */
  readonly live: Uint8Array;
  wakeCycle(id: number): number;
}

/** True when at least one core is live, every live core sleeps, and none can wake by itself. */
export function allAsleepForever(m: SleepView): boolean {
  let any = false;
  for (let i = 0; i < m.cores.length; i++) {
    if (m.live[i] === 0) continue;
    if (!m.cores[i]!.sleeping || m.wakeCycle(i) !== Infinity) return false;
    any = true;
  }
  return any;
}

/**
 * Lookahead scheduling: the results of stepping the laggard core one instruction at a time (the
 * reference order, machine.ts with quantum 1) for a fraction of the host time.
 *
 * The reference order runs every step (an instruction, or a cycle of sleep) in order of its key:
 * start tick in the global time base, then core id. Steps of different cores only meet through
 * what one of them observes of the other. So here a core runs ahead of the others until it is
 * about to do something another core could observe or be affected by: a data or device access,
 * an XIP cache lookup, an exclusive (sim/memory/core-bus.ts), SEV, WFE/WFI, a semihosting call or
 * a trap (CoreOrdering, sim/core/core.ts). There `catchUp` first runs every core whose next step comes earlier, up
 * to this core's time, nested the same way; then the access happens. Every observable action thus
 * happens in key order after every earlier one, while the steps that only touch a core's own
 * registers run in long batches. A core that may not run ahead (asleep, or of a type without
 * hooks) only runs while it is behind every other core.
 *
 * A sleeping core's steps change nothing until it wakes: it is brought up to date when its own
 * wake-up (SysTick, timer) comes due, when another core signals it, and at the end of a run.
 *
 * The core that runs ahead (the leader) is the lowest-numbered awake one, at most HORIZON cycles
 * ahead of the others so that they keep going when it spins without touching memory. This gives
 * the one difference from the reference order: when a core other than the leader halts (a
 * semihosting exit or a fault), the leader may already have run up to HORIZON cycles past that
 * time (its cycle and instruction counts and so the trace hash show it); its access in progress is
 * abandoned. Memory, devices, banks, the timeline and output are the reference order's.
 */
import type { Core } from '../core/core.js';
import type { AccessOrdering } from '../memory/core-bus.js';
import { allAsleepForever } from './deadlock.js';
import type { MachineExit } from './machine.js';

/** How far (cycles of the fastest clock) the leader may run past the other cores' time. */
export const HORIZON_CYCLES = 256;

/** Thrown through the cores' run loops to abandon their accesses when a nested core halted. */
const RUN_ENDED = new Error('machine run ended by a halt (internal: never escapes Machine.run)');

/** What the scheduler needs from the machine. */
export interface LookaheadHost {
  readonly cores: readonly Core[];
  /** Global ticks per cycle of each core. */
  readonly ticksPerCycle: Int32Array;
  /** Ticks of one cycle of the fastest clock. */
  readonly slotTicks: number;
  /** 1 while the core runs: started and not halted. */
  readonly live: Uint8Array;
  /** 1 when the core may run ahead of the others (it calls the CoreOrdering at its hidden reads). */
  readonly canLead: Uint8Array;
  /** The cycle at which sleeping core `id` wakes by itself (Infinity: only an event wakes it). */
  wakeCycle(id: number): number;
  /** Runs core `id` until `untilCycle` with the machine's bookkeeping; its exit when it halted. */
  runCore(id: number, untilCycle: number): MachineExit | undefined;
  /** Global time of the next device event (Infinity: none); no core's step passes it. */
  readonly nextEventTicks: number;
  /** Fires the device events every live core has reached; true when any fired. */
  fireDueEvents(): boolean;
}

export class Lookahead implements AccessOrdering {
  /** Global time of each core's latest catch-up: a halting instruction's start. */
  private readonly syncTicks: Float64Array;
  private readonly horizonTicks: number;
  private exit: MachineExit | undefined = undefined;
  /** True inside `run`: accesses made from outside a run (tests, loaders) need no ordering. */
  private active = false;

  constructor(private readonly host: LookaheadHost) {
    this.syncTicks = new Float64Array(host.cores.length);
    this.horizonTicks = HORIZON_CYCLES * host.slotTicks;
  }

  /** Runs the machine until `maxTicks` (every core's steps that start earlier) or an exit. */
  run(maxTicks: number): MachineExit {
    this.exit = undefined;
    this.active = true;
    try {
      for (;;) {
        // A device event is a step before every core's at its time (device-events.ts).
        if (this.host.fireDueEvents()) continue;
        const limit = Math.min(maxTicks, this.host.nextEventTicks);
        if (this.lead(limit)) continue;
        if (allAsleepForever(this.host)) return this.deadlock();
        if (this.advance(limit, -1, true)) continue;
        // Nothing before the limit: the run's end, or every core at the next event (fired above).
        if (limit === maxTicks || !this.host.live.includes(1)) break;
      }
    } catch (e) {
      if (e !== RUN_ENDED) throw e;
      return this.exit!;
    } finally {
      this.active = false;
    }
    return this.host.live.includes(1) ? { kind: 'max-cycles' } : { kind: 'all-halted' };
  }

  /**
   * Every live core sleeps and none can wake (deadlock.ts). The reference order notices it right
   * after the step that put the last core to sleep (its WFE or WFI, where it caught up): the other
   * sleepers are brought to that step, as there.
   */
  private deadlock(): MachineExit {
    const { cores, live } = this.host;
    let last = -1;
    for (let i = 0; i < cores.length; i++)
      if (live[i] === 1 && (last < 0 || this.syncTicks[i]! >= this.syncTicks[last]!)) last = i;
    this.advance(this.syncTicks[last]!, last, true);
    return { kind: 'deadlock' };
  }

  catchUp(id: number): void {
    if (!this.active) return;
    const { cores, ticksPerCycle, live } = this.host;
    const ticks = cores[id]!.cycles * ticksPerCycle[id]!;
    this.syncTicks[id] = ticks;
    for (let i = 0; i < cores.length; i++) {
      if (i === id || live[i] === 0) continue;
      const core = cores[i]!;
      const t = core.sleeping ? this.wakeTicks(i) : core.cycles * ticksPerCycle[i]!;
      if (t < ticks || (t === ticks && i < id)) {
        this.advance(ticks, id, false);
        return;
      }
    }
  }

  /**
   * Before core `from` signals core `to` (SEV, a FIFO write): a sleeping `to` that is behind is
   * brought to `from`'s time, where the reference order has it when the signal arrives.
   */
  beforeSignal(from: number, to: number): void {
    if (!this.active) return;
    const { cores, ticksPerCycle, live } = this.host;
    const core = cores[to]!;
    if (live[to] === 0 || !core.sleeping) return;
    const ticks = cores[from]!.cycles * ticksPerCycle[from]!;
    const t = core.cycles * ticksPerCycle[to]!;
    if (t < ticks || (t === ticks && to < from))
      this.runCore(to, untilCycle(this.host, to, ticks, from));
  }

  /**
   * Runs the lowest-numbered awake core that may lead and is below both `maxTicks` and its
   * horizon, up to the nearer of the two; false when there is none.
   */
  private lead(maxTicks: number): boolean {
    const { cores, ticksPerCycle, live, canLead } = this.host;
    for (let i = 0; i < cores.length; i++) {
      const core = cores[i]!;
      if (live[i] === 0 || canLead[i] === 0 || core.sleeping) continue;
      const limit = Math.min(maxTicks, this.othersTicks(i) + this.horizonTicks);
      if (core.cycles * ticksPerCycle[i]! >= limit) continue;
      this.runCore(i, untilCycle(this.host, i, limit, -1));
      return true;
    }
    return false;
  }

  /** The earliest effective time of the cores other than `id` (Infinity when none can act). */
  private othersTicks(id: number): number {
    const { cores, ticksPerCycle, live } = this.host;
    let min = Infinity;
    for (let j = 0; j < cores.length; j++) {
      if (j === id || live[j] === 0) continue;
      const core = cores[j]!;
      const t = core.sleeping ? this.wakeTicks(j) : core.cycles * ticksPerCycle[j]!;
      if (t < min) min = t;
    }
    return min;
  }

  /**
   * Runs cores until none has a step before key (`ticks`, `id`) left: the earliest first, a core
   * that may lead up to that key, any other only while it stays behind every other core. Sleeping
   * cores count from their wake-up step unless `withSleepers`. False when nothing had to run.
   */
  private advance(ticks: number, id: number, withSleepers: boolean): boolean {
    const { cores, ticksPerCycle, live, canLead } = this.host;
    // Nothing runs past the next device event before it fires: stop at key (event, before all).
    const event = this.host.nextEventTicks;
    if (event < ticks || (event === ticks && id >= 0)) [ticks, id] = [event, -1];
    const n = cores.length;
    let ran = false;
    for (;;) {
      let best = -1;
      let bestTicks = Infinity;
      for (let i = 0; i < n; i++) {
        if (live[i] === 0) continue;
        const core = cores[i]!;
        const t = core.cycles * ticksPerCycle[i]!;
        const due = withSleepers || !core.sleeping ? t : this.wakeTicks(i);
        if (!(due < ticks || (due === ticks && i < id))) continue;
        if (t < bestTicks) {
          best = i;
          bestTicks = t;
        }
      }
      if (best < 0) return ran;
      let limitTicks = ticks;
      let limitId = id;
      if (canLead[best] === 0 || cores[best]!.sleeping) {
        for (let j = 0; j < n; j++) {
          if (j === best || live[j] === 0) continue;
          const core = cores[j]!;
          const t = core.sleeping ? this.wakeTicks(j) : core.cycles * ticksPerCycle[j]!;
          if (t < limitTicks || (t === limitTicks && j < limitId)) {
            limitTicks = t;
            limitId = j;
          }
        }
      }
      this.runCore(best, untilCycle(this.host, best, limitTicks, limitId));
      ran = true;
    }
  }

  /** Global time of sleeping core `i`'s wake-up step: the next step another core could see. */
  private wakeTicks(i: number): number {
    const wake = this.host.wakeCycle(i);
    if (wake === Infinity) return Infinity;
    const core = this.host.cores[i]!;
    return Math.max(core.cycles, wake - 1) * this.host.ticksPerCycle[i]!;
  }

  private runCore(id: number, until: number): void {
    const core = this.host.cores[id]!;
    // A sleeper stops at its wake-up, so its sleep and its wake-up are accounted as in the reference.
    if (core.sleeping) until = Math.min(until, Math.max(this.host.wakeCycle(id), core.cycles + 1));
    const exit = this.host.runCore(id, until);
    if (exit === undefined) return;
    this.exit = exit;
    // The reference order ends the run at the halting instruction: bring the sleepers there too.
    this.advance(this.syncTicks[id]!, id, true);
    throw RUN_ENDED;
  }
}

/** The first cycle of core `id` whose key (tick, id) comes after (`ticks`, `afterId`). */
function untilCycle(host: LookaheadHost, id: number, ticks: number, afterId: number): number {
  const tpc = host.ticksPerCycle[id]!;
  return id > afterId ? Math.ceil(ticks / tpc) : Math.floor(ticks / tpc) + 1;
}

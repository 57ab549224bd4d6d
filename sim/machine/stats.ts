/** The statistics of a machine run (per core, per bank, per cache) and its trace hash. */
import type { BankStats } from '../memory/bank-arbiter.js';
import type { CacheStats } from '../memory/xip-cache.js';
import type { Machine } from './machine.js';

export interface CoreStats {
  id: number;
  type: string;
  clockHz: number;
  cycles: number;
  instructions: number;
  /** Cycles executing (cycles - stalled - sleeping). */
  busy: number;
  /** Cycles lost on the bus: bank conflicts and wait states. */
  stalled: number;
  /** Cycles asleep (WFE/WFI) or held before launch. */
  sleeping: number;
  accesses: number;
  state: 'held' | 'running' | 'halted';
}

export interface MachineStats {
  cores: CoreStats[];
  banks: BankStats[];
  caches: (CacheStats & { name: string })[];
  /** Simulated time of the run (the latest core), in nanoseconds. */
  elapsedNs: number;
  /** Instructions of all cores per host second, in millions. */
  mips: number;
}

export function collectStats(m: Machine, hostSeconds: number): MachineStats {
  const cores = m.cores.map((c, i): CoreStats => {
    const bus = m.buses[i]!.stats;
    const sleeping = Math.min(c.cycles, m.sleepCycles[i]!);
    const stalled = bus.stalledCycles;
    return {
      id: c.id,
      type: c.type,
      clockHz: c.clockHz,
      cycles: c.cycles,
      instructions: c.instructions,
      busy: Math.max(0, c.cycles - stalled - sleeping),
      stalled,
      sleeping,
      accesses: bus.accesses,
      state: c.halt !== undefined ? 'halted' : m.state[i]!,
    };
  });
  const endTicks = Math.max(...m.cores.map((c, i) => m.ticks(i, c.cycles)));
  const instructions = cores.reduce((s, c) => s + c.instructions, 0);
  return {
    cores,
    banks: m.map.arbiters.flatMap((a) => a.stats.map((s) => ({ ...s }))),
    caches: m.map.caches.map((c) => ({ name: c.name, ...c.model.stats })),
    elapsedNs: m.timeBase.toNanoseconds(endTicks),
    mips: hostSeconds > 0 ? instructions / hostSeconds / 1e6 : 0,
  };
}

/** A hex digest of every core's data accesses in time, the final core states and the timeline. */
export function traceHash(m: Machine): string {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ Math.floor(v / 2 ** 32), 0x01000193) >>> 0;
  };
  m.buses.forEach((b) => mix(b.traceHash));
  m.cores.forEach((c) => [c.cycles, c.instructions, (c as { pc?: number }).pc ?? 0].forEach(mix));
  for (const e of m.timeline.events) {
    mix(e.atTicks);
    mix(e.coreId);
    for (const ch of e.kind + (e.detail ?? '')) mix(ch.charCodeAt(0));
  }
  return h.toString(16).padStart(8, '0');
}

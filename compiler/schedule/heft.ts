/**
 * HEFT (Topcuoglu, Hariri, Wu 2002): items ordered by upward rank over their mean duration across
 * cores, each placed on the core that gives the earliest finish time, with insertion into idle gaps.
 * Communication costs are zero: all cores share the SRAM the activations live in.
 */
import type { BoardCore } from '../../platforms/boards/schema.js';
import { successors, type TaskGraph } from '../partition/task-graph.js';
import { byPriority, durationTable, listSchedule, upwardRank } from './list-scheduler.js';
import { finishSchedule, type Schedule } from './types.js';

export function heft(
  tg: TaskGraph,
  cores: readonly BoardCore[],
  lowerBoundCycles: number,
): Schedule {
  const d = durationTable(tg, cores);
  const mean = d.map((row) => row.reduce((a, b) => a + b, 0) / row.length);
  const succ = successors(tg);
  const order = byPriority(upwardRank(tg, mean, succ), tg, succ);
  const p = listSchedule(tg, d, order);
  return finishSchedule('heft', tg, cores, p.coreOf, p.times, lowerBoundCycles);
}

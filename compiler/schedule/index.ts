/** The named scheduling policies, `auto` (the best of them) and the entry point `schedule`. */
import type { BoardCore } from '../../platforms/boards/schema.js';
import type { TaskGraph } from '../partition/task-graph.js';
import { arielCp } from './ariel-cp.js';
import { arielGreedy } from './ariel-greedy.js';
import { heft } from './heft.js';
import { lowerBound } from './lower-bound.js';
import { POLICIES, type Policy, type PolicyOrAuto, type Schedule } from './types.js';

type PolicyFn = (tg: TaskGraph, cores: readonly BoardCore[], lowerBoundCycles: number) => Schedule;

const POLICY_FNS: Record<Policy, PolicyFn> = {
  'ariel-greedy': arielGreedy,
  heft,
  'ariel-cp': arielCp,
};

/** Runs the named policies (all of them for `auto`); returns every schedule and the chosen one. */
export function scheduleAll(
  tg: TaskGraph,
  cores: readonly BoardCore[],
  policy: PolicyOrAuto,
): { chosen: Schedule; all: Schedule[] } {
  const lb = lowerBound(tg, cores);
  const names = policy === 'auto' ? POLICIES : [policy];
  const all = names.map((p) => POLICY_FNS[p](tg, cores, lb));
  // auto keeps the smallest makespan; ties go to the earlier policy in POLICIES.
  const chosen = all.reduce((a, b) => (b.makespanCycles < a.makespanCycles ? b : a));
  return { chosen, all };
}

export function schedule(
  tg: TaskGraph,
  cores: readonly BoardCore[],
  policy: PolicyOrAuto,
): Schedule {
  return scheduleAll(tg, cores, policy).chosen;
}

export { POLICIES, type Policy, type PolicyOrAuto, type Schedule };

/**
 * An honest speedup: what the parallel run may be compared with, and why it beats that when it does.
 *
 * The ideal speedup of a board over its core 0 alone is the sum, over its cores, of how fast each
 * does the model's work next to core 0: clock ratio times the cost model's ratio of the work's
 * cycles on the two core types (1 + 64/128 = 1.5 for nRF5340's cores; 2 for two equal cores). A
 * measured speedup above it (by more than 0.5%) is superlinear, and the causes are named from what
 * the two runs measured: weights in another memory, or fewer memory stall cycles in total once the
 * work is spread (each core's share fits the caches better).
 */
import type { CompiledModel } from '../compiler/compile.js';
import type { FirmwareImage } from '../runtime-gen/image.js';
import type { MeasuredRun } from './run-model.js';

export interface SpeedupCheck {
  /** Speedup the cores' clocks and types allow (see the header). */
  ideal: number;
  /** Set when the measured speedup is above `ideal` by more than 0.5%: the measured causes. */
  superlinear?: { causes: string[] };
}

interface Simulated {
  compiled: CompiledModel;
  image: FirmwareImage;
  measured: MeasuredRun;
}

/** The ideal speedup of the board's cores over core 0, from the task graph's costs per core type. */
export function idealSpeedup(compiled: CompiledModel): number {
  const cores = compiled.board.cores;
  const work = (type: string) =>
    compiled.taskGraph.items.reduce((s, item) => s + (item.cost[type] ?? 0), 0);
  const core0 = cores[0]!;
  const time0 = work(core0.type) / core0.clockHz;
  return cores.reduce((s, c) => s + time0 / (work(c.type) / c.clockHz), 0);
}

export function checkSpeedup(
  parallel: Simulated,
  single: Simulated,
  speedup: number,
): SpeedupCheck {
  const ideal = idealSpeedup(parallel.compiled);
  if (speedup <= ideal * 1.005) return { ideal };
  const causes: string[] = [];
  const n = parallel.compiled.board.cores.length;
  const [pm, sm] = [parallel.image.layout.blobMemory, single.image.layout.blobMemory];
  if (pm !== sm) causes.push(`weights in ${pm} on ${n} cores, in ${sm} on 1`);
  const stalled = (r: MeasuredRun) => r.cores.reduce((s, c) => s + c.stalled, 0);
  const [ps, ss] = [stalled(parallel.measured), stalled(single.measured)];
  if (ps < ss * 0.9)
    causes.push(
      `memory stalls fall from ${ss.toLocaleString('en-US')} cycles on 1 core to ${ps.toLocaleString('en-US')} on ${n} (each core's share of the code and weights fits the caches better)`,
    );
  if (causes.length === 0)
    causes.push(
      'not explained by placement or stalls: the cost model may underrate the other cores',
    );
  return { ideal, superlinear: { causes } };
}

/**
 * Chrome trace-event JSON of a run (opens in Perfetto and chrome://tracing): one track per core,
 * one complete ("X") event per work item, in microseconds since the common start.
 * Format: the Trace Event Format document (Google, "JSON Object Format", phases X and M).
 */
import type { Graph } from '../compiler/ir/graph.js';
import type { RunResult } from './run-model.js';

export function traceEvents(g: Graph, r: RunResult) {
  const names = r.cores.map((c) => ({
    name: 'thread_name',
    ph: 'M',
    pid: 1,
    tid: c.id,
    args: { name: `core ${c.id} (${c.type} @ ${c.clockHz / 1e6} MHz)` },
  }));
  const items = r.trace.map((t) => {
    const item = r.compiled.taskGraph.items[t.item]!;
    return {
      name: `${g.ops[t.op]!.kind} #${t.op}`,
      cat: item.kernel,
      ph: 'X',
      pid: 1,
      tid: t.core,
      ts: round3(t.startUs),
      dur: round3(t.endUs - t.startUs),
      args: {
        item: t.item,
        tile: item.tile.map(([a, b]) => `${a}:${b}`).join(','),
        cycles: t.endCycles - t.startCycles,
        macs: item.macs,
      },
    };
  });
  return {
    traceEvents: [
      { name: 'process_name', ph: 'M', pid: 1, args: { name: `${r.model} on ${r.board}` } },
      ...names,
      ...items,
    ],
    displayTimeUnit: 'ms',
    otherData: {
      model: r.model,
      board: r.board,
      scheduler: r.scheduler,
      latencyMs: r.latencyMs,
      bitExact: r.bitExact,
    },
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

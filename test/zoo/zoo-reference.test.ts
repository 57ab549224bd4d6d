import { describe, expect, it } from 'vitest';
import type { Graph, OpKind } from '../../compiler/ir/graph.js';
import { runGraph } from '../../compiler/ref/interpreter.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { ZOO, ZOO_NAMES } from '../../compiler/zoo/registry.js';

const REQUANTISING: ReadonlySet<OpKind> = new Set([
  'CONV_2D',
  'DEPTHWISE_CONV_2D',
  'FULLY_CONNECTED',
  'ADD',
  'CONCATENATION',
]);

function run(g: Graph, seed: number) {
  const input = g.tensors[g.inputs[0]!]!;
  return runGraph(g, [seededInput(input, seed)]);
}

describe.each(ZOO_NAMES)('%s on the reference interpreter', (name) => {
  const graph = ZOO[name]!.build();

  it('keeps its intermediate tensors in range: not saturated, most of int8 used', () => {
    const g = graph;
    const values = run(g, 1);
    for (const op of g.ops) {
      if (!REQUANTISING.has(op.kind)) continue;
      const t = g.tensors[op.outputs[0]!]!;
      const data = values.get(t.id) as Int8Array;
      const atMax = data.filter((v) => v === 127).length / data.length;
      expect(atMax, `${t.name}: share of values at 127`).toBeLessThan(0.12);
      if (data.length >= 64) {
        const used = Math.max(...data) - Math.min(...data);
        expect(used, `${t.name}: span of the int8 values`).toBeGreaterThanOrEqual(96);
      }
    }
  });

  it('runs whole, and its outputs depend on the input', () => {
    const a = run(graph, 1).get(graph.outputs[0]!)!;
    const b = run(graph, 2).get(graph.outputs[0]!)!;
    expect(Array.from(a as Int8Array)).not.toEqual(Array.from(b as Int8Array));
  });
});

import { describe, expect, it } from 'vitest';
import type { Graph } from '../../compiler/ir/graph.js';
import { opMacs } from '../../compiler/ir/stats.js';
import { chooseSplit, partition, splitRange } from '../../compiler/partition/partition.js';
import { leadingPad, regionElements } from '../../compiler/partition/regions.js';
import { ModelBuilder } from '../../compiler/zoo/layers.js';
import { ZOO } from '../../compiler/zoo/registry.js';

/** 7x7x2 -> conv 3x3 stride 2 SAME (4 filters) -> 4x4x4 -> conv 3x3 stride 1 SAME -> 4x4x4. */
function twoConvs(): Graph {
  const m = new ModelBuilder('two_convs', 1);
  const x = m.input('input', [1, 7, 7, 2], 0, 1);
  const y = m.conv2d(x, 'conv_s2', { filters: 4, kernel: 3, stride: 2 });
  return m.build([m.conv2d(y, 'conv_s1', { filters: 4, kernel: 3 })]);
}

const opIndexOf = (g: Graph, name: string) =>
  g.ops.findIndex((op) => g.tensors[op.outputs[0]!]!.name === name);

describe('tiles and the regions they read', () => {
  it('splitRange balances the extent', () => {
    expect(splitRange(10, 4)).toEqual([
      [0, 2],
      [2, 5],
      [5, 7],
      [7, 10],
    ]);
    expect(splitRange(3, 1)).toEqual([[0, 3]]);
  });

  it('TFLite SAME padding puts the smaller half first', () => {
    expect(leadingPad('SAME', 7, 4, 3, 2, 1)).toBe(1); // total 2
    expect(leadingPad('SAME', 8, 4, 3, 2, 1)).toBe(0); // total 1
    expect(leadingPad('VALID', 8, 3, 3, 2, 1)).toBe(0);
  });

  it('a strided, padded conv split in rows reads its exact receptive fields', () => {
    const g = twoConvs();
    const tg = partition(g, { cores: 2, forceTiles: 2 });
    const [a, b] = tg.items;
    expect(a!.tile).toEqual([
      [0, 1],
      [0, 2],
      [0, 4],
      [0, 4],
    ]);
    expect(a!.reads).toEqual([
      {
        tensor: g.inputs[0],
        ranges: [
          [0, 1],
          [0, 4],
          [0, 7],
          [0, 2],
        ],
      },
    ]);
    expect(b!.tile).toEqual([
      [0, 1],
      [2, 4],
      [0, 4],
      [0, 4],
    ]);
    expect(b!.reads[0]!.ranges).toEqual([
      [0, 1],
      [3, 7],
      [0, 7],
      [0, 2],
    ]);
    // 2 rows x 4 cols x 4 channels x (3x3x2) MACs; 4x7x2 input bytes + 72 weight + 16 bias bytes.
    expect([a!.macs, a!.bytesIn, a!.bytesOut]).toEqual([576, 56 + 88, 32]);
  });

  it('dependencies are between tiles: each consumer row waits only for the rows it reads', () => {
    const tg = partition(twoConvs(), { cores: 4, forceTiles: 4 });
    expect(tg.items.map((it) => it.reads[0]!.ranges[1])).toEqual([
      [0, 2], [1, 4], [3, 6], [5, 7], // conv_s2 rows of the input
      [0, 2], [0, 3], [1, 4], [2, 4], // conv_s1 rows of conv_s2's output
    ]); // prettier-ignore
    expect(tg.items.map((it) => it.deps)).toEqual([
      [],
      [],
      [],
      [],
      [0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [2, 3],
    ]);
  });

  it('chooses rows, then channels, and output neurons for FULLY_CONNECTED', () => {
    const g = ZOO.resnet8!.build();
    const fc = g.ops.findIndex((op) => op.kind === 'FULLY_CONNECTED');
    expect(chooseSplit(g, g.ops[fc]!, { cores: 2, minWorkPerItem: 1 })).toEqual({
      dim: 1,
      count: 8,
    });
    const convLast = opIndexOf(g, 'stack_3/conv_2'); // 8x8x64 output
    expect(chooseSplit(g, g.ops[convLast]!, { cores: 2 })).toEqual({ dim: 1, count: 8 });
    // 4 cores want 16 items: more than the 8 rows, so the 64 channels are split instead.
    expect(chooseSplit(g, g.ops[convLast]!, { cores: 4 })).toEqual({ dim: 3, count: 16 });
    expect(chooseSplit(g, g.ops[convLast]!, { cores: 2, forceTiles: 5 })).toEqual({
      dim: 1,
      count: 5,
    });
    const pool = g.ops.findIndex((op) => op.kind === 'AVERAGE_POOL_2D'); // 1x1x64, little work
    expect(chooseSplit(g, g.ops[pool]!, { cores: 2 })).toEqual({ dim: 3, count: 1 });
  });
});

describe('branches overlap in the task graph', () => {
  it('ResNet-8: the shortcut conv does not wait for the residual branch', () => {
    const g = ZOO.resnet8!.build();
    const tg = partition(g, { cores: 2 });
    const opsOf = (ids: number[]) => new Set(ids.map((d) => tg.items[d]!.op));
    const shortcut = opIndexOf(g, 'stack_2/shortcut');
    const input = opIndexOf(g, 'stack_1/add');
    for (const it of tg.items.filter((i) => i.op === shortcut))
      expect([...opsOf(it.deps)]).toEqual([input]);
    const add = opIndexOf(g, 'stack_2/add');
    const addDeps = opsOf(tg.items.filter((i) => i.op === add).flatMap((i) => i.deps));
    expect([...addDeps].sort((a, b) => a - b)).toEqual(
      [opIndexOf(g, 'stack_2/conv_2'), shortcut].sort((a, b) => a - b),
    );
  });

  it('Inception-like: the four branches start from the same producer', () => {
    const g = ZOO.inception_like!.build();
    const tg = partition(g, { cores: 2 });
    const pool = opIndexOf(g, 'stem_pool');
    for (const branch of ['1x1', '3x3_reduce', '5x5_reduce', 'pool']) {
      const op = opIndexOf(g, `inception_a/${branch}`);
      const deps = tg.items.filter((i) => i.op === op).flatMap((i) => i.deps);
      expect(new Set(deps.map((d) => tg.items[d]!.op))).toEqual(new Set([pool]));
    }
  });

  it('every zoo model: tiles cover each output once and MACs add up per op', () => {
    for (const [name, entry] of Object.entries(ZOO)) {
      const g = entry.build();
      for (const cores of [1, 3, 8]) {
        const tg = partition(g, { cores });
        g.ops.forEach((op, i) => {
          const items = tg.items.filter((it) => it.op === i);
          const out = g.tensors[op.outputs[0]!]!;
          const covered = items.reduce((n, it) => n + regionElements(it.writes.ranges), 0);
          expect(covered, `${name} op ${i}`).toBe(out.shape.reduce((a, b) => a * b, 1));
          expect(
            items.reduce((n, it) => n + it.macs, 0),
            `${name} op ${i}`,
          ).toBe(opMacs(g, op));
        });
        tg.items.forEach((it) => it.deps.forEach((d) => expect(d).toBeLessThan(it.id)));
      }
    }
  });
});

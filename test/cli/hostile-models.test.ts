/**
 * Issue 13's hostile models (findings 4, 5 and 6) as regression cases: each is rejected by
 * `inspect`, `compile` and `run` with the same diagnostic codes (exit 2, no stack trace), fast,
 * at import — never by a crash after the work.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../compiler/ir/graph.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { writeTflite } from '../../compiler/zoo/tflite-writer.js';
import { inspectGraph } from '../../cli/commands/inspect.js';
import { jsonText } from '../../cli/output.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { arielsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'arielsim-hostile-'));

/** LeNet-5 (tensor 0 input, 1 c1 weights, 3 c1 output, ...; see compiler/zoo/lenet5.ts) changed by `f`. */
function lenet(f: (g: Graph) => void): Graph {
  const g = ZOO.lenet5!.build();
  f(g);
  return g;
}

const q = (scale: number, zeroPoint: number) => ({
  scale: [scale],
  zeroPoint: [zeroPoint],
  axis: 0,
});

/** One TANH op from `inShape` to `outShape`. */
function tanh(inShape: number[], outShape: number[]): Graph {
  return {
    name: 'tanh',
    tensors: [
      { id: 0, name: 'x', shape: inShape, dtype: 'int8', quant: q(0.05, 0) },
      { id: 1, name: 'y', shape: outShape, dtype: 'int8', quant: q(1 / 128, 0) },
    ],
    ops: [{ kind: 'TANH', inputs: [0], outputs: [1], attrs: {} }],
    inputs: [0],
    outputs: [1],
  };
}

/** [name, model, the diagnostic codes every command reports]. */
const CASES: [string, Graph, string[]][] = [
  ['NaN scale', lenet((g) => (g.tensors[3]!.quant!.scale[0] = NaN)), ['graph/quantization']],
  [
    'huge requantisation multiplier',
    lenet((g) => (g.tensors[3]!.quant!.scale[0] = 1e-30)),
    ['graph/param-range'],
  ],
  ['filter without quantisation', lenet((g) => delete g.tensors[1]!.quant), ['graph/quantization']],
  [
    'output offset beyond int32',
    lenet((g) => (g.tensors[3]!.quant!.zeroPoint[0] = -7881299347898496)),
    ['graph/quantization'],
  ],
  ['TANH [1,8,8,4] -> [1,3,3,3]', tanh([1, 8, 8, 4], [1, 3, 3, 3]), ['graph/shape']],
  [
    'rank-8 tensor',
    tanh([1, 1, 1, 1, 2, 8, 8, 4], [1, 1, 1, 1, 2, 8, 8, 4]),
    ['graph/rank', 'graph/rank'],
  ],
  [
    'two ops write one tensor',
    lenet((g) => (g.ops[3]!.outputs = [4])),
    ['graph/multiple-writers', 'graph/invalid'],
  ],
  ['no outputs', lenet((g) => (g.outputs = [])), ['graph/no-outputs']],
  [
    '[1,65536,65536,64] input',
    lenet((g) => (g.tensors[0]!.shape = [1, 65536, 65536, 64])),
    ['graph/tensor-too-large'],
  ],
  [
    '[1,2^31-1,2^31-1,1] input',
    lenet((g) => (g.tensors[0]!.shape = [1, 2 ** 31 - 1, 2 ** 31 - 1, 1])),
    ['graph/tensor-too-large'],
  ],
  [
    '256 MiB activation',
    lenet((g) => (g.tensors[3]!.shape = [1, 8192, 8192, 4])),
    ['graph/tensor-too-large'],
  ],
];

const codes = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('error['))
    .map((l) => l.slice(6, l.indexOf(']')));

describe('hostile models get the same clean error from every command', () => {
  it.each(CASES)('%s', async (name, g, expected) => {
    const path = join(dir, `${name.replace(/\W+/g, '_')}.tflite`);
    writeFileSync(path, writeTflite(g));
    const results = await Promise.all([
      arielsim(['inspect', path]),
      arielsim(['compile', path, '--board', 'rp2040']),
      arielsim(['run', path, '--board', 'rp2040', '--no-baseline']),
    ]);
    for (const r of results) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(codes(r.stderr)).toEqual(expected);
      expect(
        r.stderr.split('\n').every((l) => l === '' || l.startsWith('error[') || l.startsWith('  ')),
      ).toBe(true);
    }
  });

  it('names the tensor and the reason', async () => {
    const path = join(dir, 'tanh-where.tflite');
    writeFileSync(path, writeTflite(tanh([1, 8, 8, 4], [1, 3, 3, 3])));
    const r = await arielsim(['inspect', path]);
    expect(r.stderr).toBe(
      `error[graph/shape] ${path}: op 0 (TANH): output is [1,3,3,3], the input is [1,8,8,4]\n`.trimEnd(),
    );
    const huge = join(dir, 'huge-where.tflite');
    writeFileSync(huge, writeTflite(lenet((g) => (g.tensors[0]!.shape = [1, 65536, 65536, 64]))));
    const h = await arielsim(['inspect', huge]);
    expect(h.stderr).toBe(
      `error[graph/tensor-too-large] ${huge}: tensor 0 (input): shape [1,65536,65536,64] int8 is more than 2^26 elements; the limit is 64 MiB per tensor`,
    );
  });
});

describe('inspect totals', () => {
  it('stay exact above 2^53 (three 8192x8192 convolutions of 2^52 MACs each)', () => {
    // Every tensor is within the 64 MiB limit; the total is 3 * 2^52 > 2^53.
    const side = 8192;
    const act = (id: number) => ({
      id,
      name: `a${id}`,
      shape: [1, side, side, 1],
      dtype: 'int8' as const,
      quant: q(0.5, 0),
    });
    const g: Graph = {
      name: 'huge-macs',
      tensors: [
        act(0),
        {
          id: 1,
          name: 'w',
          shape: [1, side, side, 1],
          dtype: 'int8',
          quant: q(Math.fround(1e-9), 0),
          data: new Int8Array(side * side),
        },
        act(2),
        act(3),
        act(4),
      ],
      ops: [2, 3, 4].map((out) => ({
        kind: 'CONV_2D' as const,
        inputs: [out - (out === 2 ? 2 : 1), 1],
        outputs: [out],
        attrs: {
          padding: 'SAME' as const,
          strideH: 1,
          strideW: 1,
          dilationH: 1,
          dilationW: 1,
          activation: 'NONE' as const,
        },
      })),
      inputs: [0],
      outputs: [4],
    };
    verifyGraph(g);
    const r = inspectGraph(g);
    expect(r.ops.map((o) => o.macs)).toEqual([2 ** 52, 2 ** 52, 2 ** 52]);
    expect(r.totalMacs).toBe(3n * 2n ** 52n);
    expect(jsonText({ totalMacs: r.totalMacs })).toBe('{\n  "totalMacs": 13510798882111488\n}');
  });
});

/**
 * The C int8 kernels (runtime-gen/kernels) against the reference interpreter, bit for bit, in both
 * rounding modes. The kernels and test/runtime-gen/host-driver.c are built once with the host `cc`
 * (with UBSan when it links); each model's cases go to the driver in one batch. For every op: the
 * full output tile, the tiles of compiler/partition for 2 and 4 cores, IREE-style workgroups, a
 * few seeded random sub-boxes and an empty tile; each on two builds of the driver (portable, and
 * the Cortex-M paths emulated in C). Every element inside a tile must equal the
 * reference's, every byte outside it (and 64 guard bytes) must stay untouched.
 * Also: the record layouts of op-params-layout.ts against ars_params.h, and warning-free builds
 * with the host and the four cross configurations (skipped visibly without the compiler).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../common/prng.js';
import { importTflite } from '../../compiler/import/tflite.js';
import * as ir from '../../compiler/ir/graph.js';
import { elementCount, type Activation, type Padding } from '../../compiler/ir/graph.js';
import { partition } from '../../compiler/partition/partition.js';
import { fullRanges, type Range } from '../../compiler/partition/regions.js';
import { partitionWorkgroups } from '../../compiler/partition/workgroups.js';
import { runGraph, type Rounding } from '../../compiler/ref/interpreter.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { buildZooModel, ZOO_NAMES } from '../../compiler/zoo/registry.js';
import * as lowering from '../../runtime-gen/blob/op-params.js';
import { MLPERF_MODELS, SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';
import { singleOpGraph, type TensorSpec } from '../ref/build.js';

type Graph = ir.Graph;
type TensorData = ir.TensorData;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KERNELS = join(ROOT, 'runtime-gen/kernels');
const SOURCES = readdirSync(join(KERNELS, 'src'))
  .filter((f) => f.endsWith('.c'))
  .map((f) => join(KERNELS, 'src', f));
const WARN = ['-std=c99', '-Wall', '-Wextra', '-Werror'];
const have = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const HAVE_CC = have('cc');
if (!HAVE_CC) console.log('[skip] no host C compiler: the kernel tests are skipped');
const scratch = (what: string) => mkdtempSync(join(tmpdir(), `ars-${what}-`));
const remove = (dir: string) => rmSync(dir, { recursive: true, force: true });
let tileRuns = 0;

/** A build of the driver: the portable kernels, or the target-specific paths emulated in C. */
interface Driver {
  name: string;
  exe: string;
}

/** Builds the drivers once; UBSan turns any undefined behaviour in a kernel into a failure. */
function buildDrivers(dir: string): Driver[] {
  const args = [
    ...WARN,
    '-O2',
    '-I',
    join(KERNELS, 'include'),
    join(ROOT, 'test/runtime-gen/host-driver.c'),
    ...SOURCES,
  ];
  const ubsan = ['-fsanitize=undefined', '-fno-sanitize-recover=undefined'];
  const probe = spawnSync('cc', [...args, ...ubsan, '-o', join(dir, 'probe')], { stdio: 'ignore' });
  const sanitize = probe.status === 0 ? ubsan : [];
  if (sanitize.length === 0) console.log('[skip] UBSan does not link here: kernels run without it');
  return [
    { name: 'portable', defines: [] },
    // The DSP path with the instructions in C, and Thumb-1's 16-bit-limb long multiply.
    { name: 'emulated', defines: ['-DARS_EMULATE_DSP', '-DARS_LIMB_MUL'] },
  ].map(({ name, defines }) => {
    const exe = join(dir, `host-driver-${name}`);
    execFileSync('cc', [...args, ...sanitize, ...defines, '-o', exe]);
    return { name, exe };
  });
}

interface Case {
  label: string;
  kind: number;
  params: Int32Array;
  start: number[];
  end: number[];
  inputs: (TensorData | undefined)[];
  dims: number[];
  elemBytes: number;
  /** The reference's whole output tensor. */
  expected: Uint8Array;
}

const bytesOf = (v: TensorData) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

/** The case of op `i` of `g` for one tile, against the reference's `values`. */
function caseOf(
  g: Graph,
  values: Map<number, TensorData>,
  i: number,
  tile: Range[],
  r: Rounding,
): Case {
  const op = g.ops[i]!;
  const out = g.tensors[op.outputs[0]!]!;
  const { kind, params } = lowering.lowerOp(g, i, r);
  return {
    label: `${g.name} op ${i} (${op.kind}) ${r}`,
    kind,
    params,
    ...lowering.tile4(out.shape, tile),
    inputs: op.inputs.map((id) => (id < 0 ? undefined : values.get(id))),
    dims: lowering.shape4(out.shape),
    elemBytes: ir.dtypeBytes(out.dtype),
    expected: bytesOf(values.get(out.id)!),
  };
}

/** The tile's bytes of a 4-D tensor in row-major order. */
function tileBytes(c: Case): Uint8Array {
  const [d, s, e, eb] = [c.dims, c.start, c.end, c.elemBytes];
  const out: number[] = [];
  for (let a = s[0]!; a < e[0]!; a++)
    for (let b = s[1]!; b < e[1]!; b++)
      for (let k = s[2]!; k < e[2]!; k++) {
        const row = ((a * d[1]! + b) * d[2]! + k) * d[3]!;
        for (let i = (row + s[3]!) * eb; i < (row + e[3]!) * eb; i++) out.push(c.expected[i]!);
      }
  return Uint8Array.from(out);
}

/** The case file of host-driver.c: every input buffer once, then the cases referring to them. */
function caseFile(cases: Case[]): Buffer {
  const ids = new Map<TensorData, number>();
  for (const c of cases) for (const x of c.inputs) if (x && !ids.has(x)) ids.set(x, ids.size);
  const chunks: Uint8Array[] = [];
  const words: number[] = [0x43535241, ids.size];
  const flush = () =>
    chunks.push(new Uint8Array(Uint32Array.from(words.splice(0), (w) => w >>> 0).buffer));
  for (const x of ids.keys()) {
    words.push(x.byteLength);
    flush();
    chunks.push(bytesOf(x), new Uint8Array((4 - (x.byteLength % 4)) % 4));
  }
  words.push(cases.length);
  for (const c of cases) {
    words.push(c.kind, c.params.length, ...c.params, ...c.start, ...c.end, c.inputs.length);
    words.push(...c.inputs.map((x) => (x === undefined ? 0xffffffff : ids.get(x)!)));
    words.push(1, c.expected.length, c.elemBytes, ...c.dims);
  }
  flush();
  return Buffer.concat(chunks);
}

/** Runs a batch of cases in one process per driver; returns one message per failing case. */
function runBatch(drivers: Driver[], cases: Case[]): string[] {
  const dir = scratch('cases');
  try {
    writeFileSync(join(dir, 'cases.bin'), caseFile(cases));
    return drivers.flatMap((d) => {
      execFileSync(d.exe, [join(dir, 'cases.bin'), join(dir, 'results.bin')]);
      return checkResults(readFileSync(join(dir, 'results.bin')), cases, d.name);
    });
  } finally {
    remove(dir);
  }
}

function checkResults(r: Buffer, cases: Case[], driver: string): string[] {
  let at = 0;
  const u32 = () => ((at += 4), r.readUInt32LE(at - 4));
  const failures: string[] = [];
  for (const c of cases) {
    const [rc, changed, n] = [u32(), u32(), u32()];
    const got = r.subarray(at, at + n);
    at += (n + 3) & ~3;
    const want = tileBytes(c);
    const what = `${c.label} tile [${c.start}]..[${c.end}] (${driver})`;
    if (rc !== 0) failures.push(`${what}: rc ${rc}`);
    else if (changed !== 0) failures.push(`${what}: ${changed} bytes outside changed`);
    else if (Buffer.compare(got, want) !== 0) {
      failures.push(`${what}: differs at tile byte ${want.findIndex((v, i) => got[i] !== v)}`);
    }
  }
  tileRuns += cases.length;
  return failures;
}

/**
 * Per op: the full tile, the partition tiles for 2 and 4 cores (default granularity and a finer
 * one), a few IREE-style workgroups (tiles over up to 3 dims), three seeded random boxes and an
 * empty tile.
 */
function tilesOf(g: Graph, rng: Prng): Range[][][] {
  const tiles = g.ops.map((op): Range[][] => [fullRanges(g.tensors[op.outputs[0]!]!.shape)]);
  const add = (items: { op: number; tile: Range[] }[], most = Infinity) => {
    const seen = new Map<number, number>();
    for (const it of items) {
      if ((seen.get(it.op) ?? 0) < most) tiles[it.op]!.push(it.tile);
      seen.set(it.op, (seen.get(it.op) ?? 0) + 1);
    }
  };
  for (const cores of [2, 4]) add(partition(g, { cores }).items);
  add(partition(g, { cores: 4, minWorkPerItem: 64 }).items);
  add(partitionWorkgroups(g).items, 6);
  g.ops.forEach((op, i) => {
    const shape = g.tensors[op.outputs[0]!]!.shape;
    const box = () =>
      shape.map((d): Range => {
        const a = rng.int(0, Math.max(0, d - 1));
        return [a, rng.int(Math.min(a + 1, d), d)];
      });
    tiles[i]!.push(box(), box(), box());
    if (shape.length > 0) tiles[i]!.push(shape.map((d, k): Range => (k === 0 ? [0, 0] : [0, d])));
  });
  return tiles;
}

/** Every op of `g` on the reference's values for `inputs`, every tile, in one batch. */
function checkGraph(drivers: Driver[], g: Graph, inputs: TensorData[], r: Rounding): string[] {
  const values = runGraph(g, inputs, { rounding: r });
  const tiles = tilesOf(g, new Prng(7));
  return runBatch(
    drivers,
    g.ops.flatMap((_, i) => tiles[i]!.map((t) => caseOf(g, values, i, t, r))),
  );
}

const readModel = (path: string) => importTflite(new Uint8Array(readFileSync(path)), path);

/** The first golden case's input of an op model (or a seeded one without goldens). */
function goldenInput(name: string, g: Graph): TensorData {
  const dir = join(SHARED_GOLDEN, 'ops', name);
  const t = g.tensors[g.inputs[0]!]!;
  if (!existsSync(join(dir, 'manifest.json'))) return seededInput(t, 4321);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    cases: { input: string }[];
  };
  const bytes = new Uint8Array(readFileSync(join(dir, m.cases[0]!.input))).buffer;
  return t.dtype === 'float32' ? new Float32Array(bytes) : new Int8Array(bytes);
}

const OPS_DIR = join(SHARED_MODELS, 'ops');
const OP_MODELS = existsSync(OPS_DIR)
  ? readdirSync(OPS_DIR)
      .filter((f) => f.endsWith('.tflite'))
      .map((f) => f.slice(0, -7))
  : [];
if (OP_MODELS.length === 0) console.log(`[skip] no op models in ${OPS_DIR}`);
const MLPERF = MLPERF_MODELS.filter((m) => existsSync(join(SHARED_MODELS, `${m}.tflite`)));

describe.skipIf(!HAVE_CC)('int8 kernels on the host, bit-exact with compiler/ref', () => {
  const dir = HAVE_CC ? scratch('kernels') : '';
  let drivers: Driver[] = [];
  beforeAll(() => {
    drivers = buildDrivers(dir);
  });
  afterAll(() => {
    console.log(`kernels-host: ${tileRuns} tile runs checked against the reference`);
    remove(dir);
  });

  describe.each(['double', 'single'] as const)('%s rounding', (rounding) => {
    it.each(ZOO_NAMES)('zoo model %s: every op, every tile', (name) => {
      const g = importTflite(buildZooModel(name), name);
      const input = seededInput(g.tensors[g.inputs[0]!]!, 11);
      expect(checkGraph(drivers, g, [input], rounding)).toEqual([]);
    });

    it.skipIf(MLPERF.length === 0).each(MLPERF)('MLPerf Tiny %s: every op, every tile', (name) => {
      const g = readModel(join(SHARED_MODELS, `${name}.tflite`));
      const input = seededInput(g.tensors[g.inputs[0]!]!, 12);
      expect(checkGraph(drivers, g, [input], rounding)).toEqual([]);
    });

    it.skipIf(OP_MODELS.length === 0)(
      'every op model of ../shared/models/ops on a golden input',
      () => {
        const failures = OP_MODELS.flatMap((name) => {
          const g = readModel(join(OPS_DIR, `${name}.tflite`));
          g.name = name;
          return checkGraph(drivers, g, [goldenInput(name, g)], rounding);
        });
        expect(failures).toEqual([]);
      },
    );

    it('edge cases: padding, stride, dilation, groups, multipliers, broadcasting, saturation', () => {
      const failures = EDGE_CASES.flatMap((g) => checkGraph(drivers, g, inputsFor(g), rounding));
      expect(failures).toEqual([]);
    });
  });

  it('rejects an unknown kind, a record of another kind and a tile outside the output', () => {
    const g = EDGE_CASES[0]!;
    const out = g.tensors[g.ops[0]!.outputs[0]!]!;
    const base = caseOf(g, runGraph(g, inputsFor(g)), 0, fullRanges(out.shape), 'double');
    const failures = runBatch(drivers.slice(0, 1), [
      { ...base, label: 'kind', kind: 16 },
      { ...base, label: 'wrong kind', kind: (base.kind + 1) % 16 },
      { ...base, label: 'tile', end: base.end.map((d, i) => (i === 3 ? d + 1 : d)) },
    ]);
    expect(failures.map((m) => m.replace(/ tile .*: /, ': '))).toEqual([
      'kind: rc 1',
      'wrong kind: rc 2',
      'tile: rc 3',
    ]);
  });
});

describe('parameter record layouts', () => {
  it('op-params-layout.ts LAYOUTS and ars_params.h name the same fields in the same order', () => {
    const header = readFileSync(join(KERNELS, 'src/ars_params.h'), 'utf8');
    const snake = (s: string) => s.replace(/([A-Z])/g, '_$1').toUpperCase();
    const enums = new Map<string, string[]>();
    for (const m of header.matchAll(/enum ars_layout_(\w+) \{([^}]*)\}/g)) {
      const names = m[2]!.split(',').map((s) => s.replace(/=.*/s, '').trim());
      enums.set(
        m[1]!,
        names.filter((n) => n !== '' && !n.endsWith('_FIXED')),
      );
    }
    expect(enums.get('HDR')).toEqual(lowering.HEADER_FIELDS.map((f) => `ARS_HDR_${snake(f)}`));
    for (const [name, fields] of Object.entries(lowering.LAYOUTS)) {
      expect(enums.get(name), name).toEqual(fields.map((f) => `ARS_${name}_${snake(f)}`));
    }
    expect([...enums.keys()].sort()).toEqual(['HDR', ...Object.keys(lowering.LAYOUTS)].sort());
  });
});

/** The four target configurations of the brief (-Os), and -O2 where GCC likes to emit memset. */
const ARM = 'arm-none-eabi-';
const RV = 'riscv64-unknown-elf-';
const RV32 = ['-march=rv32imac_zicsr', '-mabi=ilp32'];
const CROSS = [
  { name: 'cortex-m0plus', tool: ARM, flags: ['-mcpu=cortex-m0plus', '-mthumb', '-Os'] },
  { name: 'cortex-m4', tool: ARM, flags: ['-mcpu=cortex-m4', '-mthumb', '-Os'] },
  { name: 'cortex-m33', tool: ARM, flags: ['-mcpu=cortex-m33', '-mthumb', '-Os'] },
  { name: 'rv32imac', tool: RV, flags: [...RV32, '-Os'] },
  { name: 'cortex-m0plus', tool: ARM, flags: ['-mcpu=cortex-m0plus', '-mthumb', '-O2'] },
  { name: 'rv32imac', tool: RV, flags: [...RV32, '-O2'] },
];
const FREESTANDING = ['-ffreestanding', '-fPIE', '-fvisibility=hidden', ...WARN, '-c'];

describe('the kernels compile warning-free', () => {
  it.skipIf(!HAVE_CC)('with the host cc -std=c99 -O2 -Wall -Wextra -Werror', () => {
    const dir = scratch('host');
    execFileSync('cc', [...WARN, '-O2', '-c', ...SOURCES], { cwd: dir });
    remove(dir);
  });

  for (const t of CROSS) {
    const present = have(`${t.tool}gcc`);
    const what = `${t.name} ${t.flags.at(-1)}`;
    if (!present) console.log(`[skip] ${t.tool}gcc not found: no ${what} cross-compile check`);
    it.skipIf(!present)(`for ${what}: no writable data, no calls but libgcc's`, () => {
      const dir = scratch(t.name);
      execFileSync(`${t.tool}gcc`, [...t.flags, ...FREESTANDING, ...SOURCES], { cwd: dir });
      const objects = readdirSync(dir).map((f) => join(dir, f));
      const symbols = execFileSync(`${t.tool}nm`, objects, { encoding: 'utf8' }).split('\n');
      const defined = new Set(
        symbols.filter((l) => /^\S+ [TtRr] /.test(l)).map((l) => l.split(' ')[2]),
      );
      const missing = symbols
        .filter((l) => /^\s+U /.test(l))
        .map((l) => l.trim().slice(2))
        .filter((s) => !defined.has(s) && !s.startsWith('__')); // __*: libgcc (int64, soft-float)
      expect(missing).toEqual([]);
      expect(symbols.filter((l) => /^\S+ [dDbBcC] /.test(l))).toEqual([]);
      remove(dir);
    });
  }
});

// ---- Edge cases: hand-built single-op graphs (test/ref/build.ts) ----

const i8r = (n: number, seed: number, lo = -128, hi = 127) => {
  const rng = new Prng(seed);
  return Int8Array.from({ length: n }, () => rng.int(lo, hi));
};
const act = (shape: number[], scale: number, zeroPoint = 0): TensorSpec => ({
  shape,
  scale: Math.fround(scale),
  zeroPoint,
});
/** Int8 weights, seeded, with per-channel scales along `axis` (one scale when `axis` is -1). */
function weights(shape: number[], axis: number, scale: number, seed: number, zp = 0): TensorSpec {
  const n = axis < 0 ? 1 : shape[axis]!;
  const scales = Array.from({ length: n }, (_, c) => Math.fround(scale * (1 + c / 7)));
  const data = i8r(elementCount(shape), seed, -127, 127);
  return { shape, scale: scales, zeroPoint: zp, axis: Math.max(axis, 0), data };
}
const bias = (n: number, seed: number, span = 3000): TensorSpec => {
  const rng = new Prng(seed);
  return {
    shape: [n],
    dtype: 'int32',
    data: Int32Array.from({ length: n }, () => rng.int(-span, span)),
  };
};
const i32c = (shape: number[], ...v: number[]): TensorSpec => ({
  shape,
  dtype: 'int32',
  data: Int32Array.from(v),
});
const conv = (padding: Padding, s: number[], d: number[], activation: Activation) => ({
  padding,
  strideH: s[0]!,
  strideW: s[1]!,
  dilationH: d[0]!,
  dilationW: d[1]!,
  activation,
});
const pool = (padding: Padding, f: number[], s: number[], activation: Activation = 'NONE') => ({
  padding,
  filterH: f[0]!,
  filterW: f[1]!,
  strideH: s[0]!,
  strideW: s[1]!,
  activation,
});
const prob = (shape: number[], scale = 1 / 256, zeroPoint = -128): TensorSpec => ({
  shape,
  scale,
  zeroPoint,
});
const f32t = (shape: number[]): TensorSpec => ({ shape, dtype: 'float32' });
const typed = (t: TensorSpec, dtype: 'int16' | 'uint8'): TensorSpec => ({ ...t, dtype });
const G = singleOpGraph;

// prettier-ignore
const EDGE_CASES: Graph[] = [
  // CONV_2D: SAME, stride 2x1, dilation 2x1 (contiguous rows), odd channels, no bias operand at all.
  G('CONV_2D', conv('SAME', [2, 1], [2, 1], 'RELU6'),
    [act([1, 9, 11, 5], 0.05, -128), weights([7, 3, 3, 5], 0, 0.01, 1)], act([1, 5, 11, 7], 0.02, 127)),
  // CONV_2D: dilation 3 along W (tap by tap), stride 1x2, batch 2, zero points at the other extreme.
  G('CONV_2D', conv('SAME', [1, 2], [1, 3], 'NONE'),
    [act([2, 6, 10, 4], 0.03, 127), weights([6, 2, 3, 4], 0, 0.02, 2), bias(6, 3)],
    act([2, 6, 5, 6], 0.05, -128)),
  // CONV_2D: grouped (8 input channels, filters of 4), VALID, bias absent (-1).
  G('CONV_2D', conv('VALID', [1, 1], [1, 1], 'RELU'),
    [act([1, 6, 6, 8], 0.04, 3), weights([6, 3, 3, 4], 0, 0.01, 4), -1], act([1, 4, 4, 6], 0.03, -5)),
  // CONV_2D: saturation (tiny output scale), 5x5 kernel over a 4x4 input under SAME, per-tensor.
  G('CONV_2D', conv('SAME', [1, 1], [1, 1], 'NONE'),
    [act([1, 4, 4, 3], 0.5), weights([5, 5, 5, 3], -1, 0.05, 5), bias(5, 6, 2 ** 20)],
    act([1, 4, 4, 5], 1e-4)),
  // DEPTHWISE: depth multiplier 3, SAME, stride 2, dilation 2, RELU.
  G('DEPTHWISE_CONV_2D', { ...conv('SAME', [2, 2], [2, 2], 'RELU'), depthMultiplier: 3 },
    [act([1, 7, 8, 3], 0.05, -20), weights([1, 3, 3, 9], 3, 0.02, 7), bias(9, 8)],
    act([1, 4, 4, 9], 0.04, -100)),
  // DEPTHWISE: 6 channels (4 + a tail of 2), 5x5 kernel over 4x4, no bias, extreme zero points.
  G('DEPTHWISE_CONV_2D', { ...conv('SAME', [1, 1], [1, 1], 'NONE'), depthMultiplier: 1 },
    [act([1, 4, 4, 6], 0.05, 127), weights([1, 5, 5, 6], 3, 0.03, 9), -1], act([1, 4, 4, 6], 0.1, -128)),
  // DEPTHWISE: 8 channels, VALID, stride 2x1, tiny output scale (saturation).
  G('DEPTHWISE_CONV_2D', { ...conv('VALID', [2, 1], [1, 1], 'NONE'), depthMultiplier: 1 },
    [act([1, 7, 5, 8], 0.5, -1), weights([1, 3, 2, 8], 3, 0.05, 10), bias(8, 11)], act([1, 3, 4, 8], 1e-3, 1)),
  // FULLY_CONNECTED: per-tensor weights, 3 batch rows, bias absent (-1).
  G('FULLY_CONNECTED', { activation: 'NONE', keepNumDims: false },
    [act([3, 20], 0.05, -128), weights([7, 20], -1, 0.01, 12), -1], act([3, 7], 0.04, 10)),
  // FULLY_CONNECTED: per-channel with bias, keep_num_dims [1, 2, 3, 5], RELU.
  G('FULLY_CONNECTED', { activation: 'RELU', keepNumDims: true },
    [act([1, 2, 3, 10], 0.05, 5), weights([5, 10], 0, 0.02, 13), bias(5, 14)], act([1, 2, 3, 5], 0.03, -128)),
  // FULLY_CONNECTED: asymmetric weights (zero point 5), no bias operand at all, odd outputs.
  G('FULLY_CONNECTED', { activation: 'NONE', keepNumDims: false },
    [act([2, 33], 0.05, 7), weights([9, 33], -1, 0.01, 15, 5)], act([2, 9], 0.05)),
  G('AVERAGE_POOL_2D', pool('SAME', [3, 3], [2, 2], 'RELU'), [act([1, 7, 9, 5], 0.1, -3)], act([1, 4, 5, 5], 0.1, -3)),
  G('AVERAGE_POOL_2D', pool('VALID', [2, 3], [1, 1]), [act([1, 4, 6, 4], 0.1)], act([1, 3, 4, 4], 0.1)),
  G('MAX_POOL_2D', pool('SAME', [4, 4], [3, 3]), [act([2, 5, 5, 3], 0.1)], act([2, 2, 2, 3], 0.1)),
  // ADD: both inputs broadcast ([1,4,1,3] + [2,1,5,1]), RELU, different scales.
  G('ADD', { activation: 'RELU' }, [act([1, 4, 1, 3], 0.07, -128), act([2, 1, 5, 1], 0.02, 127)],
    act([2, 4, 5, 3], 0.05, 4)),
  // ADD: a rank-1 constant against a rank-2 activation, RELU_N1_TO_1.
  G('ADD', { activation: 'RELU_N1_TO_1' }, [act([2, 3], 0.01), { ...act([3], 0.02, 1), data: i8r(3, 16) }],
    act([2, 3], 0.01)),
  G('MUL', { activation: 'RELU6' }, [act([2, 1, 3], 0.05, 127), act([4, 1], 0.1, -128)], act([2, 4, 3], 0.06, -2)),
  // MUL: same shapes, an output scale that saturates.
  G('MUL', { activation: 'NONE' }, [act([37], 0.5, 3), act([37], 0.5, -3)], act([37], 0.01)),
  G('RESHAPE', {}, [act([2, 3, 4], 0.1), i32c([2], 6, 4)], act([6, 4], 0.1)),
  G('SOFTMAX', { beta: 1 }, [act([2, 3, 17], 0.1, 5)], prob([2, 3, 17])),
  G('SOFTMAX', { beta: 0.5 }, [act([1, 300], 0.02)], prob([1, 300])),
  G('PAD', {}, [act([1, 3, 4, 2], 0.1, 9), i32c([4, 2], 0, 0, 1, 2, 0, 3, 1, 0)], act([1, 6, 7, 3], 0.1, 9)),
  G('PAD', {}, [act([1, 3, 4, 2], 0.1, 9), i32c([4, 2], 1, 0, 0, 1, 2, 2, 0, 0),
    { ...act([1], 0.1, 9), data: Int8Array.of(-7) }], act([2, 4, 8, 2], 0.1, 9)),
  G('PAD', {}, [f32t([2, 3]), i32c([2, 2], 1, 1, 2, 0)], f32t([4, 5])),
  G('CONCATENATION', { axis: 1, activation: 'NONE' },
    [act([1, 2, 3, 4], 0.1), act([1, 1, 3, 4], 0.1), act([1, 3, 3, 4], 0.1)], act([1, 6, 3, 4], 0.1)),
  G('CONCATENATION', { axis: -1, activation: 'RELU' }, [act([2, 3, 5], 0.1, -20), act([2, 3, 2], 0.1, -20)],
    act([2, 3, 7], 0.1, -20)),
  G('CONCATENATION', { axis: 0, activation: 'NONE' }, [act([2, 5], 0.1), act([3, 5], 0.1)], act([5, 5], 0.1)),
  G('MEAN', { keepDims: false }, [act([1, 5, 4, 6], 0.1, -10), i32c([2], 1, 2)], act([1, 6], 0.03, 7)),
  G('MEAN', { keepDims: true }, [act([2, 3, 7], 0.1, 20), i32c([1], -1)], act([2, 3, 1], 0.1, -20)),
  G('MEAN', { keepDims: false }, [act([3, 4, 5], 0.05), i32c([2], 0, 2)], act([4], 0.5)),
  G('QUANTIZE', {}, [f32t([64])], act([64], 0.25, 3)),
  G('QUANTIZE', {}, [f32t([2, 40])], typed(act([2, 40], 0.003, -7), 'int16')),
  G('QUANTIZE', {}, [act([50], 0.1, -5)], act([50], 0.037, 11)),
  G('QUANTIZE', {}, [act([50], 0.1, -5)], typed(act([50], 0.05, 128), 'uint8')),
  G('DEQUANTIZE', {}, [act([3, 50], 0.0123, -5)], f32t([3, 50])),
  G('DEQUANTIZE', {}, [typed(act([40], 0.0007), 'int16')], f32t([40])),
  ...[0.1, 0.002, 2].map((s) => G('LOGISTIC', {}, [act([300], s, -10)], prob([300]))),
  ...[0.1, 0.002, 2].map((s) => G('TANH', {}, [act([2, 150], s, 12)], prob([2, 150], 1 / 128, 0))),
];

/** Seeded inputs for a graph's inputs; float inputs include ties, infinities, NaN and huge values. */
function inputsFor(g: Graph): TensorData[] {
  return g.inputs.map((id, k) => {
    const t = g.tensors[id]!;
    const n = elementCount(t.shape);
    const rng = new Prng(97 + k);
    if (t.dtype === 'float32') {
      const special = [0.125, -0.125, 0.375, -0.375, 1e9, -1e9, Infinity, -Infinity, NaN, -32.125];
      return Float32Array.from({ length: n }, (_, i) => special[i] ?? rng.next() * 80 - 40);
    }
    if (t.dtype === 'int16') return Int16Array.from({ length: n }, () => rng.int(-32768, 32767));
    return seededInput(t, 17 + k);
  });
}

/**
 * One end-to-end run (`arielsim run`): compile the model for the board, write the blob, build the
 * firmware image (prebuilt executor + blob), simulate every core at ISA level, read the outputs and
 * the executor's per-item cycle stamps back from simulated memory, and check the outputs bit for
 * bit against the reference interpreter. With more than one core, the same model is also run on
 * the board's first core alone for the speedup.
 */
import { DiagnosticError } from '../common/diagnostics.js';
import { compileModel, type CompiledModel } from '../compiler/compile.js';
import { tensorBytes, type Graph, type TensorData } from '../compiler/ir/graph.js';
import { runGraph, type Rounding } from '../compiler/ref/interpreter.js';
import type { PolicyOrAuto } from '../compiler/schedule/index.js';
import { withCores } from '../platforms/boards/registry.js';
import type { Board } from '../platforms/boards/schema.js';
import { CTX, EXECUTOR_EXIT, writeBlob } from '../runtime-gen/blob/blob.js';
import { buildImage, queueSupported, type FirmwareImage } from '../runtime-gen/image.js';
import { runImage, type IssRun } from '../sim/backends/iss.js';
import { checkSpeedup, type SpeedupCheck } from './speedup.js';
import type { BankStats } from '../sim/memory/bank-arbiter.js';

export interface RunOptions {
  scheduler?: PolicyOrAuto;
  rounding?: Rounding;
  /** Also run on the board's first core alone and report the speedup (default true). */
  baseline?: boolean;
  /** Stop each simulation after this many cycles of core 0 (default: no limit). */
  maxCycles?: number;
  /** How the limit is named in SimulationStopped's message (default: `--max-cycles N`). */
  limitName?: string;
  /**
   * Interleaving quantum of the machine in cycles (default 1: bank contention per access). A larger
   * quantum runs faster with coarser contention; outputs are the same (tests of bit-exactness).
   */
  quantumCycles?: number;
  onProgress?: (what: string, core0Cycles: number) => void;
  /** Freshly built executor images instead of the committed ones (tests). */
  prebuiltDir?: string;
}

export interface ItemTrace {
  item: number;
  op: number;
  core: number;
  /** Cycles of the item's core since the common start ("go"). */
  startCycles: number;
  endCycles: number;
  startUs: number;
  endUs: number;
}

export interface CoreReport {
  id: number;
  type: string;
  clockHz: number;
  /** Cycles the core ran in the simulation (boot included). */
  cycles: number;
  /** Cycles inside work items. */
  busy: number;
  /** Cycles lost on the bus (bank conflicts, flash wait states). */
  stalled: number;
  /** cycles - busy: waiting for inputs, sleeping, boot. */
  idle: number;
  /** Of the idle cycles, those asleep (WFE, h3.block, WFI) or held before launch. */
  sleeping: number;
  items: number;
  instructions: number;
}

export interface OpTime {
  op: number;
  kind: string;
  items: number;
  /** Summed time of its items on all cores, and the span from the first start to the last end. */
  busyUs: number;
  startUs: number;
  endUs: number;
}

export interface MeasuredRun {
  latencyCycles: number;
  latencyMs: number;
  cores: CoreReport[];
  trace: ItemTrace[];
  banks: BankStats[];
  /** The machine's hash of every data access and timeline event (same run, same hash). */
  traceHash: string;
  hostSeconds: number;
  instructions: number;
}

export interface RunResult extends MeasuredRun {
  model: string;
  board: string;
  scheduler: string;
  executor: 'static-lists' | 'shared-queue';
  compiled: CompiledModel;
  image: FirmwareImage;
  outputs: Uint8Array[];
  expected: Uint8Array[];
  bitExact: boolean;
  /** The first differing output element and, when a diagnostic run could locate it, the first op. */
  mismatch?: Mismatch;
  firstDifferingOp?: Mismatch;
  /** The compiler's cost-model estimate, in ms, beside the measured latency. */
  estimatedMs: number;
  singleCore?: MeasuredRun;
  speedup?: number;
  /** What the speedup may be compared with, and why it is above that when it is (speedup.ts). */
  speedupCheck?: SpeedupCheck;
  arenaBytes: number;
  flashBytes: number;
}

export class FirmwareError extends Error {}

/**
 * A simulation that ended without the firmware finishing: at its cycle or time limit, or with every
 * core asleep and nothing that can wake one (a deadlock of the firmware).
 */
export class SimulationStopped extends Error {
  constructor(
    readonly reason: 'limit' | 'deadlock',
    message: string,
  ) {
    super(message);
    this.name = 'SimulationStopped';
  }
}

/** Where simulated and reference values first differ (byte index into the tensor). */
export interface Mismatch {
  tensor: string;
  op?: number;
  kind?: string;
  index: number;
  got: number;
  expected: number;
}

export function runModel(
  g: Graph,
  board: Board,
  input: TensorData,
  options: RunOptions = {},
): RunResult {
  if (g.inputs.length !== 1)
    throw new DiagnosticError({
      code: 'run/inputs',
      where: g.name,
      message: `arielsim run supports models with one input tensor; this one has ${g.inputs.length}`,
    });
  const rounding = options.rounding ?? 'double';
  // The firmware first: a model that does not fit the board fails at compile time, before the
  // reference interpreter spends its time on it.
  const main = simulate(g, board, input, options, 'run');
  const values = runGraph(g, [input], { rounding });
  const expected = g.outputs.map((id) => bytesOf(values.get(id)!));
  const bitExact = main.outputs.every((o, i) => equalBytes(o, expected[i]!));
  const result: RunResult = {
    model: g.name,
    board: board.name,
    scheduler: main.compiled.scheduler,
    executor: main.image.dynamicQueue ? 'shared-queue' : 'static-lists',
    compiled: main.compiled,
    image: main.image,
    ...main.measured,
    outputs: main.outputs,
    expected,
    bitExact,
    estimatedMs:
      (main.compiled.schedule.makespanCycles / main.compiled.schedule.referenceClockHz) * 1e3,
    arenaBytes: main.compiled.memoryPlan.arenaBytes,
    flashBytes: main.compiled.memoryPlan.flashBytes,
  };
  if (!bitExact) {
    result.mismatch = firstMismatch(g, main.outputs, expected);
    result.firstDifferingOp = firstDifferingTensor(g, board, input, options, values);
  }
  if ((options.baseline ?? true) && board.cores.length > 1) {
    // The baseline keeps the parallel run's weight placement (a board whose cores share no flash
    // puts the blob in SRAM), so that the speedup is the parallelism's alone.
    const single = withCores(board, 1);
    const keep = single.memories.some((m) => m.name === main.image.layout.blobMemory);
    const one = simulate(
      g,
      single,
      input,
      options,
      'single-core baseline',
      'planned',
      keep ? { blobMemory: main.image.layout.blobMemory } : undefined,
    );
    result.singleCore = one.measured;
    result.speedup = one.measured.latencyMs / main.measured.latencyMs;
    result.speedupCheck = checkSpeedup(main, one, result.speedup);
  }
  return result;
}

/** Layout of a diagnostic run: every activation in its own buffer, so none is overwritten. */
export type ArenaLayout = 'planned' | 'no-reuse';

function simulate(
  g: Graph,
  board: Board,
  input: TensorData,
  options: RunOptions,
  what: string,
  layout: ArenaLayout = 'planned',
  placement?: { blobMemory: string },
) {
  const planned = compileModel(g, board, { scheduler: options.scheduler ?? 'auto' });
  const compiled = layout === 'planned' ? planned : withoutReuse(planned);
  const dynamicQueue = compiled.scheduler === 'ariel-greedy' && queueSupported(board);
  const blob = writeBlob(g, compiled, { rounding: options.rounding ?? 'double', dynamicQueue });
  const image = buildImage(compiled, blob, {
    dynamicQueue,
    prebuiltDir: options.prebuiltDir,
    blobMemory: placement?.blobMemory,
  });
  const inputId = g.inputs[0]!;
  const inputOffset = blob.arenaOffsets.get(inputId);
  if (inputOffset === undefined) throw new Error(`input tensor ${inputId} has no arena buffer`);
  const segments = [
    ...image.segments,
    { name: 'input', addr: image.layout.arena + inputOffset, bytes: bytesOf(input) },
  ];
  const run = runImage(
    board,
    { ...image, segments },
    {
      maxCycles: options.maxCycles,
      quantumCycles: options.quantumCycles,
      onProgress: options.onProgress && ((c) => options.onProgress!(what, c)),
    },
  );
  checkExit(run, image, g.name, what, options);
  const read = (id: number) => {
    const t = g.tensors[id]!;
    return run.peek(image.layout.arena + blob.arenaOffsets.get(id)!, tensorBytes(t));
  };
  const outputs = g.outputs.map(read);
  return { compiled, image, outputs, read, measured: measure(run, image, compiled) };
}

/** The compiled model with every activation buffer at its own offset (a diagnostic layout). */
function withoutReuse(c: CompiledModel): CompiledModel {
  let next = 0;
  const buffers = c.memoryPlan.buffers.map((b) => {
    const offset = next;
    next = Math.ceil((offset + b.bytes) / 8) * 8;
    return { ...b, offset };
  });
  return { ...c, memoryPlan: { ...c.memoryPlan, buffers, arenaBytes: next } };
}

/**
 * After an output mismatch: runs again with no buffer reuse and names the first op (in graph
 * order) whose output differs from the reference, or undefined when that run does not fit.
 */
export function firstDifferingTensor(
  g: Graph,
  board: Board,
  input: TensorData,
  options: RunOptions,
  values: Map<number, TensorData>,
): Mismatch | undefined {
  let debug;
  try {
    debug = simulate(
      g,
      board,
      input,
      { ...options, onProgress: undefined },
      'diagnosis',
      'no-reuse',
    );
  } catch {
    return undefined;
  }
  for (const [index, op] of g.ops.entries())
    for (const id of op.outputs) {
      const got = debug.read(id);
      const want = bytesOf(values.get(id)!);
      const at = want.findIndex((v, i) => v !== got[i]);
      if (at >= 0)
        return {
          tensor: g.tensors[id]!.name,
          op: index,
          kind: op.kind,
          index: at,
          got: (got[at]! << 24) >> 24,
          expected: (want[at]! << 24) >> 24,
        };
    }
  return undefined;
}

function checkExit(
  run: IssRun,
  image: FirmwareImage,
  model: string,
  what: string,
  options: RunOptions,
): void {
  const exit = run.exit;
  if (exit.kind === 'semihosting' && exit.code === EXECUTOR_EXIT.OK) return;
  if (exit.kind === 'max-cycles') {
    const limit = options.limitName ?? `--max-cycles ${options.maxCycles}`;
    throw new SimulationStopped(
      'limit',
      `${model}: the ${what} simulation reached ${limit} before the firmware finished`,
    );
  }
  if (exit.kind === 'deadlock') {
    const cores = run.machine.cores
      .filter((_, id) => run.machine.live[id] === 1)
      .map((c) => {
        const pc = (c as { pc?: number }).pc ?? 0;
        return `core ${c.id} at pc 0x${(pc >>> 0).toString(16)}${symbolize(image, pc)}`;
      });
    throw new SimulationStopped(
      'deadlock',
      `${model}: the ${what} simulation stopped: all cores asleep with no wake source (${cores.join('; ')})`,
    );
  }
  if (exit.kind === 'fault') {
    const { halt, coreId } = exit;
    const where = symbolize(image, halt.pc);
    throw new FirmwareError(
      `core ${coreId} faulted: ${halt.fault}: ${halt.detail} at pc 0x${(halt.pc >>> 0).toString(16)}${where}`,
    );
  }
  const names: Record<number, string> = {
    [EXECUTOR_EXIT.BAD_BLOB]:
      'the executor rejected the model blob (magic, version, length or CRC)',
    [EXECUTOR_EXIT.BAD_BOOT]: 'the executor rejected the boot descriptor',
    [EXECUTOR_EXIT.KERNEL_ERROR]: 'a kernel rejected its parameters',
    [EXECUTOR_EXIT.FAULT]: 'a core took a fault',
  };
  const code = exit.kind === 'semihosting' ? exit.code : -1;
  throw new FirmwareError(`firmware exited with status ${code}: ${names[code] ?? exit.kind}`);
}

function symbolize(image: FirmwareImage, pc: number): string {
  for (const k of image.layout.code) {
    const off = (pc >>> 0) - k.base;
    if (off < 0 || off >= k.image.bytes.length) continue;
    const s = k.image.symbolAt(off);
    return s === undefined
      ? ` (${k.isa} executor)`
      : ` in ${s.name}+0x${s.offset.toString(16)} (${k.isa})`;
  }
  return '';
}

function measure(run: IssRun, image: FirmwareImage, compiled: CompiledModel): MeasuredRun {
  const board = image.board;
  const n = compiled.taskGraph.items.length;
  const ctxBytes = run.peek(image.layout.ctx, image.layout.ctxBytes);
  const ctx = new DataView(ctxBytes.buffer, ctxBytes.byteOffset, ctxBytes.byteLength);
  const word = (k: number) => ctx.getUint32(4 * k, true);
  const trace: ItemTrace[] = [];
  for (let id = 0; id < n; id++) {
    const at = CTX.DONE + n + 4 * id;
    const core = word(at) - 1;
    if (core < 0) continue;
    const hz = board.cores[core]!.clockHz;
    const [s, e] = [word(at + 1), word(at + 2)];
    trace.push({
      item: id,
      op: compiled.taskGraph.items[id]!.op,
      core,
      startCycles: s,
      endCycles: e,
      startUs: (s / hz) * 1e6,
      endUs: (e / hz) * 1e6,
    });
  }
  const latencyCycles = word(CTX.LATENCY);
  const stats = run.result.stats;
  const cores = stats.cores.map((c): CoreReport => {
    const mine = trace.filter((t) => t.core === c.id);
    const busy = mine.reduce((s, t) => s + (t.endCycles - t.startCycles), 0);
    return {
      id: c.id,
      type: c.type,
      clockHz: c.clockHz,
      cycles: c.cycles,
      busy,
      stalled: c.stalled,
      idle: c.cycles - busy,
      sleeping: c.sleeping,
      items: mine.length,
      instructions: c.instructions,
    };
  });
  return {
    latencyCycles,
    latencyMs: (latencyCycles / board.cores[0]!.clockHz) * 1e3,
    cores,
    trace,
    banks: stats.banks,
    traceHash: run.result.traceHash,
    hostSeconds: run.result.hostSeconds,
    instructions: stats.cores.reduce((s, c) => s + c.instructions, 0),
  };
}

/** Per-op time from the item trace. */
export function opTimes(g: Graph, trace: readonly ItemTrace[]): OpTime[] {
  const byOp = new Map<number, ItemTrace[]>();
  for (const t of trace) byOp.set(t.op, [...(byOp.get(t.op) ?? []), t]);
  return [...byOp.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([op, ts]) => ({
      op,
      kind: g.ops[op]!.kind,
      items: ts.length,
      busyUs: ts.reduce((s, t) => s + t.endUs - t.startUs, 0),
      startUs: Math.min(...ts.map((t) => t.startUs)),
      endUs: Math.max(...ts.map((t) => t.endUs)),
    }));
}

function firstMismatch(
  g: Graph,
  outputs: Uint8Array[],
  expected: Uint8Array[],
): Mismatch | undefined {
  for (let o = 0; o < outputs.length; o++) {
    const a = outputs[o]!;
    const b = expected[o]!;
    for (let i = 0; i < b.length; i++)
      if (a[i] !== b[i])
        return {
          tensor: g.tensors[g.outputs[o]!]!.name,
          index: i,
          got: (a[i]! << 24) >> 24,
          expected: (b[i]! << 24) >> 24,
        };
  }
  return undefined;
}

export function bytesOf(t: TensorData): Uint8Array {
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The per-core table of a run (text and HTML reports): header and rows. */
export function coreTable(r: RunResult): { header: string[]; rows: (string | number)[][] } {
  return {
    header: ['core', 'type', 'MHz', 'cycles', 'busy', 'stalled', 'idle', 'asleep', 'items'],
    rows: r.cores.map((c) => [
      c.id,
      c.type,
      c.clockHz / 1e6,
      c.cycles,
      c.busy,
      c.stalled,
      c.idle,
      c.sleeping,
      c.items,
    ]),
  };
}

/**
 * The model blob: everything the executor needs about one compiled model, in one versioned binary
 * (layout: runtime-gen/kernels/include/ars_blob.h, documented in the README). Little-endian 32-bit
 * words; sections on 4-byte boundaries (constant tensors on 8); offsets from the blob's start.
 *
 *   header | tensors | ops | items | core lists | u32 arrays | op parameters | constant data
 *
 * The CRC-32 (zlib's) covers bytes [16, length). The blob names no absolute address: the boot
 * descriptor (runtime-gen/image.ts) says where the arena and the executor state are.
 */
import { crc32 } from 'node:zlib';
import type { CompiledModel } from '../../compiler/compile.js';
import type { DType, Graph } from '../../compiler/ir/graph.js';
import type { Rounding } from '../../compiler/ref/registry.js';
import { lowerOp, tile4 } from './op-params.js';

export const BLOB_MAGIC = 0x42535241; // "ARSB"
export const BLOB_VERSION = 1;
export const BLOB_HEADER_BYTES = 17 * 4;
export const FLAG_DYNAMIC_QUEUE = 1;
export const IN_ARENA = 0;
export const IN_BLOB = 1;
export const ABSENT = 0xffffffff;
export const MAX_CORES = 16;
export const MAX_OPERANDS = 16;

/** Executor state words (ars_blob.h ARS_CTX_*). */
export const CTX = { GO: 0, QUEUE: 1, STATUS: 2, LATENCY: 3, CORES: 4, DONE: 4 + 4 * MAX_CORES };
export const ctxWords = (items: number): number => CTX.DONE + 5 * items;

/** Executor exit codes (ars_blob.h ARS_EXIT_*). */
export const EXECUTOR_EXIT = {
  OK: 0,
  BAD_BLOB: 3,
  BAD_BOOT: 4,
  KERNEL_ERROR: 5,
  FAULT: 6,
} as const;

const DTYPE_CODES: readonly DType[] = [
  'int8',
  'uint8',
  'int16',
  'int32',
  'int64',
  'float32',
  'bool',
];

export interface BlobOptions {
  rounding: Rounding;
  /** Cores take items from one shared queue (the ariel-greedy executor) instead of static lists. */
  dynamicQueue: boolean;
}

export interface Blob {
  bytes: Uint8Array;
  /** Bytes of zeroed shared RAM the executor needs (done flags, trace). */
  ctxBytes: number;
  arenaBytes: number;
  /** Arena offset of every activation tensor, by tensor id. */
  arenaOffsets: Map<number, number>;
}

/** A growing little-endian byte buffer with aligned sections. */
class Writer {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  align(to: number): number {
    const pad = (to - (this.length % to)) % to;
    this.reserve(pad);
    this.length += pad;
    return this.length;
  }

  words(values: ArrayLike<number>): number {
    const at = this.align(4);
    this.reserve(4 * values.length);
    for (let i = 0; i < values.length; i++) this.view.setUint32(at + 4 * i, values[i]! >>> 0, true);
    this.length += 4 * values.length;
    return at;
  }

  bytes(data: Uint8Array, align: number): number {
    const at = this.align(align);
    this.reserve(data.length);
    this.buf.set(data, at);
    this.length += data.length;
    return at;
  }

  setWord(at: number, value: number): void {
    this.view.setUint32(at, value >>> 0, true);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Serialises a compiled model for the executor. */
export function writeBlob(g: Graph, compiled: CompiledModel, options: BlobOptions): Blob {
  const { taskGraph: tg, schedule, memoryPlan } = compiled;
  if (compiled.board.cores.length > MAX_CORES)
    throw new Error(`the executor supports at most ${MAX_CORES} cores`);
  const arenaOffsets = new Map(memoryPlan.buffers.map((b) => [b.tensor, b.offset]));
  const w = new Writer();
  w.words(new Array(BLOB_HEADER_BYTES / 4).fill(0));

  // Fixed-size tables first (filled in once the variable parts have offsets).
  const tensorsOff = w.words(new Array(4 * g.tensors.length).fill(0));
  const opsOff = w.words(new Array(4 * g.ops.length).fill(0));
  const itemsOff = w.words(new Array(11 * tg.items.length).fill(0));
  const coresOff = w.words(new Array(2 * schedule.perCore.length).fill(0));

  g.ops.forEach((op, i) => {
    const operands = [...op.inputs, ...op.outputs].map((id) => (id < 0 ? ABSENT : id));
    if (operands.length > MAX_OPERANDS)
      throw new Error(
        `op ${i} (${op.kind}) has ${operands.length} operands; at most ${MAX_OPERANDS}`,
      );
    const operandsOff = w.words(operands);
    const lowered = lowerOp(g, i, options.rounding);
    const paramsOff = w.words(lowered.params);
    const at = opsOff + 16 * i;
    [lowered.kind, paramsOff, operands.length, operandsOff].forEach((v, k) =>
      w.setWord(at + 4 * k, v),
    );
  });

  const deps = itemDeps(compiled, options.dynamicQueue);
  tg.items.forEach((item, i) => {
    const depsOff = w.words(deps[i]!);
    const shape = g.tensors[g.ops[item.op]!.outputs[0]!]!.shape;
    const { start, end } = tile4(shape, item.tile);
    const at = itemsOff + 44 * i;
    [item.op, ...start, ...end, deps[i]!.length, depsOff].forEach((v, k) =>
      w.setWord(at + 4 * k, v),
    );
  });
  schedule.perCore.forEach((c, i) => {
    const listOff = w.words(c.items);
    w.setWord(coresOff + 8 * i, c.items.length);
    w.setWord(coresOff + 8 * i + 4, listOff);
  });
  const queueOff = w.words(tg.items.map((it) => it.id));

  g.tensors.forEach((t, id) => {
    const at = tensorsOff + 16 * id;
    const dtype = DTYPE_CODES.indexOf(t.dtype);
    let where = IN_ARENA;
    let offset = arenaOffsets.get(id) ?? 0;
    let bytes = memoryPlan.buffers.find((b) => b.tensor === id)?.bytes ?? 0;
    if (t.data !== undefined) {
      const data = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      where = IN_BLOB;
      offset = w.bytes(data, 8);
      bytes = data.length;
    } else if (!arenaOffsets.has(id)) {
      where = ABSENT; // not used by any op (e.g. an unused intermediate of the file)
    }
    [where, offset, bytes, dtype].forEach((v, k) => w.setWord(at + 4 * k, v));
  });

  const ctxBytes = 4 * ctxWords(tg.items.length);
  const header = [
    BLOB_MAGIC,
    BLOB_VERSION,
    0, // length
    0, // crc32
    options.dynamicQueue ? FLAG_DYNAMIC_QUEUE : 0,
    g.tensors.length,
    tensorsOff,
    g.ops.length,
    opsOff,
    tg.items.length,
    itemsOff,
    schedule.perCore.length,
    coresOff,
    queueOff,
    memoryPlan.arenaBytes,
    ctxBytes,
    0,
  ];
  header.forEach((v, k) => w.setWord(4 * k, v));
  w.align(4);
  const bytes = w.done();
  const view = new DataView(bytes.buffer);
  view.setUint32(8, bytes.length, true);
  view.setUint32(12, crc32(bytes.subarray(16)), true);
  return { bytes, ctxBytes, arenaBytes: memoryPlan.arenaBytes, arenaOffsets };
}

/**
 * The items each item waits for. Static schedules: the task graph's tile dependencies. The
 * ariel-greedy queue: Ariel-ML's barrier after every operator, i.e. every item of the previous op.
 */
export function itemDeps(compiled: CompiledModel, dynamicQueue: boolean): number[][] {
  const items = compiled.taskGraph.items;
  if (!dynamicQueue) return items.map((it) => it.deps);
  const byOp = new Map<number, number[]>();
  for (const it of items) byOp.set(it.op, [...(byOp.get(it.op) ?? []), it.id]);
  const order = [...byOp.keys()];
  return items.map((it) => {
    const k = order.indexOf(it.op);
    return k === 0 ? [] : byOp.get(order[k - 1]!)!;
  });
}

/** The blob's header fields, for tests and error reports. */
export function readBlobHeader(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (k: number) => v.getUint32(4 * k, true);
  return {
    magic: word(0),
    version: word(1),
    length: word(2),
    crc32: word(3),
    flags: word(4),
    tensors: word(5),
    ops: word(7),
    items: word(9),
    cores: word(11),
    arenaBytes: word(14),
    ctxBytes: word(15),
  };
}

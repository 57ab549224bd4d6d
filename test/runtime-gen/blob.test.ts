/** The model blob: header fields, CRC, determinism, and the ariel-greedy barrier dependencies. */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../compiler/compile.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import {
  BLOB_MAGIC,
  BLOB_VERSION,
  ctxWords,
  itemDeps,
  readBlobHeader,
  writeBlob,
} from '../../runtime-gen/blob/blob.js';

const g = ZOO.lenet5!.build();
const board = builtinBoard('rp2040');

describe('model blob', () => {
  it('has a header with magic, version, length, counts and a zlib CRC-32 of bytes 16..end', () => {
    const compiled = compileModel(g, board, { scheduler: 'heft' });
    const blob = writeBlob(g, compiled, { rounding: 'double', dynamicQueue: false });
    const h = readBlobHeader(blob.bytes);
    expect(h.magic).toBe(BLOB_MAGIC);
    expect(h.version).toBe(BLOB_VERSION);
    expect(h.length).toBe(blob.bytes.length);
    expect(h.crc32).toBe(crc32(blob.bytes.subarray(16)));
    expect(h.flags).toBe(0);
    expect(h.tensors).toBe(g.tensors.length);
    expect(h.ops).toBe(g.ops.length);
    expect(h.items).toBe(compiled.taskGraph.items.length);
    expect(h.cores).toBe(2);
    expect(h.arenaBytes).toBe(compiled.memoryPlan.arenaBytes);
    expect(h.ctxBytes).toBe(4 * ctxWords(compiled.taskGraph.items.length));
  });

  it('is byte-for-byte deterministic', () => {
    const a = writeBlob(g, compileModel(g, board), { rounding: 'double', dynamicQueue: false });
    const b = writeBlob(g, compileModel(g, board), { rounding: 'double', dynamicQueue: false });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('gives ariel-greedy items a barrier: every item of the previous op', () => {
    const compiled = compileModel(g, board, { scheduler: 'ariel-greedy' });
    const deps = itemDeps(compiled, true);
    const items = compiled.taskGraph.items;
    const ops = [...new Set(items.map((it) => it.op))];
    for (const it of items) {
      const k = ops.indexOf(it.op);
      const previous = k === 0 ? [] : items.filter((x) => x.op === ops[k - 1]).map((x) => x.id);
      expect(deps[it.id]).toEqual(previous);
    }
    const blob = writeBlob(g, compiled, { rounding: 'double', dynamicQueue: true });
    expect(readBlobHeader(blob.bytes).flags).toBe(1);
  });
});

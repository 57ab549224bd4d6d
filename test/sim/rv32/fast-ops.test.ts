/**
 * The core's inline instructions (sim/core/riscv/fast-ops.ts) against the table's semantics: for
 * every table entry with an inline id (32-bit and compressed forms), random encodings and register
 * values run once through the core's inner loop and once through the entry's exec; registers, next
 * pc, memory and traps must agree.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../../sim/memory/bus.js';
import { Rv32Core } from '../../../sim/core/riscv/core.js';
import { FastOp, fastOpsByExec } from '../../../sim/core/riscv/fast-ops.js';
import { entriesFor } from '../../../sim/isa/rv32/table.js';
import { Rv32Decoder } from '../../../sim/isa/rv32/decode.js';
import { HAZARD3 } from '../../../platforms/cores/hazard3.js';
import type { TableEntry } from '../../../sim/isa/rv32/types.js';
import { RAM_BASE } from './run.js';

const CODE = RAM_BASE + 0x100;
const DATA = RAM_BASE + 0x8000;
const DATA_BYTES = 64;
const TRIALS = 150;

function hart(): { core: Rv32Core; bus: FlatBus } {
  const bus = new FlatBus();
  bus.addRam('ram', RAM_BASE, 1 << 16);
  const host = { writeStdout: () => undefined };
  const core = new Rv32Core({ id: 0, type: 'hazard3', clockHz: 1e6, bus, host }, HAZARD3);
  return { core, bus };
}

/** xorshift32: deterministic operands. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
}

const entries = entriesFor(HAZARD3.extensions);
const fastOps = fastOpsByExec(entries);
const inline = entries.filter((e) => fastOps.has(e.exec));
const isMemory = (e: TableEntry) => /^(c\.)?[ls][bhw]u?(sp)?$/.test(e.mnemonic);

describe('inline instructions match the table semantics', () => {
  it('every inline id names a table instruction', () => {
    const covered = new Set(inline.map((e) => fastOps.get(e.exec)));
    const ids = Object.values(FastOp).filter((id) => id !== FastOp.TABLE);
    expect(ids.filter((id) => !covered.has(id))).toEqual([]);
    expect(inline.length).toBeGreaterThan(ids.length); // compressed forms share the ids
  });

  it.each(inline.map((e) => [e.mnemonic, e] as const))('%s', (_, entry) => {
    const decoder = new Rv32Decoder(HAZARD3.extensions);
    const next = random(0x9e3779b9 ^ entry.match);
    const fast = hart();
    const table = hart();
    let checked = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const word = ((next() & ~entry.mask) | entry.match) & (entry.size === 2 ? 0xffff : -1);
      const d = decoder.decode(word >>> 0);
      if (d === undefined || d.entry !== entry) continue;
      if (isMemory(entry) && d.rs1 === 0) continue; // address would be the immediate: unmapped
      const x = Int32Array.from({ length: 32 }, () => next() | 0);
      x[0] = 0;
      // Memory operands land in DATA; the low bits stay random so misaligned accesses trap.
      if (isMemory(entry)) x[d.rs1] = DATA + 16 - d.imm + (next() & 7);
      const data = Uint8Array.from({ length: DATA_BYTES }, () => next() & 0xff);
      const bytes = new Uint8Array(entry.size);
      for (let i = 0; i < entry.size; i++) bytes[i] = (word >>> (8 * i)) & 0xff;
      for (const h of [fast, table]) {
        h.bus.load(CODE, bytes);
        h.bus.load(DATA, data);
        h.core.reset(CODE);
        h.core.x.set(x);
      }
      fast.core.run(1); // exactly one instruction: each costs at least one cycle
      table.core.nextPc = (CODE + entry.size) >>> 0;
      entry.exec(table.core, d);
      table.core.x[0] = 0;
      const label = `${entry.mnemonic} 0x${word.toString(16)}`;
      expect([...fast.core.x], label).toEqual([...table.core.x]);
      expect(fast.core.halt === undefined, label).toBe(table.core.halt === undefined);
      if (fast.core.halt === undefined) expect(fast.core.pc, label).toBe(table.core.nextPc);
      const memory = (h: typeof fast) => [...h.bus.ramAt(DATA)!.bytes.subarray(0x8000, 0x8040)];
      expect(memory(fast), label).toEqual(memory(table));
      checked++;
    }
    expect(checked).toBeGreaterThan(TRIALS / 4);
  });
});

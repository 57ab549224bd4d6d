/**
 * The run loop's inline cases (sim/core/cortex-m/inner-loop.ts, fast ids in fast-thumb.ts) against
 * the exec functions they stand for: for random opcodes of every table entry with a fast id and
 * random register and flag values, one instruction through the run loop must leave the same
 * registers, flags, next pc, cycle count, memory and faults as the entry's exec function.
 */
import { describe, expect, it } from 'vitest';
import { FlatBus } from '../../../sim/memory/bus.js';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import { THUMB_TABLES } from '../../../sim/core/cortex-m/factory.js';
import { FAST_EXECS } from '../../../sim/core/cortex-m/fast-thumb.js';
import { price } from '../../../sim/core/cortex-m/timing.js';
import { ARMV6M_TABLE } from '../../../sim/isa/armv6m/table.js';
import { cortexM0plusModel } from '../../../platforms/cores/cortex-m0plus.js';

const CODE = 0x100;
const RAM = 0x20000000;
const RAM_BYTES = 0x1000;
const SAMPLES = 150;

function core(): { cpu: CortexM; bus: FlatBus } {
  const bus = new FlatBus();
  bus.addRam('code', 0, 0x1000);
  bus.addRam('ram', RAM, RAM_BYTES);
  const cpu = new CortexM({
    id: 0,
    type: 'cortex-m0plus',
    clockHz: 100_000_000,
    bus,
    host: { writeStdout: () => undefined },
    model: cortexM0plusModel({ multiplier: 'fast' }),
    tables: THUMB_TABLES,
    hardFault: 'halt',
  });
  return { cpu, bus };
}

/** A deterministic generator (xorshift32), so a failure reproduces. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** Register values that make loads and stores hit RAM often, miss it or misalign sometimes. */
function registerValue(next: () => number): number {
  switch (next() % 4) {
    case 0:
      return RAM + ((next() % (RAM_BYTES / 2)) & ~3);
    case 1:
      return next() % 64;
    case 2:
      return RAM + (next() % (RAM_BYTES / 2));
    default:
      return next();
  }
}

interface State {
  r: number[];
  flags: number[];
  pc: number;
  cycles: number;
  halted: boolean;
  ram: string;
}

function state(cpu: CortexM, bus: FlatBus, pc: number): State {
  return {
    r: Array.from(cpu.r.subarray(0, 15)),
    flags: [cpu.n, cpu.z, cpu.c, cpu.v],
    pc,
    cycles: cpu.cycles,
    halted: cpu.halt !== undefined,
    ram: Buffer.from(bus.ramAt(RAM)!.bytes).toString('hex'),
  };
}

describe('run-loop inline cases match the ARMv6-M exec functions', () => {
  const loop = core();
  const direct = core();
  for (const [id, exec] of FAST_EXECS) {
    const entries = ARMV6M_TABLE.filter((e) => e.exec === exec);
    it(`fast id ${id}: ${entries.map((e) => e.mnemonic).join(', ')}`, () => {
      expect(entries.length).toBeGreaterThan(0);
      const next = random(id * 7919);
      for (const entry of entries) {
        for (let k = 0; k < SAMPLES; k++) {
          const op = (entry.match | (next() & ~entry.mask & 0xffff)) >>> 0;
          const regs = Array.from({ length: 15 }, () => registerValue(next));
          regs[13] = RAM + RAM_BYTES / 2;
          const flags = next();
          for (const { cpu, bus } of [loop, direct]) {
            bus.ramAt(RAM)!.bytes.fill(0x5a);
            cpu.reset(0);
            cpu.halt = undefined;
            for (let i = 0; i < 15; i++) cpu.r[i] = regs[i]!;
            [cpu.n, cpu.z, cpu.c, cpu.v] = [
              flags & 1,
              (flags >>> 1) & 1,
              (flags >>> 2) & 1,
              (flags >>> 3) & 1,
            ];
            cpu.pc = CODE;
            cpu.attention = false;
          }
          loop.bus.write16(CODE, op);
          loop.cpu.invalidateAllCode();
          loop.cpu.run(loop.cpu.cycles + 1);
          const viaLoop = state(loop.cpu, loop.bus, loop.cpu.pc);

          const cpu = direct.cpu;
          cpu.nextPc = CODE + 2;
          cpu.r[15] = CODE + 4;
          let halted = false;
          try {
            const t = exec(cpu, op);
            cpu.cycles += price({ cycles: cpu.priceCycles, perRegister: cpu.pricePerRegister }, t);
          } catch {
            halted = true;
          }
          const viaExec = state(cpu, direct.bus, halted ? CODE : cpu.nextPc >>> 0);
          viaExec.halted = halted;
          expect(viaLoop, `${entry.mnemonic} 0x${op.toString(16)}`).toEqual(viaExec);
        }
      }
    });
  }
});

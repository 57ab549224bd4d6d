/**
 * Runs tiny Thumb programs on a Cortex-M0+ for instruction tests (STYLE.md point 7): code at 0x100
 * behind a vector table at 0, 64 KiB of RAM at 0x2000_0000 (SP starts at its top). Execution stops
 * when the PC reaches the label `end` (appended if missing) and throws instead of hanging.
 */
import { FlatBus } from '../../../sim/memory/bus.js';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import { THUMB_TABLES } from '../../../sim/core/cortex-m/factory.js';
import {
  cortexM0plusModel,
  type CortexM0plusOptions,
} from '../../../platforms/cores/cortex-m0plus.js';
import { assemble } from './thumb-asm.js';

export const CODE_BASE = 0x100;
export const RAM_BASE = 0x20000000;
export const STACK_TOP = 0x20010000;
/** Vector names whose labels, when the program defines them, go into the vector table. */
const VECTORS: Record<string, number> = {
  NMI: 2,
  HardFault: 3,
  SVCall: 11,
  PendSV: 14,
  SysTick: 15,
};

export interface RunOptions {
  /** Initial register values, set after reset. */
  regs?: Partial<Record<number, number>>;
  multiplier?: CortexM0plusOptions['multiplier'];
  hardFault?: 'halt' | 'vector';
  maxSteps?: number;
}

export interface Run {
  cpu: CortexM;
  bus: FlatBus;
  labels: Map<string, number>;
  stdout: string;
}

export function buildThumb(source: string, options: RunOptions = {}): Run {
  const src = /^\s*end:/m.test(source) ? source : `${source}\nend:\n  udf #0`;
  const { bytes, labels } = assemble(src, CODE_BASE);
  const bus = new FlatBus();
  bus.addRam('code', 0, 0x10000);
  bus.addRam('ram', RAM_BASE, 0x10000);
  bus.load(CODE_BASE, bytes);
  const table = new Uint32Array(48);
  table[0] = STACK_TOP;
  table[1] = (labels.get('start') ?? CODE_BASE) | 1;
  for (const [name, n] of Object.entries(VECTORS))
    if (labels.has(name)) table[n] = labels.get(name)! | 1;
  for (let k = 0; k < 32; k++)
    if (labels.has(`IRQ${k}`)) table[16 + k] = labels.get(`IRQ${k}`)! | 1;
  bus.load(0, new Uint8Array(table.buffer));
  const run: Run = { cpu: undefined as unknown as CortexM, bus, labels, stdout: '' };
  run.cpu = new CortexM({
    id: 0,
    type: 'cortex-m0plus',
    clockHz: 100_000_000,
    bus,
    host: { writeStdout: (b) => (run.stdout += new TextDecoder().decode(b)) },
    model: cortexM0plusModel({ multiplier: options.multiplier ?? 'fast' }),
    tables: THUMB_TABLES,
    hardFault: options.hardFault ?? 'halt',
  });
  run.cpu.reset(0);
  for (const [r, v] of Object.entries(options.regs ?? {})) run.cpu.r[Number(r)] = v! >>> 0;
  return run;
}

/** Steps the core one instruction at a time until PC = `end`, a halt, or `maxSteps`. */
export function runThumb(source: string, options: RunOptions = {}): Run {
  const run = buildThumb(source, options);
  runUntil(run, run.labels.get('end')!, options.maxSteps ?? 10_000);
  return run;
}

export function runUntil(run: Run, pc: number, maxSteps: number): void {
  const cpu = run.cpu;
  for (let i = 0; i < maxSteps; i++) {
    if (cpu.halt !== undefined || (cpu.pc === pc && !cpu.attention)) return;
    cpu.run(cpu.cycles + 1);
  }
  throw new Error(
    `program did not reach 0x${pc.toString(16)} within ${maxSteps} steps (pc 0x${cpu.pc.toString(16)})`,
  );
}

/** Flags as a string like 'nZcv' (upper case = set). */
export function flags(cpu: CortexM): string {
  return [cpu.n ? 'N' : 'n', cpu.z ? 'Z' : 'z', cpu.c ? 'C' : 'c', cpu.v ? 'V' : 'v'].join('');
}

/**
 * Runs tiny Thumb-2 programs on a CortexM core configured as a Cortex-M4, M33 or M7, from machine code
 * assembled by arm-none-eabi-as (encodings.json, written by gen-encodings.ts). Each program ends with
 * `udf #0`; the run stops there with a HardFault halt, so the cycle count covers exactly the program.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CortexM } from '../../../sim/core/cortex-m/core.js';
import { FlatBus } from '../../../sim/memory/bus.js';
import type { ThumbEntry } from '../../../sim/core/cortex-m/decode.js';
import { ARMV7M_TABLE, armv7mTables } from '../../../sim/isa/armv7m/table.js';
import { attachArmv7m } from '../../../sim/isa/armv7m/attach.js';
import { v7, type Armv7mState } from '../../../sim/isa/armv7m/state.js';
import { VFP_TABLE } from '../../../sim/isa/vfp/table.js';
import { CORTEX_M4, type Armv7mCoreModel } from '../../../platforms/cores/cortex-m4.js';
import { CORTEX_M33 } from '../../../platforms/cores/cortex-m33.js';
import { CORTEX_M7 } from '../../../platforms/cores/cortex-m7.js';

export const CODE_BASE = 0x1000;
export const RAM_BASE = 0x20000000;
export const STACK_TOP = 0x20008000;
export const PROGRAM_END = 'udf #0';

export const MODELS: Record<'m4' | 'm33' | 'm7', Armv7mCoreModel> = {
  m4: CORTEX_M4,
  m33: CORTEX_M33,
  m7: CORTEX_M7,
};

export interface Given {
  r?: Record<number, number>;
  /** Flags as 'NZCV' letters, upper case set, lower case clear, e.g. 'nZCv'. */
  flags?: string;
  q?: number;
  ge?: number;
  /** Bytes placed at an address before the run. */
  mem?: readonly [number, readonly number[]][];
  s?: Record<number, number>;
  fpscr?: number;
}

export interface Expected {
  r?: Record<number, number>;
  flags?: string;
  q?: number;
  ge?: number;
  mem?: readonly [number, readonly number[]][];
  /** S registers as float values (NaN compared as NaN) or, with `sBits`, raw bits. */
  s?: Record<number, number>;
  sBits?: Record<number, number>;
  fpscr?: number;
  /** Address where the run stopped, when not the end of the program. */
  haltDetail?: RegExp;
}

export interface InstructionCase {
  name: string;
  asm: readonly string[];
  given?: Given;
  expect: Expected;
  /**
   * Cycles per core model that implements the instruction; m33 defaults to m4 (same table). A case
   * `only` some models run gives cycles for those alone.
   */
  cycles: { m4?: number; m33?: number; m7?: number };
  /** Models that implement the instruction (FPv5 is not on the M4); others must fault at once. */
  only?: readonly ('m4' | 'm33' | 'm7')[];
}

const fixturePath = fileURLToPath(new URL('./encodings.json', import.meta.url));

/** Program text (lines joined with newlines, `udf #0` appended) -> hex of the assembled bytes. */
export function loadEncodings(): Record<string, string> {
  return existsSync(fixturePath)
    ? (JSON.parse(readFileSync(fixturePath, 'utf8')) as Record<string, string>)
    : {};
}

export function programText(asm: readonly string[]): string {
  return [...asm, PROGRAM_END].join('\n');
}

let encodings: Record<string, string> | undefined;

export function machineCode(asm: readonly string[]): Uint8Array {
  encodings ??= loadEncodings();
  const hex = encodings[programText(asm)];
  if (hex === undefined) {
    throw new Error(
      `no encoding for ${JSON.stringify(asm)}: run npx tsx test/sim/armv7m/gen-encodings.ts`,
    );
  }
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

/** Extra decode tables (the ARMv6-M one once it exists) are passed in by the tests. */
export function makeCore(
  model: Armv7mCoreModel,
  extraTables: readonly (readonly ThumbEntry[])[] = [],
) {
  const bus = new FlatBus();
  bus.addRam('code', 0, 0x10000);
  bus.addRam('sram', RAM_BASE, 0x10000);
  const cpu = new CortexM({
    id: 0,
    type: model.name,
    clockHz: 100_000_000,
    bus,
    host: { writeStdout: () => undefined },
    model,
    tables: armv7mTables([ARMV7M_TABLE, VFP_TABLE, ...extraTables]),
  });
  attachArmv7m(cpu, model, model.pipeline);
  // As after startup code: CP10/CP11 full access, and an FP context already active (CONTROL.FPCA),
  // so the first FP instruction keeps the FPSCR a case gives.
  cpu.scs.cpacr = 0xf << 20;
  cpu.control |= 4;
  return { cpu, bus };
}

function setFlags(cpu: CortexM, flags: string): void {
  const bit = (letter: string) => (flags.includes(letter) ? 1 : 0);
  cpu.n = bit('N');
  cpu.z = bit('Z');
  cpu.c = bit('C');
  cpu.v = bit('V');
}

export function flagsOf(cpu: CortexM): string {
  return (cpu.n ? 'N' : 'n') + (cpu.z ? 'Z' : 'z') + (cpu.c ? 'C' : 'c') + (cpu.v ? 'V' : 'v');
}

export interface RunResult {
  cpu: CortexM;
  bus: FlatBus;
  st: Armv7mState;
  code: Uint8Array;
}

/** Runs `asm` (bounded: 10 000 cycles) and returns the core, stopped at the final `udf`. */
export function run(
  model: Armv7mCoreModel,
  asm: readonly string[],
  given: Given = {},
  extraTables: readonly (readonly ThumbEntry[])[] = [],
): RunResult {
  const { cpu, bus } = makeCore(model, extraTables);
  const code = machineCode(asm);
  bus.load(CODE_BASE, code);
  for (const [addr, bytes] of given.mem ?? []) bus.load(addr, Uint8Array.from(bytes));
  cpu.r[13] = STACK_TOP;
  for (const [reg, value] of Object.entries(given.r ?? {})) cpu.r[Number(reg)] = value >>> 0;
  setFlags(cpu, given.flags ?? 'nzcv');
  const st = v7(cpu);
  st.q = given.q ?? 0;
  st.ge = given.ge ?? 0;
  for (const [reg, value] of Object.entries(given.s ?? {})) st.fpu.s[Number(reg)] = value;
  st.fpu.fpscr = given.fpscr ?? 0;
  cpu.pc = CODE_BASE;
  cpu.run(10_000);
  if (cpu.halt === undefined) throw new Error('program did not stop within 10 000 cycles');
  return { cpu, bus, st, code };
}

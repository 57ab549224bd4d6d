/**
 * Differential testing machinery shared by every ISA: a block of generated instructions runs on
 * arielsim's instruction-set simulator and on Unicorn from the same initial state; the final states
 * (registers, flags, the data window) must be equal. On a mismatch the block is shrunk to the first
 * instruction whose prefix already differs, and the report shows that instruction (hex + our
 * decoder's mnemonic), the block around it and every differing state item.
 */
import { Prng } from '../../../common/prng.js';

export interface Instruction {
  /** The instruction as the ISA writes it: a 16-bit or 32-bit word (Thumb-2: hw1 << 16 | hw2). */
  word: number;
  size: 2 | 4;
  /** Mnemonic from arielsim's decoder. */
  mnemonic: string;
}

/** Architectural state compared after a block: named 32-bit values plus the data window bytes. */
export interface MachineState {
  values: number[];
  data: Uint8Array;
}

/** A run either ends with a state or stops at a fault (described in words). */
export type Outcome = { state: MachineState } | { fault: string };

/** One ISA as both simulators see it. */
export interface DiffTarget {
  name: string;
  /** Names of `MachineState.values`, in order (e.g. x1..x31, or r0..r14, N, Z, C, V). */
  valueNames: readonly string[];
  codeBase: number;
  dataBase: number;
  /** Instruction bytes as they are laid out in memory (Thumb-2: hw1 first, then hw2). */
  encode(block: readonly Instruction[]): Uint8Array;
  runIss(block: readonly Instruction[], initial: MachineState): Outcome;
  runReference(block: readonly Instruction[], initial: MachineState): Outcome;
}

export interface Generator {
  /** A random straight-line block of `length` instructions. */
  block(prng: Prng, length: number): Instruction[];
  /** A random initial state (reserved base registers pointing into the data window). */
  initialState(prng: Prng): MachineState;
}

export const hex32 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

export function formatInstruction(i: Instruction): string {
  const digits = i.size === 2 ? 4 : 8;
  return `${(i.word >>> 0).toString(16).padStart(digits, '0')}  ${i.mnemonic}`;
}

/** Describes how two outcomes differ, or returns undefined when they are equal. */
export function differences(
  target: Pick<DiffTarget, 'valueNames' | 'dataBase'>,
  iss: Outcome,
  reference: Outcome,
): string[] | undefined {
  if ('fault' in iss || 'fault' in reference) {
    const a = 'fault' in iss ? `fault: ${iss.fault}` : 'completed';
    const b = 'fault' in reference ? `fault: ${reference.fault}` : 'completed';
    // Both faulting is reported too: generated blocks are meant to run to their end.
    return [`arielsim ${a}; Unicorn ${b}`];
  }
  const out: string[] = [];
  const x = iss.state;
  const y = reference.state;
  target.valueNames.forEach((name, i) => {
    if (x.values[i]! >>> 0 !== y.values[i]! >>> 0) {
      out.push(`${name}: arielsim ${hex32(x.values[i]!)}, Unicorn ${hex32(y.values[i]!)}`);
    }
  });
  for (let a = 0; a < x.data.length; a += 4) {
    let same = true;
    for (let b = a; b < a + 4; b++) same &&= x.data[b] === y.data[b];
    if (same) continue;
    const word = (d: Uint8Array) =>
      (d[a]! | (d[a + 1]! << 8) | (d[a + 2]! << 16) | (d[a + 3]! << 24)) >>> 0;
    out.push(
      `mem[${hex32(target.dataBase + a)}]: arielsim ${hex32(word(x.data))}, Unicorn ${hex32(word(y.data))}`,
    );
    if (out.length > 24) break;
  }
  return out.length === 0 ? undefined : out;
}

function compare(target: DiffTarget, block: readonly Instruction[], initial: MachineState) {
  return differences(target, target.runIss(block, initial), target.runReference(block, initial));
}

/** The report for a block whose final states differ, shrunk to the first differing prefix. */
export function explainMismatch(
  target: DiffTarget,
  block: readonly Instruction[],
  initial: MachineState,
  label: string,
): string {
  let length = block.length;
  let diff = compare(target, block, initial)!;
  for (let k = 1; k <= block.length; k++) {
    const d = compare(target, block.slice(0, k), initial);
    if (d !== undefined) {
      length = k;
      diff = d;
      break;
    }
  }
  const culprit = block[length - 1]!;
  let pc = target.codeBase;
  const listing = block.slice(0, length).map((insn, i) => {
    const line = `  ${hex32(pc)}: ${formatInstruction(insn)}${i === length - 1 ? '   <-- first difference' : ''}`;
    pc += insn.size;
    return line;
  });
  const init = target.valueNames.map((n, i) => `${n}=${hex32(initial.values[i]!)}`).join(' ');
  return [
    `${target.name} ${label}: instruction #${length} ${formatInstruction(culprit)} differs`,
    ...diff.map((d) => `  ${d}`),
    'block up to it:',
    ...listing,
    `initial state: ${init}`,
  ].join('\n');
}

export interface Campaign {
  seed: number;
  blocks: number;
  length: number;
}

/**
 * Runs `blocks` random blocks; returns a report per mismatching block (at most `maxReports`, each
 * shrunk) and the number of instructions compared.
 */
export function runCampaign(
  target: DiffTarget,
  generator: Generator,
  campaign: Campaign,
  maxReports = 3,
): { reports: string[]; mismatches: number; instructions: number } {
  const reports: string[] = [];
  let mismatches = 0;
  let instructions = 0;
  for (let b = 0; b < campaign.blocks; b++) {
    const prng = new Prng(campaign.seed * 100_003 + b);
    const block = generator.block(prng, campaign.length);
    const initial = generator.initialState(prng);
    instructions += block.length;
    if (compare(target, block, initial) === undefined) continue;
    mismatches++;
    if (reports.length < maxReports) {
      reports.push(explainMismatch(target, block, initial, `seed ${campaign.seed} block ${b}`));
    }
  }
  return { reports, mismatches, instructions };
}

/** Random bytes for the data window. */
export function randomBytes(prng: Prng, size: number): Uint8Array {
  const words = new Uint32Array(size / 4);
  for (let i = 0; i < words.length; i++) words[i] = prng.nextU32();
  return new Uint8Array(words.buffer);
}

/** A register value: mostly uniform, sometimes an edge value that exercises carries and overflow. */
export function randomValue(prng: Prng): number {
  const edges = [0, 1, 2, 0xffffffff, 0x80000000, 0x7fffffff, 0xfffffffe, 0x80000001, 31, 32, 33];
  const pick = prng.int(0, 9);
  if (pick < 2) return edges[prng.int(0, edges.length - 1)]!;
  if (pick < 3) return prng.int(0, 64);
  return prng.nextU32();
}

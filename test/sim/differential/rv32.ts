/**
 * RV32IMC on both simulators: arielsim's Rv32Core (the rv32imc-esp model: I, M, Zca) and Unicorn's
 * UC_ARCH_RISCV / UC_MODE_RISCV32 (default CPU, RV32GC). Blocks are generated from the decode table
 * (sim/isa/rv32/table.ts): an entry is picked, its open bits are filled at random, fields the
 * constraints name are patched, and the word must decode back to the same entry.
 *
 * Data window: 16 KiB at RV32_DATA_BASE. x8 (s0, a base c.lw/c.sw can name) and x2 (sp, the base of
 * c.lwsp/c.swsp) point into it and are never written by a generated instruction; every load/store uses one of them with an offset aligned to
 * the access size, so no access leaves the window or is misaligned.
 */
import { Prng } from '../../../common/prng.js';
import { FlatBus } from '../../../sim/memory/bus.js';
import { Rv32Core } from '../../../sim/core/riscv/core.js';
import { Rv32Decoder } from '../../../sim/isa/rv32/decode.js';
import { entriesFor } from '../../../sim/isa/rv32/table.js';
import type { Rv32Extension, TableEntry } from '../../../sim/isa/rv32/types.js';
import { RV32IMC_ESP } from '../../../platforms/cores/rv32imc-esp.js';
import {
  Unicorn,
  UnicornError,
  UcArch,
  UcMode,
  UcRiscvReg,
} from '../../../sim/backends/unicorn.js';
import type { DiffTarget, Generator, Instruction, MachineState, Outcome } from './harness.js';
import { randomBytes, randomValue } from './harness.js';

export const RV32_CODE_BASE = 0x8000_0000;
export const RV32_DATA_BASE = 0x8010_0000;
const CODE_SIZE = 0x1_0000;
const DATA_SIZE = 0x4000;
/** x8 and x2 hold these during a block (offsets into the data window, both 4-byte aligned). */
const X8_OFFSET = 0x1000;
const X2_OFFSET = 0x3000;
const BASES = [2, 8];

const EXTENSIONS: Rv32Extension[] = ['i', 'm', 'zca'];

/** Table entries left out of the generated blocks, and why. */
export const RV32_EXCLUDED: Record<string, string> = {
  ...Object.fromEntries(
    ['jal', 'jalr', 'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'].map((m) => [m, 'leaves the block']),
  ),
  ...Object.fromEntries(
    ['c.j', 'c.jal', 'c.jr', 'c.jalr', 'c.beqz', 'c.bnez'].map((m) => [m, 'leaves the block']),
  ),
  ecall: 'traps',
  ebreak: 'traps (or semihosting)',
  'c.ebreak': 'traps (or semihosting)',
  mret: 'privileged return: leaves the block',
  wfi: 'sleeps',
  fence: 'no effect on one hart; its reserved fm/pred/succ values are hints',
  'fence.i': 'only flushes the decoded-instruction cache',
  ...Object.fromEntries(
    ['csrrw', 'csrrs', 'csrrc', 'csrrwi', 'csrrsi', 'csrrci'].map((m) => [
      m,
      'CSR contents (counters, misa, mhartid) are implementation-specific',
    ]),
  ),
  'c.addi16sp': 'writes sp, a data-window base',
};

const bits = (word: number, value: number, lo: number, width: number): number => {
  const mask = ((1 << width) - 1) << lo;
  return ((word & ~mask) | ((value << lo) & mask)) >>> 0;
};

/** A register number the block may write: anything but the two data-window bases. */
const writable = (prng: Prng): number => {
  for (;;) {
    const r = prng.int(0, 31);
    if (!BASES.includes(r)) return r;
  }
};
/** A compressed register field (x8-x15) other than x8. */
const writableCompressed = (prng: Prng): number => prng.int(1, 7);

const LOAD_SIZES: Record<string, number> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4 };
const STORE_SIZES: Record<string, number> = { sb: 1, sh: 2, sw: 4 };

/** Offsets within ±2 KiB aligned to the access size. */
const alignedImm12 = (prng: Prng, size: number): number =>
  (prng.int(-2048 / size, 2047 / size) * size) & 0xfff;

/** Patches the fields the constraints fix; the rest stays random. */
function constrain(e: TableEntry, word: number, prng: Prng): number {
  const m = e.mnemonic;
  if (e.size === 4) {
    const load = LOAD_SIZES[m];
    const store = STORE_SIZES[m];
    if (load !== undefined) {
      word = bits(word, BASES[prng.int(0, 1)]!, 15, 5);
      word = bits(word, alignedImm12(prng, load), 20, 12);
    } else if (store !== undefined) {
      word = bits(word, BASES[prng.int(0, 1)]!, 15, 5);
      const imm = alignedImm12(prng, store);
      word = bits(bits(word, imm & 0x1f, 7, 5), imm >>> 5, 25, 7);
      return word;
    }
    return bits(word, writable(prng), 7, 5);
  }
  switch (m) {
    case 'c.lw':
      return bits(bits(word, 0, 7, 3), writableCompressed(prng), 2, 3);
    case 'c.sw':
      return bits(word, 0, 7, 3);
    case 'c.addi4spn':
      return bits(word, writableCompressed(prng), 2, 3);
    case 'c.swsp':
      return word;
    case 'c.srli':
    case 'c.srai':
    case 'c.andi':
    case 'c.sub':
    case 'c.xor':
    case 'c.or':
    case 'c.and':
      return bits(word, writableCompressed(prng), 7, 3);
    default: // c.addi, c.li, c.lui, c.slli, c.lwsp, c.mv, c.add: rd in bits 11:7
      return bits(word, writable(prng), 7, 5);
  }
}

export function rv32Generator(): Generator {
  const decoder = new Rv32Decoder(EXTENSIONS);
  const entries = entriesFor(EXTENSIONS).filter((e) => RV32_EXCLUDED[e.mnemonic] === undefined);
  const one = (prng: Prng): Instruction => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const e = entries[prng.int(0, entries.length - 1)]!;
      const open = e.size === 2 ? 0xffff & ~e.mask : ~e.mask;
      const word =
        constrain(
          e,
          ((e.match | (prng.nextU32() & open)) >>> 0) & (e.size === 2 ? 0xffff : -1),
          prng,
        ) >>> 0;
      const d = decoder.decode(word);
      // Reserved encodings (e.g. c.lui with imm 0) decode to nothing: draw again.
      if (d !== undefined && d.entry === e) return { word, size: e.size, mnemonic: d.mnemonic };
    }
    throw new Error('rv32 generator: no valid instruction in 100 draws');
  };
  return {
    block: (prng, length) => Array.from({ length }, () => one(prng)),
    initialState(prng) {
      const values = Array.from({ length: 31 }, () => randomValue(prng));
      values[2 - 1] = RV32_DATA_BASE + X2_OFFSET;
      values[8 - 1] = RV32_DATA_BASE + X8_OFFSET;
      return { values, data: randomBytes(prng, DATA_SIZE) };
    },
  };
}

function encode(block: readonly Instruction[]): Uint8Array {
  const out = new Uint8Array(block.reduce((n, i) => n + i.size, 0));
  let at = 0;
  for (const i of block) {
    for (let b = 0; b < i.size; b++) out[at++] = (i.word >>> (8 * b)) & 0xff;
  }
  return out;
}

const X_NAMES = Array.from({ length: 31 }, (_, i) => `x${i + 1}`);

function runIss(block: readonly Instruction[], initial: MachineState): Outcome {
  const bus = new FlatBus();
  bus.addRam('code', RV32_CODE_BASE, CODE_SIZE);
  const data = bus.addRam('data', RV32_DATA_BASE, DATA_SIZE);
  const code = encode(block);
  bus.load(RV32_CODE_BASE, code);
  data.bytes.set(initial.data);
  const config = { id: 0, type: 'rv32imc-esp', clockHz: 1e8, bus, host: { writeStdout: () => {} } };
  const core = new Rv32Core(config, RV32IMC_ESP, { stopOnFault: true });
  core.reset(RV32_CODE_BASE);
  initial.values.forEach((v, i) => (core.x[i + 1] = v));
  const end = RV32_CODE_BASE + code.length;
  for (let step = 0; step < block.length && core.halt === undefined && core.pc !== end; step++) {
    core.run(core.cycles + 1);
  }
  if (core.halt !== undefined) {
    const h = core.halt;
    return {
      fault: h.kind === 'fault' ? `${h.fault} at ${h.pc.toString(16)}: ${h.detail}` : 'exit',
    };
  }
  if (core.pc !== end) return { fault: `stopped at pc 0x${core.pc.toString(16)}` };
  return {
    state: { values: Array.from(core.x.slice(1), (v) => v >>> 0), data: data.bytes.slice() },
  };
}

function runUnicorn(block: readonly Instruction[], initial: MachineState): Outcome {
  const uc = new Unicorn(UcArch.RISCV, UcMode.RISCV32);
  try {
    uc.memMap(RV32_CODE_BASE, CODE_SIZE);
    uc.memMap(RV32_DATA_BASE, DATA_SIZE);
    const code = encode(block);
    uc.memWrite(RV32_CODE_BASE, code);
    uc.memWrite(RV32_DATA_BASE, initial.data);
    initial.values.forEach((v, i) => uc.regWrite(UcRiscvReg.X0 + i + 1, v));
    const end = RV32_CODE_BASE + code.length;
    try {
      uc.emuStart(RV32_CODE_BASE, end, block.length);
    } catch (e) {
      if (e instanceof UnicornError) return { fault: e.message };
      throw e;
    }
    const pc = uc.regRead(UcRiscvReg.PC);
    if (pc !== end) return { fault: `stopped at pc 0x${pc.toString(16)}` };
    const values = X_NAMES.map((_, i) => uc.regRead(UcRiscvReg.X0 + i + 1));
    return { state: { values, data: uc.memRead(RV32_DATA_BASE, DATA_SIZE) } };
  } finally {
    uc.close();
  }
}

export const RV32_TARGET: DiffTarget = {
  name: 'RV32IMC',
  valueNames: X_NAMES,
  codeBase: RV32_CODE_BASE,
  dataBase: RV32_DATA_BASE,
  encode,
  runIss,
  runReference: runUnicorn,
};

/**
 * RV32I base integer instructions (Unprivileged spec ch. 2). Match/mask values follow the
 * riscv-opcodes encodings (opcode | funct3 << 12 | funct7 << 25). RV32: shamt[5] must be 0.
 */
import type { Hart, Decoded, TableEntry, TimingClass } from './types.js';
import { Cause, Timing, USES_RS1 } from './types.js';
import { MASK_ALL, MASK_F3, MASK_F7F3, MASK_OPCODE, op32 } from './formats.js';

const { ALU, JAL, JALR, BRANCH_TAKEN, BRANCH_NOT_TAKEN, LOAD, STORE } = Timing;

/** Jumps to target, trapping when it is not 2-byte aligned (C is always enabled on arielsim cores). */
function jumpTo(h: Hart, target: number): boolean {
  if (target & 1) {
    h.raise(Cause.INSTRUCTION_MISALIGNED, target >>> 0);
    return false;
  }
  h.nextPc = target >>> 0;
  return true;
}

function branch(h: Hart, d: Decoded, taken: boolean): TimingClass {
  if (!taken) return BRANCH_NOT_TAKEN;
  return jumpTo(h, h.pc + d.imm) ? BRANCH_TAKEN : Timing.TRAP;
}

function load(h: Hart, d: Decoded, size: 1 | 2 | 4, signed: boolean): TimingClass {
  const addr = (h.x[d.rs1]! + d.imm) >>> 0;
  if (addr & (size - 1)) return h.raise(Cause.LOAD_MISALIGNED, addr);
  let v: number;
  if (size === 4) v = h.bus.read32(addr);
  else if (size === 2) v = signed ? (h.bus.read16(addr) << 16) >> 16 : h.bus.read16(addr);
  else v = signed ? (h.bus.read8(addr) << 24) >> 24 : h.bus.read8(addr);
  h.x[d.rd] = v;
  return LOAD;
}

function store(h: Hart, d: Decoded, size: 1 | 2 | 4): TimingClass {
  const addr = (h.x[d.rs1]! + d.imm) >>> 0;
  if (addr & (size - 1)) return h.raise(Cause.STORE_MISALIGNED, addr);
  const v = h.x[d.rs2]!;
  h.storeAddr = addr;
  if (size === 4) h.bus.write32(addr, v);
  else if (size === 2) h.bus.write16(addr, v & 0xffff);
  else h.bus.write8(addr, v & 0xff);
  return STORE;
}

const x = (h: Hart, r: number): number => h.x[r]!;
const u = (h: Hart, r: number): number => h.x[r]! >>> 0;

export const RV32I: TableEntry[] = [
  op32('lui', 0x37, MASK_OPCODE, 'i', 'U', (h, d) => ((h.x[d.rd] = d.imm), ALU)),
  op32('auipc', 0x17, MASK_OPCODE, 'i', 'U', (h, d) => ((h.x[d.rd] = h.pc + d.imm), ALU)),
  op32('jal', 0x6f, MASK_OPCODE, 'i', 'J', (h, d) => {
    const link = h.nextPc; // pc + size: also the expansion of c.jal / c.j
    if (!jumpTo(h, h.pc + d.imm)) return Timing.TRAP;
    h.x[d.rd] = link;
    return JAL;
  }),
  op32('jalr', 0x67, MASK_F3, 'i', 'I', (h, d) => {
    const link = h.nextPc; // pc + size: also the expansion of c.jalr / c.jr
    if (!jumpTo(h, (x(h, d.rs1) + d.imm) & ~1)) return Timing.TRAP;
    h.x[d.rd] = link;
    return JALR;
  }),
  op32('beq', 0x63, MASK_F3, 'i', 'B', (h, d) => branch(h, d, x(h, d.rs1) === x(h, d.rs2))),
  op32('bne', 0x1063, MASK_F3, 'i', 'B', (h, d) => branch(h, d, x(h, d.rs1) !== x(h, d.rs2))),
  op32('blt', 0x4063, MASK_F3, 'i', 'B', (h, d) => branch(h, d, x(h, d.rs1) < x(h, d.rs2))),
  op32('bge', 0x5063, MASK_F3, 'i', 'B', (h, d) => branch(h, d, x(h, d.rs1) >= x(h, d.rs2))),
  op32('bltu', 0x6063, MASK_F3, 'i', 'B', (h, d) => branch(h, d, u(h, d.rs1) < u(h, d.rs2))),
  op32('bgeu', 0x7063, MASK_F3, 'i', 'B', (h, d) => branch(h, d, u(h, d.rs1) >= u(h, d.rs2))),
  op32('lb', 0x03, MASK_F3, 'i', 'I', (h, d) => load(h, d, 1, true)),
  op32('lh', 0x1003, MASK_F3, 'i', 'I', (h, d) => load(h, d, 2, true)),
  op32('lw', 0x2003, MASK_F3, 'i', 'I', (h, d) => load(h, d, 4, true)),
  op32('lbu', 0x4003, MASK_F3, 'i', 'I', (h, d) => load(h, d, 1, false)),
  op32('lhu', 0x5003, MASK_F3, 'i', 'I', (h, d) => load(h, d, 2, false)),
  op32('sb', 0x23, MASK_F3, 'i', 'S', (h, d) => store(h, d, 1), USES_RS1),
  op32('sh', 0x1023, MASK_F3, 'i', 'S', (h, d) => store(h, d, 2), USES_RS1),
  op32('sw', 0x2023, MASK_F3, 'i', 'S', (h, d) => store(h, d, 4), USES_RS1),
  op32('addi', 0x13, MASK_F3, 'i', 'I', (h, d) => ((h.x[d.rd] = x(h, d.rs1) + d.imm), ALU)),
  op32('slti', 0x2013, MASK_F3, 'i', 'I', (h, d) => ((h.x[d.rd] = +(x(h, d.rs1) < d.imm)), ALU)),
  op32('sltiu', 0x3013, MASK_F3, 'i', 'I', (h, d) => {
    h.x[d.rd] = +(u(h, d.rs1) < d.imm >>> 0);
    return ALU;
  }),
  op32('xori', 0x4013, MASK_F3, 'i', 'I', (h, d) => ((h.x[d.rd] = x(h, d.rs1) ^ d.imm), ALU)),
  op32('ori', 0x6013, MASK_F3, 'i', 'I', (h, d) => ((h.x[d.rd] = x(h, d.rs1) | d.imm), ALU)),
  op32('andi', 0x7013, MASK_F3, 'i', 'I', (h, d) => ((h.x[d.rd] = x(h, d.rs1) & d.imm), ALU)),
  op32(
    'slli',
    0x1013,
    MASK_F7F3,
    'i',
    'SHAMT',
    (h, d) => ((h.x[d.rd] = x(h, d.rs1) << d.imm), ALU),
  ),
  op32(
    'srli',
    0x5013,
    MASK_F7F3,
    'i',
    'SHAMT',
    (h, d) => ((h.x[d.rd] = x(h, d.rs1) >>> d.imm), ALU),
  ),
  op32('srai', 0x40005013, MASK_F7F3, 'i', 'SHAMT', (h, d) => {
    h.x[d.rd] = x(h, d.rs1) >> d.imm;
    return ALU;
  }),
  op32('add', 0x33, MASK_F7F3, 'i', 'R', (h, d) => ((h.x[d.rd] = x(h, d.rs1) + x(h, d.rs2)), ALU)),
  op32('sub', 0x40000033, MASK_F7F3, 'i', 'R', (h, d) => {
    h.x[d.rd] = x(h, d.rs1) - x(h, d.rs2);
    return ALU;
  }),
  op32(
    'sll',
    0x1033,
    MASK_F7F3,
    'i',
    'R',
    (h, d) => ((h.x[d.rd] = x(h, d.rs1) << x(h, d.rs2)), ALU),
  ),
  op32('slt', 0x2033, MASK_F7F3, 'i', 'R', (h, d) => {
    h.x[d.rd] = +(x(h, d.rs1) < x(h, d.rs2));
    return ALU;
  }),
  op32('sltu', 0x3033, MASK_F7F3, 'i', 'R', (h, d) => {
    h.x[d.rd] = +(u(h, d.rs1) < u(h, d.rs2));
    return ALU;
  }),
  op32(
    'xor',
    0x4033,
    MASK_F7F3,
    'i',
    'R',
    (h, d) => ((h.x[d.rd] = x(h, d.rs1) ^ x(h, d.rs2)), ALU),
  ),
  op32('srl', 0x5033, MASK_F7F3, 'i', 'R', (h, d) => {
    h.x[d.rd] = x(h, d.rs1) >>> x(h, d.rs2);
    return ALU;
  }),
  op32('sra', 0x40005033, MASK_F7F3, 'i', 'R', (h, d) => {
    h.x[d.rd] = x(h, d.rs1) >> x(h, d.rs2);
    return ALU;
  }),
  op32('or', 0x6033, MASK_F7F3, 'i', 'R', (h, d) => ((h.x[d.rd] = x(h, d.rs1) | x(h, d.rs2)), ALU)),
  op32(
    'and',
    0x7033,
    MASK_F7F3,
    'i',
    'R',
    (h, d) => ((h.x[d.rd] = x(h, d.rs1) & x(h, d.rs2)), ALU),
  ),
  // FENCE: fm/pred/succ/rs1/rd are ignored (a single in-order hart on a coherent bus).
  op32('fence', 0x0f, MASK_F3, 'i', 'NONE', () => Timing.FENCE, 0),
  op32('ecall', 0x73, MASK_ALL, 'i', 'NONE', (h) => h.ecall(), 0),
  op32('ebreak', 0x100073, MASK_ALL, 'i', 'NONE', (h) => h.ebreak(), 0),
];

export const ZIFENCEI: TableEntry[] = [
  op32(
    'fence.i',
    0x100f,
    MASK_F3,
    'zifencei',
    'NONE',
    (h) => (h.flushDecodeCache(), Timing.FENCE_I),
  ),
];

/** Machine-mode privileged instructions (Privileged spec §3.3). */
export const PRIVILEGED: TableEntry[] = [
  op32('mret', 0x30200073, MASK_ALL, 'i', 'NONE', (h) => h.mret(), 0),
  op32('wfi', 0x10500073, MASK_ALL, 'i', 'NONE', (h) => h.wfi(), 0),
];

/**
 * A small two-pass RV32 assembler for tests. 32-bit instructions take their match bits from the
 * decode table (so the golden encodings in encodings.golden.txt, produced by GNU as, check the table
 * too); compressed instructions (explicit `c.` mnemonics) are encoded here from the spec's bit
 * layouts, independently of the decoder. Pseudo-instructions: li, la, nop, j, ret, mv.
 * Directives: .word, .half, .balign (.option is accepted and ignored). Never emits compressed code unless asked.
 */
import { RV32_TABLE } from '../../../sim/isa/rv32/table.js';
import { Csr } from '../../../sim/core/riscv/csr.js';
import { ABI_NAMES } from '../../../sim/core/riscv/faults.js';

type Syntax =
  | 'R'
  | 'R1'
  | 'I'
  | 'SH'
  | 'L'
  | 'S'
  | 'B'
  | 'U'
  | 'J'
  | 'JR'
  | 'CSR'
  | 'CSRI'
  | 'AMO'
  | 'LR'
  | 'N'
  | 'F';

const SYNTAX: Record<string, Syntax> = {};
const add = (s: Syntax, names: string) => names.split(' ').forEach((n) => (SYNTAX[n] = s));
add('R', 'add sub sll slt sltu xor srl sra or and mul mulh mulhsu mulhu div divu rem remu');
add('R', 'sh1add sh2add sh3add andn orn xnor max maxu min minu rol ror bclr bext binv bset');
add('R1', 'clz ctz cpop sext.b sext.h zext.h orc.b rev8');
add('I', 'addi slti sltiu xori ori andi');
add('SH', 'slli srli srai rori bclri bexti binvi bseti');
add('L', 'lb lh lw lbu lhu');
add('S', 'sb sh sw');
add('B', 'beq bne blt bge bltu bgeu');
add('U', 'lui auipc');
add('J', 'jal');
add('JR', 'jalr');
add('CSR', 'csrrw csrrs csrrc');
add('CSRI', 'csrrwi csrrsi csrrci');
add(
  'AMO',
  'sc.w amoswap.w amoadd.w amoxor.w amoand.w amoor.w amomin.w amomax.w amominu.w amomaxu.w',
);
add('LR', 'lr.w');
add('N', 'ecall ebreak mret wfi fence.i h3.block h3.unblock');
add('F', 'fence');

const MATCH = new Map(
  RV32_TABLE.filter((e) => e.size === 4).map((e) => [e.mnemonic, e.match >>> 0]),
);

const CSR_NAMES: Record<string, number> = Object.fromEntries(
  Object.entries(Csr).map(([k, v]) => [k.toLowerCase(), v]),
);

export function reg(s: string): number {
  const t = s.trim();
  if (/^x\d+$/.test(t) && +t.slice(1) < 32) return +t.slice(1);
  if (t === 'fp') return 8;
  const i = ABI_NAMES.indexOf(t);
  if (i < 0) throw new Error(`asm: bad register '${s}'`);
  return i;
}

interface Ctx {
  pc: number;
  labels: Map<string, number>;
}

function value(s: string, ctx: Ctx): number {
  const t = s.trim();
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(t)) {
    const neg = t.startsWith('-');
    const v = Number(neg ? t.slice(1) : t);
    return neg ? -v : v;
  }
  const l = ctx.labels.get(t);
  if (l === undefined) throw new Error(`asm: unknown label or value '${s}'`);
  return l;
}

const rel = (s: string, ctx: Ctx): number =>
  value(s, ctx) - (ctx.labels.has(s.trim()) ? ctx.pc : 0);

/** `imm(reg)` or `(reg)`. */
function memOperand(s: string, ctx: Ctx): [number, number] {
  const m = /^(.*)\((\w+)\)$/.exec(s.trim());
  if (!m) throw new Error(`asm: bad memory operand '${s}'`);
  return [m[1]!.trim() === '' ? 0 : value(m[1]!, ctx), reg(m[2]!)];
}

const R = (rd: number, rs1: number, rs2: number) => (rd << 7) | (rs1 << 15) | (rs2 << 20);
const fitsI = (v: number) => v >= -2048 && v < 2048;

function encode32(mn: string, ops: string[], ctx: Ctx): number {
  const m = MATCH.get(mn);
  const syntax = SYNTAX[mn];
  if (m === undefined || syntax === undefined) throw new Error(`asm: unknown instruction '${mn}'`);
  const o = ops;
  const i12 = (v: number) => {
    if (!fitsI(v)) throw new Error(`asm: immediate ${v} out of range in ${mn}`);
    return (v & 0xfff) << 20;
  };
  switch (syntax) {
    case 'R':
      return m | R(reg(o[0]!), reg(o[1]!), reg(o[2]!));
    case 'R1':
      return m | R(reg(o[0]!), reg(o[1]!), 0);
    case 'I':
      return m | R(reg(o[0]!), reg(o[1]!), 0) | i12(value(o[2]!, ctx));
    case 'SH':
      return m | R(reg(o[0]!), reg(o[1]!), value(o[2]!, ctx) & 31);
    case 'L': {
      const [imm, base] = memOperand(o[1]!, ctx);
      return m | R(reg(o[0]!), base, 0) | i12(imm);
    }
    case 'S': {
      const [imm, base] = memOperand(o[1]!, ctx);
      return m | R(0, base, reg(o[0]!)) | ((imm >> 5) << 25) | ((imm & 31) << 7);
    }
    case 'B': {
      const off = rel(o[2]!, ctx);
      const b = ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3f) << 25 | ((off >> 1) & 0xf) << 8 | ((off >> 11) & 1) << 7; // prettier-ignore
      return m | R(0, reg(o[0]!), reg(o[1]!)) | b;
    }
    case 'U':
      return m | (reg(o[0]!) << 7) | ((value(o[1]!, ctx) & 0xfffff) << 12);
    case 'J': {
      const [rd, target] = o.length === 1 ? [1, o[0]!] : [reg(o[0]!), o[1]!];
      const off = rel(target, ctx);
      const j = ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 | ((off >> 12) & 0xff) << 12; // prettier-ignore
      return m | (rd << 7) | j;
    }
    case 'JR': {
      if (o.length === 1) return m | R(1, reg(o[0]!), 0);
      const [imm, base] = memOperand(o[1]!, ctx);
      return m | R(reg(o[0]!), base, 0) | i12(imm);
    }
    case 'CSR':
    case 'CSRI': {
      const csr = CSR_NAMES[o[1]!.trim()] ?? value(o[1]!, ctx);
      const src = syntax === 'CSR' ? reg(o[2]!) : value(o[2]!, ctx) & 31;
      return m | R(reg(o[0]!), src, 0) | (csr << 20);
    }
    case 'AMO':
      return m | R(reg(o[0]!), memOperand(o[2]!, ctx)[1], reg(o[1]!));
    case 'LR':
      return m | R(reg(o[0]!), memOperand(o[1]!, ctx)[1], 0);
    case 'N':
      return m;
    case 'F':
      return m | (0xff << 20); // fence iorw, iorw
  }
}

/**
 * Places immediate bits: spec layout as [instruction bit : immediate bit] pairs. Throws when the
 * layout cannot represent imm (signed layouts sign-extend from their highest immediate bit).
 */
function scatter(imm: number, layout: string, signed = false): number {
  let w = 0;
  let back = 0;
  let top = 0;
  for (const pair of layout.split(' ')) {
    const [ib, vb] = pair.split(':').map(Number) as [number, number];
    w |= ((imm >> vb) & 1) << ib;
    back |= ((imm >> vb) & 1) << vb;
    top = Math.max(top, vb);
  }
  if (signed) back = (back << (31 - top)) >> (31 - top);
  if (back !== imm) throw new Error(`asm: immediate ${imm} does not fit the layout '${layout}'`);
  return w;
}

const prime = (s: string) => {
  const r = reg(s);
  if (r < 8 || r > 15) throw new Error(`asm: ${s} is not one of x8..x15`);
  return r - 8;
};
// Immediate layouts from the spec's compressed-format figures (instruction bit : immediate bit).
const L_CI = '12:5 6:4 5:3 4:2 3:1 2:0';
const L_CLW = '12:5 11:4 10:3 6:2 5:6';
const L_CJ = '12:11 11:4 10:9 9:8 8:10 7:6 6:7 5:3 4:2 3:1 2:5';
const L_CB = '12:8 11:4 10:3 6:7 5:6 4:2 3:1 2:5';

function encode16(mn: string, o: string[], ctx: Ctx): number {
  const rdFull = () => reg(o[0]!) << 7;
  const p1 = (i: number) => prime(o[i]!) << 7; // rs1'/rd' at bits 9:7
  const p2 = (i: number) => prime(o[i]!) << 2; // rd'/rs2' at bits 4:2
  const mem = (i: number) => memOperand(o[i]!, ctx);
  const memPrime = (i: number): [number, number] => {
    const [imm, base] = mem(i);
    return [imm, prime(ABI_NAMES[base]!) << 7];
  };
  switch (mn) {
    case 'c.addi4spn':
      return 0x0000 | p2(0) | scatter(value(o[2]!, ctx), '12:5 11:4 10:9 9:8 8:7 7:6 6:2 5:3');
    case 'c.lw': { const [imm, b] = memPrime(1); return 0x4000 | p2(0) | b | scatter(imm, L_CLW); } // prettier-ignore
    case 'c.sw': { const [imm, b] = memPrime(1); return 0xc000 | p2(0) | b | scatter(imm, L_CLW); } // prettier-ignore
    case 'c.nop':
      return 0x0001;
    case 'c.addi':
      return 0x0001 | rdFull() | scatter(value(o[1]!, ctx), L_CI, true);
    case 'c.jal':
      return 0x2001 | scatter(rel(o[0]!, ctx), L_CJ, true);
    case 'c.li':
      return 0x4001 | rdFull() | scatter(value(o[1]!, ctx), L_CI, true);
    case 'c.addi16sp':
      return 0x6101 | scatter(value(o[1]!, ctx), '12:9 6:4 5:6 4:8 3:7 2:5', true);
    case 'c.lui':
      return 0x6001 | rdFull() | scatter((value(o[1]!, ctx) << 12) >> 12, L_CI, true);
    case 'c.srli':
      return 0x8001 | p1(0) | scatter(value(o[1]!, ctx), L_CI);
    case 'c.srai':
      return 0x8401 | p1(0) | scatter(value(o[1]!, ctx), L_CI);
    case 'c.andi':
      return 0x8801 | p1(0) | scatter(value(o[1]!, ctx), L_CI, true);
    case 'c.sub': return 0x8c01 | p1(0) | p2(1); // prettier-ignore
    case 'c.xor': return 0x8c21 | p1(0) | p2(1); // prettier-ignore
    case 'c.or': return 0x8c41 | p1(0) | p2(1); // prettier-ignore
    case 'c.and': return 0x8c61 | p1(0) | p2(1); // prettier-ignore
    case 'c.j':
      return 0xa001 | scatter(rel(o[0]!, ctx), L_CJ, true);
    case 'c.beqz':
      return 0xc001 | p1(0) | scatter(rel(o[1]!, ctx), L_CB, true);
    case 'c.bnez':
      return 0xe001 | p1(0) | scatter(rel(o[1]!, ctx), L_CB, true);
    case 'c.slli':
      return 0x0002 | rdFull() | scatter(value(o[1]!, ctx), L_CI);
    case 'c.lwsp':
      return 0x4002 | rdFull() | scatter(mem(1)[0], '12:5 6:4 5:3 4:2 3:7 2:6');
    case 'c.jr': return 0x8002 | rdFull(); // prettier-ignore
    case 'c.mv': return 0x8002 | rdFull() | (reg(o[1]!) << 2); // prettier-ignore
    case 'c.ebreak': return 0x9002; // prettier-ignore
    case 'c.jalr': return 0x9002 | rdFull(); // prettier-ignore
    case 'c.add': return 0x9002 | rdFull() | (reg(o[1]!) << 2); // prettier-ignore
    case 'c.swsp':
      return 0xc002 | (reg(o[0]!) << 2) | scatter(mem(1)[0], '12:5 11:4 10:3 9:2 8:7 7:6');
    // Zcb (Code Size Reduction 1.0.x, "Zcb" chapter)
    case 'c.lbu': { const [imm, b] = memPrime(1); return 0x8000 | p2(0) | b | scatter(imm, '6:0 5:1'); } // prettier-ignore
    case 'c.lhu': { const [imm, b] = memPrime(1); return 0x8400 | p2(0) | b | scatter(imm, '5:1'); } // prettier-ignore
    case 'c.lh': { const [imm, b] = memPrime(1); return 0x8440 | p2(0) | b | scatter(imm, '5:1'); } // prettier-ignore
    case 'c.sb': { const [imm, b] = memPrime(1); return 0x8800 | p2(0) | b | scatter(imm, '6:0 5:1'); } // prettier-ignore
    case 'c.sh': { const [imm, b] = memPrime(1); return 0x8c00 | p2(0) | b | scatter(imm, '5:1'); } // prettier-ignore
    case 'c.zext.b': return 0x9c61 | p1(0); // prettier-ignore
    case 'c.sext.b': return 0x9c65 | p1(0); // prettier-ignore
    case 'c.zext.h': return 0x9c69 | p1(0); // prettier-ignore
    case 'c.sext.h': return 0x9c6d | p1(0); // prettier-ignore
    case 'c.not': return 0x9c75 | p1(0); // prettier-ignore
    case 'c.mul': return 0x9c41 | p1(0) | p2(1); // prettier-ignore
  }
  throw new Error(`asm: unknown compressed instruction '${mn}'`);
}

/** Expands pseudo-instructions into real ones (fixed sizes, so pass 1 and pass 2 agree). */
function expand(mn: string, o: string[], ctx: Ctx | undefined): [string, string[]][] {
  switch (mn) {
    case 'nop':
      return [['addi', ['x0', 'x0', '0']]];
    case 'mv':
      return [['addi', [o[0]!, o[1]!, '0']]];
    case 'j':
      return [['jal', ['x0', o[0]!]]];
    case 'ret':
      return [['jalr', ['x0', '0(ra)']]];
    case 'li': {
      const v = /^-?(0x[0-9a-f]+|\d+)$/i.test(o[1]!.trim())
        ? value(o[1]!, { pc: 0, labels: new Map() }) | 0
        : NaN;
      if (fitsI(v)) return [['addi', [o[0]!, 'x0', String(v)]]];
      const lo = (v << 20) >> 20;
      const hi = ((v - lo) >>> 12) & 0xfffff;
      if (lo === 0) return [['lui', [o[0]!, String(hi)]]]; // as GNU as does
      return [
        ['lui', [o[0]!, String(hi)]],
        ['addi', [o[0]!, o[0]!, String(lo)]],
      ];
    }
    case 'la': {
      if (ctx === undefined)
        return [
          ['auipc', [o[0]!, '0']],
          ['addi', [o[0]!, o[0]!, '0']],
        ];
      const off = value(o[1]!, ctx) - ctx.pc;
      const lo = (off << 20) >> 20;
      return [
        ['auipc', [o[0]!, String(((off - lo) >>> 12) & 0xfffff)]],
        ['addi', [o[0]!, o[0]!, String(lo)]],
      ];
    }
    default:
      return [[mn, o]];
  }
}

function splitOperands(rest: string): string[] {
  return rest.trim() === '' ? [] : rest.split(',').map((s) => s.trim());
}

/** Assembles `source` for loading at `base`; returns the bytes and the label addresses. */
export function assemble(
  source: string,
  base = 0x8000_0000,
): { bytes: Uint8Array; labels: Map<string, number> } {
  const lines = source.split('\n').map((l) => l.replace(/#.*/, '').trim());
  const labels = new Map<string, number>();
  for (let pass = 1; pass <= 2; pass++) {
    const out: number[] = [];
    let pc = base;
    const emit = (v: number, n: number) => {
      for (let i = 0; i < n; i++) out.push((v >>> (8 * i)) & 0xff);
      pc += n;
    };
    for (let line of lines) {
      const lm = /^([A-Za-z_.][\w.]*):/.exec(line);
      if (lm) {
        if (pass === 1) labels.set(lm[1]!, pc);
        line = line.slice(lm[0].length).trim();
      }
      if (line === '') continue;
      const [mn, ...restParts] = line.split(/\s+/);
      const ops = splitOperands(restParts.join(' '));
      const ctx = { pc, labels };
      if (mn === '.option') continue; // norvc/rvc: this assembler never compresses on its own
      if (mn === '.word') ops.forEach((o) => emit(pass === 1 ? 0 : value(o, ctx), 4));
      else if (mn === '.half') ops.forEach((o) => emit(pass === 1 ? 0 : value(o, ctx), 2));
      else if (mn === '.balign') while ((pc - base) % value(ops[0]!, ctx)) emit(0, 1);
      else if (mn!.startsWith('c.')) emit(pass === 1 ? 0 : encode16(mn!, ops, ctx), 2);
      else {
        for (const [m, o] of expand(mn!, ops, pass === 1 ? undefined : { pc, labels })) {
          emit(pass === 1 ? 0 : encode32(m, o, { pc, labels }), 4);
        }
      }
    }
    if (pass === 2) return { bytes: Uint8Array.from(out), labels };
  }
  throw new Error('unreachable');
}

/**
 * A tiny two-pass assembler for the ARMv6-M Thumb instructions (unified syntax, as
 * `arm-none-eabi-as -mcpu=cortex-m0plus -mthumb` reads it), for writing test programs. Encodings
 * from ARM DDI0419 A6.7; checked byte for byte against GNU as in thumb-asm.test.ts.
 * Supports labels (`name:`), `.word`, `.hword`, `.align` (to 4 bytes), and `@`/`//` comments.
 */
const CONDITIONS = [
  'eq',
  'ne',
  'cs',
  'cc',
  'mi',
  'pl',
  'vs',
  'vc',
  'hi',
  'ls',
  'ge',
  'lt',
  'gt',
  'le',
];
const CONDITION_ALIASES: Record<string, number> = { hs: 2, lo: 3 };
const SPECIAL: Record<string, number> = {
  apsr: 0,
  apsr_nzcvq: 0,
  iapsr: 1,
  eapsr: 2,
  xpsr: 3,
  ipsr: 5,
  epsr: 6,
  iepsr: 7,
  msp: 8,
  psp: 9,
  primask: 16,
  control: 20,
};
const DP_OPS: Record<string, number> = {
  ands: 0,
  eors: 1,
  adcs: 5,
  sbcs: 6,
  rors: 7,
  tst: 8,
  cmn: 11,
  orrs: 12,
  muls: 13,
  bics: 14,
  mvns: 15,
};
const SHIFTS: Record<string, [number, number]> = {
  lsls: [0x0000, 2],
  lsrs: [0x0800, 3],
  asrs: [0x1000, 4],
};
const EXTENDS: Record<string, number> = {
  sxth: 0xb200,
  sxtb: 0xb240,
  uxth: 0xb280,
  uxtb: 0xb2c0,
  rev: 0xba00,
  rev16: 0xba40,
  revsh: 0xbac0,
};
// GNU as encodes `nop` for ARMv6-M as MOV r8, r8 (0x46c0); write the NOP hint as `.hword 0xbf00`.
const HINTS: Record<string, number> = {
  nop: 0x46c0,
  yield: 0xbf10,
  wfe: 0xbf20,
  wfi: 0xbf30,
  sev: 0xbf40,
};
const LOAD_STORE: Record<string, { reg: number; imm?: number; scale?: number }> = {
  str: { reg: 0x5000, imm: 0x6000, scale: 4 },
  strh: { reg: 0x5200, imm: 0x8000, scale: 2 },
  strb: { reg: 0x5400, imm: 0x7000, scale: 1 },
  ldrsb: { reg: 0x5600 },
  ldr: { reg: 0x5800, imm: 0x6800, scale: 4 },
  ldrh: { reg: 0x5a00, imm: 0x8800, scale: 2 },
  ldrb: { reg: 0x5c00, imm: 0x7800, scale: 1 },
  ldrsh: { reg: 0x5e00 },
};

export interface Assembled {
  bytes: Uint8Array;
  labels: Map<string, number>;
}

interface Line {
  mnemonic: string;
  operands: string[];
  addr: number;
  text: string;
}

export function assemble(source: string, base = 0): Assembled {
  const labels = new Map<string, number>();
  const lines: Line[] = [];
  let addr = base;
  for (const raw of source.split('\n')) {
    let text = raw.replace(/(@|\/\/).*$/, '').trim();
    const label = /^([A-Za-z_.$][\w.$]*):/.exec(text);
    if (label) {
      labels.set(label[1]!, addr);
      text = text.slice(label[0].length).trim();
    }
    if (text === '') continue;
    const [mnemonic, rest = ''] = splitFirst(text);
    const line = { mnemonic: mnemonic.toLowerCase(), operands: splitOperands(rest), addr, text };
    lines.push(line);
    addr += sizeOf(line);
  }
  const bytes = new Uint8Array(addr - base);
  for (const line of lines) {
    const words = encode(line, labels);
    let o = line.addr - base;
    for (const w of words) {
      if (line.mnemonic === '.word') {
        new DataView(bytes.buffer).setUint32(o, w >>> 0, true);
        o += 4;
      } else {
        bytes[o] = w & 0xff;
        bytes[o + 1] = (w >>> 8) & 0xff;
        o += 2;
      }
    }
  }
  return { bytes, labels };
}

function splitFirst(text: string): [string, string] {
  const m = /^(\S+)\s*(.*)$/.exec(text)!;
  return [m[1]!, m[2]!];
}

/** Splits on commas outside [] and {}. */
function splitOperands(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[' || ch === '{') depth++;
    if (ch === ']' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function sizeOf(line: Line): number {
  if (line.mnemonic === '.word') return 4 * line.operands.length;
  if (line.mnemonic === '.hword') return 2 * line.operands.length;
  if (line.mnemonic === '.align') return line.addr % 4; // pads with one zero halfword when needed
  return ['bl', 'msr', 'mrs', 'dmb', 'dsb', 'isb'].includes(line.mnemonic) ? 4 : 2;
}

function reg(text: string | undefined): number {
  const t = (text ?? '').toLowerCase().replace(/!$/, '');
  const named: Record<string, number> = { sp: 13, lr: 14, pc: 15 };
  if (t in named) return named[t]!;
  const m = /^r(\d+)$/.exec(t);
  if (!m || Number(m[1]) > 15) throw new Error(`bad register '${text}'`);
  return Number(m[1]);
}

function isReg(text: string | undefined): boolean {
  return text !== undefined && /^(r\d+|sp|lr|pc)!?$/i.test(text);
}

function imm(text: string | undefined): number {
  const t = (text ?? '').replace(/^#/, '').trim();
  const v = Number(t);
  if (t === '' || !Number.isInteger(v)) throw new Error(`bad immediate '${text}'`);
  return v;
}

function low(r: number, line: Line): number {
  if (r > 7) throw new Error(`'${line.text}': r${r} is not a low register`);
  return r;
}

function fits(v: number, max: number, line: Line): number {
  if (v < 0 || v > max) throw new Error(`'${line.text}': ${v} out of range 0..${max}`);
  return v;
}

function registerList(text: string | undefined, line: Line): number {
  const inner = (text ?? '').replace(/^\{|\}$/g, '');
  let mask = 0;
  for (const part of inner.split(',').map((s) => s.trim())) {
    const [a, b] = part.split('-').map((s) => reg(s.trim()));
    for (let r = a!; r <= (b ?? a!); r++) mask |= 1 << r;
  }
  if (mask === 0) throw new Error(`'${line.text}': empty register list`);
  return mask;
}

function value(text: string, labels: Map<string, number>): number {
  const t = text.replace(/^#/, '');
  const v = labels.get(t);
  return v ?? imm(t);
}

function branchOffset(line: Line, labels: Map<string, number>, bits: number): number {
  const target = labels.get(line.operands[0]!);
  if (target === undefined) throw new Error(`'${line.text}': unknown label`);
  const offset = target - (line.addr + 4);
  if (offset % 2 !== 0 || offset < -(2 ** bits) || offset >= 2 ** bits)
    throw new Error(`'${line.text}': branch out of range`);
  return offset >> 1;
}

function encode(line: Line, labels: Map<string, number>): number[] {
  const { mnemonic: m, operands: ops } = line;
  const [a, b, c] = ops;
  if (m === '.word') return ops.map((o) => value(o, labels));
  if (m === '.align') return line.addr % 4 === 0 ? [] : [0];
  if (m === '.hword') return ops.map((o) => value(o, labels) & 0xffff);
  if (m in HINTS) return [HINTS[m]!];
  if (m in DP_OPS) {
    const rm = ops.length === 3 ? (m === 'muls' ? reg(b) : reg(c)) : reg(b);
    return [0x4000 | (DP_OPS[m]! << 6) | (low(rm, line) << 3) | low(reg(a), line)];
  }
  if (m in SHIFTS) {
    const [immBase, regOp] = SHIFTS[m]!;
    const last = ops[ops.length - 1]!;
    if (last.startsWith('#')) {
      const shift = imm(last) === 32 && m !== 'lsls' ? 0 : fits(imm(last), 31, line);
      return [immBase | (shift << 6) | (low(reg(b), line) << 3) | low(reg(a), line)];
    }
    return [0x4000 | (regOp << 6) | (low(reg(last), line) << 3) | low(reg(a), line)];
  }
  if (m in EXTENDS) return [EXTENDS[m]! | (low(reg(b), line) << 3) | low(reg(a), line)];
  if (m in LOAD_STORE) return [encodeLoadStore(line, labels)];
  return [...encodeOther(line, labels, a, b, c)];
}

function encodeLoadStore(line: Line, labels: Map<string, number>): number {
  const form = LOAD_STORE[line.mnemonic]!;
  const rt = low(reg(line.operands[0]), line);
  const addrText = line.operands.slice(1).join(',');
  if (!addrText.startsWith('[')) {
    if (line.mnemonic !== 'ldr') throw new Error(`'${line.text}': literal only for ldr`);
    const offset = value(addrText, labels) - ((line.addr + 4) & ~3);
    if (offset % 4 !== 0) throw new Error(`'${line.text}': literal not word-aligned`);
    return 0x4800 | (rt << 8) | (fits(offset, 1020, line) >> 2);
  }
  const [baseText, offText = '#0'] = splitOperands(addrText.slice(1, -1));
  const rn = reg(baseText);
  if (isReg(offText)) return form.reg | (low(reg(offText), line) << 6) | (low(rn, line) << 3) | rt;
  const offset = imm(offText);
  if (rn === 13 || rn === 15) {
    const op = rn === 15 ? 0x4800 : line.mnemonic === 'ldr' ? 0x9800 : 0x9000;
    return op | (rt << 8) | (fits(offset, 1020, line) >> 2);
  }
  const scale = form.scale!;
  if (offset % scale !== 0) throw new Error(`'${line.text}': misaligned offset`);
  return form.imm! | (fits(offset / scale, 31, line) << 6) | (low(rn, line) << 3) | rt;
}

function encodeAddSub(line: Line, sub: boolean): number {
  const { mnemonic: m, operands: ops } = line;
  const [a, b, c] = ops;
  const flags = m.endsWith('s');
  const rd = reg(a);
  if (rd === 13 && (ops.length === 2 || reg(b) === 13) && ops[ops.length - 1]!.startsWith('#')) {
    return (sub ? 0xb080 : 0xb000) | fits(imm(ops[ops.length - 1]) / 4, 127, line); // SP +/- imm7
  }
  if (!sub && ops.length === 3 && (reg(b) === 13 || reg(b) === 15) && c!.startsWith('#')) {
    return (reg(b) === 13 ? 0xa800 : 0xa000) | (low(rd, line) << 8) | fits(imm(c) / 4, 255, line);
  }
  if (flags) {
    const last = ops[ops.length - 1]!;
    if (last.startsWith('#')) {
      const v = imm(last);
      if (ops.length === 3 && v < 8)
        return (sub ? 0x1e00 : 0x1c00) | (v << 6) | (low(reg(b), line) << 3) | low(rd, line);
      return (sub ? 0x3800 : 0x3000) | (low(rd, line) << 8) | fits(v, 255, line);
    }
    const [rn, rm] = ops.length === 3 ? [reg(b), reg(c)] : [rd, reg(b)];
    return (sub ? 0x1a00 : 0x1800) | (low(rm, line) << 6) | (low(rn, line) << 3) | low(rd, line);
  }
  if (sub) throw new Error(`'${line.text}': SUB without S only for SP`);
  const rm = ops.length === 3 ? reg(c) : reg(b);
  return 0x4400 | ((rd & 8) << 4) | (rm << 3) | (rd & 7);
}

function* encodeOther(
  line: Line,
  labels: Map<string, number>,
  a?: string,
  b?: string,
  c?: string,
): Generator<number> {
  const m = line.mnemonic;
  const cond = /^b(\w\w)$/.exec(m);
  if (cond && (CONDITIONS.includes(cond[1]!) || cond[1]! in CONDITION_ALIASES)) {
    const code = CONDITION_ALIASES[cond[1]!] ?? CONDITIONS.indexOf(cond[1]!);
    yield 0xd000 | (code << 8) | (branchOffset(line, labels, 8) & 0xff);
    return;
  }
  switch (m) {
    case 'movs':
      if (b!.startsWith('#')) yield 0x2000 | (low(reg(a), line) << 8) | fits(imm(b), 255, line);
      else yield (low(reg(b), line) << 3) | low(reg(a), line);
      return;
    case 'mov':
      yield 0x4600 | ((reg(a) & 8) << 4) | (reg(b) << 3) | (reg(a) & 7);
      return;
    case 'add':
    case 'adds':
      yield encodeAddSub(line, false);
      return;
    case 'sub':
    case 'subs':
      yield encodeAddSub(line, true);
      return;
    case 'adr': {
      const offset = value(b!, labels) - ((line.addr + 4) & ~3);
      if (offset % 4 !== 0) throw new Error(`'${line.text}': target not word-aligned`);
      yield 0xa000 | (low(reg(a), line) << 8) | (fits(offset, 1020, line) >> 2);
      return;
    }
    case 'cmp':
      if (b!.startsWith('#')) yield 0x2800 | (low(reg(a), line) << 8) | fits(imm(b), 255, line);
      else if (reg(a) < 8 && reg(b) < 8) yield 0x4280 | (reg(b) << 3) | reg(a);
      else yield 0x4500 | ((reg(a) & 8) << 4) | (reg(b) << 3) | (reg(a) & 7);
      return;
    case 'rsbs':
    case 'negs':
      yield 0x4240 | (low(reg(b), line) << 3) | low(reg(a), line);
      return;
    case 'bx':
    case 'blx':
      yield (m === 'bx' ? 0x4700 : 0x4780) | (reg(a) << 3);
      return;
    case 'b':
      yield 0xe000 | (branchOffset(line, labels, 11) & 0x7ff);
      return;
    case 'bl': {
      const off = branchOffset(line, labels, 24) << 1;
      const s = (off >>> 24) & 1;
      const j1 = (~(off >>> 23) ^ s) & 1;
      const j2 = (~(off >>> 22) ^ s) & 1;
      yield 0xf000 | (s << 10) | ((off >>> 12) & 0x3ff);
      yield 0xd000 | (j1 << 13) | (j2 << 11) | ((off >>> 1) & 0x7ff);
      return;
    }
    case 'push':
    case 'pop': {
      const list = registerList(line.operands.join(','), line);
      const extra = m === 'push' ? 1 << 14 : 1 << 15;
      if (list & ~0xff & ~extra) throw new Error(`'${line.text}': bad register list`);
      yield (m === 'push' ? 0xb400 : 0xbc00) | (list & extra ? 0x100 : 0) | (list & 0xff);
      return;
    }
    case 'stm':
    case 'stmia':
    case 'ldm':
    case 'ldmia':
      yield (
        (m.startsWith('st') ? 0xc000 : 0xc800) |
        (low(reg(a), line) << 8) |
        registerList(line.operands.slice(1).join(','), line)
      );
      return;
    case 'svc':
    case 'bkpt':
    case 'udf':
      yield (
        ({ svc: 0xdf00, bkpt: 0xbe00, udf: 0xde00 } as Record<string, number>)[m]! |
        fits(imm(a), 255, line)
      );
      return;
    case 'cpsie':
    case 'cpsid':
      yield m === 'cpsie' ? 0xb662 : 0xb672;
      return;
    case 'msr':
      yield 0xf380 | reg(b);
      yield 0x8800 | SPECIAL[a!.toLowerCase()]!;
      return;
    case 'mrs':
      yield 0xf3ef;
      yield 0x8000 | (reg(a) << 8) | SPECIAL[b!.toLowerCase()]!;
      return;
    case 'dsb':
    case 'dmb':
    case 'isb':
      yield 0xf3bf;
      yield ({ dsb: 0x8f4f, dmb: 0x8f5f, isb: 0x8f6f } as Record<string, number>)[m]!;
      return;
  }
  void c;
  throw new Error(`'${line.text}': unknown instruction`);
}

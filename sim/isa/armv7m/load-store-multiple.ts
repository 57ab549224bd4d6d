/**
 * Load/store multiple, dual, exclusive and table branch (ARM DDI0403E A5.3.5, A5.3.6):
 * LDM/STM (IA and DB, POP.W/PUSH.W), LDRD/STRD (immediate and literal), LDREX/STREX and their byte and
 * halfword forms, CLREX, TBB/TBH. All but TBH need aligned addresses (MemA); TBH reads its table
 * entry with MemU, which may be unaligned on v7-M.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { T, withCount } from '../../core/cortex-m/timing.js';
import { alignedPc, bxWritePc, rdOf, rmOf, rnOf, rtOf } from './fields.js';
import { v7 } from './state.js';
import { V } from './timing.js';

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: 'armv7m', exec };
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** LDM/LDMDB (A7.7.41, A7.7.42): registers from ascending addresses; PC last, interworking. */
function loadMultiple(decrementBefore: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const n = rnOf(op);
    const list = op & 0xdfff;
    const count = bitCount(list);
    const start = (decrementBefore ? cpu.r[n]! - 4 * count : cpu.r[n]!) >>> 0;
    let addr = start;
    let pcValue = -1;
    for (let i = 0; i < 16; i++) {
      if (((list >>> i) & 1) === 0) continue;
      const value = cpu.read32(addr);
      addr += 4;
      if (i === 15) pcValue = value;
      else cpu.r[i] = value;
    }
    if ((op & 0x200000) !== 0 && ((list >>> n) & 1) === 0) {
      cpu.r[n] = decrementBefore ? start : addr >>> 0;
    }
    if (pcValue === -1) return withCount(T.loadStoreMultiple, count);
    bxWritePc(cpu, pcValue);
    return withCount(T.popPc, count);
  };
}

/** STM/STMDB (A7.7.159, A7.7.160). */
function storeMultiple(decrementBefore: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const n = rnOf(op);
    const list = op & 0x5fff;
    const count = bitCount(list);
    const start = (decrementBefore ? cpu.r[n]! - 4 * count : cpu.r[n]!) >>> 0;
    let addr = start;
    for (let i = 0; i < 15; i++) {
      if (((list >>> i) & 1) === 0) continue;
      cpu.write32(addr, cpu.r[i]!);
      addr += 4;
    }
    if ((op & 0x200000) !== 0) cpu.r[n] = decrementBefore ? start : addr >>> 0;
    return withCount(T.loadStoreMultiple, count);
  };
}

/** Address of LDRD/STRD (A7.7.50, A7.7.163): imm8 * 4 with P U W; Rn = PC is the literal form. */
function dualAddress(cpu: CortexM, op: number): number {
  const n = rnOf(op);
  const base = n === 15 ? alignedPc(cpu) : cpu.r[n]!;
  const offset = (op & 0xff) << 2;
  const offsetAddress = ((op & 0x800000) !== 0 ? base + offset : base - offset) >>> 0;
  if ((op & 0x200000) !== 0) cpu.r[n] = offsetAddress;
  return (op & 0x1000000) !== 0 ? offsetAddress : base;
}

const loadDual: ThumbEntry['exec'] = (cpu, op) => {
  const addr = dualAddress(cpu, op);
  const first = cpu.read32(addr);
  cpu.r[rdOf(op)] = cpu.read32(addr + 4);
  cpu.r[rtOf(op)] = first;
  return V.loadStoreDual;
};

const storeDual: ThumbEntry['exec'] = (cpu, op) => {
  const t = cpu.r[rtOf(op)]!;
  const t2 = cpu.r[rdOf(op)]!;
  const addr = dualAddress(cpu, op);
  cpu.write32(addr, t);
  cpu.write32(addr + 4, t2);
  return V.loadStoreDual;
};

type Read = (cpu: CortexM, addr: number) => number;
type Write = (cpu: CortexM, addr: number, value: number) => void;

/**
 * LDREX/LDREXB/LDREXH: load and tag the address in the local monitor and, on a bus shared with
 * other masters, in the global one (A3.4: MarkExclusiveLocal, MarkExclusiveGlobal).
 */
export function loadExclusive(read: Read, scaledOffset: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const addr = (cpu.r[rnOf(op)]! + (scaledOffset ? (op & 0xff) << 2 : 0)) >>> 0;
    cpu.r[rtOf(op)] = read(cpu, addr);
    v7(cpu).exclusiveAddress = addr;
    cpu.bus.markExclusive?.(addr);
    return V.exclusive;
  };
}

/**
 * STREX/STREXB/STREXH: store only if the local monitor holds the address and, on a shared bus, the
 * global monitor too (no other master stored there since); Rd = 0 on success, else 1.
 */
export function storeExclusive(write: Write, scaledOffset: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const st = v7(cpu);
    const addr = (cpu.r[rnOf(op)]! + (scaledOffset ? (op & 0xff) << 2 : 0)) >>> 0;
    const d = scaledOffset ? rdOf(op) : rmOf(op);
    const pass = st.exclusiveAddress === addr && (cpu.bus.claimExclusive?.(addr) ?? true);
    if (pass) write(cpu, addr, cpu.r[rtOf(op)]!);
    cpu.r[d] = pass ? 0 : 1;
    st.exclusiveAddress = -1;
    return V.exclusive;
  };
}

/** TBB/TBH (A7.7.182): branch forward by twice the table entry at Rn + Rm (or Rn + 2 * Rm). */
function tableBranch(halfword: boolean): ThumbEntry['exec'] {
  return (cpu, op) => {
    const base = cpu.r[rnOf(op)]!;
    const m = cpu.r[rmOf(op)]!;
    const entryValue = halfword ? cpu.readU16((base + 2 * m) >>> 0) : cpu.read8((base + m) >>> 0);
    cpu.nextPc = (cpu.r[15]! + 2 * entryValue) >>> 0;
    return V.tableBranch;
  };
}

export const LOAD_STORE_MULTIPLE: readonly ThumbEntry[] = [
  entry('STM T2', 0xe8800000, 0xffd00000, storeMultiple(false)),
  entry('LDM T2', 0xe8900000, 0xffd00000, loadMultiple(false)),
  entry('STMDB T1', 0xe9000000, 0xffd00000, storeMultiple(true)),
  entry('LDMDB T1', 0xe9100000, 0xffd00000, loadMultiple(true)),
  entry('STRD (immediate) T1, pre-indexed', 0xe9400000, 0xff500000, storeDual),
  entry('STRD (immediate) T1, post-indexed', 0xe8600000, 0xff700000, storeDual),
  entry('LDRD (immediate, literal) T1, pre-indexed', 0xe9500000, 0xff500000, loadDual),
  entry('LDRD (immediate) T1, post-indexed', 0xe8700000, 0xff700000, loadDual),
  entry(
    'STREX T1',
    0xe8400000,
    0xfff00000,
    storeExclusive((cpu, a, v) => cpu.write32(a, v), true),
  ),
  entry(
    'LDREX T1',
    0xe8500000,
    0xfff00000,
    loadExclusive((cpu, a) => cpu.read32(a), true),
  ),
  entry(
    'STREXB T1',
    0xe8c00f40,
    0xfff00ff0,
    storeExclusive((cpu, a, v) => cpu.write8(a, v & 0xff), false),
  ),
  entry(
    'STREXH T1',
    0xe8c00f50,
    0xfff00ff0,
    storeExclusive((cpu, a, v) => cpu.write16(a, v & 0xffff), false),
  ),
  entry(
    'LDREXB T1',
    0xe8d00f4f,
    0xfff00fff,
    loadExclusive((cpu, a) => cpu.read8(a), false),
  ),
  entry(
    'LDREXH T1',
    0xe8d00f5f,
    0xfff00fff,
    loadExclusive((cpu, a) => cpu.read16(a), false),
  ),
  entry('TBB T1', 0xe8d0f000, 0xfff0fff0, tableBranch(false)),
  entry('TBH T1', 0xe8d0f010, 0xfff0fff0, tableBranch(true)),
  entry('CLREX T1', 0xf3bf8f2f, 0xffffffff, (cpu) => {
    v7(cpu).exclusiveAddress = -1;
    return T.alu;
  }),
];

/**
 * FPU register transfers and memory accesses (ARM DDI0403E A6.5, A6.6, A6.7): VMOV between core and
 * S registers (one or two), VMRS (incl. APSR_nzcv) and VMSR, VLDR/VSTR, VLDM/VSTM (IA with optional
 * writeback, DB with writeback) which include VPUSH/VPOP. Word accesses must be aligned.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { withCount } from '../../core/cortex-m/timing.js';
import { v7 } from '../armv7m/state.js';
import { V } from '../armv7m/timing.js';
import { sdOf, smOf, snOf, vfpEntry } from './fields.js';

/** FPSCR bits that software can write (FPv4-SP/FPv5-SP: NZCV, AHP, DN, FZ, RMode, IDC, IXC...IOC). */
const FPSCR_WRITABLE = 0xf7c0009f;

const moveSingle: ThumbEntry['exec'] = (cpu, word) => {
  const fpu = v7(cpu).fpu;
  const t = (word >>> 12) & 0xf;
  if ((word & 0x100000) !== 0) cpu.r[t] = fpu.bits[snOf(word)]!;
  else fpu.bits[snOf(word)] = cpu.r[t]!;
  return V.fpuTransfer;
};

/** VMOV Sm, Sm1, Rt, Rt2 (and back): Sm = Vm:M, Sm1 = Sm + 1. */
const moveDouble: ThumbEntry['exec'] = (cpu, word) => {
  const fpu = v7(cpu).fpu;
  const t = (word >>> 12) & 0xf;
  const t2 = (word >>> 16) & 0xf;
  const m = smOf(word);
  if ((word & 0x100000) !== 0) {
    cpu.r[t] = fpu.bits[m]!;
    cpu.r[t2] = fpu.bits[(m + 1) & 31]!;
  } else {
    fpu.bits[m] = cpu.r[t]!;
    fpu.bits[(m + 1) & 31] = cpu.r[t2]!;
  }
  return V.fpuTransferDouble;
};

const readStatus: ThumbEntry['exec'] = (cpu, word) => {
  const fpscr = v7(cpu).fpu.fpscr;
  const t = (word >>> 12) & 0xf;
  if (t !== 15) cpu.r[t] = fpscr;
  else {
    cpu.n = fpscr >>> 31;
    cpu.z = (fpscr >>> 30) & 1;
    cpu.c = (fpscr >>> 29) & 1;
    cpu.v = (fpscr >>> 28) & 1;
  }
  return V.fpuTransfer;
};

const writeStatus: ThumbEntry['exec'] = (cpu, word) => {
  v7(cpu).fpu.fpscr = (cpu.r[(word >>> 12) & 0xf]! & FPSCR_WRITABLE) >>> 0;
  return V.fpuTransfer;
};

function baseAddress(cpu: CortexM, word: number): number {
  const n = (word >>> 16) & 0xf;
  return n === 15 ? cpu.r[15]! & ~3 : cpu.r[n]!;
}

/** VLDR/VSTR (A7.7.230, A7.7.255): [Rn, #+/-imm8*4], Rn = PC is the literal form. */
function loadStore(load: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const offset = (word & 0xff) << 2;
    const base = baseAddress(cpu, word);
    const addr = ((word & 0x800000) !== 0 ? base + offset : base - offset) >>> 0;
    const fpu = v7(cpu).fpu;
    if (load) fpu.bits[sdOf(word)] = cpu.read32(addr);
    else cpu.write32(addr, fpu.bits[sdOf(word)]!);
    return V.fpuLoadStore;
  };
}

/** VLDM/VSTM (A7.7.229, A7.7.254): imm8 consecutive S registers from Sd. */
function loadStoreMultiple(load: boolean, decrementBefore: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const n = (word >>> 16) & 0xf;
    const count = word & 0xff;
    const first = sdOf(word);
    const fpu = v7(cpu).fpu;
    const start = (decrementBefore ? cpu.r[n]! - 4 * count : cpu.r[n]!) >>> 0;
    for (let i = 0; i < count; i++) {
      const addr = (start + 4 * i) >>> 0;
      if (load) fpu.bits[(first + i) & 31] = cpu.read32(addr);
      else cpu.write32(addr, fpu.bits[(first + i) & 31]!);
    }
    if ((word & 0x200000) !== 0) cpu.r[n] = decrementBefore ? start : (start + 4 * count) >>> 0;
    return withCount(V.fpuLoadStoreMultiple, count);
  };
}

export const VFP_TRANSFER: readonly ThumbEntry[] = [
  vfpEntry(
    'VMOV (between ARM core register and single) T1',
    0xee000a10,
    0xffe00f7f,
    'fpv4sp',
    moveSingle,
  ),
  vfpEntry(
    'VMOV (between two ARM core registers and two singles) T1',
    0xec400a10,
    0xffe00fd0,
    'fpv4sp',
    moveDouble,
  ),
  vfpEntry('VMRS T1', 0xeef10a10, 0xffff0fff, 'fpv4sp', readStatus),
  vfpEntry('VMSR T1', 0xeee10a10, 0xffff0fff, 'fpv4sp', writeStatus),
  vfpEntry('VLDR T2', 0xed100a00, 0xff300f00, 'fpv4sp', loadStore(true)),
  vfpEntry('VSTR T2', 0xed000a00, 0xff300f00, 'fpv4sp', loadStore(false)),
  vfpEntry(
    'VLDM T2 (increment after)',
    0xec900a00,
    0xff900f00,
    'fpv4sp',
    loadStoreMultiple(true, false),
  ),
  vfpEntry(
    'VSTM T2 (increment after)',
    0xec800a00,
    0xff900f00,
    'fpv4sp',
    loadStoreMultiple(false, false),
  ),
  vfpEntry(
    'VLDM T2 (decrement before)',
    0xed300a00,
    0xffb00f00,
    'fpv4sp',
    loadStoreMultiple(true, true),
  ),
  vfpEntry(
    'VSTM T2 (decrement before)',
    0xed200a00,
    0xffb00f00,
    'fpv4sp',
    loadStoreMultiple(false, true),
  ),
];

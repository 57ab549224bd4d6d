/**
 * FPU register transfers and memory accesses (ARM DDI0403E A6.5, A6.6, A6.7): VMOV between core and
 * S registers (one or two) and between two core registers and a D register, VMRS (incl. APSR_nzcv)
 * and VMSR, VLDR/VSTR, VLDM/VSTM (IA with optional writeback, DB with writeback) which include
 * VPUSH/VPOP, each of the memory forms with S or D registers. D[n] is S[2n+1]:S[2n] (A6.1.2), so
 * a D register moves as two words, the low one at the lower address. Word accesses must be aligned
 * (a D register: each word, not the doubleword).
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { withCount } from '../../core/cortex-m/timing.js';
import { v7 } from '../armv7m/state.js';
import { V } from '../armv7m/timing.js';
import { ddOf, dmOf, sdOf, smOf, snOf, vfpEntry } from './fields.js';

/** FPSCR bits that software can write (FPv4-SP/FPv5-SP: NZCV, AHP, DN, FZ, RMode, IDC, IXC...IOC). */
const FPSCR_WRITABLE = 0xf7c0009f;

const moveSingle: ThumbEntry['exec'] = (cpu, word) => {
  const fpu = v7(cpu).fpu;
  const t = (word >>> 12) & 0xf;
  if ((word & 0x100000) !== 0) cpu.r[t] = fpu.bits[snOf(word)]!;
  else fpu.bits[snOf(word)] = cpu.r[t]!;
  return V.fpuTransfer;
};

/**
 * VMOV Sm, Sm1, Rt, Rt2 and VMOV Dm, Rt, Rt2 (and back): Rt moves with S[first], Rt2 with
 * S[first + 1]; `first` is Sm = Vm:M, or 2m for Dm = M:Vm (Rt the low word of Dm).
 */
function moveDouble(first: (word: number) => number): ThumbEntry['exec'] {
  return (cpu, word) => {
    const fpu = v7(cpu).fpu;
    const t = (word >>> 12) & 0xf;
    const t2 = (word >>> 16) & 0xf;
    const m = first(word);
    if ((word & 0x100000) !== 0) {
      cpu.r[t] = fpu.bits[m]!;
      cpu.r[t2] = fpu.bits[(m + 1) & 31]!;
    } else {
      fpu.bits[m] = cpu.r[t]!;
      fpu.bits[(m + 1) & 31] = cpu.r[t2]!;
    }
    return V.fpuTransferDouble;
  };
}

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

/** VLDR/VSTR (A7.7.230, A7.7.255): [Rn, #+/-imm8*4], Rn = PC is the literal form; Sd or Dd. */
function loadStore(load: boolean, double: boolean): ThumbEntry['exec'] {
  return (cpu, word) => {
    const offset = (word & 0xff) << 2;
    const base = baseAddress(cpu, word);
    const addr = ((word & 0x800000) !== 0 ? base + offset : base - offset) >>> 0;
    const fpu = v7(cpu).fpu;
    if (!double) {
      if (load) fpu.bits[sdOf(word)] = cpu.read32(addr);
      else cpu.write32(addr, fpu.bits[sdOf(word)]!);
      return V.fpuLoadStore;
    }
    const s = 2 * ddOf(word);
    if (load) {
      fpu.bits[s] = cpu.read32(addr);
      fpu.bits[s + 1] = cpu.read32((addr + 4) >>> 0);
    } else {
      cpu.write32(addr, fpu.bits[s]!);
      cpu.write32((addr + 4) >>> 0, fpu.bits[s + 1]!);
    }
    return V.fpuLoadStoreDouble;
  };
}

/**
 * VLDM/VSTM (A7.7.229, A7.7.254): imm8 consecutive words from S[first]: imm8 S registers from Sd,
 * or imm8 / 2 D registers from Dd (first = 2d; the tables take even imm8 only, an odd one is the
 * FLDMX/FSTMX form). Priced per word: the TRM's 1+N for .32 and 1+2N for .64.
 */
function loadStoreMultiple(
  load: boolean,
  decrementBefore: boolean,
  double: boolean,
): ThumbEntry['exec'] {
  return (cpu, word) => {
    const n = (word >>> 16) & 0xf;
    const count = word & 0xff;
    const first = double ? 2 * ddOf(word) : sdOf(word);
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

/**
 * The D-register forms fix D/M/N (d16-d31 do not exist) and, for VLDM/VSTM, an even imm8. Their
 * ARM ARM names: T1 is the 64-bit encoding of VLDR/VSTR/VLDM/VSTM, T2 the 32-bit one.
 */
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
    moveDouble(smOf),
  ),
  vfpEntry(
    'VMOV (between two ARM core registers and a doubleword) T1',
    0xec400b10,
    0xffe00ff0,
    'fpv4sp',
    moveDouble((word) => 2 * dmOf(word)),
  ),
  vfpEntry('VMRS T1', 0xeef10a10, 0xffff0fff, 'fpv4sp', readStatus),
  vfpEntry('VMSR T1', 0xeee10a10, 0xffff0fff, 'fpv4sp', writeStatus),
  vfpEntry('VLDR T2', 0xed100a00, 0xff300f00, 'fpv4sp', loadStore(true, false)),
  vfpEntry('VSTR T2', 0xed000a00, 0xff300f00, 'fpv4sp', loadStore(false, false)),
  vfpEntry('VLDR T1', 0xed100b00, 0xff700f00, 'fpv4sp', loadStore(true, true)),
  vfpEntry('VSTR T1', 0xed000b00, 0xff700f00, 'fpv4sp', loadStore(false, true)),
  vfpEntry(
    'VLDM T2 (increment after)',
    0xec900a00,
    0xff900f00,
    'fpv4sp',
    loadStoreMultiple(true, false, false),
  ),
  vfpEntry(
    'VSTM T2 (increment after)',
    0xec800a00,
    0xff900f00,
    'fpv4sp',
    loadStoreMultiple(false, false, false),
  ),
  vfpEntry(
    'VLDM T2 (decrement before)',
    0xed300a00,
    0xffb00f00,
    'fpv4sp',
    loadStoreMultiple(true, true, false),
  ),
  vfpEntry(
    'VSTM T2 (decrement before)',
    0xed200a00,
    0xffb00f00,
    'fpv4sp',
    loadStoreMultiple(false, true, false),
  ),
  vfpEntry(
    'VLDM T1 (increment after)',
    0xec900b00,
    0xffd00f01,
    'fpv4sp',
    loadStoreMultiple(true, false, true),
  ),
  vfpEntry(
    'VSTM T1 (increment after)',
    0xec800b00,
    0xffd00f01,
    'fpv4sp',
    loadStoreMultiple(false, false, true),
  ),
  vfpEntry(
    'VLDM T1 (decrement before)',
    0xed300b00,
    0xfff00f01,
    'fpv4sp',
    loadStoreMultiple(true, true, true),
  ),
  vfpEntry(
    'VSTM T1 (decrement before)',
    0xed200b00,
    0xfff00f01,
    'fpv4sp',
    loadStoreMultiple(false, true, true),
  ),
];

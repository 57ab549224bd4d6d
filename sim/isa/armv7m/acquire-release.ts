/**
 * Load-acquire / store-release (ARMv8-M Mainline, ARM DDI0553, T32 "Load/store exclusive,
 * load-acquire/store-release" group): LDA, LDAB, LDAH, STL, STLB, STLH and the exclusive forms
 * LDAEX, LDAEXB, LDAEXH, STLEX, STLEXB, STLEXH. Extension 'v8m': the Cortex-M33 has them, the
 * ARMv7-M cores (M4, M7) do not, so there they stay UNDEFINED.
 *
 *   hw1 = 1110 1000 110 L Rn     hw2 = Rt 1111 1 E sz Rd
 *
 * L = 1 loads, E = 1 exclusive, sz = 00 byte, 01 halfword, 10 word; hw2[3:0] is Rd for STLEX*,
 * 1111 otherwise. Sources: QEMU target/arm/tcg/t32.decode (LDA ... STLEXH), LLVM's MC tests
 * (thumbv8 ldaexb r3, [r4] = e8d4 3fcf), checked against arm-none-eabi-as 2.40 -mcpu=cortex-m33.
 *
 * Semantics: MemO accesses, i.e. aligned (an unaligned halfword or word address faults, for STLEX
 * too when the monitor does not hold the address: ExclusiveMonitorsPass checks alignment first),
 * bytes and halfwords zero-extended. The ordering itself needs nothing in a simulator that performs
 * every access at once and in program order. The exclusive forms tag and test the same monitor as
 * LDREX/STREX (their helpers in load-store-multiple.ts).
 *
 * Timing: all twelve report the `exclusive` class, priced as LDREX/STREX (Cortex-M33 model: the M4's
 * 2 cycles), and so never pipeline behind or ahead of a neighbouring load/store. ARM publishes no
 * cycle counts for them; that the implied barrier costs nothing beyond this is *unverified*.
 * UNPREDICTABLE register choices (Rt or Rn = PC, Rd = Rt or Rn) are not diagnosed, as for LDREX.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { GuestFault } from '../../core/cortex-m/fault.js';
import { rnOf, rtOf } from './fields.js';
import { loadExclusive, storeExclusive } from './load-store-multiple.js';
import { V } from './timing.js';

interface Size {
  /** Mnemonic suffix: '' word, 'B' byte, 'H' halfword. */
  suffix: '' | 'B' | 'H';
  /** hw2[5:4]. */
  sz: number;
  bytes: 1 | 2 | 4;
  /** MemO read and write, zero-extending: the core's MemA accessors fault when unaligned. */
  read: (cpu: CortexM, addr: number) => number;
  write: (cpu: CortexM, addr: number, value: number) => void;
}

const SIZES: readonly Size[] = [
  {
    suffix: 'B',
    sz: 0b00,
    bytes: 1,
    read: (cpu, a) => cpu.read8(a),
    write: (cpu, a, v) => cpu.write8(a, v & 0xff),
  },
  {
    suffix: 'H',
    sz: 0b01,
    bytes: 2,
    read: (cpu, a) => cpu.read16(a),
    write: (cpu, a, v) => cpu.write16(a, v & 0xffff),
  },
  {
    suffix: '',
    sz: 0b10,
    bytes: 4,
    read: (cpu, a) => cpu.read32(a),
    write: (cpu, a, v) => cpu.write32(a, v),
  },
];

/** hw1 bit 4 (L) and hw2 bit 6 (E). */
const LOAD = 0x00100000;
const EXCLUSIVE = 0x40;

function entry(
  mnemonic: string,
  match: number,
  mask: number,
  exec: ThumbEntry['exec'],
): ThumbEntry {
  return { mnemonic, size: 4, match: match >>> 0, mask: mask >>> 0, ext: 'v8m', exec };
}

/** LDA/LDAB/LDAH: R[t] = ZeroExtend(MemO[R[n], size]). */
function loadAcquire(size: Size): ThumbEntry['exec'] {
  return (cpu, op) => {
    cpu.r[rtOf(op)] = size.read(cpu, cpu.r[rnOf(op)]!);
    return V.exclusive;
  };
}

/** STL/STLB/STLH: MemO[R[n], size] = R[t]<size-1:0>. */
function storeRelease(size: Size): ThumbEntry['exec'] {
  return (cpu, op) => {
    size.write(cpu, cpu.r[rnOf(op)]!, cpu.r[rtOf(op)]!);
    return V.exclusive;
  };
}

/** STLEX/STLEXB/STLEXH: the alignment check of ExclusiveMonitorsPass, then STREX's monitor test. */
function storeReleaseExclusive(size: Size): ThumbEntry['exec'] {
  const store = storeExclusive(size.write, false);
  return (cpu, op) => {
    const addr = cpu.r[rnOf(op)]!;
    if (addr % size.bytes !== 0) {
      const what = size.bytes === 4 ? 'word' : 'halfword';
      throw new GuestFault(`unaligned ${what} write at 0x${addr.toString(16).padStart(8, '0')}`);
    }
    return store(cpu, op);
  };
}

export const ACQUIRE_RELEASE: readonly ThumbEntry[] = SIZES.flatMap((size) => {
  const plain = 0xe8c00f80 | (size.sz << 4); // STL<size> with Rn = Rt = 0 and hw2[3:0] clear
  const exclusive = plain | EXCLUSIVE;
  return [
    entry(`LDA${size.suffix} T1`, plain | LOAD | 0xf, 0xfff00fff, loadAcquire(size)),
    entry(`STL${size.suffix} T1`, plain | 0xf, 0xfff00fff, storeRelease(size)),
    entry(
      `LDAEX${size.suffix} T1`,
      exclusive | LOAD | 0xf,
      0xfff00fff,
      loadExclusive(size.read, false),
    ),
    entry(`STLEX${size.suffix} T1`, exclusive, 0xfff00ff0, storeReleaseExclusive(size)),
  ];
});

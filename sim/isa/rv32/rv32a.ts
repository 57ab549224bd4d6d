/**
 * A extension: LR/SC and AMOs on words (Unprivileged spec ch. 8). aq/rl bits are accepted and
 * ignored (one in-order hart). The reservation is one word address, cleared by SC and by traps. On
 * a bus shared with other masters (Bus.markExclusive / claimExclusive, the global monitor of
 * sim/memory/exclusive-monitor.ts) lr.w also tags the word there, and sc.w fails when another
 * master stored to it since; a bus with one master leaves the reservation to the hart.
 */
import type { Hart, Decoded, TableEntry, TimingClass } from './types.js';
import { BusFault } from '../../memory/bus.js';
import { Cause, Timing, USES_RS1 } from './types.js';
import { op32 } from './formats.js';

const MASK_AMO = 0xf800707f;
const MASK_LR = 0xf9f0707f;

function loadReserved(h: Hart, d: Decoded): TimingClass {
  const addr = h.x[d.rs1]! >>> 0;
  if (addr & 3) return h.raise(Cause.LOAD_MISALIGNED, addr);
  h.x[d.rd] = h.bus.read32(addr);
  h.reservation = addr;
  h.bus.markExclusive?.(addr);
  return Timing.LR;
}

function storeConditional(h: Hart, d: Decoded): TimingClass {
  const addr = h.x[d.rs1]! >>> 0;
  if (h.bus.claimExclusive?.(addr) === false) h.reservation = -1;
  if (addr & 3) return h.raise(Cause.STORE_MISALIGNED, addr);
  const ok = h.reservation === addr;
  h.reservation = -1;
  h.storeAddr = addr;
  if (ok) h.bus.write32(addr, h.x[d.rs2]!);
  h.x[d.rd] = ok ? 0 : 1;
  return Timing.SC;
}

/** Read-modify-write; any bus fault (read or write half) is a store/AMO access fault. */
function amo(h: Hart, d: Decoded, f: (old: number, src: number) => number): TimingClass {
  const addr = h.x[d.rs1]! >>> 0;
  if (addr & 3) return h.raise(Cause.STORE_MISALIGNED, addr);
  const src = h.x[d.rs2]!;
  h.storeAddr = addr;
  let old: number;
  try {
    old = h.bus.read32(addr) | 0;
    h.bus.write32(addr, f(old, src));
  } catch (e) {
    if (e instanceof BusFault) return h.raise(Cause.STORE_ACCESS_FAULT, addr);
    throw e;
  }
  h.x[d.rd] = old;
  return Timing.AMO;
}

const amoEntry = (mnemonic: string, funct5: number, f: (old: number, src: number) => number) =>
  op32(
    mnemonic,
    ((funct5 << 27) | 0x202f) >>> 0,
    MASK_AMO,
    'a',
    'R',
    (h, d) => amo(h, d, f),
    USES_RS1,
  );

export const RV32A: TableEntry[] = [
  op32('lr.w', 0x1000202f, MASK_LR, 'a', 'R', loadReserved, USES_RS1),
  op32('sc.w', 0x1800202f, MASK_AMO, 'a', 'R', storeConditional, USES_RS1),
  amoEntry('amoswap.w', 0b00001, (_old, src) => src),
  amoEntry('amoadd.w', 0b00000, (old, src) => (old + src) | 0),
  amoEntry('amoxor.w', 0b00100, (old, src) => old ^ src),
  amoEntry('amoand.w', 0b01100, (old, src) => old & src),
  amoEntry('amoor.w', 0b01000, (old, src) => old | src),
  amoEntry('amomin.w', 0b10000, (old, src) => (old < src ? old : src)),
  amoEntry('amomax.w', 0b10100, (old, src) => (old > src ? old : src)),
  amoEntry('amominu.w', 0b11000, (old, src) => (old >>> 0 < src >>> 0 ? old : src)),
  amoEntry('amomaxu.w', 0b11100, (old, src) => (old >>> 0 > src >>> 0 ? old : src)),
];

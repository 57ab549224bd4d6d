/**
 * Load/store single (ARM DDI0403E A5.3.7-A5.3.10): LDR/LDRB/LDRH/LDRSB/LDRSH and STR/STRB/STRH with
 * a 12-bit immediate, an 8-bit immediate (negative offset, pre-/post-indexed with writeback, or the
 * unprivileged T forms, which behave the same here since privilege is not enforced on memory), a
 * shifted register, or PC-relative (literal). PLD/PLI (byte/halfword loads to PC) are hints: no-ops.
 * Word and halfword accesses are MemU: they may be unaligned (the core splits them, memory.ts).
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry } from '../../core/cortex-m/decode.js';
import { GuestFault } from '../../core/cortex-m/fault.js';
import { T, withCount } from '../../core/cortex-m/timing.js';
import { alignedPc, bxWritePc, rmOf, rnOf, rtOf } from './fields.js';
import { V } from './timing.js';

interface Access {
  name: string;
  load: boolean;
  signed: boolean;
  /** log2 of the access size. */
  size: 0 | 1 | 2;
}

const ACCESSES: readonly Access[] = [
  { name: 'STRB', load: false, signed: false, size: 0 },
  { name: 'STRH', load: false, signed: false, size: 1 },
  { name: 'STR', load: false, signed: false, size: 2 },
  { name: 'LDRB', load: true, signed: false, size: 0 },
  { name: 'LDRH', load: true, signed: false, size: 1 },
  { name: 'LDR', load: true, signed: false, size: 2 },
  { name: 'LDRSB', load: true, signed: true, size: 0 },
  { name: 'LDRSH', load: true, signed: true, size: 1 },
];

/** Address of each form; the imm8 form also performs its writeback. */
type Address = (cpu: CortexM, op: number) => number;

const imm12Address: Address = (cpu, op) => (cpu.r[rnOf(op)]! + (op & 0xfff)) >>> 0;

const imm8Address: Address = (cpu, op) => {
  const n = rnOf(op);
  const base = cpu.r[n]!;
  const offsetAddress = ((op & 0x200) !== 0 ? base + (op & 0xff) : base - (op & 0xff)) >>> 0;
  if ((op & 0x100) !== 0) cpu.r[n] = offsetAddress; // W
  return (op & 0x400) !== 0 ? offsetAddress : base; // P
};

const registerAddress: Address = (cpu, op) =>
  (cpu.r[rnOf(op)]! + (cpu.r[rmOf(op)]! << ((op >>> 4) & 3))) >>> 0;

const literalAddress: Address = (cpu, op) =>
  ((op & 0x800000) !== 0 ? alignedPc(cpu) + (op & 0xfff) : alignedPc(cpu) - (op & 0xfff)) >>> 0;

function loadValue(cpu: CortexM, access: Access, addr: number): number {
  if (access.size === 2) return cpu.readU32(addr);
  if (access.size === 1) {
    const h = cpu.readU16(addr);
    return access.signed ? ((h << 16) >> 16) >>> 0 : h;
  }
  const b = cpu.read8(addr);
  return access.signed ? ((b << 24) >> 24) >>> 0 : b;
}

function loadExec(access: Access, address: Address): ThumbEntry['exec'] {
  return (cpu, op) => {
    const t = rtOf(op);
    if (t === 15 && access.size !== 2) return T.alu; // PLD/PLI and unallocated hints
    // Read Rn before the imm8 form writes it back.
    const value = loadValue(cpu, access, address(cpu, op));
    if (t !== 15) {
      cpu.r[t] = value;
      return T.loadStore;
    }
    bxWritePc(cpu, value);
    return withCount(T.popPc, 1);
  };
}

function storeExec(access: Access, address: Address, timing: number): ThumbEntry['exec'] {
  return (cpu, op) => {
    if (rnOf(op) === 15) throw new GuestFault('undefined instruction: store with Rn = PC');
    const value = cpu.r[rtOf(op)]!; // before a writeback to the same register
    const addr = address(cpu, op);
    if (access.size === 2) cpu.writeU32(addr, value);
    else if (access.size === 1) cpu.writeU16(addr, value & 0xffff);
    else cpu.write8(addr, value & 0xff);
    return timing;
  };
}

function entriesOf(access: Access): ThumbEntry[] {
  const base =
    0xf8000000 |
    ((access.signed ? 1 : 0) << 24) |
    (access.size << 21) |
    ((access.load ? 1 : 0) << 20);
  const make = (
    form: string,
    match: number,
    mask: number,
    address: Address,
    storeTiming: number,
  ): ThumbEntry => ({
    mnemonic: `${access.name} ${form}`,
    size: 4,
    match: match >>> 0,
    mask: mask >>> 0,
    ext: 'armv7m',
    exec: access.load ? loadExec(access, address) : storeExec(access, address, storeTiming),
  });
  // The register form has more fixed bits than the literal form, so the decoder prefers it for
  // a literal load with U = 0 and imm12[11:6] = 0; with Rn = PC it computes the literal address.
  const registerOrLiteral: Address = (cpu, op) =>
    rnOf(op) === 15 ? literalAddress(cpu, op) : registerAddress(cpu, op);
  const entries = [
    make('(immediate, imm12)', base | 0x800000, 0xfff00000, imm12Address, V.storeImmediate),
    make('(immediate, imm8)', base | 0x800, 0xfff00800, imm8Address, V.storeImmediate),
    make(
      '(register)',
      base,
      0xfff00fc0,
      access.load ? registerOrLiteral : registerAddress,
      T.loadStore,
    ),
  ];
  if (access.load)
    entries.push(make('(literal)', base | 0xf0000, 0xff7f0000, literalAddress, T.loadStore));
  return entries;
}

export const LOAD_STORE_SINGLE: readonly ThumbEntry[] = ACCESSES.flatMap(entriesOf);

/**
 * A register file for an RP2040 APB/AHB peripheral: registers declared by datasheet name, offset
 * and reset value, with the bus behaviour every such peripheral shares.
 *
 * - Atomic aliases (RP2040 datasheet §2.1.2): the 4 KB register block is repeated at +0x1000 (XOR
 *   on write), +0x2000 (bitmask SET on write) and +0x3000 (bitmask CLEAR on write). A write through
 *   an alias writes only the bits set in the written value, combined with the register's current
 *   value (its `peek`, else its `get`, else its storage); a read through an alias reads the
 *   register normally (*unverified*: the datasheet describes only alias writes).
 * - Narrow writes (§2.1, "Narrow IO Register Writes"): an IO register samples the whole 32-bit write bus and the Cortex-M0+
 *   replicates a byte or halfword across it, so a narrow write writes the replicated word to the
 *   whole register; a narrow read returns the addressed byte lanes of the register's word.
 * - Unimplemented registers read 0 and ignore writes, reported once per offset with the nearest
 *   register's name (never 0xffffffff: style item 13); in strict mode they throw.
 *
 * Write semantics per register: `writable` bits take the written value, `clearOnWrite` (datasheet
 * type WC) bits are cleared where a 1 is written, the rest keep their value; `set` replaces the
 * storage for registers whose write is an action (FIFO pushes, latches).
 */
import type { MachineDevice } from '../device.js';
import { UnimplementedRegisterError, type Rp2040DeviceEnv } from './env.js';

export interface RegisterSpec {
  name: string;
  offset: number;
  /** Value after reset (default 0). */
  reset?: number;
  /** Bits a write changes (default all; 0 makes the register read-only). */
  writable?: number;
  /** Bits cleared by writing 1 to them (WC). */
  clearOnWrite?: number;
  /** The value a read returns, computed when read (status bits, counters, FIFO pops). */
  get?: () => number;
  /**
   * The current value without read side effects, for an alias write's read-modify-write; needed
   * where `get` has side effects (a FIFO pop, a latch).
   */
  peek?: () => number;
  /** Replaces the storage: gets the word the write produced and the bits it wrote. */
  set?: (value: number, bitsWritten: number) => void;
  /** After the stored value was written: the new and the previous stored value. */
  written?: (value: number, previous: number) => void;
}

/** The access an address selects (§2.1.2): address bits 13:12. */
export const AliasOp = { Normal: 0, Xor: 1, Set: 2, Clear: 3 } as const;
export type AliasOp = (typeof AliasOp)[keyof typeof AliasOp];

/** Offsets are taken modulo 16 KB: four 4 KB views of the same block (§2.1.2). */
const BLOCK_SIZE = 0x1000;
const ALL = 0xffff_ffff;

export interface RegisterFileOptions {
  /** Atomic XOR/SET/CLR aliases (default true; the SIO is the RP2040 block without them). */
  aliases?: boolean;
}

export class RegisterFile implements MachineDevice {
  private readonly specs = new Map<number, RegisterSpec>();
  private readonly stored = new Map<number, number>();
  private readonly reported = new Set<number>();
  private readonly sorted: RegisterSpec[];
  private readonly aliases: boolean;

  constructor(
    readonly name: string,
    specs: readonly RegisterSpec[],
    private readonly env: Rp2040DeviceEnv,
    options: RegisterFileOptions = {},
  ) {
    for (const spec of specs) {
      if ((spec.offset & 3) !== 0 || spec.offset >= BLOCK_SIZE)
        throw new Error(
          `${name}.${spec.name}: offset 0x${spec.offset.toString(16)} is not a word in 4 KB`,
        );
      if (this.specs.has(spec.offset))
        throw new Error(
          `${name}.${spec.name}: offset 0x${spec.offset.toString(16)} declared twice`,
        );
      this.specs.set(spec.offset, spec);
    }
    this.sorted = [...specs].sort((a, b) => a.offset - b.offset);
    this.aliases = options.aliases ?? true;
    this.resetValues();
  }

  /** Every register back to its reset value (a block reset through RESETS, §2.14). */
  resetValues(): void {
    for (const spec of this.specs.values()) this.stored.set(spec.offset, (spec.reset ?? 0) >>> 0);
  }

  /** The stored value of a register (no read side effects), by name. */
  value(name: string): number {
    return this.stored.get(this.specOf(name).offset)!;
  }

  /** Sets a register's stored value from the device itself (hardware-updated fields). */
  setValue(name: string, value: number): void {
    this.stored.set(this.specOf(name).offset, value >>> 0);
  }

  read(offset: number, size: 1 | 2 | 4, core: number): number {
    const word = offset & (BLOCK_SIZE - 4);
    const value = this.readWord(word, core);
    if (size === 4) return value;
    const shift = (offset & 3) * 8;
    return (value >>> shift) & (size === 1 ? 0xff : 0xffff);
  }

  write(offset: number, size: 1 | 2 | 4, value: number, core: number): void {
    const op: AliasOp = this.aliases ? (((offset >>> 12) & 3) as AliasOp) : AliasOp.Normal;
    const word = offset & (BLOCK_SIZE - 4);
    let bits = value >>> 0;
    if (size === 1) bits = ((bits & 0xff) * 0x0101_0101) >>> 0;
    else if (size === 2) bits = ((bits & 0xffff) * 0x0001_0001) >>> 0;
    this.writeWord(word, bits, op, core);
  }

  /** A 32-bit write at a word offset through alias `op`. */
  writeWord(offset: number, bits: number, op: AliasOp, core: number): void {
    const spec = this.specs.get(offset);
    if (spec === undefined) {
      this.unimplemented(offset, 'write', core);
      return;
    }
    const previous = this.stored.get(offset)!;
    const current = op === AliasOp.Normal ? previous : this.currentOf(spec, previous);
    let next: number;
    let mask = ALL;
    switch (op) {
      case AliasOp.Normal:
        next = bits;
        break;
      case AliasOp.Xor:
        next = current ^ bits;
        mask = bits;
        break;
      case AliasOp.Set:
        next = current | bits;
        mask = bits;
        break;
      case AliasOp.Clear:
        next = current & ~bits;
        mask = bits;
        break;
    }
    next >>>= 0;
    if (spec.set !== undefined) {
      spec.set(next, mask >>> 0);
      return;
    }
    const writable = (spec.writable ?? ALL) & mask;
    const cleared = (spec.clearOnWrite ?? 0) & mask & next;
    const value = (((previous & ~writable) | (next & writable)) & ~cleared) >>> 0;
    this.stored.set(offset, value);
    spec.written?.(value, previous);
  }

  /** What an alias write modifies: the value the register reads now, without side effects. */
  private currentOf(spec: RegisterSpec, stored: number): number {
    const current = spec.peek ?? spec.get;
    return current === undefined ? stored : current() >>> 0;
  }

  private readWord(offset: number, core: number): number {
    const spec = this.specs.get(offset);
    if (spec === undefined) {
      this.unimplemented(offset, 'read', core);
      return 0;
    }
    return (spec.get !== undefined ? spec.get() : this.stored.get(offset)!) >>> 0;
  }

  private unimplemented(offset: number, access: 'read' | 'write', core: number): void {
    const nearest = this.nearestName(offset);
    if (this.env.strictMmio)
      throw new UnimplementedRegisterError(this.name, offset, nearest, access);
    if (this.reported.has(offset)) return;
    this.reported.add(offset);
    if (this.env.onUnimplemented !== undefined)
      this.env.onUnimplemented(this.name, offset, nearest);
    else
      this.env.host.note(
        core,
        'unimplemented-register',
        `${access} ${this.name}+0x${offset.toString(16)} (near ${nearest})`,
      );
  }

  /** The declared register closest to `offset` (the lower one on a tie). */
  nearestName(offset: number): string {
    let best: RegisterSpec | undefined;
    for (const spec of this.sorted)
      if (best === undefined || Math.abs(spec.offset - offset) < Math.abs(best.offset - offset))
        best = spec;
    return best?.name ?? '(none)';
  }

  private specOf(name: string): RegisterSpec {
    for (const spec of this.specs.values()) if (spec.name === name) return spec;
    throw new Error(`${this.name} has no register ${name}`);
  }
}

/** `count` registers NAME0..NAMEn-1 at `first`, `first + stride`, ... (e.g. SCRATCH0-7). */
export function registerArray(
  prefix: string,
  count: number,
  first: number,
  stride: number,
  make: (index: number) => Omit<RegisterSpec, 'name' | 'offset'> = () => ({}),
  suffix = '',
): RegisterSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}${i}${suffix}`,
    offset: first + i * stride,
    ...make(i),
  }));
}

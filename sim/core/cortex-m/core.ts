/**
 * A Cortex-M core: register file, flags, the decoded-instruction cache and the run loop. The ISA
 * comes in as decode tables (sim/isa/armv6m, sim/isa/armv7m, sim/isa/vfp) enabled by the core
 * model's extensions; a model with the 'armv7m' extension also gets the v7-M state (`armv7m`);
 * timing comes from the model's price table. The core sees only its `Bus`; the Private Peripheral
 * Bus (SCS: SCB, NVIC, SysTick; DWT) is core-private and handled here, not on the shared bus.
 */
import { BusFault, type Bus } from '../../memory/bus.js';
import type { Core, CoreConfig, Halt, SemihostingHost } from '../core.js';
import type { CoreModel } from '../../../platforms/cores/schema.js';
import { isThumb32Prefix, ThumbDecoder, type ThumbEntry } from './decode.js';
import { CodeCache } from './code-cache.js';
import { runBatch, runBatchGeneric } from './inner-loop.js';
import { priceTable } from './timing.js';
import {
  ExceptionState,
  EXC,
  takeException,
  takePendingException,
  type NvicConfig,
} from './exceptions.js';
import { Armv7mState } from '../../isa/armv7m/state.js';
import { readUnaligned, writeUnaligned } from '../../isa/armv7m/memory.js';
import { SysTick } from './systick.js';
import { SystemControlSpace } from './scs.js';
import { GuestFault } from './fault.js';

export interface CortexMConfig extends CoreConfig {
  model: CoreModel;
  /** Decode tables of every extension the core might enable; the model's list filters them. */
  tables: readonly (readonly ThumbEntry[])[];
  /**
   * 'halt' (default): a HardFault stops the core with a fault report (what `arielsim exec` wants).
   * 'vector': the guest's HardFault handler runs, as on silicon; a fault inside it is a lockup.
   */
  hardFault?: 'halt' | 'vector';
  /** CPUID value (SCB). Default: Cortex-M0+ r0p1, 0x410CC601. */
  cpuid?: number;
  /** Called by SEV so a machine can set the other cores' event registers. */
  sendEvent?: () => void;
  /** Priority bits and interrupt count of the NVIC. Default: ARMv6-M's 2 bits, 32 interrupts. */
  nvic?: NvicConfig;
}

export { GuestFault };

export class CortexM implements Core {
  readonly id: number;
  readonly type: string;
  readonly clockHz: number;
  readonly bus: Bus;
  readonly host: SemihostingHost;
  cycles = 0;
  instructions = 0;
  halt: Halt | undefined = undefined;
  sleeping = false;

  /** r0-r15; r13 is the active stack pointer, r15 reads as the instruction address + 4. */
  readonly r = new Uint32Array(16);
  /** APSR flags, each 0 or 1. */
  n = 0;
  z = 0;
  c = 0;
  v = 0;
  /** Address of the instruction being executed. */
  pc = 0;
  /** Where execution continues; branches write it. */
  nextPc = 0;
  primask = 0;
  /** CONTROL: bit 0 nPRIV, bit 1 SPSEL, bit 2 FPCA (cores with an FPU). */
  control = 0;
  /** The stack pointer not selected now (PSP in handler mode or with SPSEL = 0, else MSP). */
  spInactive = 0;
  /** Exception number being handled; 0 in Thread mode. */
  ipsr = 0;
  eventRegister = 0;
  /** Set when the run loop must look at exceptions, SysTick or sleep before the next instruction. */
  attention = false;
  /** The end of the `run` in progress (-Infinity outside one); limitRun lowers it. */
  private runUntil = -Infinity;
  /**
   * The fetch line (address >> CodePage.fetchShift) whose fetch was last timed, kept across run
   * batches so that a batch that ends on a fetch's wait does not fetch the line twice.
   */
  fetchLine = -1;
  /** Thumb bit cleared by an interworking branch: the next instruction faults (INVSTATE). */
  thumbBitClear = false;

  readonly exceptions: ExceptionState;
  /** ITSTATE, Q, GE, BASEPRI, FAULTMASK, the exclusive monitor, the FPU: ARMv7-M cores only. */
  armv7m: Armv7mState | undefined;
  /** Whether the model has an FPU (FPv4-SP or FPv5-SP): CONTROL.FPCA and the FP exception frame. */
  readonly hasFpu: boolean;
  /** CONTROL bits MSR may write: nPRIV and SPSEL, plus FPCA with an FPU. */
  readonly controlWritable: number;
  readonly sysTick: SysTick;
  readonly scs: SystemControlSpace;
  readonly hardFaultPolicy: 'halt' | 'vector';
  readonly sendEvent: () => void;
  /** Per-timing-class cycle prices from the core model. */
  readonly priceCycles: Int32Array;
  readonly pricePerRegister: Int32Array;

  /** Decoded instructions (the run loop's; see code-cache.ts). */
  readonly code: CodeCache;

  constructor(config: CortexMConfig) {
    this.id = config.id;
    this.type = config.type;
    this.clockHz = config.clockHz;
    this.bus = config.bus;
    this.host = config.host;
    this.hardFaultPolicy = config.hardFault ?? 'halt';
    this.sendEvent = config.sendEvent ?? (() => undefined);
    const prices = priceTable(config.model);
    this.priceCycles = prices.cycles;
    this.pricePerRegister = prices.perRegister;
    const decoder = new ThumbDecoder(config.tables, config.model.extensions);
    this.code = new CodeCache(config.bus, decoder, config.ordering);
    const extensions = config.model.extensions;
    this.exceptions = new ExceptionState(config.nvic);
    this.armv7m = extensions.includes('armv7m') ? new Armv7mState() : undefined;
    this.hasFpu = extensions.includes('fpv4sp');
    this.controlWritable = this.hasFpu ? 7 : 3;
    this.sysTick = new SysTick(
      () => this.cycles,
      () => this.pend(EXC.SysTick),
    );
    this.scs = new SystemControlSpace(this, config.cpuid ?? 0x410cc601);
  }

  get handlerMode(): boolean {
    return this.ipsr !== 0;
  }

  get privileged(): boolean {
    return this.handlerMode || (this.control & 1) === 0;
  }

  /** xPSR as stacked on exception entry: APSR (with Q, GE on v7-M), EPSR (T, ITSTATE), IPSR. */
  get xpsr(): number {
    const flags = (this.n << 31) | (this.z << 30) | (this.c << 29) | (this.v << 28);
    const st = this.armv7m;
    const v7 =
      st === undefined
        ? 0
        : (st.q << 27) | (st.ge << 16) | ((st.itstate & 3) << 25) | ((st.itstate & 0xfc) << 8);
    return (flags | v7 | (1 << 24) | this.ipsr) >>> 0;
  }

  /** Execution priority with PRIMASK, BASEPRI and FAULTMASK (`ignorePrimask`: the WFI wake rule). */
  executionPriority(ignorePrimask = false): number {
    const st = this.armv7m;
    const primask = ignorePrimask ? 0 : this.primask;
    if (st === undefined) return this.exceptions.executionPriority(primask);
    return this.exceptions.executionPriority(primask, st.basepri, ignorePrimask ? 0 : st.faultmask);
  }

  get usingProcessStack(): boolean {
    return !this.handlerMode && (this.control & 2) !== 0;
  }

  /** Switches the active stack pointer (r13) between MSP and PSP. */
  selectStack(process: boolean): void {
    if (process === this.usingProcessStack) return;
    const sp = this.r[13]!;
    this.r[13] = this.spInactive;
    this.spInactive = sp;
  }

  reset(vectorTable: number): void {
    this.r.fill(0);
    this.n = this.z = this.c = this.v = 0;
    this.primask = this.control = this.ipsr = 0;
    this.exceptions.reset();
    this.armv7m?.reset();
    this.scs.reset();
    this.scs.vtor = vectorTable >>> 0;
    this.halt = undefined;
    this.sleeping = false;
    this.thumbBitClear = false;
    this.spInactive = 0;
    try {
      this.r[13] = this.bus.read32(vectorTable) & ~3;
      const entry = this.bus.read32(vectorTable + 4);
      this.pc = entry & ~1;
      if ((entry & 1) === 0) this.thumbBitClear = true;
    } catch (e) {
      if (!(e instanceof BusFault)) throw e;
      this.stop('lockup', `cannot read the vector table at 0x${hex(vectorTable)}: ${e.message}`);
    }
    this.bus.waitCycles = 0;
    this.attention = true;
  }

  /** Marks exception `n` pending and asks the run loop to look. */
  pend(n: number): void {
    this.exceptions.pending[n] = 1;
    this.attention = true;
    if (this.sleeping) this.wakeIfPending();
  }

  /** Asleep, the core wakes by itself only at its SysTick deadline (Infinity when it is off). */
  wakeCycle(): number {
    return this.sysTick.deadline;
  }

  run(untilCycle: number): void {
    if (this.halt !== undefined) return;
    this.runUntil = untilCycle;
    try {
      if (this.sleeping && !this.sleepUntil(untilCycle)) return;
      while (this.cycles < this.runUntil && this.halt === undefined && !this.sleeping) {
        if (this.attention || this.cycles >= this.sysTick.deadline) this.serviceAttention();
        else this.execute(Math.min(this.runUntil, this.sysTick.deadline));
      }
    } finally {
      this.runUntil = -Infinity;
    }
  }

  limitRun(untilCycle: number): void {
    if (untilCycle >= this.runUntil) return;
    this.runUntil = untilCycle;
    this.attention = true; // ends the batch in progress
  }

  /** Runs instructions (inner-loop.ts) until `limit` or until something needs attention. */
  private execute(limit: number): void {
    try {
      if (this.armv7m === undefined) runBatch(this, limit);
      else runBatchGeneric(this, limit);
    } catch (e) {
      this.bus.waitCycles = 0;
      this.fault(e);
    }
  }

  private serviceAttention(): void {
    this.attention = false;
    if (this.cycles >= this.sysTick.deadline) this.sysTick.service();
    if (this.thumbBitClear) {
      this.thumbBitClear = false;
      this.fault(
        new GuestFault('invalid state: branch to an address with bit 0 clear (EPSR.T = 0)'),
      );
      return;
    }
    try {
      takePendingException(this);
    } catch (e) {
      this.fault(e);
    }
  }

  /** Turns a fault raised while executing into a HardFault (or a halt, by policy). */
  fault(e: unknown): void {
    let reason: string;
    if (e instanceof GuestFault) reason = e.reason;
    else if (e instanceof BusFault) reason = e.message;
    else throw e;
    if (this.hardFaultPolicy === 'halt') {
      this.stop('HardFault', reason);
      if (e instanceof GuestFault && e.breakpoint !== undefined && this.halt?.kind === 'fault')
        this.halt.breakpoint = e.breakpoint;
      return;
    }
    const priority = this.executionPriority();
    if (priority <= -1) return this.stop('lockup', `${reason} at priority ${priority}`);
    try {
      takeException(this, EXC.HardFault, this.pc);
    } catch (inner) {
      if (!(inner instanceof BusFault || inner instanceof GuestFault)) throw inner;
      this.stop('lockup', `${reason}; then ${inner.message} during exception entry`);
    }
  }

  /** Stops the core for good with a fault report. */
  stop(fault: string, detail: string): void {
    let instruction: number | undefined;
    try {
      const hw1 = this.bus.fetch16(this.pc);
      instruction = isThumb32Prefix(hw1)
        ? ((hw1 << 16) | this.bus.fetch16(this.pc + 2)) >>> 0
        : hw1;
    } catch {
      instruction = undefined;
    }
    this.bus.waitCycles = 0;
    this.halt = {
      kind: 'fault',
      fault,
      pc: this.pc,
      ...(instruction === undefined ? {} : { instruction }),
      registers: this.registerDump(),
      detail,
    };
  }

  registerDump(): Record<string, number> {
    const dump: Record<string, number> = {};
    for (let i = 0; i < 13; i++) dump[`r${i}`] = this.r[i]!;
    const msp = this.usingProcessStack ? this.spInactive : this.r[13]!;
    const psp = this.usingProcessStack ? this.r[13]! : this.spInactive;
    Object.assign(dump, { sp: this.r[13]!, lr: this.r[14]!, pc: this.pc, xpsr: this.xpsr });
    Object.assign(dump, { msp, psp, primask: this.primask, control: this.control });
    return dump;
  }

  // --- sleep -----------------------------------------------------------------------------------

  /** WFI/WFE: sleep unless something would wake the core at once. */
  sleep(): void {
    this.sleeping = true;
    this.attention = true;
    this.wakeIfPending();
  }

  /** Wakes on a pending exception that could preempt were PRIMASK clear (ARMv6-M B1.5.18). */
  wakeIfPending(): void {
    if (this.exceptions.highestPending(this.executionPriority(true)) !== 0) {
      this.sleeping = false;
    }
  }

  /** Advances a sleeping core to its next wake-up or to `untilCycle`; true when awake. */
  private sleepUntil(untilCycle: number): boolean {
    const wake = this.sysTick.deadline;
    if (wake > untilCycle) {
      this.cycles = Math.max(this.cycles, untilCycle);
      return false;
    }
    this.cycles = Math.max(this.cycles, wake);
    this.sysTick.service();
    this.wakeIfPending();
    return !this.sleeping;
  }

  /** Sets the event register (SEV on this or another core) and ends a WFE sleep. */
  signalEvent(): void {
    this.eventRegister = 1;
    if (this.sleeping) {
      this.sleeping = false;
      this.attention = true;
    }
  }

  // --- memory ----------------------------------------------------------------------------------
  // read32 ... write8 are MemA (ARM DDI0403E A3.2.1): an unaligned address faults. LDM/STM,
  // LDRD/STRD, the exclusives and exception stacking use them. readU32 ... writeU16 are MemU, for
  // LDR/STR/LDRH/LDRSH/STRH (and TBH): the same on ARMv6-M, where unaligned accesses always fault;
  // on ARMv7-M an unaligned one is split into aligned transfers (sim/isa/armv7m/memory.ts).

  readU32(addr: number): number {
    if ((addr & 3) === 0 || this.armv7m === undefined) return this.read32(addr);
    return readUnaligned(this, addr, 4);
  }

  readU16(addr: number): number {
    if ((addr & 1) === 0 || this.armv7m === undefined) return this.read16(addr);
    return readUnaligned(this, addr, 2);
  }

  writeU32(addr: number, value: number): void {
    if ((addr & 3) === 0 || this.armv7m === undefined) return this.write32(addr, value);
    writeUnaligned(this, addr, 4, value);
  }

  writeU16(addr: number, value: number): void {
    if ((addr & 1) === 0 || this.armv7m === undefined) return this.write16(addr, value);
    writeUnaligned(this, addr, 2, value);
  }

  read32(addr: number): number {
    if ((addr & 3) !== 0) throw new GuestFault(`unaligned word read at 0x${hex(addr)}`);
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.read(addr, 4);
    return this.bus.read32(addr);
  }

  read16(addr: number): number {
    if ((addr & 1) !== 0) throw new GuestFault(`unaligned halfword read at 0x${hex(addr)}`);
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.read(addr, 2);
    return this.bus.read16(addr);
  }

  read8(addr: number): number {
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.read(addr, 1);
    return this.bus.read8(addr);
  }

  write32(addr: number, value: number): void {
    if ((addr & 3) !== 0) throw new GuestFault(`unaligned word write at 0x${hex(addr)}`);
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.write(addr, 4, value);
    this.bus.write32(addr, value);
    if (addr < this.code.codeHigh && addr + 4 > this.code.codeLow) this.code.invalidate(addr, 4);
  }

  write16(addr: number, value: number): void {
    if ((addr & 1) !== 0) throw new GuestFault(`unaligned halfword write at 0x${hex(addr)}`);
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.write(addr, 2, value);
    this.bus.write16(addr, value);
    if (addr < this.code.codeHigh && addr + 2 > this.code.codeLow) this.code.invalidate(addr, 2);
  }

  write8(addr: number, value: number): void {
    if (addr >= 0xe0000000 && addr < 0xe0100000) return this.scs.write(addr, 1, value);
    this.bus.write8(addr, value);
    if (addr < this.code.codeHigh && addr + 1 > this.code.codeLow) this.code.invalidate(addr, 1);
  }

  // --- decoded-instruction cache ---------------------------------------------------------------

  /** Forgets decoded instructions overlapping [addr - 2, addr + size): the guest wrote code. */
  invalidateCode(addr: number, size: number): void {
    this.code.invalidate(addr, size);
  }

  /** Forgets every decoded instruction (another bus master rewrote code). */
  invalidateAllCode(): void {
    this.code.invalidateAll();
  }
}

export function hex(v: number): string {
  return (v >>> 0).toString(16).padStart(8, '0');
}

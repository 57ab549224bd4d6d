/**
 * An RV32 hart in machine mode: decode-once cache, the table's semantics, traps and interrupts
 * (Privileged spec ch. 3), WFI and Hazard3's h3.block / h3.unblock, semihosting, and the cycle model
 * of a platforms/cores RISC-V entry.
 *
 * The inner loop and the per-instruction timing live in inner-loop.ts. Instruction fetch is charged
 * no wait states (code is assumed to run from zero-wait memory; the decoded-instruction cache does
 * not re-read it).
 */
import type { Core, CoreConfig, CoreOrdering, Halt, SemihostingHost } from '../core.js';
import type { Bus } from '../../memory/bus.js';
import { BusFault } from '../../memory/bus.js';
import type { RiscvCoreModel } from '../../../platforms/cores/hazard3.js';
import type { CsrOp, Exec, TableEntry, TimingClass } from '../../isa/rv32/types.js';
import { Cause, Decoded, Timing } from '../../isa/rv32/types.js';
import { Rv32Decoder, instructionSize } from '../../isa/rv32/decode.js';
import { DecodeCache } from './decode-cache.js';
import type { LoopHart } from './inner-loop.js';
import { Pipeline, executeUntilLimit } from './inner-loop.js';
import { FastOp, fastOpsByExec } from './fast-ops.js';
import { entriesFor } from '../../isa/rv32/table.js';
import { Clint } from './clint.js';
import type { CsrHost } from './csr.js';
import {
  IRQ_MEI,
  IRQ_MSI,
  IRQ_MTI,
  MSTATUS_MIE,
  MSTATUS_MPIE,
  MachineCsrs,
  misaFor,
} from './csr.js';
import { unhandledTrapHalt } from './faults.js';
import type { Rv32Prices } from './timing.js';
import { pricesFor } from './timing.js';
import { isSemihostingCall } from './semihosting.js';
import { semihostingCall } from '../../semihosting.js';

const { TRAP } = Timing;

/** Pseudo-entries for words that decode to nothing, and for fetches the bus refused. */
const ILLEGAL: TableEntry = {
  mnemonic: '(illegal)',
  match: 0,
  mask: 0,
  ext: 'i',
  exec: (h, d) => h.raise(Cause.ILLEGAL_INSTRUCTION, d.word),
  operands: () => undefined,
  uses: 0,
  size: 4,
};
const FETCH_FAULT: TableEntry = {
  ...ILLEGAL,
  mnemonic: '(fetch fault)',
  exec: (h) => h.raise(Cause.INSTRUCTION_ACCESS_FAULT, h.pc),
};

/**
 * What the hart is built from. `sendEvent` is what h3.unblock does beyond this hart: the machine
 * passes its SEV path (sim/machine/cores.ts createCore), so an unblock reaches the other cores the
 * way an ARM SEV does; without it (one hart alone) the unblock only reaches this hart.
 */
export type Rv32CoreConfig = CoreConfig & { sendEvent?: () => void };

export class Rv32Core implements Core, LoopHart, CsrHost {
  readonly id: number;
  readonly type: string;
  readonly clockHz: number;
  readonly bus: Bus;
  readonly host: SemihostingHost;
  readonly clint: Clint;
  readonly csrs: MachineCsrs;
  cycles = 0;
  instructions = 0;
  halt: Halt | undefined = undefined;
  sleeping = false;
  readonly x = new Int32Array(32);
  pc = 0;
  nextPc = 0;
  reservation = -1;
  storeAddr = 0;
  /** Xh3power: an unblock arrived since the last h3.block (sticky: RP2350 datasheet §3.4). */
  unblockPending = false;
  /** Level of the machine external interrupt line (MEIP). */
  private externalInterrupt = false;
  /** Asleep in h3.block, which an unblock ends; false in a wfi sleep, which only interrupts end. */
  private blockSleep = false;
  /** Set by block() while it runs wfi(): the sleep being entered is h3.block's. */
  private enteringBlock = false;
  private readonly xh3power: boolean;
  private readonly sendEvent: () => void;
  private readonly decoder: Rv32Decoder;
  readonly cache = new DecodeCache();
  readonly prices: Rv32Prices;
  /** Inline ids (fast-ops.ts) of the enabled entries' semantics. */
  private readonly fastOps: Map<Exec, FastOp>;
  /** The inner loop runs while cycles < runLimit; events set it to 0 to force a re-check. */
  runLimit = 0;
  /** The end of the `run` in progress (-Infinity outside one); limitRun lowers it. */
  private runUntil = -Infinity;
  /**
   * The last trap entered (mcause) and the retired-instruction count then: while no instruction
   * has retired since, another exception is a double fault. Kept this way so the inner loop does
   * no per-instruction bookkeeping for it.
   */
  private lastTrapCause = -1;
  private lastTrapInstret = -1;
  /** Pipeline state between consecutive instructions (inner-loop.ts). */
  readonly pipeline = new Pipeline();

  /** Halt at the first exception instead of entering the guest's handler (`arielsim exec`). */
  private readonly stopOnFault: boolean;
  /** A machine's observation points (CoreOrdering), when it runs this hart ahead of others. */
  private readonly ordering: CoreOrdering | undefined;

  /**
   * `clint`: a shared CLINT; by default the hart gets its own, counting its own cycles (the machine
   * maps it at model.riscv.clint.base).
   */
  constructor(
    config: Rv32CoreConfig,
    model: RiscvCoreModel,
    options: { clint?: Clint; stopOnFault?: boolean } = {},
  ) {
    const clint = options.clint;
    this.stopOnFault = options.stopOnFault ?? false;
    this.ordering = config.ordering;
    this.id = config.id;
    this.type = config.type;
    this.clockHz = config.clockHz;
    this.bus = config.bus;
    this.host = config.host;
    this.sendEvent = config.sendEvent ?? (() => undefined);
    this.xh3power = model.extensions.includes('xh3power');
    this.decoder = new Rv32Decoder(model.extensions);
    this.prices = pricesFor(model);
    this.fastOps = fastOpsByExec(entriesFor(model.extensions));
    this.csrs = new MachineCsrs(this, misaFor(model.extensions));
    this.clint =
      clint ?? new Clint(config.id + 1, model.riscv.clint.cyclesPerTick, () => this.cycles);
    const previous = this.clint.onChange;
    this.clint.onChange = () => {
      previous();
      this.runLimit = 0;
    };
  }

  get hartId(): number {
    return this.id;
  }

  reset(entry: number): void {
    this.x.fill(0);
    this.pc = entry >>> 0;
    this.cycles = this.instructions = 0;
    this.halt = undefined;
    this.sleeping = this.blockSleep = this.unblockPending = false;
    this.reservation = -1;
    this.csrs.reset();
    this.cache.clear();
    this.lastTrapCause = this.lastTrapInstret = -1;
    this.resetPipeline();
  }

  /** Drives the machine external interrupt line (MEIP). */
  setExternalInterrupt(level: boolean): void {
    this.externalInterrupt = level;
    this.runLimit = 0;
  }

  run(untilCycle: number): void {
    this.runUntil = untilCycle;
    try {
      this.runLoop();
    } finally {
      this.runUntil = -Infinity;
    }
  }

  limitRun(untilCycle: number): void {
    if (untilCycle >= this.runUntil) return;
    this.runUntil = untilCycle;
    this.runLimit = 0; // ends the batch in progress
  }

  private runLoop(): void {
    while (this.halt === undefined) {
      const untilCycle = this.runUntil;
      if (this.sleeping && !this.wake(untilCycle)) return;
      this.takePendingInterrupt();
      if (this.halt !== undefined || this.cycles >= untilCycle) return;
      this.runLimit = Math.min(untilCycle, this.timerEventCycle());
      try {
        this.execute();
      } catch (e) {
        if (!(e instanceof BusFault)) throw e;
        this.accessFault(e);
      }
      // Fallen asleep: a machine that orders the cores decides how long (CoreOrdering).
      if (this.sleeping && this.ordering !== undefined) return;
    }
  }

  /** Asleep, the hart wakes by itself on a pending enabled interrupt or its timer. */
  wakeCycle(): number {
    if ((this.pendingInterrupts() & this.csrs.mie) !== 0) return this.cycles;
    if ((this.csrs.mie & (1 << IRQ_MTI)) === 0) return Infinity;
    return this.clint.timerDueCycle(this.id);
  }

  /** The inner loop (inner-loop.ts). */
  private execute(): void {
    executeUntilLimit(this);
  }

  /**
   * The decoded instruction at pc, cached with its inline id (fast-ops.ts) unless the fetch faults.
   * The inner loop decodes before the hart's time is brought up to date, so under a machine's
   * ordering the fetch's XIP cache lookups are deferred: the first run of the instruction catches
   * the other cores up and makes them, then leaves the plain decoded form in the cache.
   */
  fetchAndDecode(pc: number): Decoded {
    const ordering = this.ordering;
    if (ordering === undefined) return this.decodeAt(pc);
    const bus = this.bus;
    bus.deferFetches?.();
    let d: Decoded;
    let fetches;
    try {
      d = this.decodeAt(pc);
    } finally {
      fetches = bus.takeDeferredFetches?.();
    }
    if (fetches === undefined) return d;
    const cache = this.cache;
    const slot = DecodeCache.index(pc);
    const cached = cache.tags[slot] === (pc | 0);
    const steadyOp = cached ? cache.ops[slot]! : FastOp.TABLE;
    const steady = d;
    const first: Decoded = new Decoded(
      d.entry,
      (hart, decoded) => {
        ordering.catchUp();
        bus.replayFetches?.(fetches);
        if (cache.tags[slot] === (pc | 0) && cache.slots[slot] === first)
          cache.put(pc, steady, steadyOp);
        return steady.exec(hart, decoded);
      },
      d.word,
      d.size,
      d.rd,
      d.rs1,
      d.rs2,
      d.imm,
      d.readsEarly,
    );
    if (cached) cache.put(pc, first, FastOp.TABLE);
    return first;
  }

  private decodeAt(pc: number): Decoded {
    const bus = this.bus;
    const waitBefore = bus.waitCycles;
    let word: number;
    try {
      word = bus.fetch16(pc);
      if (instructionSize(word) === 4) word = (word | (bus.fetch16(pc + 2) << 16)) >>> 0;
    } catch (e) {
      if (!(e instanceof BusFault)) throw e;
      return new Decoded(FETCH_FAULT, FETCH_FAULT.exec, 0, 4, 0, 0, 0, 0, 0);
    } finally {
      bus.waitCycles = waitBefore;
    }
    const d =
      this.decoder.decode(word) ??
      new Decoded(ILLEGAL, ILLEGAL.exec, word, instructionSize(word), 0, 0, 0, 0, 0);
    this.cache.put(pc, d, this.fastOps.get(d.exec) ?? FastOp.TABLE);
    return d;
  }

  /** A data access the bus refused: the instruction traps instead of completing. */
  private accessFault(e: BusFault): void {
    this.bus.waitCycles = 0;
    this.raise(e.write ? Cause.STORE_ACCESS_FAULT : Cause.LOAD_ACCESS_FAULT, e.addr >>> 0);
    this.cycles += this.prices.byClass[TRAP]!;
    this.resetPipeline();
    this.pc = this.nextPc;
  }

  private resetPipeline(): void {
    this.pipeline.reset();
  }

  // ---- traps ----

  raise(cause: number, tval: number): TimingClass {
    this.ordering?.catchUp(); // a trap may end the run (a fault): the others reach its time first
    const base = this.csrs.mtvec & ~3;
    const inProgress = this.trapInProgress();
    if (inProgress !== -1 || base === 0 || this.stopOnFault) {
      this.nextPc = this.pc; // a halted hart stays at the faulting instruction
      const first = inProgress === -1 ? undefined : inProgress;
      this.stop(unhandledTrapHalt(this.faultContext(), cause, tval, first));
      return TRAP;
    }
    this.enterTrap(cause, tval, this.pc);
    return TRAP;
  }

  /** mcause of a trap whose handler has not retired an instruction yet, or -1. */
  private trapInProgress(): number {
    return this.instructions === this.lastTrapInstret ? this.lastTrapCause : -1;
  }

  private enterTrap(mcause: number, tval: number, epc: number): void {
    const c = this.csrs;
    c.mepc = epc;
    c.mcause = mcause;
    c.mtval = tval;
    const mie = c.mstatus & MSTATUS_MIE;
    c.mstatus = (c.mstatus & ~(MSTATUS_MIE | MSTATUS_MPIE)) | (mie ? MSTATUS_MPIE : 0);
    this.reservation = -1;
    const base = c.mtvec & ~3;
    const vectored = (c.mtvec & 1) === 1 && mcause >>> 31 === 1;
    this.nextPc = (vectored ? base + 4 * (mcause & 0x7fffffff) : base) >>> 0;
    this.lastTrapCause = mcause;
    this.lastTrapInstret = this.instructions;
  }

  private faultContext() {
    let instruction: number | undefined;
    const slot = DecodeCache.index(this.pc);
    if (this.cache.tags[slot] === (this.pc | 0)) instruction = this.cache.slots[slot]!.word;
    const c = this.csrs;
    return { pc: this.pc, instruction, x: this.x, mepc: c.mepc, mcause: c.mcause, mtval: c.mtval };
  }

  private stop(halt: Halt): void {
    this.halt = halt;
    this.runLimit = -1;
  }

  pendingInterrupts(): number {
    let mip = 0;
    if (this.clint.softwarePending(this.id)) mip |= 1 << IRQ_MSI;
    if (this.clint.timerPending(this.id)) mip |= 1 << IRQ_MTI;
    if (this.externalInterrupt) mip |= 1 << IRQ_MEI;
    return mip;
  }

  mtime(): number {
    return this.clint.mtime;
  }

  interruptEnablesChanged(): void {
    this.runLimit = 0;
  }

  /** Takes the highest-priority enabled pending interrupt (MEI > MSI > MTI), if any. */
  private takePendingInterrupt(): void {
    if ((this.csrs.mstatus & MSTATUS_MIE) === 0) return;
    const ready = this.pendingInterrupts() & this.csrs.mie;
    if (ready === 0) return;
    const code = ready & (1 << IRQ_MEI) ? IRQ_MEI : ready & (1 << IRQ_MSI) ? IRQ_MSI : IRQ_MTI;
    const mcause = (0x80000000 | code) >>> 0;
    if ((this.csrs.mtvec & ~3) === 0) {
      this.stop(unhandledTrapHalt(this.faultContext(), mcause, 0, undefined));
      return;
    }
    this.enterTrap(mcause, 0, this.pc);
    this.pc = this.nextPc;
    this.cycles += this.prices.byClass[TRAP]!;
    this.resetPipeline();
  }

  /** The cycle at which an enabled timer interrupt becomes pending, if later than now. */
  private timerEventCycle(): number {
    const c = this.csrs;
    if ((c.mstatus & MSTATUS_MIE) === 0 || (c.mie & (1 << IRQ_MTI)) === 0) return Infinity;
    const due = this.clint.timerDueCycle(this.id);
    return due > this.cycles ? due : Infinity;
  }

  /** WFI / h3.block wake-up: an enabled interrupt pending now, or the timer due before untilCycle. */
  private wake(untilCycle: number): boolean {
    if ((this.pendingInterrupts() & this.csrs.mie) !== 0) {
      this.sleeping = this.blockSleep = false;
      return true;
    }
    const due =
      this.csrs.mie & (1 << IRQ_MTI) ? this.clint.timerDueCycle(this.id) : Number.POSITIVE_INFINITY;
    if (due <= untilCycle) {
      this.cycles = Math.max(this.cycles, due);
      this.sleeping = this.blockSleep = false;
      return true;
    }
    if (Number.isFinite(untilCycle)) this.cycles = Math.max(this.cycles, untilCycle);
    return false;
  }

  // ---- system instructions (called by the table's semantics) ----

  csrAccess(d: Decoded, op: CsrOp, operand: number, writes: boolean): TimingClass {
    const old = this.csrs.read(d.imm);
    if (old === undefined) return this.raise(Cause.ILLEGAL_INSTRUCTION, d.word);
    if (writes) {
      const v = op === 0 ? operand : op === 1 ? old | operand : old & ~operand;
      if (!this.csrs.write(d.imm, v)) return this.raise(Cause.ILLEGAL_INSTRUCTION, d.word);
    }
    this.x[d.rd] = old;
    return Timing.CSR;
  }

  flushDecodeCache(): void {
    this.cache.clear();
  }

  ecall(): TimingClass {
    return this.raise(Cause.ECALL_M, 0);
  }

  ebreak(): TimingClass {
    if (!isSemihostingCall(this.bus, this.pc)) return this.raise(Cause.BREAKPOINT, this.pc);
    const outcome = semihostingCall({
      op: this.x[10]! >>> 0,
      param: this.x[11]! >>> 0,
      bus: this.bus,
      host: this.host,
      elapsedCycles: this.cycles,
      clockHz: this.clockHz,
    });
    if (outcome.kind === 'exit') this.stop({ kind: 'semihosting', code: outcome.code });
    else if (outcome.kind === 'return') this.x[10] = outcome.value;
    else {
      this.nextPc = this.pc;
      const ctx = this.faultContext();
      this.stop({
        ...unhandledTrapHalt(ctx, Cause.BREAKPOINT, 0, undefined),
        fault: 'semihosting',
        detail: outcome.detail,
      });
    }
    return Timing.ALU;
  }

  mret(): TimingClass {
    const c = this.csrs;
    c.mstatus = (c.mstatus & ~MSTATUS_MIE) | (c.mstatus & MSTATUS_MPIE ? MSTATUS_MIE : 0);
    c.mstatus |= MSTATUS_MPIE;
    this.nextPc = c.mepc >>> 0;
    this.reservation = -1;
    this.runLimit = 0; // interrupts may have become enabled
    return Timing.MRET;
  }

  /** wfi, and h3.block when block() is the caller (the unblock latch is read here, see block()). */
  wfi(): TimingClass {
    this.ordering?.catchUp(); // the others may have set what wakes this hart
    const block = this.enteringBlock;
    if (block && this.unblockPending) {
      this.unblockPending = false; // the unblock was already received: fall straight through
      return Timing.WFI;
    }
    if ((this.pendingInterrupts() & this.csrs.mie) === 0) {
      this.sleeping = true;
      this.blockSleep = block;
      this.runLimit = 0;
    }
    return Timing.WFI;
  }

  /**
   * h3.block: a WFI that an unblock also ends (Hazard3 custom_extensions.adoc "Xh3power"). It runs
   * through wfi(), which catches the other cores up (CoreOrdering) before the latch, which they
   * write, is read.
   */
  block(): TimingClass {
    this.enteringBlock = true;
    try {
      return this.wfi();
    } finally {
      this.enteringBlock = false;
    }
  }

  /**
   * h3.unblock: to the other harts and, RP2350 wiring (datasheet §3.4: each unblock output "is also
   * fed back into its input"), to this one, as ARM's SEV sets the local event register too.
   */
  unblock(): TimingClass {
    this.unblockPending = true;
    this.sendEvent();
    return Timing.ALU;
  }

  /**
   * An event from another core (h3.unblock, SEV, a FIFO push): ends an h3.block sleep, consumed, or
   * is latched for the next h3.block; a wfi sleep goes on (hazard3_power_ctrl.v ends it on interrupts
   * only). A hart without Xh3power has no latch and is just woken, as before (WFI may end any time).
   */
  signalEvent(): void {
    if (this.xh3power && !(this.sleeping && this.blockSleep)) this.unblockPending = true;
    else this.sleeping = this.blockSleep = false;
  }
}

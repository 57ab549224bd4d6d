/**
 * N cores of any mix on one memory map (sim/memory), built from a board. Cores run interleaved in
 * one global time base (time-base.ts). The reference order advances the core that is furthest
 * behind by one quantum (default 1 cycle: one instruction at a time), ties going to the lower core
 * id, so bank arbitration sees accesses in time order and the board's priority rule decides ties.
 * With the default quantum the machine gets that order's results by lookahead scheduling
 * (lookahead.ts): cores run ahead between the accesses others could observe.
 * Everything is deterministic: the same image and options give the same cycles and trace hash.
 */
import { DiagnosticError, type Diagnostic } from '../../common/diagnostics.js';
import type { Board } from '../../platforms/boards/schema.js';
import type { Core, Halt, SemihostingHost } from '../core/core.js';
import { Rv32Core } from '../core/riscv/core.js';
import { BootRomLaunch } from '../devices/boot-rom-launch.js';
import type { DeviceHost } from '../devices/device.js';
import { Sio } from '../devices/sio.js';
import type { ElfImage } from '../elf.js';
import { EM_ARM, elfMachineName } from '../elf.js';
import { CoreBus } from '../memory/core-bus.js';
import { ExclusiveMonitor } from '../memory/exclusive-monitor.js';
import { MemoryMap } from '../memory/memory-map.js';
import { buildDevice, type DeviceContext } from '../devices/registry.js';
import { FlashInterface, type FillSource } from '../memory/flash-interface.js';
import {
  checkSimulated,
  createCore,
  deliverEvent,
  driveIrq,
  elfMachineOf,
  startAt,
} from './cores.js';
import { DeviceEvents } from './device-events.js';
import { allAsleepForever } from './deadlock.js';
import { Lookahead } from './lookahead.js';
import { collectStats, traceHash, type MachineStats } from './stats.js';
import { TimeBase } from './time-base.js';
import { Timeline } from './timeline.js';

export interface MachineOptions {
  /** Interleaving quantum in cycles of the fastest core. Default 1 (contention per access). */
  quantumCycles?: number;
  /**
   * With quantum 1: false steps the laggard core one instruction at a time (the reference order,
   * slow); default true runs cores ahead between observable accesses (lookahead.ts), same results.
   */
  lookahead?: boolean;
  /** Default true: a guest fault stops the core with a report instead of running its handler. */
  stopOnFault?: boolean;
  host?: SemihostingHost;
  /** Bytes the board's UARTs send, as they leave the wire (default: timeline notes). */
  serialOut?: (port: string, byte: number, atNs: number) => void;
  /** An access to an unimplemented device register is a bus fault (`--strict-mmio`). */
  strictMmio?: boolean;
  /**
   * A BKPT with no debugger stops only the core that ran it, as on silicon, where the others go
   * on (`arielsim exec` of firmware: hello_multicore's core 0 exits while core 1 still prints).
   * Default false: the first fault of any core ends the run.
   */
  breakpointsStopCore?: boolean;
}

/** An unimplemented device register some access reached (each reported once). */
export interface UnimplementedAccess {
  device: string;
  offset: number;
  nearestRegister: string;
  coreId: number;
  atNs: number;
}

export type MachineExit =
  | { kind: 'semihosting'; code: number; coreId: number }
  | { kind: 'fault'; coreId: number; halt: Extract<Halt, { kind: 'fault' }> }
  | { kind: 'all-halted' }
  /** Every live core asleep with no wake source (deadlock.ts): nothing can happen any more. */
  | { kind: 'deadlock' }
  /**
   * With `breakpointsStopCore`: the firmware stopped at a BKPT (pico-sdk's _exit: `bkpt #0` with
   * the exit status in r0) and every other core halted or sleeps for good since. `code` is r0.
   */
  | { kind: 'breakpoint'; coreId: number; code: number; halt: Extract<Halt, { kind: 'fault' }> }
  | { kind: 'max-cycles' };

export interface MachineRunResult {
  exit: MachineExit;
  stats: MachineStats;
  traceHash: string;
  hostSeconds: number;
}

type CoreState = 'held' | 'running';

/** One diagnostic per core of `board` that cannot run `elf`'s instruction set. */
export function architectureProblems(board: Board, elf: ElfImage): Diagnostic[] {
  return board.cores
    .filter((c) => elfMachineOf(c.type) !== elf.machine)
    .map((c) => ({
      code: 'machine/wrong-architecture',
      where: elf.path,
      message: `core ${c.id} (${c.type}) cannot run this ELF: it is for ${elfMachineName(elf.machine)}`,
    }));
}

export class Machine {
  readonly timeBase: TimeBase;
  readonly map: MemoryMap;
  readonly buses: CoreBus[];
  readonly cores: Core[];
  readonly timeline = new Timeline();
  readonly state: CoreState[];
  readonly sio: Sio | undefined;
  /** Cycles each core spent asleep or held (in its own clock). */
  readonly sleepCycles: number[];
  /**
   * Global ticks per cycle of each core (time-base.ts; at most 1e6). Int32 so that cycle limits
   * computed from it stay small integers for V8: doubles here cost the stepping loop 15%.
   */
  readonly ticksPerCycle: Int32Array;
  /** Ticks of one cycle of the fastest clock (a bank cycle). */
  readonly slotTicks: number;
  /** 1 while a core runs: started and not halted. */
  readonly live: Uint8Array;
  /** 1 for the cores the lookahead scheduler may run ahead (they have its CoreOrdering). */
  readonly canLead: Uint8Array;
  private host: DeviceHost | undefined;
  /** What the devices schedule in simulated time (device-events.ts). */
  readonly events: DeviceEvents;
  private readonly lookahead: Lookahead | undefined;
  private readonly quantumTicks: number;
  private runningCore = 0;
  /** Times each core started: at boot, and from the ROM again after each PSM release. */
  readonly starts: number[];
  /** Unimplemented registers the firmware touched, in order. */
  readonly unimplemented: UnimplementedAccess[] = [];
  /** Cores stopped at a BKPT (with `breakpointsStopCore`), in order. */
  private readonly breakpoints: { coreId: number; halt: Extract<Halt, { kind: 'fault' }> }[] = [];
  private readonly breakpointsStopCore: boolean;
  /** True once the cores started from the boot ROM's reset vector (`bootFromRom`). */
  private romBoot = false;

  constructor(
    readonly board: Board,
    options: MachineOptions = {},
  ) {
    checkSimulated(board);
    this.timeBase = new TimeBase(board.cores.map((c) => c.clockHz));
    this.ticksPerCycle = Int32Array.from(this.timeBase.ticksPerCycle);
    const slotTicks = this.timeBase.finestCycleTicks;
    this.slotTicks = slotTicks;
    this.breakpointsStopCore = options.breakpointsStopCore ?? false;
    const quantumCycles = Math.max(1, options.quantumCycles ?? 1);
    this.quantumTicks = quantumCycles * slotTicks;
    const conflictCycles = board.interconnect.bankConflictCycles;
    const roundRobin = board.boot.busPriority === 'round-robin';
    this.map = new MemoryMap(board.memories, {
      slotTicks,
      conflictCycles,
      ...(roundRobin && { roundRobinMasters: board.cores.length }),
    });
    const host = options.host ?? { writeStdout: () => undefined };
    this.events = new DeviceEvents(
      this.timeBase.tickHz / 1e9,
      () => this.nowTicks,
      (ticks) => {
        // A core in a run (the one whose access scheduled it, or one suspended in an access
        // while others catch up) stops at the event.
        for (const core of this.cores) core.limitRun(this.cycleAt(core.id, ticks));
      },
    );
    const context: DeviceContext = {
      host: this.deviceHost,
      time: this.events.time,
      coreCount: board.cores.length,
      clockHz: (id: number) => board.cores[id]!.clockHz,
      memory: (name: string) => this.map.windows.find((w) => w.name === name)?.storage,
      shared: new Map<string, unknown>(),
      clintOf: (id: number) => {
        const core = this.cores[id];
        return core instanceof Rv32Core ? core.clint : undefined;
      },
      cacheOf: (name) => this.map.cacheOf(name)?.model,
      attachFlashInterface: (name, source) => this.attachFlashInterface(name, source),
      setCoreHeld: (id, held) => this.holdCore(id, held),
      onUnimplemented: (device, offset, nearestRegister) => {
        const coreId = this.runningCore;
        const atNs = this.events.time.nowNs();
        this.unimplemented.push({ device, offset, nearestRegister, coreId, atNs });
        const detail = `${device}+0x${offset.toString(16)} (near ${nearestRegister})`;
        this.timeline.add(this.nowTicks, coreId, 'unimplemented-register', detail);
      },
      strictMmio: options.strictMmio ?? false,
      ...(options.serialOut !== undefined && { serialOut: options.serialOut }),
    };
    for (const d of board.devices)
      this.map.addDevice(buildDevice(d, context), d.base, d.size, d.privateTo);
    this.sio = this.map.windows.find((w) => w.device instanceof Sio)?.device as Sio | undefined;
    const monitor = new ExclusiveMonitor(board.cores.length);
    this.buses = board.cores.map((c) => {
      return new CoreBus(c.id, this.map, this.ticksPerCycle[c.id]!, monitor);
    });
    const lookahead = quantumCycles === 1 && options.lookahead !== false;
    this.cores = board.cores.map((c) => {
      const bus = this.buses[c.id]!;
      // The lookahead's observation points (CoreOrdering); it is built once the cores are.
      const ordering = lookahead ? { catchUp: () => this.lookahead!.catchUp(c.id) } : undefined;
      const config = { id: c.id, type: c.type, clockHz: c.clockHz, bus, host, ordering };
      const core = createCore(
        c.type,
        config,
        () => this.sendEvent(c.id),
        options.stopOnFault ?? true,
      );
      bus.owner = core as Core & { pc: number };
      return core;
    });
    this.lookahead = lookahead ? new Lookahead(this) : undefined;
    for (const bus of this.buses) bus.ordering = this.lookahead;
    this.canLead = Uint8Array.from(this.cores, () => (lookahead ? 1 : 0));
    this.live = new Uint8Array(board.cores.length);
    this.state = board.cores.map(() => 'held');
    this.sleepCycles = board.cores.map(() => 0);
    this.starts = board.cores.map(() => 0);
  }

  /** Copies the ELF's loadable bytes into the board's memories; a misfit is a diagnostic. */
  load(elf: ElfImage): void {
    const problems = architectureProblems(this.board, elf);
    for (const s of elf.segments) {
      if (s.data.length === 0 || this.map.load(s.paddr, s.data)) continue;
      problems.push({
        code: 'machine/segment-outside-memory',
        where: elf.path,
        message: `segment at 0x${s.paddr.toString(16)} (${s.data.length} bytes) is not in any memory of board ${this.board.name}`,
      });
    }
    if (problems.length > 0) throw new DiagnosticError(problems);
  }

  /** The bytes of board memory `name` (an alias: its target's), undefined when there is none. */
  memoryBytes(name: string): Uint8Array | undefined {
    return this.map.windows.find((w) => w.name === name)?.storage;
  }

  /** Copies raw bytes (tests, loaders) into memory; an address no memory backs is a bug. */
  loadBytes(addr: number, bytes: Uint8Array): void {
    if (!this.map.load(addr, bytes)) throw new Error(`no memory at 0x${addr.toString(16)}`);
  }

  /**
   * Resets core 0 at `boot` (Cortex-M: vector table; RISC-V: entry) and the other cores as the
   * board starts them (held in the boot ROM, held off, or from the same address).
   */
  boot(boot: number): void {
    this.bootConvention();
    this.start(0, boot);
    const secondary = this.board.boot.secondaryStart;
    for (let id = 1; id < this.cores.length; id++) {
      if (secondary === 'same-entry') this.start(id, boot);
      else this.timeline.add(0, id, 'held', secondary);
    }
    if (secondary === 'fifo-launch-sequence' && this.sio !== undefined && this.cores.length > 1) {
      new BootRomLaunch(this.sio, this.deviceHost, (t) => this.launch(1, t));
    }
  }

  /**
   * Starts core `i` at `boots[i]` (images whose every core starts by itself), under the boot
   * convention as `boot` does.
   */
  bootEach(boots: readonly number[]): void {
    this.bootConvention();
    boots.forEach((boot, id) => this.start(id, boot));
  }

  /**
   * The boot convention's part of the devices: what the chip's boot code would have set up before
   * the firmware runs (the RP2040 SSI: XIP as boot2 leaves it, so the flash is timed as it is
   * under a pico-sdk image).
   */
  private bootConvention(): void {
    for (const w of this.map.windows) w.device?.conventionBoot?.();
  }

  /**
   * Starts every core from the reset vector of the board's boot ROM (the vector table at the ROM's
   * base), as the chip does at power-up: the ROM then boots core 0 from flash and parks the others
   * in its own wait loop (RP2040 datasheet §2.8.1). A core released from PSM FRCE_OFF later
   * reruns the ROM the same way.
   */
  bootFromRom(): void {
    this.romBoot = true;
    for (let id = 0; id < this.cores.length; id++) this.start(id, this.romBase());
  }

  get bootedFromRom(): boolean {
    return this.romBoot;
  }

  private romBase(): number {
    return this.board.memories.find((m) => m.kind === 'rom')?.base ?? 0;
  }

  /**
   * Holds core `id` in reset (PSM FRCE_OFF) or releases it. Released, it restarts from the boot
   * ROM's reset vector when the machine booted from the ROM; otherwise (the boot convention of
   * images without a boot2) it waits for the FIFO launch sequence again, as `boot` left it, after
   * the ROM's greeting: its FIFO drained and a 0 pushed to core 0 (BOOT-NEEDS.md §0).
   */
  private holdCore(id: number, held: boolean): void {
    const core = this.cores[id];
    if (core === undefined) return;
    if (held) {
      if (this.state[id] === 'held') return;
      this.state[id] = 'held';
      this.live[id] = 0;
      core.sleeping = false;
      this.timeline.add(this.nowTicks, id, 'held', 'psm');
      return;
    }
    if (this.state[id] !== 'held') return;
    const atCycle = Math.max(core.cycles, this.cycleAt(id, this.nowTicks));
    this.sleepCycles[id]! += atCycle - core.cycles;
    if (this.romBoot) {
      this.untimed(id, () => core.reset(this.romBase()));
      core.cycles = atCycle;
      this.state[id] = 'running';
      this.live[id] = core.halt === undefined ? 1 : 0;
      this.starts[id]!++;
      this.timeline.add(this.nowTicks, id, 'start', `0x${this.romBase().toString(16)}`);
      return;
    }
    core.cycles = atCycle;
    const sio = this.sio;
    if (sio === undefined || id !== 1) return;
    while (sio.fifos[1]!.pop() !== undefined);
    sio.fifoChanged();
    new BootRomLaunch(sio, this.deviceHost, (t) => this.launch(1, t));
    sio.pushFrom(1, 0);
  }

  /** Gives the cache of memory `name` a shared flash interface served by `source`. */
  private attachFlashInterface(name: string, source: FillSource): () => void {
    const cache = this.map.cacheOf(name);
    if (cache === undefined) return () => undefined;
    // The interface runs on clk_sys, core 0's clock (RP2040: both cores and the SSI share it).
    const iface = new FlashInterface(
      source,
      this.ticksPerCycle[0]!,
      1 << cache.lineShift,
      this.slotTicks,
      this.board.interconnect.bankConflictCycles,
      this.map.owed && { masters: this.board.cores.length, owed: this.map.owed },
    );
    cache.iface = iface;
    let active = false;
    return () => {
      if (iface.active === active) return;
      active = iface.active;
      this.timeline.add(this.nowTicks, this.runningCore, 'xip', active ? 'timed' : 'constant');
      for (const core of this.cores)
        (core as Core & { code?: { refreshFetchTiming(): void } }).code?.refreshFetchTiming();
    };
  }

  /** The boot address of an ELF: the lowest loaded address (Cortex-M vector table) or the entry. */
  static bootAddress(elf: ElfImage): number {
    const loaded = elf.segments.filter((s) => s.data.length > 0);
    if (elf.machine !== EM_ARM || loaded.length === 0) return elf.entry;
    return Math.min(...loaded.map((s) => s.paddr));
  }

  start(id: number, boot: number): void {
    this.untimed(id, () => this.cores[id]!.reset(boot));
    this.state[id] = 'running';
    this.live[id] = this.cores[id]!.halt === undefined ? 1 : 0;
    this.starts[id]!++;
    this.timeline.add(0, id, 'start', `0x${boot.toString(16)}`);
  }

  /**
   * Runs until a core exits by semihosting or faults, all cores halt, every live core sleeps with
   * no wake source (deadlock.ts), or `maxCycles` of core 0.
   */
  run(options: { maxCycles?: number } = {}): MachineRunResult {
    const maxTicks = (options.maxCycles ?? Number.MAX_SAFE_INTEGER / 4) * this.ticks(0, 1);
    const t0 = performance.now();
    let exit = this.lookahead?.run(maxTicks) ?? this.runSteps(maxTicks);
    const first = this.breakpoints[0];
    if (first !== undefined && (exit.kind === 'all-halted' || exit.kind === 'deadlock'))
      exit = { kind: 'breakpoint', ...first, code: first.halt.registers.r0 ?? 0 };
    const hostSeconds = (performance.now() - t0) / 1000;
    const stats = collectStats(this, hostSeconds);
    return { exit, stats, traceHash: traceHash(this), hostSeconds };
  }

  /**
   * After a run, with the cores stopped: fires the device events due within `ns` of simulated
   * time after the latest core (a UART's FIFO drains onto the wire, as it would on the chip once
   * the firmware stopped). Returns the ns that passed.
   */
  settleDevices(ns: number): number {
    let now = 0;
    for (let i = 0; i < this.cores.length; i++)
      now = Math.max(now, this.ticks(i, this.cores[i]!.cycles));
    const end = now + ns * (this.timeBase.tickHz / 1e9);
    let last = now;
    while (this.events.nextTicks <= end) {
      last = this.events.nextTicks;
      this.events.fireUpTo(last);
    }
    return (last - now) / (this.timeBase.tickHz / 1e9);
  }

  /** The reference order: the laggard core runs one quantum, again and again. */
  private runSteps(maxTicks: number): MachineExit {
    const tpc = this.ticksPerCycle;
    for (;;) {
      if (this.fireDueEvents()) continue;
      const id = this.laggard();
      if (id < 0) return { kind: 'all-halted' };
      if (this.cores[id]!.sleeping && allAsleepForever(this)) return { kind: 'deadlock' };
      const before = this.cores[id]!.cycles;
      if (before * tpc[id]! >= maxTicks) return { kind: 'max-cycles' };
      const until = Math.floor((before * tpc[id]! + this.quantumTicks) / tpc[id]!);
      const exit = this.runCore(id, Math.max(until, before + 1));
      if (exit !== undefined) return exit;
    }
  }

  /** The running core furthest behind in global time (lowest id on ties), or -1. */
  private laggard(): number {
    let best = -1;
    let bestTicks = Infinity;
    for (let i = 0; i < this.cores.length; i++) {
      if (this.live[i] === 0) continue;
      const t = this.cores[i]!.cycles * this.ticksPerCycle[i]!;
      if (t < bestTicks) {
        best = i;
        bestTicks = t;
      }
    }
    return best;
  }

  /**
   * Runs core `id` until its cycle `untilCycle` (or it sleeps or halts) and keeps the machine's
   * books: sleep cycles, sleep/wake/halt events. Returns the exit when the core halted.
   */
  runCore(id: number, untilCycle: number): MachineExit | undefined {
    const core = this.cores[id]!;
    const before = core.cycles;
    // No step at or after the next device event runs before it fires (device-events.ts).
    const eventCycle = this.cycleAt(id, this.events.nextTicks);
    if (eventCycle <= before) return undefined;
    untilCycle = Math.min(untilCycle, eventCycle);
    const wasSleeping = core.sleeping;
    const previous = this.runningCore;
    this.runningCore = id;
    try {
      core.run(untilCycle);
    } finally {
      this.runningCore = previous;
    }
    if (core.cycles <= before && core.halt === undefined) core.cycles = before + 1;
    if (wasSleeping) this.sleepCycles[id]! += core.cycles - before;
    if (core.sleeping !== wasSleeping)
      this.timeline.add(this.ticks(id, core.cycles), id, core.sleeping ? 'sleep' : 'wake');
    const halt = core.halt as Halt | undefined;
    if (halt === undefined) return undefined;
    this.live[id] = 0;
    this.timeline.add(this.ticks(id, core.cycles), id, 'halt', halt.kind);
    if (halt.kind === 'semihosting') return { kind: 'semihosting', code: halt.code, coreId: id };
    if (this.breakpointsStopCore && halt.breakpoint !== undefined) {
      this.breakpoints.push({ coreId: id, halt });
      return undefined;
    }
    return { kind: 'fault', coreId: id, halt };
  }

  /**
   * The cycle at which core `id`, asleep, wakes by itself (Infinity: only an event wakes it). The
   * next device event counts: it may raise an interrupt, so the sleeper is brought up to it.
   */
  wakeCycle(id: number): number {
    return Math.min(this.cores[id]!.wakeCycle(), this.cycleAt(id, this.events.nextTicks));
  }

  get nextEventTicks(): number {
    return this.events.nextTicks;
  }

  /** The first cycle of core `id` at or after global time `ticks` (Infinity stays Infinity). */
  cycleAt(id: number, ticks: number): number {
    return Math.ceil(ticks / this.ticksPerCycle[id]!);
  }

  /**
   * Fires the device events due once every live core has reached them (the earliest live core's
   * time); true when any fired.
   */
  fireDueEvents(): boolean {
    const next = this.events.nextTicks;
    if (next === Infinity) return false;
    let min = Infinity;
    for (let i = 0; i < this.cores.length; i++)
      if (this.live[i] === 1) min = Math.min(min, this.ticks(i, this.cores[i]!.cycles));
    if (min === Infinity || next > min) return false;
    return this.events.fireUpTo(min);
  }

  /** Global time of cycle `cycles` of core `id`. */
  ticks(id: number, cycles: number): number {
    return cycles * this.ticksPerCycle[id]!;
  }

  /** Global time now: the time of the core being run. */
  get nowTicks(): number {
    // 0 while the devices are built (before the cores exist).
    const core = this.cores?.[this.runningCore];
    return core === undefined ? 0 : this.ticks(this.runningCore, core.cycles);
  }

  /** SEV on core `from`: the other cores' event registers, once everyone is at its time. */
  private sendEvent(from: number): void {
    this.lookahead?.catchUp(from);
    for (let i = 0; i < this.cores.length; i++) {
      if (i !== from && this.state[i] === 'running') this.signal(from, i);
    }
  }

  private signal(from: number, to: number): void {
    this.lookahead?.beforeSignal(from, to);
    deliverEvent(this.cores[to]!);
  }

  private launch(
    id: number,
    t: { vectorTable: number; stackPointer: number; entry: number },
  ): void {
    const core = this.cores[id]!;
    const atCycle = Math.ceil(this.nowTicks / this.ticksPerCycle[id]!);
    this.untimed(id, () => startAt(core, t.vectorTable, t.stackPointer, t.entry));
    core.cycles = atCycle;
    this.sleepCycles[id] = atCycle;
    this.state[id] = 'running';
    this.live[id] = core.halt === undefined ? 1 : 0;
    this.timeline.add(this.nowTicks, id, 'launch', `entry 0x${t.entry.toString(16)}`);
  }

  /** Runs `f` (a reset) with core `id`'s bus accesses untimed and uncounted. */
  private untimed(id: number, f: () => void): void {
    const bus = this.buses[id]!;
    bus.timed = false;
    try {
      f();
    } finally {
      bus.timed = true;
      bus.waitCycles = 0;
    }
  }

  /** What the devices may ask of the machine (sim/devices/device.ts). */
  get deviceHost(): DeviceHost {
    return (this.host ??= {
      signalEvent: (coreId) => {
        if (this.state[coreId] === 'running') this.signal(this.runningCore, coreId);
      },
      beforeWake: (coreId) => {
        if (this.state[coreId] === 'running')
          this.lookahead?.beforeSignal(this.runningCore, coreId);
      },
      setIrq: (coreId, line, level) => {
        const core = this.cores[coreId];
        if (core === undefined) return;
        // A held core still sees the line's level (it is outside the core).
        if (this.state[coreId] === 'running' && level && core.sleeping)
          this.lookahead?.beforeSignal(this.runningCore, coreId);
        driveIrq(core, line, level);
      },
      note: (coreId, kind, detail) => this.timeline.add(this.nowTicks, coreId, kind, detail),
    });
  }
}

/**
 * What the machine adds to its cores' instructions. The cores offer no hooks for these yet, so they
 * are installed from outside on the core objects: the Cortex-M decoded-instruction cache's
 * `decodeInto`, the RV32 hart's `fetchAndDecode`, `wfi` and `raise`. A hook in the cores' config
 * (called before an instruction that reads other cores' state) would replace all of them.
 *
 * RV32 exclusives: lr.w tags the bus's global monitor, sc.w asks it before its own reservation
 * check (sim/memory/exclusive-monitor.ts). The Cortex-M LDREX/STREX call the bus themselves.
 *
 * For lookahead scheduling (lookahead.ts), the points where a core reads what another core may
 * have changed without a bus access get a catch-up first: WFE and WFI (the event register, sleep),
 * BKPT (a semihosting exit ends everyone's run at that time), RISC-V wfi, sc.w and traps. A
 * Cortex-M instruction is decoded when it first runs, after a catch-up, so its fetch (an XIP cache
 * lookup, code another core wrote) happens in time order; an RV32 hart decodes before it knows the
 * time, so its XIP lookups are kept and made when the instruction first runs. A sleeping RV32 hart
 * stops its run at once (`STOP_RUN`) instead of sleeping to the end of it.
 */
import type { Core, Halt } from '../core/core.js';
import { GENERIC } from '../core/cortex-m/code-cache.js';
import { CortexM } from '../core/cortex-m/core.js';
import type { ThumbEntry } from '../core/cortex-m/decode.js';
import { Rv32Core } from '../core/riscv/core.js';
import { IRQ_MTI } from '../core/riscv/csr.js';
import { DecodeCache } from '../core/riscv/decode-cache.js';
import { FastOp } from '../core/riscv/fast-ops.js';
import { RV32A } from '../isa/rv32/rv32a.js';
import { Decoded, type Exec } from '../isa/rv32/types.js';
import type { AccessOrdering, CoreBus } from '../memory/core-bus.js';

/** Set as a hart's halt to end its `run` call; the machine clears it right after. */
export const STOP_RUN: Halt = { kind: 'semihosting', code: -1 };

export interface CoreHooks {
  /** True when every hidden read of the core is hooked: it may run ahead of the others. */
  canLead: boolean;
  /** The cycle at which the core, asleep, wakes by itself (Infinity: only an event wakes it). */
  wakeCycle(): number;
}

/** Installs the hooks on `core`; `ordering` is the lookahead scheduler, if the machine uses one. */
export function installHooks(
  core: Core,
  bus: CoreBus,
  ordering: AccessOrdering | undefined,
): CoreHooks {
  if (core instanceof CortexM) {
    if (ordering !== undefined) decodeWhenFirstRun(core, ordering);
    return { canLead: ordering !== undefined, wakeCycle: () => core.sysTick.deadline };
  }
  if (core instanceof Rv32Core) {
    hookHart(core, bus, ordering);
    return { canLead: ordering !== undefined, wakeCycle: () => hartWakeCycle(core) };
  }
  return { canLead: false, wakeCycle: () => core.cycles + 1 };
}

/**
 * WFE and WFI (16- and 32-bit: they read the event register and sleep) and BKPT (semihosting). SEV
 * reaches the machine through the core's sendEvent.
 */
function needsCatchUp(op: number): boolean {
  return (
    op === 0xbf20 || op === 0xbf30 || op >>> 8 === 0xbe || op === 0xf3af8002 || op === 0xf3af8003
  );
}

function decodeWhenFirstRun(cpu: CortexM, ordering: AccessOrdering): void {
  const code = cpu.code;
  const decode = code.decodeInto.bind(code);
  const id = cpu.id;
  const pending: ThumbEntry = {
    mnemonic: '(decoded when it first runs)',
    size: 2,
    match: 0,
    mask: 0,
    ext: 'none',
    exec: (c, _op) => {
      const pc = c.pc;
      const page = code.pageFor(pc);
      const slot = (pc - page.base) >>> 1;
      ordering.catchUp(id);
      decode(page, slot, pc);
      const op = page.ops[slot]!;
      let entry = page.entries[slot]!;
      if (needsCatchUp(op)) {
        const inner = entry;
        entry = {
          ...inner,
          exec: (c2, op2) => {
            ordering.catchUp(id);
            return inner.exec(c2, op2);
          },
        };
        page.entries[slot] = entry;
        page.dispatch[slot] = GENERIC;
      }
      // The run loop set nextPc from a 16-bit placeholder.
      c.nextPc = (pc + (op > 0xffff ? 4 : 2)) >>> 0;
      return entry.exec(c, op);
    },
  };
  code.decodeInto = (page, slot) => {
    page.entries[slot] = pending;
    page.ops[slot] = 0;
    page.dispatch[slot] = GENERIC;
    return GENERIC;
  };
}

const LR_W = RV32A.find((e) => e.mnemonic === 'lr.w')!.exec;
const SC_W = RV32A.find((e) => e.mnemonic === 'sc.w')!.exec;

/** lr.w, then the global monitor tags the reserved word. */
const loadReserved: Exec = (h, d) => {
  const timing = LR_W(h, d);
  if (h.reservation !== -1) h.bus.markExclusive?.(h.reservation);
  return timing;
};

/** sc.w after the global monitor: a store by another hart since lr.w drops the reservation. */
const storeConditional: Exec = (h, d) => {
  if (h.bus.claimExclusive?.(h.x[d.rs1]! >>> 0) === false) h.reservation = -1;
  return SC_W(h, d);
};

function withExec(d: Decoded, exec: Exec): Decoded {
  return new Decoded(d.entry, exec, d.word, d.size, d.rd, d.rs1, d.rs2, d.imm, d.readsEarly);
}

function hookHart(h: Rv32Core, bus: CoreBus, ordering: AccessOrdering | undefined): void {
  const id = h.id;
  const cache = h.cache;
  const fetch = h.fetchAndDecode.bind(h);
  h.fetchAndDecode = (pc) => {
    bus.deferLookups = ordering !== undefined;
    let d: Decoded;
    try {
      d = fetch(pc);
    } finally {
      bus.deferLookups = false;
    }
    const exclusive =
      d.exec === LR_W ? loadReserved : d.exec === SC_W ? storeConditional : undefined;
    const lookups = bus.deferredLookups.length > 0 ? bus.deferredLookups.splice(0) : undefined;
    if (exclusive === undefined && lookups === undefined) return d;
    const slot = DecodeCache.index(pc);
    const cached = cache.tags[slot] === (pc | 0);
    const steadyOp = exclusive === undefined && cached ? cache.ops[slot]! : FastOp.TABLE;
    const steady = exclusive === undefined ? d : withExec(d, exclusive);
    if (lookups === undefined) {
      if (cached) cache.put(pc, steady, steadyOp);
      return steady;
    }
    // First run: catch up, make the fetch's XIP lookups, then leave the steady form in the cache.
    const first: Decoded = withExec(d, (hart, decoded) => {
      ordering!.catchUp(id);
      bus.lookUpDeferred(lookups);
      if (cache.tags[slot] === (pc | 0) && cache.slots[slot] === first)
        cache.put(pc, steady, steadyOp);
      return steady.exec(hart, decoded);
    });
    if (cached) cache.put(pc, first, FastOp.TABLE);
    return first;
  };
  if (ordering === undefined) return;
  const wfi = h.wfi.bind(h);
  h.wfi = () => {
    ordering.catchUp(id);
    const timing = wfi();
    if (h.sleeping) h.halt = STOP_RUN;
    return timing;
  };
  const raise = h.raise.bind(h);
  h.raise = (cause, tval) => {
    ordering.catchUp(id);
    return raise(cause, tval);
  };
}

/** When a sleeping hart's wfi ends by itself (Rv32Core.wake): a pending or a due timer interrupt. */
export function hartWakeCycle(h: Rv32Core): number {
  if ((h.pendingInterrupts() & h.csrs.mie) !== 0) return h.cycles;
  if ((h.csrs.mie & (1 << IRQ_MTI)) === 0) return Infinity;
  return h.clint.timerDueCycle(h.id);
}

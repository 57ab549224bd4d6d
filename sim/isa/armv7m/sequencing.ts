/**
 * What happens around every instruction on an ARMv7-M core, wrapped around the exec functions of all
 * enabled tables (the ARMv6-M ones included):
 * - IT blocks (ARM DDI0403E A7.3.3): the condition of each instruction in the block is checked, a
 *   failed one is skipped, ITSTATE advances; 16-bit data-processing encodings do not set flags
 *   inside a block (their pseudocode reads `setflags = !InITBlock()`).
 * - Load/store pipelining (Cortex-M4 TRM, ARM 100166, section 3.3.2): a load/store single
 *   following a load/store single pipelines its address phase ("LDR; LDR" costs 3, not 4), except
 *   after a store with a register offset; a store with an immediate offset takes one cycle.
 * - Dual issue (Cortex-M7, LLVM ARMScheduleM7.td, *unverified*): an ALU instruction right after an
 *   ALU instruction that opened an issue slot issues with it. Register dependencies between the two
 *   are not checked, so this is an optimistic bound.
 * The semantics stay in the exec functions; this file only re-labels their timing codes.
 */
import type { CortexM } from '../../core/cortex-m/core.js';
import type { ThumbEntry, ThumbExec } from '../../core/cortex-m/decode.js';
import { T } from '../../core/cortex-m/timing.js';
import { conditionPassed } from './flags.js';
import { v7, type Armv7mState } from './state.js';
import { V } from './timing.js';

/** True for the 16-bit encodings that set the flags outside an IT block and not inside one. */
export function setsFlagsOutsideItBlock(hw: number): boolean {
  const top5 = hw >>> 11;
  // LSL/LSR/ASR (immediate), ADD/SUB (register, 3-bit immediate); MOV/ADD/SUB (8-bit immediate).
  if (top5 <= 3 || top5 === 4 || top5 === 6 || top5 === 7) return true;
  if (hw >>> 10 !== 0x10) return false;
  const opcode = (hw >>> 6) & 0xf;
  return opcode !== 0x8 && opcode !== 0xa && opcode !== 0xb; // all but TST, CMP, CMN
}

/** 16-bit STR/STRB/STRH (immediate) and STR (SP plus immediate). */
function isNarrowStoreImmediate(hw: number): boolean {
  const top5 = hw >>> 11;
  return top5 === 0x0c || top5 === 0x0e || top5 === 0x10 || top5 === 0x12;
}

/** STR/STRH/STRB with a register offset, 16- or 32-bit: nothing pipelines behind them. */
function isStoreRegisterOffset(op: number, narrow: boolean): boolean {
  if (narrow) return op >>> 9 >= 0x28 && op >>> 9 <= 0x2a;
  return (op & 0xff900fc0) >>> 0 === 0xf8000000;
}

/** ITAdvance (A7.3.3). */
function itAdvance(itstate: number): number {
  return (itstate & 7) === 0 ? 0 : (itstate & 0xe0) | ((itstate << 1) & 0x1f);
}

function executeInItBlock(
  cpu: CortexM,
  st: Armv7mState,
  op: number,
  exec: ThumbExec,
  narrow: boolean,
): number {
  const itstate = st.itstate;
  st.itstate = itAdvance(itstate);
  if (!conditionPassed(cpu, itstate >>> 4)) return V.skipped;
  if (!narrow || !setsFlagsOutsideItBlock(op)) return exec(cpu, op);
  const { n, z, c, v } = cpu;
  const timing = exec(cpu, op);
  cpu.n = n;
  cpu.z = z;
  cpu.c = c;
  cpu.v = v;
  return timing;
}

/** Re-labels a timing code for pipelining and dual issue, and records what the next one needs. */
function sequenceTiming(st: Armv7mState, op: number, narrow: boolean, timing: number): number {
  let cls = timing & 0xff;
  if (cls === T.loadStore && narrow && isNarrowStoreImmediate(op)) cls = V.storeImmediate;
  const loadStore = cls === T.loadStore || cls === V.storeImmediate;
  if (cls === T.loadStore && st.previousPipelinesLoads) cls = V.loadStorePipelined;
  st.previousPipelinesLoads = loadStore && !isStoreRegisterOffset(op, narrow);
  if (st.dualIssue) {
    if (cls === T.alu && st.issueSlotOpen) {
      st.issueSlotOpen = false;
      return V.dualIssued;
    }
    st.issueSlotOpen = cls === T.alu;
  }
  return cls === (timing & 0xff) ? timing : cls;
}

/** The same entry with its exec wrapped in the ARMv7-M instruction sequencing above. */
export function sequenced(entry: ThumbEntry): ThumbEntry {
  const exec = entry.exec;
  const narrow = entry.size === 2;
  return {
    ...entry,
    exec: (cpu, op) => {
      const st = v7(cpu);
      const timing = st.itstate === 0 ? exec(cpu, op) : executeInItBlock(cpu, st, op, exec, narrow);
      return sequenceTiming(st, op, narrow, timing);
    },
  };
}

/**
 * Guest faults that stop an RV32 hart for good, as `Halt` records: a trap with no handler
 * (mtvec = 0) or a second exception before the handler of the first retired an instruction.
 */
import type { Halt } from '../core.js';
import { Cause } from '../../isa/rv32/types.js';

/** Exception names from the Privileged spec, table 3.6. */
const CAUSE_NAMES: Record<number, string> = {
  [Cause.INSTRUCTION_MISALIGNED]: 'instruction address misaligned',
  [Cause.INSTRUCTION_ACCESS_FAULT]: 'instruction access fault',
  [Cause.ILLEGAL_INSTRUCTION]: 'illegal instruction',
  [Cause.BREAKPOINT]: 'breakpoint',
  [Cause.LOAD_MISALIGNED]: 'load address misaligned',
  [Cause.LOAD_ACCESS_FAULT]: 'load access fault',
  [Cause.STORE_MISALIGNED]: 'store/AMO address misaligned',
  [Cause.STORE_ACCESS_FAULT]: 'store/AMO access fault',
  [Cause.ECALL_M]: 'environment call from M-mode',
};

const INTERRUPT_NAMES: Record<number, string> = {
  3: 'machine software interrupt',
  7: 'machine timer interrupt',
  11: 'machine external interrupt',
};

/** mcause value -> name. */
export function causeName(mcause: number): string {
  const code = mcause & 0x7fffffff;
  const names = mcause >>> 31 ? INTERRUPT_NAMES : CAUSE_NAMES;
  return names[code] ?? `cause ${code}`;
}

/** What mtval means for a cause, for the halt detail. */
function tvalText(cause: number, tval: number): string {
  const hex = `0x${(tval >>> 0).toString(16).padStart(8, '0')}`;
  switch (cause) {
    case Cause.ILLEGAL_INSTRUCTION:
      return ` (instruction ${hex})`;
    case Cause.INSTRUCTION_MISALIGNED:
    case Cause.INSTRUCTION_ACCESS_FAULT:
    case Cause.LOAD_MISALIGNED:
    case Cause.LOAD_ACCESS_FAULT:
    case Cause.STORE_MISALIGNED:
    case Cause.STORE_ACCESS_FAULT:
      return ` at address ${hex}`;
    default:
      return '';
  }
}

export const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
]; // prettier-ignore

export interface FaultContext {
  pc: number;
  instruction: number | undefined;
  x: Int32Array;
  mepc: number;
  mcause: number;
  mtval: number;
}

/**
 * The Halt for an unhandled trap. `first` is set for a double fault: the mcause of the trap whose
 * handler faulted before retiring an instruction.
 */
export function unhandledTrapHalt(
  ctx: FaultContext,
  mcause: number,
  tval: number,
  first: number | undefined,
): Halt & { kind: 'fault' } {
  const registers: Record<string, number> = { pc: ctx.pc >>> 0 };
  ABI_NAMES.forEach((name, i) => (registers[name] = ctx.x[i]! >>> 0));
  registers['mepc'] = ctx.mepc >>> 0;
  registers['mcause'] = ctx.mcause >>> 0;
  registers['mtval'] = ctx.mtval >>> 0;
  const name = causeName(mcause);
  const what = `${name}${mcause >>> 31 ? '' : tvalText(mcause, tval)}`;
  const detail =
    first === undefined
      ? `${what} with no trap handler (mtvec = 0)`
      : `double fault: ${what} in the handler of ${causeName(first)} before it retired an instruction`;
  const halt: Halt & { kind: 'fault' } = {
    kind: 'fault',
    fault: name,
    pc: ctx.pc >>> 0,
    registers,
    detail,
  };
  if (ctx.instruction !== undefined) halt.instruction = ctx.instruction >>> 0;
  return halt;
}

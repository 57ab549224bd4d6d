/**
 * The Cortex-M run loop, kept apart from the core's architectural behaviour (core.ts). It runs
 * decoded instructions until the cycle count reaches `limit`, something needs attention, or a
 * batch is done, with no allocation. The hottest ARMv6-M instructions run inline (fast ids,
 * fast-thumb.ts); every other instruction calls its table entry's exec function.
 *
 * Each inline case is the body of the exec function it stands for, with the same flag helpers
 * (test/sim/armv6m/fast-thumb.test.ts compares them). Loads and stores go through the core's
 * accessors (alignment faults, the PPB, code invalidation): the MemA ones (`read32` ...) where the
 * exec functions call MemU (`readU32` ...), which is the same on ARMv6-M, the only cores this loop
 * runs (runBatchGeneric runs the v7-M ones, whose MemU splits unaligned accesses).
 *
 * pc, cycles and the instruction count live in locals. cycles is written to the core before every
 * memory access (the PPB's SysTick and DWT read it) and, with pc (r15 = pc + 4) and the count,
 * before every exec function call, and read back after it (exception return adds cycles). On a
 * fault the core gets the faulting instruction's pc. Inline cases read PC as the local pc + 4 and
 * leave cpu.nextPc alone.
 */
import type { CortexM } from './core.js';
import { NOT_DECODED, PAGE_BYTES } from './code-cache.js';
import { F } from './fast-thumb.js';
import { T } from './timing.js';
import { addFlags, conditionPassed, setNZ, subFlags } from '../../isa/armv6m/flags.js';

/** Instructions per call at most: V8 then optimizes the function as a whole on re-entry. */
const BATCH_INSTRUCTIONS = 4096;
const ALU = T.alu;
const LS = T.loadStore;

export function runBatch(cpu: CortexM, limit: number): void {
  const r = cpu.r;
  const bus = cpu.bus;
  const code = cpu.code;
  const prices = cpu.priceCycles;
  const perRegister = cpu.pricePerRegister;
  let page = code.page;
  // pc as an int32 (addresses >= 2^31 negative): stays a small integer for V8; `>>> 0` on the way out.
  let pc = cpu.pc | 0;
  let cycles = cpu.cycles;
  let instructions = cpu.instructions;
  try {
    for (let batch = BATCH_INSTRUCTIONS; batch > 0; batch--) {
      if (cycles >= limit || cpu.attention) break;
      if ((pc - page.base) >>> 0 >= PAGE_BYTES) page = code.pageFor(pc >>> 0);
      // A timed fetch of a new line (CodePage.fetchShift): its wait may take the core past the
      // limit, and then the instruction runs in the next batch, after the others caught up.
      if (page.fetchShift !== 0 && pc >>> page.fetchShift !== cpu.fetchLine) {
        cpu.fetchLine = pc >>> page.fetchShift;
        cpu.pc = pc >>> 0;
        cpu.cycles = cycles;
        cycles += bus.fetchLine!(pc >>> 0);
        if (cycles >= limit || cpu.attention) break;
      }
      const slot = (pc - page.base) >>> 1;
      let id = page.dispatch[slot]!;
      if (id === NOT_DECODED) id = code.decodeInto(page, slot, pc >>> 0);
      const op = page.ops[slot]!;
      let next = pc + 2;
      let t = ALU;
      switch (id) {
        case 2: {
          // MOVS_IMM8
          const imm = op & 0xff;
          r[(op >>> 8) & 7] = imm;
          cpu.n = 0;
          cpu.z = imm === 0 ? 1 : 0;
          break;
        }
        case 3: // CMP_IMM8
          subFlags(cpu, r[(op >>> 8) & 7]!, op & 0xff);
          break;
        case 4: // ADDS_IMM8
          r[(op >>> 8) & 7] = addFlags(cpu, r[(op >>> 8) & 7]!, op & 0xff, 0);
          break;
        case 5: // SUBS_IMM8
          r[(op >>> 8) & 7] = subFlags(cpu, r[(op >>> 8) & 7]!, op & 0xff);
          break;
        case 6: // ADDS_REG
          r[op & 7] = addFlags(cpu, r[(op >>> 3) & 7]!, r[(op >>> 6) & 7]!, 0);
          break;
        case 7: // SUBS_REG
          r[op & 7] = subFlags(cpu, r[(op >>> 3) & 7]!, r[(op >>> 6) & 7]!);
          break;
        case 8: // ADDS_IMM3
          r[op & 7] = addFlags(cpu, r[(op >>> 3) & 7]!, (op >>> 6) & 7, 0);
          break;
        case 9: // SUBS_IMM3
          r[op & 7] = subFlags(cpu, r[(op >>> 3) & 7]!, (op >>> 6) & 7);
          break;
        case 10: {
          // LSLS_IMM
          const x = r[(op >>> 3) & 7]!;
          const shift = (op >>> 6) & 31;
          const result = (x << shift) >>> 0;
          if (shift !== 0) cpu.c = (x >>> (32 - shift)) & 1;
          r[op & 7] = result;
          setNZ(cpu, result);
          break;
        }
        case 11: {
          // LSRS_IMM
          const x = r[(op >>> 3) & 7]!;
          const shift = (op >>> 6) & 31 || 32;
          cpu.c = (x >>> (shift - 1)) & 1;
          const result = shift === 32 ? 0 : x >>> shift;
          r[op & 7] = result;
          setNZ(cpu, result);
          break;
        }
        case 12: {
          // ANDS
          const result = (r[op & 7]! & r[(op >>> 3) & 7]!) >>> 0;
          r[op & 7] = result;
          setNZ(cpu, result);
          break;
        }
        case 13: {
          // ORRS
          const result = (r[op & 7]! | r[(op >>> 3) & 7]!) >>> 0;
          r[op & 7] = result;
          setNZ(cpu, result);
          break;
        }
        case 14: {
          // EORS
          const result = (r[op & 7]! ^ r[(op >>> 3) & 7]!) >>> 0;
          r[op & 7] = result;
          setNZ(cpu, result);
          break;
        }
        case 15: // TST
          setNZ(cpu, r[op & 7]! & r[(op >>> 3) & 7]!);
          break;
        case 16: // CMP_REG
          subFlags(cpu, r[op & 7]!, r[(op >>> 3) & 7]!);
          break;
        case 17: {
          // MULS
          const result = Math.imul(r[op & 7]!, r[(op >>> 3) & 7]!) >>> 0;
          r[op & 7] = result;
          setNZ(cpu, result);
          t = T.mul;
          break;
        }
        case 18: // MOV_HIGH
        case 19: {
          // ADD_HIGH
          const d = ((op >>> 4) & 8) | (op & 7);
          const m = ((op >>> 3) & 15) === 15 ? pc + 4 : r[(op >>> 3) & 15]!;
          const result = id === F.MOV_HIGH ? m : ((d === 15 ? pc + 4 : r[d]!) + m) >>> 0;
          if (d === 15) {
            next = result & ~1;
            t = T.pcWrite;
          } else r[d] = d === 13 ? result & ~3 : result;
          break;
        }
        case 20: // LDR_IMM
          cpu.cycles = cycles;
          r[op & 7] = cpu.read32((r[(op >>> 3) & 7]! + ((op >>> 6) & 31) * 4) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 21: // STR_IMM
          cpu.cycles = cycles;
          cpu.write32((r[(op >>> 3) & 7]! + ((op >>> 6) & 31) * 4) >>> 0, r[op & 7]!);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 22: // LDRB_IMM
          cpu.cycles = cycles;
          r[op & 7] = cpu.read8((r[(op >>> 3) & 7]! + ((op >>> 6) & 31)) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 23: // STRB_IMM
          cpu.cycles = cycles;
          cpu.write8((r[(op >>> 3) & 7]! + ((op >>> 6) & 31)) >>> 0, r[op & 7]! & 0xff);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 24: // LDR_REG
          cpu.cycles = cycles;
          r[op & 7] = cpu.read32((r[(op >>> 3) & 7]! + r[(op >>> 6) & 7]!) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 25: // LDRSB_REG
          cpu.cycles = cycles;
          r[op & 7] =
            ((cpu.read8((r[(op >>> 3) & 7]! + r[(op >>> 6) & 7]!) >>> 0) << 24) >> 24) >>> 0;
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 26: // LDRB_REG
          cpu.cycles = cycles;
          r[op & 7] = cpu.read8((r[(op >>> 3) & 7]! + r[(op >>> 6) & 7]!) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 27: // LDR_SP
          cpu.cycles = cycles;
          r[(op >>> 8) & 7] = cpu.read32((r[13]! + (op & 0xff) * 4) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 28: // STR_SP
          cpu.cycles = cycles;
          cpu.write32((r[13]! + (op & 0xff) * 4) >>> 0, r[(op >>> 8) & 7]!);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 29: // LDR_LITERAL
          cpu.cycles = cycles;
          r[(op >>> 8) & 7] = cpu.read32((((pc + 4) & ~3) + (op & 0xff) * 4) >>> 0);
          t = LS;
          cycles += bus.waitCycles;
          bus.waitCycles = 0;
          break;
        case 30: // B_COND
          if (conditionPassed(cpu, (op >>> 8) & 15)) {
            next = pc + 4 + ((op << 24) >> 23);
            t = T.branchTaken;
          } else t = T.branchNotTaken;
          break;
        case 31: // B
          next = pc + 4 + ((op << 21) >> 20);
          t = T.branch;
          break;
        case 32: // UXTB
          r[op & 7] = r[(op >>> 3) & 7]! & 0xff;
          break;
        default:
          cpu.pc = pc >>> 0;
          cpu.cycles = cycles;
          cpu.instructions = instructions;
          cpu.nextPc = (pc + (op > 0xffff ? 4 : 2)) >>> 0;
          r[15] = pc + 4;
          t = page.entries[slot]!.exec(cpu, op);
          next = cpu.nextPc;
          cycles = cpu.cycles;
          page = code.page;
          cycles += perRegister[t & 0xff]! * (t >>> 8) + bus.waitCycles;
          bus.waitCycles = 0;
          t &= 0xff;
          break;
      }
      cycles += prices[t]!;
      instructions++;
      pc = next | 0;
    }
    cpu.pc = pc >>> 0;
    cpu.cycles = cycles;
    cpu.instructions = instructions;
  } catch (e) {
    // A fault: cpu.pc is the faulting instruction; cpu.cycles was brought up to date before the
    // access or exec function that threw (and may have been changed by it).
    cpu.pc = pc >>> 0;
    cpu.instructions = instructions;
    throw e;
  }
}

/**
 * The loop for ARMv7-M cores: every instruction through its (sequenced) table entry, whose wrapper
 * handles IT blocks and the pipelining/dual-issue timing. Running the ARMv6-M inline cases on these
 * cores (outside IT blocks, then the sequencing's timing) measured no faster on bench/iss.ts's
 * Cortex-M4 programs, so they keep this plain loop.
 */
export function runBatchGeneric(cpu: CortexM, limit: number): void {
  const r = cpu.r;
  const bus = cpu.bus;
  const code = cpu.code;
  const prices = cpu.priceCycles;
  const perRegister = cpu.pricePerRegister;
  for (let batch = BATCH_INSTRUCTIONS; batch > 0; batch--) {
    if (cpu.cycles >= limit || cpu.attention) return;
    const pc = cpu.pc;
    let page = code.page;
    if ((pc - page.base) >>> 0 >= PAGE_BYTES) page = code.pageFor(pc);
    if (page.fetchShift !== 0 && pc >>> page.fetchShift !== cpu.fetchLine) {
      cpu.fetchLine = pc >>> page.fetchShift;
      cpu.cycles += bus.fetchLine!(pc);
      if (cpu.cycles >= limit || cpu.attention) return;
    }
    const slot = (pc - page.base) >>> 1;
    if (page.dispatch[slot] === NOT_DECODED) code.decodeInto(page, slot, pc);
    const op = page.ops[slot]!;
    cpu.nextPc = pc + (op > 0xffff ? 4 : 2);
    r[15] = pc + 4;
    const t = page.entries[slot]!.exec(cpu, op);
    cpu.cycles += prices[t & 0xff]! + perRegister[t & 0xff]! * (t >>> 8) + bus.waitCycles;
    bus.waitCycles = 0;
    cpu.instructions++;
    cpu.pc = cpu.nextPc >>> 0;
  }
}

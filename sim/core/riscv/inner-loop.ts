/**
 * The RV32 hart's inner loop, kept apart from the hart's architectural behaviour (core.ts). It runs
 * decoded instructions until the hart's cycle count reaches `runLimit`, with no allocation: hot
 * instructions inline (fast-ops.ts, one switch over a small id, the same semantics as their table
 * entries, checked by test/sim/rv32/fast-ops.test.ts), everything else through the table's exec.
 *
 * Timing per instruction = the price of its timing class + pipeline effects (load-use bubble,
 * branch prediction, lr/sc back-to-back, jump to a misaligned 32-bit instruction) + the bus's
 * waitCycles for its data accesses.
 *
 * pc and cycles live in locals; the hart's fields are brought up to date before every bus access,
 * because the bus and its devices look at them: CoreBus tells instruction fetches from data by the
 * hart's pc, bank arbitration and the CLINT's mtime read its cycles.
 */
import type { Decoded, Hart } from '../../isa/rv32/types.js';
import { Timing } from '../../isa/rv32/types.js';
import type { DecodeCache } from './decode-cache.js';
import { DECODE_CACHE_SLOTS } from './decode-cache.js';
import { FastOp } from './fast-ops.js';
import type { Rv32Prices } from './timing.js';

const { ALU, JAL, JALR, MUL, LOAD, LR, SC, AMO, STORE, TRAP, BRANCH_TAKEN, BRANCH_NOT_TAKEN } =
  Timing;
const F = FastOp;
const SLOT_MASK = DECODE_CACHE_SLOTS - 1;

/** What one instruction leaves behind for the timing of the next. */
export class Pipeline {
  /** rd of a load (lr, sc) that the next instruction may have to wait for, or 0. */
  loadRd = 0;
  /** The previous instruction was lr or sc. */
  exclusivePrev = false;
  /** The previous instruction changed control flow (or the hart just reset or trapped). */
  jumped = false;
  /** pc | 0 of the backward branch predicted taken (Hazard3), or -1. */
  predictedBranchPc = -1;

  reset(): void {
    this.loadRd = 0;
    this.exclusivePrev = false;
    this.jumped = true;
    this.predictedBranchPc = -1;
  }
}

/** The hart as the loop sees it (Rv32Core). */
export interface LoopHart extends Hart {
  cycles: number;
  instructions: number;
  readonly runLimit: number;
  readonly prices: Rv32Prices;
  readonly cache: DecodeCache;
  readonly pipeline: Pipeline;
  /** Fetches and decodes the instruction at pc, caching it unless the fetch faults. */
  fetchAndDecode(pc: number): Decoded;
}

/**
 * The inner loop: no allocation. Hot instructions run inline (fast-ops.ts: one switch over a
 * small id, the same semantics as their table entries, checked by test/sim/rv32/fast-ops.test.ts);
 * the rest call the table's exec. pc, cycles and the pipeline state live in locals and are
 * written back on exit, also when an access throws a BusFault (they then describe the state before
 * the faulting instruction, as run() expects). Each instruction ends in one of four epilogues,
 * reached by breaking out of the labelled blocks: `alu` (ALU class, no pipeline effects), `load`,
 * `branch` (priced by the predictor), or the general one after the switch (jumps, stores, mul and
 * everything the table's exec runs).
 */
export function executeUntilLimit(h: LoopHart): void {
  const x = h.x;
  const pipe = h.pipeline;
  const bus = h.bus;
  const p = h.prices;
  const byClass = p.byClass;
  const cache = h.cache;
  const tags = cache.tags;
  const slots = cache.slots;
  const ops = cache.ops;
  let pc = h.pc | 0;
  let cycles = h.cycles;
  let instructions = h.instructions;
  let loadRd = pipe.loadRd;
  let jumped = pipe.jumped;
  let predicted = pipe.predictedBranchPc;
  let exclusivePrev = pipe.exclusivePrev;
  const { loadUse, unalignedJumpTarget, branchPredicted, branchMispredicted } = p;
  const predictsBackward = p.predictsBackward;
  const aluCost = byClass[ALU]!;
  const loadCost = byClass[LOAD]!;
  // Wait cycles are collected after each instruction that touches the bus (loads, stores, the
  // table's exec); anything left from outside the loop is charged now.
  cycles += bus.waitCycles;
  bus.waitCycles = 0;
  try {
    while (cycles < h.runLimit) {
      const slot = (pc >>> 1) & SLOT_MASK;
      let d: Decoded;
      let op = 0;
      if (tags[slot] === pc) {
        d = slots[slot]!;
        op = ops[slot]!;
      } else {
        h.pc = pc >>> 0; // the bus tells fetches from data accesses by pc
        d = h.fetchAndDecode(pc >>> 0);
        if (tags[slot] === pc) op = ops[slot]!;
      }
      const fallThrough = (pc + d.size) | 0;
      let next = fallThrough;
      let cost = 0;
      if (loadRd !== 0 && (d.readsEarly & (1 << loadRd)) !== 0) cost = loadUse;
      if (jumped && (pc & 2) !== 0 && d.size === 4) cost += unalignedJumpTarget;
      let cls = -1;
      let taken = false;
      branch: {
        load: {
          alu: {
            switch (op) {
              case F.ADDI:
                x[d.rd] = x[d.rs1]! + d.imm;
                break alu;
              case F.ADD:
                x[d.rd] = x[d.rs1]! + x[d.rs2]!;
                break alu;
              case F.LUI:
                x[d.rd] = d.imm;
                break alu;
              case F.AUIPC:
                x[d.rd] = pc + d.imm;
                break alu;
              case F.JAL:
                x[d.rd] = fallThrough;
                next = (pc + d.imm) | 0;
                cls = JAL;
                break;
              case F.JALR:
                next = (x[d.rs1]! + d.imm) & ~1;
                x[d.rd] = fallThrough;
                cls = JALR;
                break;
              case F.BEQ:
                taken = x[d.rs1] === x[d.rs2];
                break branch;
              case F.BNE:
                taken = x[d.rs1] !== x[d.rs2];
                break branch;
              case F.BLT:
                taken = x[d.rs1]! < x[d.rs2]!;
                break branch;
              case F.BGE:
                taken = x[d.rs1]! >= x[d.rs2]!;
                break branch;
              case F.BLTU:
                taken = x[d.rs1]! >>> 0 < x[d.rs2]! >>> 0;
                break branch;
              case F.BGEU:
                taken = x[d.rs1]! >>> 0 >= x[d.rs2]! >>> 0;
                break branch;
              case F.LB: {
                h.pc = pc >>> 0; // the bus and devices see the hart (header)
                h.cycles = cycles;
                x[d.rd] = (bus.read8((x[d.rs1]! + d.imm) >>> 0) << 24) >> 24;
                break load;
              }
              case F.LBU: {
                h.pc = pc >>> 0;
                h.cycles = cycles;
                x[d.rd] = bus.read8((x[d.rs1]! + d.imm) >>> 0);
                break load;
              }
              case F.LH: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                if ((a & 1) !== 0) break;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                x[d.rd] = (bus.read16(a) << 16) >> 16;
                break load;
              }
              case F.LHU: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                if ((a & 1) !== 0) break;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                x[d.rd] = bus.read16(a);
                break load;
              }
              case F.LW: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                if ((a & 3) !== 0) break;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                x[d.rd] = bus.read32(a);
                break load;
              }
              case F.SB: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                bus.write8(a, x[d.rs2]! & 0xff);
                cache.invalidate(a);
                cost += bus.waitCycles;
                bus.waitCycles = 0;
                cls = STORE;
                break;
              }
              case F.SH: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                if ((a & 1) !== 0) break;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                bus.write16(a, x[d.rs2]! & 0xffff);
                cache.invalidate(a);
                cost += bus.waitCycles;
                bus.waitCycles = 0;
                cls = STORE;
                break;
              }
              case F.SW: {
                const a = (x[d.rs1]! + d.imm) >>> 0;
                if ((a & 3) !== 0) break;
                h.pc = pc >>> 0;
                h.cycles = cycles;
                bus.write32(a, x[d.rs2]!);
                cache.invalidate(a);
                cost += bus.waitCycles;
                bus.waitCycles = 0;
                cls = STORE;
                break;
              }
              case F.SLTI:
                x[d.rd] = +(x[d.rs1]! < d.imm);
                break alu;
              case F.SLTIU:
                x[d.rd] = +(x[d.rs1]! >>> 0 < d.imm >>> 0);
                break alu;
              case F.XORI:
                x[d.rd] = x[d.rs1]! ^ d.imm;
                break alu;
              case F.ORI:
                x[d.rd] = x[d.rs1]! | d.imm;
                break alu;
              case F.ANDI:
                x[d.rd] = x[d.rs1]! & d.imm;
                break alu;
              case F.SLLI:
                x[d.rd] = x[d.rs1]! << d.imm;
                break alu;
              case F.SRLI:
                x[d.rd] = x[d.rs1]! >>> d.imm;
                break alu;
              case F.SRAI:
                x[d.rd] = x[d.rs1]! >> d.imm;
                break alu;
              case F.SUB:
                x[d.rd] = x[d.rs1]! - x[d.rs2]!;
                break alu;
              case F.SLL:
                x[d.rd] = x[d.rs1]! << x[d.rs2]!;
                break alu;
              case F.SLT:
                x[d.rd] = +(x[d.rs1]! < x[d.rs2]!);
                break alu;
              case F.SLTU:
                x[d.rd] = +(x[d.rs1]! >>> 0 < x[d.rs2]! >>> 0);
                break alu;
              case F.XOR:
                x[d.rd] = x[d.rs1]! ^ x[d.rs2]!;
                break alu;
              case F.SRL:
                x[d.rd] = x[d.rs1]! >>> x[d.rs2]!;
                break alu;
              case F.SRA:
                x[d.rd] = x[d.rs1]! >> x[d.rs2]!;
                break alu;
              case F.OR:
                x[d.rd] = x[d.rs1]! | x[d.rs2]!;
                break alu;
              case F.AND:
                x[d.rd] = x[d.rs1]! & x[d.rs2]!;
                break alu;
              case F.MUL:
                x[d.rd] = Math.imul(x[d.rs1]!, x[d.rs2]!);
                cls = MUL;
                break;
            }
            if (cls < 0) {
              // The table's exec: everything not inline, and inline loads/stores that would trap.
              h.pc = pc >>> 0;
              h.nextPc = fallThrough >>> 0;
              h.cycles = cycles;
              h.instructions = instructions;
              cls = d.exec(h, d);
              next = h.nextPc | 0;
              cycles = h.cycles;
              instructions = h.instructions;
              if (cls === STORE || cls === SC || cls === AMO) cache.invalidate(h.storeAddr);
              cost += bus.waitCycles;
              bus.waitCycles = 0;
            }
            x[0] = 0;
            if (cls === BRANCH_TAKEN || cls === BRANCH_NOT_TAKEN) {
              taken = cls === BRANCH_TAKEN;
              break branch;
            }
            cost += byClass[cls]!;
            if (exclusivePrev && (cls === LR || cls === SC || cls === AMO)) {
              cost += p.exclusiveBackToBack;
            }
            loadRd = cls === LOAD || cls === LR || cls === SC ? d.rd : 0;
            exclusivePrev = cls === LR || cls === SC;
            jumped = next !== fallThrough;
            if (cls !== TRAP) instructions++;
            cycles += cost;
            pc = next;
            continue;
          }
          x[0] = 0; // ALU instructions without pipeline effects end here
          cycles += cost + aluCost;
          loadRd = 0;
          jumped = false;
          exclusivePrev = false;
          instructions++;
          pc = next;
          continue;
        }
        x[0] = 0; // inline loads end here
        cycles += cost + loadCost + bus.waitCycles;
        bus.waitCycles = 0;
        loadRd = d.rd;
        jumped = false;
        exclusivePrev = false;
        instructions++;
        pc = next;
        continue;
      }
      // Branches end here: the core model's predictor prices them.
      if (taken) {
        next = (pc + d.imm) | 0;
        cost += predicted === pc ? branchPredicted : branchMispredicted;
        if (predictsBackward && d.imm < 0) predicted = pc;
      } else if (predicted === pc) {
        cost += branchMispredicted;
        predicted = -1;
      } else cost += branchPredicted;
      loadRd = 0;
      exclusivePrev = false;
      jumped = next !== fallThrough;
      instructions++;
      cycles += cost;
      pc = next;
    }
  } finally {
    h.pc = pc >>> 0;
    h.cycles = cycles;
    h.instructions = instructions;
    pipe.loadRd = loadRd;
    pipe.jumped = jumped;
    pipe.predictedBranchPc = predicted;
    pipe.exclusivePrev = exclusivePrev;
  }
}

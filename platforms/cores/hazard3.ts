/**
 * Hazard3 (the RISC-V cores of the RP2350) as data: ISA, cycle prices per timing class and the
 * pipeline effects the RV32 core applies. Also defines the RISC-V extension of the core-model schema
 * (`RiscvCoreModel`), shared with rv32imc-esp.ts.
 *
 * Source for every number, unless a line says otherwise: Wren6991/Hazard3
 * `doc/sections/instruction_timings.adoc`, configuration `MULDIV_UNROLL = 2`, `MUL_FAST = 1`
 * (the fast multiplier). That RP2350 uses exactly this configuration is *unverified*.
 */
import { z } from 'zod';
import { CoreModel } from './schema.js';

/** Extensions the RV32 decode table (sim/isa/rv32) implements. */
export const RV32_EXTENSIONS = [
  'i',
  'm',
  'a',
  'zicsr',
  'zifencei',
  'zca',
  'zcb',
  'zba',
  'zbb',
  'zbs',
  'xh3power',
] as const;

/**
 * Timing classes the RV32 core prices (`timing` keys). The first group are per-instruction prices;
 * loadUse, exclusiveBackToBack and unalignedJumpTarget are pipeline penalties added on top.
 */
export const RV32_TIMING_CLASSES = [
  'alu',
  'jal',
  'jalr',
  'branchPredicted',
  'branchMispredicted',
  'load',
  'store',
  'mul',
  'mulh',
  'div',
  'divSignFix',
  'csr',
  'fence',
  'fenceI',
  'trapEntry',
  'mret',
  'wfi',
  'lrSc',
  'amo',
  'loadUse',
  'exclusiveBackToBack',
  'unalignedJumpTarget',
] as const;
export type Rv32TimingClass = (typeof RV32_TIMING_CLASSES)[number];

export const RiscvCoreModel = CoreModel.extend({
  isa: z.literal('rv32'),
  extensions: z.array(z.enum(RV32_EXTENSIONS)).min(1),
  timing: z.record(
    z.enum(RV32_TIMING_CLASSES),
    z.object({ cycles: z.number().int().nonnegative() }),
  ),
  riscv: z.object({
    /**
     * 'last-taken-backward': Hazard3's one-entry predictor (the last taken backward branch is
     * predicted taken, everything else not taken); 'static-not-taken': every taken branch mispredicts.
     */
    branchPredictor: z.enum(['last-taken-backward', 'static-not-taken']),
    /**
     * The CLINT, SiFive layout (sim/core/riscv/clint.ts): msip at base + 0x0, mtimecmp at
     * base + 0x4000 (8 bytes per hart), mtime at base + 0xBFF8; 64 KiB. mtime advances once every
     * `cyclesPerTick` core cycles.
     */
    clint: z.object({
      base: z.number().int().nonnegative(),
      cyclesPerTick: z.number().int().positive(),
    }),
  }),
});
export type RiscvCoreModel = z.infer<typeof RiscvCoreModel>;

export const HAZARD3: RiscvCoreModel = RiscvCoreModel.parse({
  name: 'hazard3',
  isa: 'rv32',
  // RP2350: RV32IMAC + Zicsr + Zifencei + Zba/Zbb/Zbs + Zcb (Zbkb, Zcmp not modelled), and of the
  // custom extensions Xh3power (h3.block / h3.unblock; pico-sdk rp2350 hardware/regs/rvcsr.h lists
  // "Xh3bm, Xh3power, Xh3irq, Xh3pmpm" as configured; the others are not modelled).
  extensions: [...RV32_EXTENSIONS],
  elfMachine: 243,
  source: 'Wren6991/Hazard3 doc/sections/instruction_timings.adoc (MULDIV_UNROLL=2, MUL_FAST=1)',
  timing: {
    alu: { cycles: 1 }, // RV32I reg-reg / reg-imm, lui, auipc; Zba/Zbb/Zbs: 1
    jal: { cycles: 2 }, // "jal rd, label: 2"
    jalr: { cycles: 2 }, // "jalr rd, rs1, imm: 2"
    branchPredicted: { cycles: 1 }, // "1 if correctly predicted"
    branchMispredicted: { cycles: 2 }, // "2 if mispredicted"
    load: { cycles: 1 }, // "1 if next instruction is independent"
    store: { cycles: 1 },
    mul: { cycles: 1 }, // MUL_FAST = 1
    mulh: { cycles: 1 },
    div: { cycles: 18 }, // "divu/remu: 18"
    divSignFix: { cycles: 19 }, // "div/rem: 18 or 19 depending on sign correction"
    csr: { cycles: 1 }, // csrr*: 1 (3 for pmp*/tdata* writes: not implemented CSRs here)
    fence: { cycles: 1 }, // not in the table: assumed one issue cycle (*unverified*)
    fenceI: { cycles: 2 }, // not in the table: assumed a fetch flush, priced as a jump (*unverified*)
    trapEntry: { cycles: 3 }, // "ecall / ebreak: 3 (time given is for jumping to mtvec)"
    mret: { cycles: 2 }, // not in the table: assumed priced as a jump (*unverified*)
    // Not in the table: assumed one cycle before sleeping (*unverified*). h3.block is priced
    // here too, also when it falls through (it is built on the WFI stall, custom_extensions.adoc;
    // the RTL's stall-release handshake may add a cycle: *unverified*). h3.unblock is an `alu`:
    // the table's "slt rd, rs1, rs2: 1", the encoding it borrows (the hint itself is not listed).
    wfi: { cycles: 1 },
    lrSc: { cycles: 1 }, // "lr.w / sc.w: 1 or 2"
    amo: { cycles: 4 }, // "4 per attempt" (a lone core never loses the reservation)
    loadUse: { cycles: 1 }, // footnote data_dependency: one bubble when stage 2 needs a load result
    exclusiveBackToBack: { cycles: 1 }, // footnote exclusive_pipelining
    unalignedJumpTarget: { cycles: 1 }, // footnote unaligned_branch
  },
  riscv: {
    branchPredictor: 'last-taken-backward', // section "Branch Predictor"
    // RP2350 has its own RISC-V platform timer in SIO; arielsim maps a standard CLINT instead.
    clint: { base: 0x0200_0000, cyclesPerTick: 1 },
  },
});

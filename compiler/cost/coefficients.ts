/**
 * Cost-model coefficients: cycles per unit of kernel work, per kernel kind and core type, plus cycles
 * per byte moved and a fixed overhead per work item. These are data: the end-to-end issue calibrates
 * them against the ISS. Until then they are UNCALIBRATED ESTIMATES derived from the instruction
 * timings in /work/shared/spec/platform-facts.md:
 * - Cortex-M0+ has no SIMD and no SMULL: an int8 MAC in a good loop is LDRB + SXTB + MULS + ADDS
 *   with loads shared by unrolling, ~2-3 cycles (TRM DDI0484C table 3.1: load 2, MULS 1, ALU 1).
 * - Cortex-M4/M33 do two int8 MACs per SMLAD (1 cycle, ARM 100166 table 3-1) after SXTB16 unpacking
 *   and loads: ~0.6-1 cycle per MAC; M33 timed as M4 (unverified), a little slower for branches.
 * - Cortex-M7 dual issue with load latency 1 and MAC 2 (LLVM ARMScheduleM7.td): ~0.5 per MAC.
 * - Hazard3: MUL 1, load 1 (+1 on use), no packed SIMD: ~1.5-2 per MAC. The ESP32-C6 RV32 core is
 *   modelled like Hazard3 (unverified), slightly slower.
 * - Xtensa LX7 (ESP32-S3) PIE: 16 int8 MACs + a load per EE.VMULAS instruction: ~0.15 per MAC with
 *   loop overhead (analytic only; no ISS).
 * Element-wise ops requantise with a 64-bit multiply (SMULL on M4/M7, MULH on RV32, software on M0+).
 */
import type { BoardCoreType } from '../../platforms/boards/schema.js';

/** Kernel families that share an inner loop and so a cost per unit of work. */
export const KERNEL_KINDS = [
  'conv', // CONV_2D: work = MACs
  'depthwise', // DEPTHWISE_CONV_2D: work = MACs
  'fc', // FULLY_CONNECTED: work = MACs
  'pool', // AVERAGE/MAX_POOL_2D: work = output elements x window size
  'elementwise', // ADD, MUL, QUANTIZE, DEQUANTIZE, LOGISTIC, TANH: work = output elements
  'softmax', // SOFTMAX: work = output elements
  'reduce', // MEAN: work = input elements
  'copy', // RESHAPE, PAD, CONCATENATION: work = output bytes
] as const;
export type KernelKind = (typeof KERNEL_KINDS)[number];

export interface CoreCoefficients {
  /** Cycles per unit of work, by kernel kind. */
  cyclesPerWork: Record<KernelKind, number>;
  /** Cycles per byte read or written by the item (data movement not hidden by the kernel loop). */
  cyclesPerByte: number;
  /** Fixed cycles per work item: kernel call, tile setup, dependency check and completion flag. */
  overheadCycles: number;
}

export type CostCoefficients = Record<BoardCoreType, CoreCoefficients>;

const per = (
  conv: number,
  depthwise: number,
  fc: number,
  pool: number,
  elementwise: number,
  softmax: number,
  reduce: number,
  copy: number,
): Record<KernelKind, number> => ({
  conv,
  depthwise,
  fc,
  pool,
  elementwise,
  softmax,
  reduce,
  copy,
});

/** The documented defaults (uncalibrated estimates, see the file comment). */
export const DEFAULT_COEFFICIENTS: CostCoefficients = {
  'cortex-m0plus': {
    cyclesPerWork: per(2.5, 3.0, 2.2, 2.0, 20, 60, 3.0, 0.5),
    cyclesPerByte: 0.25,
    overheadCycles: 400,
  },
  'cortex-m4': {
    cyclesPerWork: per(0.75, 1.2, 0.7, 1.2, 8, 30, 1.5, 0.3),
    cyclesPerByte: 0.125,
    overheadCycles: 250,
  },
  'cortex-m33': {
    cyclesPerWork: per(0.8, 1.3, 0.75, 1.2, 8, 30, 1.5, 0.3),
    cyclesPerByte: 0.125,
    overheadCycles: 250,
  },
  'cortex-m7': {
    cyclesPerWork: per(0.5, 0.8, 0.45, 0.8, 5, 20, 1.0, 0.15),
    cyclesPerByte: 0.1,
    overheadCycles: 200,
  },
  hazard3: {
    cyclesPerWork: per(1.8, 2.2, 1.6, 1.5, 10, 35, 2.0, 0.4),
    cyclesPerByte: 0.2,
    overheadCycles: 300,
  },
  'rv32imc-esp': {
    cyclesPerWork: per(2.0, 2.5, 1.8, 1.8, 12, 40, 2.5, 0.5),
    cyclesPerByte: 0.25,
    overheadCycles: 350,
  },
  'xtensa-lx7': {
    cyclesPerWork: per(0.15, 0.4, 0.15, 0.5, 6, 25, 1.0, 0.2),
    cyclesPerByte: 0.1,
    overheadCycles: 300,
  },
};

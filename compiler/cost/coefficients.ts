/**
 * Cost-model coefficients: cycles of a work item per core type, as a sum of terms (see features.ts:
 * inner-loop work, work in padded border windows, outputs, kernel rows, pixels, kernel calls, weight
 * bytes fetched through a flash cache) with per-kernel-kind coefficients, plus the executor's cycles
 * per item and per dependency, scaled up for the memory contention of the board's other cores.
 *
 * The defaults of the cores with an ISS are CALIBRATED: `npm run calibrate` measures every zoo
 * model on every ISS core model and fits them (bench/calibrate.ts, compiler/cost/fit.ts); the data
 * is in calibrated.ts. A core's cycles depend on where the weights live (SRAM, flash with wait
 * states, flash behind an XIP cache), so the fit keeps one set per core type and memory system, and
 * `coefficientsFor(board)` (memory.ts) picks the ones of a board's memory system.
 * DEFAULT_COEFFICIENTS are, per core type, the set of its home board (calibrated.ts HOME_MEMORY).
 *
 * Xtensa LX7 (ESP32-S3) has no ISS and keeps its ANALYTIC estimate: the PIE's EE.VMULAS does 16
 * int8 MACs and a load per instruction, ~0.15 cycles per MAC with loop overhead; element-wise ops
 * requantise with a 64-bit multiply (about 6 cycles an element), softmax ~25 an element.
 */
import type { BoardCoreType } from '../../platforms/boards/schema.js';
import { CALIBRATED, HOME_MEMORY } from './calibrated.js';

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

export type PerKernel = Record<KernelKind, number>;

export interface CoreCoefficients {
  /** Cycles per unit of work (the inner loop), by kernel kind. */
  cyclesPerWork: PerKernel;
  /** Extra cycles per unit of work in windows the padding clips (in-bounds weight sums). */
  cyclesPerBorderWork: PerKernel;
  /** Cycles per output element (requantise, clamp, store). */
  cyclesPerOutput: PerKernel;
  /** Cycles per dot-product run over one kernel row (see features.ts `rows`). */
  cyclesPerRow: PerKernel;
  /** Cycles per output pixel (window setup). */
  cyclesPerPixel: PerKernel;
  /** Cycles per kernel call (one per item). */
  callCycles: PerKernel;
  /** Cycles per constant byte fetched through the flash cache (misses: wait states per line). */
  cyclesPerWeightByte: number;
  /** Size of the flash cache in front of the weights, 0 when there is none. */
  weightCacheBytes: number;
  /** Cycles per byte read plus written, for every kind (the analytic models' data movement). */
  cyclesPerByte: number;
  /** The executor's cycles around each item: taking it, its done flag, the wake-up of waiters. */
  overheadCycles: number;
  /** The executor's cycles per dependency checked before the item. */
  cyclesPerDep: number;
  /**
   * Slow-down of an item per other core of the board: the cores share the SRAM banks, the flash
   * and its cache, so an item takes (1 + contention x (cores - 1)) times its cycles alone ...
   */
  contention: number;
  /**
   * ... plus refetchContention x (cores - 1) times the miss cycles of weights it fetches again
   * (weights larger than the flash cache, once per pixel): with the other cores streaming too, the
   * cache holds even less and the misses queue for the one flash interface ...
   */
  refetchContention: number;
  /**
   * ... plus flashContention x (cores - 1) times its fills' queueing (model.ts queuedFillCycles):
   * one flash interface serves every core's fills one at a time (RP2040 datasheet §2.6.3: the XIP
   * block is one AHB-Lite slave, a fill holds it), so a fill that meets another core's waits for
   * it. 0 where each core's misses are its own (calibration samples without `sharedFlash`).
   */
  flashContention: number;
}

export type CostCoefficients = Record<BoardCoreType, CoreCoefficients>;

/** Every kind at `v`. */
export function perKernel(v: number): PerKernel {
  return Object.fromEntries(KERNEL_KINDS.map((k) => [k, v])) as PerKernel;
}

const per = (
  conv: number,
  depthwise: number,
  fc: number,
  pool: number,
  elementwise: number,
  softmax: number,
  reduce: number,
  copy: number,
): PerKernel => ({ conv, depthwise, fc, pool, elementwise, softmax, reduce, copy });

/** Every coefficient 0: the base the analytic sets and the fit fill in. */
export function zeroCoefficients(): CoreCoefficients {
  return {
    cyclesPerWork: perKernel(0),
    cyclesPerBorderWork: perKernel(0),
    cyclesPerOutput: perKernel(0),
    cyclesPerRow: perKernel(0),
    cyclesPerPixel: perKernel(0),
    callCycles: perKernel(0),
    cyclesPerWeightByte: 0,
    weightCacheBytes: 0,
    cyclesPerByte: 0,
    overheadCycles: 0,
    cyclesPerDep: 0,
    contention: 0,
    refetchContention: 0,
    flashContention: 0,
  };
}

/** Xtensa LX7's documented analytic estimate (no ISS to calibrate against). */
export const XTENSA_LX7_ANALYTIC: CoreCoefficients = {
  ...zeroCoefficients(),
  cyclesPerWork: per(0.15, 0.4, 0.15, 0.5, 6, 25, 1.0, 0.2),
  cyclesPerByte: 0.1,
  overheadCycles: 300,
};

/** Per core type: the calibrated set of its home board's memory system (Xtensa: analytic). */
export const DEFAULT_COEFFICIENTS: CostCoefficients = {
  'cortex-m0plus': CALIBRATED[HOME_MEMORY['cortex-m0plus']]!['cortex-m0plus']!,
  'cortex-m4': CALIBRATED[HOME_MEMORY['cortex-m4']]!['cortex-m4']!,
  'cortex-m33': CALIBRATED[HOME_MEMORY['cortex-m33']]!['cortex-m33']!,
  'cortex-m7': CALIBRATED[HOME_MEMORY['cortex-m7']]!['cortex-m7']!,
  hazard3: CALIBRATED[HOME_MEMORY.hazard3]!.hazard3!,
  'rv32imc-esp': CALIBRATED[HOME_MEMORY['rv32imc-esp']]!['rv32imc-esp']!,
  'rv32imac-esp': CALIBRATED[HOME_MEMORY['rv32imac-esp']]!['rv32imac-esp']!,
  'xtensa-lx7': XTENSA_LX7_ANALYTIC,
};

/**
 * ESP32-C3 / ESP32-C6 class RV32 cores as data. Espressif publishes no per-instruction timing table:
 * this is a Hazard3-like in-order model and every number below is *unverified* (platform facts:
 * "no public per-instruction table; use a Hazard3-like in-order model").
 *
 * Differences from hazard3.ts, all assumptions: no Zb*, no Zcb; no documented branch predictor, so
 * branches are statically predicted not taken (every taken branch costs the mispredict price).
 * Calibration anchor for later: ESP32-C3 CoreMark 2.56 /MHz (IRAM, -O3; espressif
 * idf-extra-components coremark README).
 */
import { HAZARD3, RiscvCoreModel } from './hazard3.js';

const SOURCE =
  'unverified: Hazard3-like in-order model (no public Espressif timing table); ' +
  'Hazard3 doc/sections/instruction_timings.adoc numbers, static not-taken branch prediction';

function espModel(name: string, extensions: RiscvCoreModel['extensions']): RiscvCoreModel {
  return RiscvCoreModel.parse({
    name,
    isa: 'rv32',
    extensions,
    elfMachine: 243,
    source: SOURCE,
    // Hazard3's prices, one for one (*unverified* for Espressif cores).
    timing: { ...HAZARD3.timing },
    riscv: {
      branchPredictor: 'static-not-taken', // *unverified*: no predictor documented
      clint: { base: 0x0200_0000, cyclesPerTick: 1 },
    },
  });
}

/** ESP32-C3 class: RV32IMC (+ Zicsr, Zifencei). */
export const RV32IMC_ESP: RiscvCoreModel = espModel('rv32imc-esp', [
  'i',
  'm',
  'zicsr',
  'zifencei',
  'zca',
]);

/** ESP32-C6 class (HP and LP cores): RV32IMAC (+ Zicsr, Zifencei). */
export const RV32IMAC_ESP: RiscvCoreModel = espModel('rv32imac-esp', [
  'i',
  'm',
  'a',
  'zicsr',
  'zifencei',
  'zca',
]);

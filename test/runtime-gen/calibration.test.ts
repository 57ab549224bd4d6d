/**
 * The calibrated cost model against the ISS: the committed coefficients are exactly the fit of the
 * committed measurements, and the compiler's estimate agrees with the latency the firmware measures
 * within 10% on a representative subset (bench/calibration.ts prints every model x board x
 * scheduler).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALIBRATED, HOME_MEMORY } from '../../compiler/cost/calibrated.js';
import { fitCoefficients, type CalibrationSamples } from '../../compiler/cost/fit.js';
import { coefficientsFor } from '../../compiler/cost/memory.js';
import { replayMakespan } from '../../compiler/cost/replay.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import type { Policy } from '../../compiler/schedule/index.js';
import { zooEntry } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import { runModel } from '../../scenarios/run-model.js';

const samples = JSON.parse(
  readFileSync(new URL('../../compiler/cost/calibration-samples.json', import.meta.url), 'utf8'),
) as CalibrationSamples;

describe('calibrated coefficients', () => {
  it('are the fit of the committed samples (npm run calibrate -- --fit-only regenerates them)', () => {
    const fit = fitCoefficients(samples);
    expect(fit.sets).toEqual(CALIBRATED);
    expect(samples.home).toEqual(HOME_MEMORY);
  });
});

/** Models x boards of the subset; the scheduler rotates so each policy runs on every board. */
const MODELS = ['lenet5', 'ds_cnn', 'fc_autoencoder', 'inception_like'];
const BOARDS: { name: string; sets?: string[] }[] = [
  { name: 'rp2040' },
  { name: 'stm32h755' },
  { name: 'generic', sets: ['cores=4', 'core=cortex-m4'] },
];
const SCHEDULERS: Policy[] = ['heft', 'ariel-cp', 'ariel-greedy'];

describe('estimate vs ISS latency', () => {
  let k = 0;
  for (const model of MODELS)
    for (const b of BOARDS) {
      const scheduler = SCHEDULERS[k++ % SCHEDULERS.length]!;
      it(`${model} on ${b.name}${b.sets ? ` ${b.sets.join(' ')}` : ''} (${scheduler}) within 10%`, () => {
        const g = zooEntry(model).build();
        const r = runModel(
          g,
          builtinBoard(b.name, b.sets),
          seededInput(g.tensors[g.inputs[0]!]!, 1),
          {
            scheduler,
            baseline: false,
          },
        );
        expect(r.bitExact).toBe(true);
        expect(Math.abs(r.estimatedMs / r.latencyMs - 1)).toBeLessThan(0.1);
      });
    }
});

/**
 * The compiler prices with each core type's home memory system; the nRF5340 keeps its weights in
 * SRAM where the RP2350 (the Cortex-M33's home) reads them through an XIP cache, so there only the
 * board's own coefficients agree: the schedule that ran, priced with coefficientsFor(board).
 */
describe('board-aware estimate vs ISS latency', () => {
  for (const model of ['lenet5', 'fc_autoencoder'])
    it(`${model} on nrf5340 (heft) within 10% with coefficientsFor(board)`, () => {
      const g = zooEntry(model).build();
      const board = builtinBoard('nrf5340');
      const r = runModel(g, board, seededInput(g.tensors[g.inputs[0]!]!, 1), {
        scheduler: 'heft',
        baseline: false,
      });
      const s = r.compiled.schedule;
      const cycles = replayMakespan(r.compiled.taskGraph, s, board.cores, coefficientsFor(board));
      const ms = (cycles / s.referenceClockHz) * 1e3;
      expect(Math.abs(ms / r.latencyMs - 1)).toBeLessThan(0.1);
    });
});

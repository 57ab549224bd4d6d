/**
 * The validator over the whole matrix: every zoo model and the four MLPerf Tiny models x every
 * scheduler (and ariel-greedy on IREE's workgroups) x 1, 2, 3, 4 and 8 cores x homogeneous and heterogeneous boards (plus the built-in
 * dual-core boards). Every schedule must validate, with its memory plan, and respect the lower bound.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arenaMemory } from '../../compiler/compile.js';
import { priceItems } from '../../compiler/cost/model.js';
import { importTflite } from '../../compiler/import/tflite.js';
import type { Graph } from '../../compiler/ir/graph.js';
import { planMemory } from '../../compiler/memory/planner.js';
import { partition } from '../../compiler/partition/partition.js';
import { partitionWorkgroups } from '../../compiler/partition/workgroups.js';
import { arielGreedy } from '../../compiler/schedule/ariel-greedy.js';
import { POLICIES, scheduleAll } from '../../compiler/schedule/index.js';
import { lowerBound } from '../../compiler/schedule/lower-bound.js';
import { validateSchedule } from '../../compiler/schedule/validate.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { builtinBoard } from '../../platforms/boards/registry.js';
import type { Board } from '../../platforms/boards/schema.js';
import { MLPERF_MODELS, SHARED_MODELS } from '../helpers/shared.js';

const HETERO = ['cortex-m7@480e6', 'cortex-m4@240e6', 'cortex-m33@150e6', 'hazard3@150e6'];

function boards(): [string, Board][] {
  const list: [string, Board][] = [];
  for (const n of [1, 2, 3, 4, 8]) {
    list.push([`${n} x cortex-m4`, builtinBoard('generic', [`cores=${n}`])]);
    const mix = Array.from({ length: n }, (_, i) => HETERO[i % HETERO.length]!).join(',');
    list.push([mix, builtinBoard('generic', [`cores=${mix}`])]);
  }
  for (const name of ['rp2040', 'stm32h755', 'esp32c6', 'nrf5340'])
    list.push([name, builtinBoard(name)]);
  return list;
}

function checkModel(g: Graph): void {
  for (const [label, board] of boards()) {
    const tg = partition(g, { cores: board.cores.length });
    priceItems(
      tg.items,
      board.cores.map((c) => c.type),
    );
    const { all } = scheduleAll(tg, board.cores, 'auto');
    expect(all.map((s) => s.policy)).toEqual([...POLICIES]);
    const arena = arenaMemory(
      board,
      board.cores.map((c) => c.id),
    );
    for (const s of all) {
      const at = `${g.name} on ${label} with ${s.policy}`;
      const plan = planMemory(g, tg, s, arena);
      expect(validateSchedule(g, tg, s, board.cores, plan), at).toEqual([]);
      expect(s.makespanCycles, at).toBeGreaterThanOrEqual(s.lowerBoundCycles);
      if (board.cores.length === 1) {
        const sum = tg.items.reduce((t, it) => t + it.cost[board.cores[0]!.type]!, 0);
        expect(s.makespanCycles, at).toBe(sum);
        // In op order (ariel-greedy) the plan is the TFLM-style one; list schedulers may interleave
        // tiles of consecutive ops, which keeps more buffers live.
        if (s.policy === 'ariel-greedy')
          expect(plan.arenaBytes, at).toBe(plan.report.singleCoreArenaBytes);
        else expect(plan.arenaBytes, at).toBeGreaterThanOrEqual(plan.report.singleCoreArenaBytes);
      }
    }
    // The baseline's own task graph: IREE's workgroups, scheduled by ariel-greedy.
    const wg = partitionWorkgroups(g);
    priceItems(
      wg.items,
      board.cores.map((c) => c.type),
    );
    const s = arielGreedy(wg, board.cores, lowerBound(wg, board.cores));
    const plan = planMemory(g, wg, s, arena);
    const at = `${g.name} on ${label} with ariel-greedy on IREE workgroups`;
    expect(validateSchedule(g, wg, s, board.cores, plan), at).toEqual([]);
    expect(s.makespanCycles, at).toBeGreaterThanOrEqual(s.lowerBoundCycles);
  }
}

describe('validator over the zoo', () => {
  for (const [name, entry] of Object.entries(ZOO)) it(name, () => checkModel(entry.build()));
});

const haveMlperf = existsSync(join(SHARED_MODELS, 'kws_ref_model.tflite'));
describe.skipIf(!haveMlperf)('validator over the MLPerf Tiny models', () => {
  for (const name of MLPERF_MODELS)
    it(name, () => {
      const path = join(SHARED_MODELS, `${name}.tflite`);
      checkModel(importTflite(new Uint8Array(readFileSync(path)), path));
    });
});

const OPS = join(SHARED_MODELS, 'ops');
describe.skipIf(!existsSync(OPS))('validator over the per-operator models', () => {
  it('every op model on 3 cores and on the STM32H755', () => {
    const files = readdirSync(OPS).filter((f) => f.endsWith('.tflite'));
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const f of files) {
      const g = importTflite(new Uint8Array(readFileSync(join(OPS, f))), f);
      for (const board of [builtinBoard('generic', ['cores=3']), builtinBoard('stm32h755')]) {
        const tg = partition(g, { cores: board.cores.length, itemsPerCore: 2, minWorkPerItem: 64 });
        priceItems(
          tg.items,
          board.cores.map((c) => c.type),
        );
        const arena = arenaMemory(
          board,
          board.cores.map((c) => c.id),
        );
        for (const s of scheduleAll(tg, board.cores, 'auto').all)
          expect(
            validateSchedule(g, tg, s, board.cores, planMemory(g, tg, s, arena)),
            `${f} ${s.policy}`,
          ).toEqual([]);
      }
    }
  });
});

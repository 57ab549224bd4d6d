/**
 * "Boards are data": every built-in board with an ISS, written to a JSON file and to a YAML file
 * under another name and read back as a user's board file, runs a model with every scheduler with
 * exactly the cycles, outputs and trace hash of the built-in board. Shared by one test file per
 * model, so that vitest spreads them over workers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { resolveBoard } from '../../cli/commands/board-option.js';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { POLICIES } from '../../compiler/schedule/index.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { BOARD_NAMES, builtinBoard } from '../../platforms/boards/registry.js';
import type { Board } from '../../platforms/boards/schema.js';
import { runModel, type RunResult } from '../../scenarios/run-model.js';

const dir = mkdtempSync(join(tmpdir(), 'arielsim-board-copies-'));

/** The built-in board saved as `<name>-copy.<ext>` with name `<name>-copy`, read back as a file. */
function copyOf(board: Board, ext: 'json' | 'yaml'): Board {
  const data = { ...board, name: `${board.name}-copy` };
  const path = join(dir, `${data.name}.${ext}`);
  writeFileSync(path, ext === 'json' ? JSON.stringify(data, null, 2) : stringify(data));
  return resolveBoard(path, []);
}

const outcome = (r: RunResult) => ({
  bitExact: r.bitExact,
  latencyCycles: r.latencyCycles,
  cores: r.cores,
  banks: r.banks,
  traceHash: r.traceHash,
  outputs: r.outputs.map((o) => Buffer.from(o).toString('hex')),
});

export function boardCopies(model: string): void {
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const g = ZOO[model]!.build();
  const input = seededInput(g.tensors[g.inputs[0]!]!, 3);
  const boards = BOARD_NAMES.map((n) => builtinBoard(n)).filter((b) => b.iss);
  describe(`${model} on a renamed copy of every built-in board`, () => {
    it.each(boards.flatMap((b) => POLICIES.map((p) => [b.name, p, b] as const)))(
      '%s with %s: same cycles, outputs and trace hash from JSON and YAML',
      (_name, scheduler, board) => {
        const run = (b: Board) => outcome(runModel(g, b, input, { scheduler, baseline: false }));
        const builtin = run(board);
        expect(builtin.bitExact).toBe(true);
        const json = copyOf(board, 'json');
        const yaml = copyOf(board, 'yaml');
        expect({ ...json, name: board.name }).toEqual(board);
        expect({ ...yaml, name: board.name }).toEqual(board);
        expect(run(json)).toEqual(builtin);
        expect(run(yaml)).toEqual(builtin);
      },
    );
  });
}

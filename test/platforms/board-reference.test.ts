/**
 * The README's "Write your own board" section: its reference table lists exactly the fields of the
 * zod schema (through the generated JSON Schema), and its worked example (an RP2040 with 4 cores and
 * 8 SRAM banks) loads, runs bit-exact on all four cores, and is printed by `boards --schema` rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { seededInput } from '../../compiler/ref/seeded-input.js';
import { ZOO } from '../../compiler/zoo/registry.js';
import { boardFieldPaths } from '../../platforms/boards/json-schema.js';
import { parseBoard } from '../../platforms/boards/schema.js';
import { runModel } from '../../scenarios/run-model.js';
import { arielsim, REPO } from '../helpers/cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('#### Write your own board'));

describe('README board-file reference', () => {
  it('lists every field of the schema, and nothing else', () => {
    const start = section.search(/\| field +\| meaning +\|/);
    const table = section.slice(start, section.indexOf('\n\n', start));
    const documented = [...table.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual(boardFieldPaths().sort());
  });

  it('the worked example runs zoo:lenet5 bit-exact on four cores with eight banks', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const board = parseBoard(parse(yaml), 'README rp2040-quad.yaml');
    expect(board.cores).toHaveLength(4);
    expect(board.memories.find((m) => m.name === 'SRAM')!.banks).toBe(8);
    const g = ZOO.lenet5!.build();
    const r = runModel(g, board, seededInput(g.tensors[g.inputs[0]!]!, 1), { baseline: false });
    expect(r.bitExact).toBe(true);
    expect(r.cores.map((c) => c.items > 0)).toEqual([true, true, true, true]);
    expect(r.banks.filter((b) => b.name.startsWith('SRAM')).length).toBeGreaterThanOrEqual(8);
  });

  it('boards --schema prints the JSON Schema of a board file', async () => {
    const r = await arielsim(['boards', '--schema']);
    expect(r.exitCode).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(
      expect.arrayContaining(['cores', 'memories', 'devices', 'boot']),
    );
  });
});

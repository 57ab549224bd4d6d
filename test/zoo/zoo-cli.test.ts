import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZoo } from '../../cli/commands/zoo.js';
import { DiagnosticError } from '../../common/diagnostics.js';
import { importTflite } from '../../compiler/import/tflite.js';
import { totalMacs } from '../../compiler/ir/stats.js';
import { ZOO_NAMES } from '../../compiler/zoo/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'arielsim-zoo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('arielsim zoo', () => {
  it('writes every zoo model as <dir>/<name>.tflite and reports what it wrote', () => {
    const out = join(dir, 'models');
    const report = writeZoo(out);
    expect(report.map((r) => r.name)).toEqual(ZOO_NAMES);
    expect(readdirSync(out).sort()).toEqual(ZOO_NAMES.map((n) => `${n}.tflite`).sort());
    for (const r of report) {
      expect(r.file).toBe(join(out, `${r.name}.tflite`));
      const bytes = new Uint8Array(readFileSync(r.file));
      expect(bytes.length).toBe(r.bytes);
      const g = importTflite(bytes, r.file);
      expect(g.ops.length).toBe(r.ops);
      expect(totalMacs(g)).toBe(r.macs);
    }
    expect(report.find((r) => r.name === 'resnet8')!.macs).toBe(12_501_632);
  });

  it('reports an unwritable directory as a diagnostic', () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    try {
      writeZoo(file);
      expect.unreachable('writeZoo should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      expect((e as DiagnosticError).diagnostics[0]!.code).toBe('io/not-a-directory');
    }
  });
});

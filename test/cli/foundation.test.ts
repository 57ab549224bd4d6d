import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arielsim } from '../helpers/cli.js';
import { HAVE_SHARED, SHARED_GOLDEN, SHARED_MODELS } from '../helpers/shared.js';

const KWS = join(SHARED_MODELS, 'kws_ref_model.tflite');
const tmp = () => mkdtempSync(join(tmpdir(), 'arielsim-cli-'));

describe('arielsim command: user mistakes', () => {
  it('rejects an unknown flag with status 2 and no stack trace', async () => {
    const r = await arielsim(['inspect', 'x.tflite', '--frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown command', async () => {
    const r = await arielsim(['frobnicate']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('names a missing model file', async () => {
    const r = await arielsim(['inspect', 'no/such/model.tflite']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('error[io/not-found] no/such/model.tflite: model file not found');
  });

  it('rejects a file that is not a TFLite model', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.tflite');
    writeFileSync(bad, 'definitely not a flatbuffer');
    const r = await arielsim(['inspect', bad]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('error[tflite/not-tflite]');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.skipIf(!HAVE_SHARED)('arielsim inspect and infer on KWS', () => {
  it('inspect prints the op table with MAC totals', async () => {
    const r = await arielsim(['inspect', KWS]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('total MACs        2,656,768');
    expect(r.stdout).toMatch(/12\s+SOFTMAX\s+\[1,12\]\s+\[1,12\]\s+0\s+0/);
  });

  it('inspect --json gives totals and per-op MACs', async () => {
    const r = await arielsim(['inspect', KWS, '--json']);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.totalMacs).toBe(2_656_768);
    expect(j.parameterBytes).toBe(24_376);
    expect(j.activationBytes).toBe(72_642);
    expect(j.ops).toHaveLength(13);
    // First conv: 25x5 outputs x 64 channels x a 10x4x1 kernel; 64x10x4 int8 weights + 64 int32 biases.
    expect(j.ops[0]).toEqual({
      index: 0,
      kind: 'CONV_2D',
      inputShapes: [[1, 49, 10, 1]],
      outputShape: [1, 25, 5, 64],
      macs: 320_000,
      parameterBytes: 2_816,
    });
    expect(j.inputs[0]).toMatchObject({
      name: 'input_1',
      shape: [1, 49, 10, 1],
      scale: 0.5847029089927673,
      zeroPoint: 83,
    });
  });

  it('infer reproduces the golden case00 output byte for byte', async () => {
    const dir = tmp();
    const out = join(dir, 'out.bin');
    const r = await arielsim([
      'infer',
      KWS,
      '--input',
      join(SHARED_GOLDEN, 'kws_ref_model/case00.input.bin'),
      '--output',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(readFileSync(out)).toEqual(
      readFileSync(join(SHARED_GOLDEN, 'kws_ref_model/case00.output.bin')),
    );
  });

  it('infer --json prints the output values', async () => {
    const dir = tmp();
    const out = join(dir, 'o.bin');
    const r = await arielsim([
      'infer',
      KWS,
      '--input',
      join(SHARED_GOLDEN, 'kws_ref_model/case01.input.bin'),
      '--output',
      out,
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    const j = JSON.parse(r.stdout);
    const golden = new Int8Array(
      readFileSync(join(SHARED_GOLDEN, 'kws_ref_model/case01.output.bin')),
    );
    expect(j.output.values).toEqual(Array.from(golden));
    expect(j.output.shape).toEqual([1, 12]);
    expect(j.rounding).toBe('double');
  });

  it('infer without --input uses a seeded input and saves it beside the output', async () => {
    const dir = tmp();
    const a = await arielsim(['infer', KWS, '--output', join(dir, 'a.bin')]);
    expect(a.exitCode).toBe(0);
    const b = await arielsim(['infer', KWS, '--output', join(dir, 'b.bin')]);
    expect(b.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'a.bin.input.bin'))).toHaveLength(490);
    expect(readFileSync(join(dir, 'a.bin.input.bin'))).toEqual(
      readFileSync(join(dir, 'b.bin.input.bin')),
    );
    expect(readFileSync(join(dir, 'a.bin'))).toEqual(readFileSync(join(dir, 'b.bin')));
  });

  it('infer rejects an input of the wrong size and writes nothing', async () => {
    const dir = tmp();
    const input = join(dir, 'in.bin');
    writeFileSync(input, new Uint8Array(100));
    const out = join(dir, 'out.bin');
    const r = await arielsim(['infer', KWS, '--input', input, '--output', out]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error[infer/input-size] ${input}: input file has 100 bytes; the model input "input_1" [1,49,10,1] int8 needs exactly 490`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('infer reports every bad option at once', async () => {
    const r = await arielsim(['infer', KWS, '--rounding', 'up', '--seed', 'x']);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.some((l) => l.startsWith('error[cli/bad-option] --output'))).toBe(true);
    expect(
      lines.some((l) =>
        l.startsWith('error[cli/bad-option] --rounding: must be "double" or "single"'),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith('error[cli/bad-option] --seed'))).toBe(true);
  });
});

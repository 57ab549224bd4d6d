/** Model inputs at the CLI boundary: raw input files checked against the model's input tensor. */
import { basename, dirname, extname, join } from 'node:path';
import { DiagnosticError } from '../common/diagnostics.js';
import { tensorBytes, type Tensor, type TensorData } from '../compiler/ir/graph.js';

/** `<dir>/<name>.<suffix><ext>` beside `outputPath`. */
export function siblingPath(outputPath: string, suffix: string): string {
  const ext = extname(outputPath);
  return join(dirname(outputPath), `${basename(outputPath, ext)}.${suffix}${ext || '.bin'}`);
}

export function decodeInput(
  t: Tensor,
  bytes: Uint8Array,
  where: string,
  command: string,
): TensorData {
  const expected = tensorBytes(t);
  if (bytes.length !== expected) {
    throw new DiagnosticError({
      code: `${command}/input-size`,
      where,
      message: `input file has ${bytes.length} bytes; the model input "${t.name}" [${t.shape}] ${t.dtype} needs exactly ${expected}`,
    });
  }
  const copy = bytes.slice().buffer;
  if (t.dtype === 'int8') return new Int8Array(copy);
  if (t.dtype === 'float32') return new Float32Array(copy);
  throw new DiagnosticError({
    code: `${command}/input-dtype`,
    where,
    message: `model input dtype ${t.dtype} is not supported`,
  });
}

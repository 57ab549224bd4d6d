/**
 * verifyGraph: the validity check run after import and between compiler passes. It proves the graph
 * is something arielsim's reference interpreter, compiler and int8 kernels can run: indices in
 * range, ops in a valid execution order, one writer per tensor, at least one graph output, tensors
 * within the kernels' rank and size limits (limits.ts) with valid quantisation (verify-tensors.ts),
 * and every op's operands, shapes, attributes and derived multipliers (verify-ops.ts). All problems
 * are reported together, each naming the tensor or op index and the reason, with the codes of
 * verify-codes.ts; `inspect` reports the same codes as `run`.
 */
import { DiagnosticBag } from '../../common/diagnostics.js';
import type { Graph, Tensor } from './graph.js';
import { checkOp } from './verify-ops.js';
import { GRAPH } from './verify-codes.js';
import { checkQuant, checkTensorShape } from './verify-tensors.js';

export { outSize } from './verify-ops.js';

/** The dtypes a graph input or output may have: what `infer` and `run` feed and read. */
const IO_DTYPES = new Set(['int8', 'float32']);

export function verifyGraph(g: Graph, where = g.name): void {
  const diags = new DiagnosticBag();
  const tensor = (id: number): Tensor | undefined =>
    Number.isInteger(id) && id >= 0 ? g.tensors[id] : undefined;
  /** Tensors whose shape is known sane: only their ops are checked further. */
  const sane = new Set<number>();
  g.tensors.forEach((t, i) => {
    const at = `${where}: tensor ${i} (${t.name})`;
    if (t.id !== i) diags.add(GRAPH.invalid, at, `has id ${t.id}`);
    const { problems, sizeOk } = checkTensorShape(t);
    if (sizeOk) problems.push(...checkQuant(t));
    for (const p of problems) diags.add(p.code, at, p.message);
    if (problems.length === 0) sane.add(i);
  });

  const available = new Set<number>();
  /** What each tensor is: 'input', 'constant', or the index of the op that writes it. */
  const writer = new Map<number, number | 'input' | 'constant'>();
  const describe = (w: number | 'input' | 'constant') =>
    w === 'input' ? 'a graph input' : w === 'constant' ? 'a constant' : `written by op ${w}`;
  const ioCheck = (ids: number[], what: 'input' | 'output') => {
    const seen = new Set<number>();
    for (const id of ids) {
      const t = tensor(id);
      if (t === undefined) diags.add(GRAPH.invalid, where, `graph ${what} ${id} does not exist`);
      else if (seen.has(id)) diags.add(GRAPH.invalid, where, `graph ${what} ${id} is listed twice`);
      else if (!IO_DTYPES.has(t.dtype))
        diags.add(
          GRAPH.dtype,
          `${where}: tensor ${id} (${t.name})`,
          `graph ${what} of dtype ${t.dtype}; arielsim feeds and reads int8 or float32 tensors`,
        );
      seen.add(id);
    }
  };
  ioCheck(g.inputs, 'input');
  ioCheck(g.outputs, 'output');
  for (const id of g.inputs) {
    const t = tensor(id);
    if (t === undefined) continue;
    if (t.data !== undefined)
      diags.add(GRAPH.invalid, where, `graph input ${id} (${t.name}) is a constant`);
    available.add(id);
    writer.set(id, 'input');
  }
  for (const t of g.tensors) {
    if (t.data === undefined) continue;
    available.add(t.id);
    if (!writer.has(t.id)) writer.set(t.id, 'constant');
  }
  if (g.outputs.length === 0)
    diags.add(GRAPH.noOutputs, where, 'the model has no outputs: nothing would be computed');

  g.ops.forEach((op, index) => {
    const at = `${where}: op ${index} (${op.kind})`;
    const before = diags.items.length;
    for (const id of op.inputs) {
      if (id === -1) continue;
      const t = tensor(id);
      if (t === undefined) diags.add(GRAPH.invalid, at, `input tensor ${id} does not exist`);
      else if (!available.has(id))
        diags.add(
          GRAPH.invalid,
          at,
          `input tensor ${id} (${t.name}) is read before any op writes it`,
        );
    }
    for (const id of op.outputs) {
      const t = tensor(id);
      if (t === undefined) {
        diags.add(GRAPH.invalid, at, `output tensor ${id} does not exist`);
        continue;
      }
      const other = writer.get(id);
      if (other !== undefined)
        diags.add(
          GRAPH.multipleWriters,
          at,
          `writes tensor ${id} (${t.name}), which is already ${describe(other)}; every tensor has one writer`,
        );
      else writer.set(id, index);
      if (op.inputs.includes(id))
        diags.add(GRAPH.invalid, at, `reads and writes tensor ${id} (${t.name})`);
    }
    const operands = [...op.inputs.filter((id) => id !== -1), ...op.outputs];
    if (diags.items.length === before && operands.every((id) => sane.has(id)))
      for (const p of checkOp(op, g)) diags.add(p.code, at, p.message);
    for (const id of op.outputs) available.add(id);
  });
  for (const id of g.outputs) {
    const t = tensor(id);
    if (t === undefined) continue;
    const w = writer.get(id);
    if (typeof w !== 'number')
      diags.add(
        GRAPH.invalid,
        where,
        `graph output ${id} (${t.name}) is ${w === undefined ? 'never written' : describe(w)}; outputs are written by an op`,
      );
  }
  diags.throwIfAny();
}

/**
 * verifyGraph: the validity check run after import and between compiler passes. It proves the graph is
 * well-formed for arielsim's int8 kernels: indices in range, ops in a valid execution order, operand
 * dtypes and quantisation present, and output shapes consistent with each op's attributes. All problems
 * are reported together, each naming the op index and the reason.
 */
import { DiagnosticBag } from '../../common/diagnostics.js';
import type { Graph, Op, Padding, Tensor } from './graph.js';
import { elementCount } from './graph.js';

export function verifyGraph(g: Graph, where = g.name): void {
  const diags = new DiagnosticBag();
  const tensor = (id: number): Tensor | undefined => g.tensors[id];
  g.tensors.forEach((t, i) => {
    if (t.id !== i) diags.add('graph/invalid', `${where}: tensor ${i}`, `has id ${t.id}`);
    if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) {
      diags.add('graph/invalid', `${where}: tensor ${i} (${t.name})`, `bad shape [${t.shape}]`);
    }
  });
  const available = new Set<number>();
  for (const id of g.inputs) {
    const t = tensor(id);
    if (t === undefined) diags.add('graph/invalid', where, `graph input ${id} does not exist`);
    else available.add(id);
  }
  for (const t of g.tensors) if (t.data !== undefined) available.add(t.id);

  g.ops.forEach((op, index) => {
    const at = `${where}: op ${index} (${op.kind})`;
    const problems: string[] = [];
    for (const id of op.inputs) {
      if (id === -1) continue;
      if (tensor(id) === undefined) problems.push(`input tensor ${id} does not exist`);
      else if (!available.has(id))
        problems.push(`input tensor ${id} (${tensor(id)!.name}) is read before any op writes it`);
    }
    for (const id of op.outputs) {
      if (tensor(id) === undefined) problems.push(`output tensor ${id} does not exist`);
    }
    if (problems.length === 0) problems.push(...checkOp(op, g));
    for (const p of problems) diags.add('graph/invalid', at, p);
    for (const id of op.outputs) available.add(id);
  });
  for (const id of g.outputs) {
    if (!available.has(id))
      diags.add('graph/invalid', where, `graph output ${id} is never written`);
  }
  diags.throwIfAny();
}

/** Output size of a windowed op along one axis (TFLite's ComputeOutSize). */
export function outSize(
  padding: Padding,
  inSize: number,
  filter: number,
  stride: number,
  dilation = 1,
): number {
  const effective = (filter - 1) * dilation + 1;
  return padding === 'SAME'
    ? Math.floor((inSize + stride - 1) / stride)
    : Math.floor((inSize - effective + stride) / stride);
}

function checkOp(op: Op, g: Graph): string[] {
  const p: string[] = [];
  const t = (i: number): Tensor | undefined =>
    op.inputs[i] === undefined || op.inputs[i] === -1 ? undefined : g.tensors[op.inputs[i]!];
  const out = g.tensors[op.outputs[0]!];
  const needInputs = (n: number) => {
    if (op.inputs.length < n || op.inputs.slice(0, n).some((i) => i === -1))
      p.push(`needs ${n} inputs`);
  };
  const int8Act = (x: Tensor | undefined, what: string) => {
    if (x === undefined) return;
    if (x.dtype !== 'int8') p.push(`${what} "${x.name}" is ${x.dtype}, expected int8`);
    else if (x.quant === undefined) p.push(`${what} "${x.name}" has no quantisation parameters`);
  };
  if (out === undefined) return ['has no output'];
  switch (op.kind) {
    case 'CONV_2D':
    case 'DEPTHWISE_CONV_2D': {
      needInputs(2);
      const [x, w, b] = [t(0), t(1), t(2)];
      int8Act(x, 'input');
      int8Act(out, 'output');
      if (w === undefined || w.data === undefined || w.dtype !== 'int8')
        p.push('weights must be constant int8');
      if (b !== undefined && (b.data === undefined || b.dtype !== 'int32'))
        p.push('bias must be constant int32');
      if (x && w && x.shape.length === 4 && w.shape.length === 4 && out.shape.length === 4) {
        const a = op.attrs;
        if (a.strideH < 1 || a.strideW < 1 || a.dilationH < 1 || a.dilationW < 1)
          p.push('strides and dilations must be >= 1');
        const oh = outSize(a.padding, x.shape[1]!, w.shape[1]!, a.strideH, a.dilationH);
        const ow = outSize(a.padding, x.shape[2]!, w.shape[2]!, a.strideW, a.dilationW);
        if (out.shape[1] !== oh || out.shape[2] !== ow)
          p.push(`output is [${out.shape}], the attributes give height ${oh} width ${ow}`);
        const cout = op.kind === 'CONV_2D' ? w.shape[0] : w.shape[3];
        if (out.shape[3] !== cout)
          p.push(`output has ${out.shape[3]} channels, the weights give ${cout}`);
        if (op.kind === 'CONV_2D' && x.shape[3] !== w.shape[3])
          p.push(`input has ${x.shape[3]} channels, the weights expect ${w.shape[3]}`);
        if (
          op.kind === 'DEPTHWISE_CONV_2D' &&
          w.shape[3] !== x.shape[3]! * op.attrs.depthMultiplier
        ) {
          p.push(
            `weights have ${w.shape[3]} channels, input ${x.shape[3]} x depth multiplier ${op.attrs.depthMultiplier}`,
          );
        }
      } else if (x && w) p.push('input, weights and output must be 4-D');
      break;
    }
    case 'FULLY_CONNECTED': {
      needInputs(2);
      const [x, w, b] = [t(0), t(1), t(2)];
      int8Act(x, 'input');
      int8Act(out, 'output');
      if (w === undefined || w.data === undefined || w.dtype !== 'int8' || w.shape.length !== 2)
        p.push('weights must be constant int8 [out, in]');
      else if (x && elementCount(x.shape) % w.shape[1]! !== 0)
        p.push(`input of ${elementCount(x.shape)} elements is not a multiple of ${w.shape[1]}`);
      if (b !== undefined && (b.data === undefined || b.dtype !== 'int32'))
        p.push('bias must be constant int32');
      break;
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      needInputs(1);
      const x = t(0);
      int8Act(x, 'input');
      int8Act(out, 'output');
      if (x && x.shape.length === 4 && out.shape.length === 4) {
        const a = op.attrs;
        const oh = outSize(a.padding, x.shape[1]!, a.filterH, a.strideH);
        const ow = outSize(a.padding, x.shape[2]!, a.filterW, a.strideW);
        if (out.shape[1] !== oh || out.shape[2] !== ow || out.shape[3] !== x.shape[3])
          p.push(
            `output is [${out.shape}], the attributes give [${x.shape[0]},${oh},${ow},${x.shape[3]}]`,
          );
      }
      break;
    }
    case 'ADD':
    case 'MUL':
      needInputs(2);
      int8Act(t(0), 'input 0');
      int8Act(t(1), 'input 1');
      int8Act(out, 'output');
      break;
    case 'CONCATENATION':
      op.inputs.forEach((_, i) => int8Act(t(i), `input ${i}`));
      int8Act(out, 'output');
      break;
    case 'RESHAPE':
      needInputs(1);
      if (t(0) && elementCount(t(0)!.shape) !== elementCount(out.shape))
        p.push(`reshapes ${elementCount(t(0)!.shape)} elements into [${out.shape}]`);
      break;
    case 'PAD':
      needInputs(2);
      int8Act(t(0), 'input');
      if (t(1)?.data === undefined) p.push('paddings must be a constant');
      break;
    case 'MEAN':
      needInputs(2);
      int8Act(t(0), 'input');
      int8Act(out, 'output');
      if (t(1)?.data === undefined) p.push('axes must be a constant');
      break;
    case 'QUANTIZE':
      needInputs(1);
      if (t(0) && t(0)!.dtype !== 'float32' && t(0)!.dtype !== 'int8')
        p.push(`input is ${t(0)!.dtype}, expected float32 or int8`);
      int8Act(out, 'output');
      break;
    case 'DEQUANTIZE':
      needInputs(1);
      int8Act(t(0), 'input');
      if (out.dtype !== 'float32') p.push(`output is ${out.dtype}, expected float32`);
      break;
    case 'SOFTMAX':
    case 'LOGISTIC':
    case 'TANH':
      needInputs(1);
      int8Act(t(0), 'input');
      int8Act(out, 'output');
      break;
  }
  return p;
}

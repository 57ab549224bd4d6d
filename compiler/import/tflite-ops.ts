/** Builtin options of each supported TFLite operator -> typed op attributes of the Graph IR. */
import type { DiagnosticBag } from '../../common/diagnostics.js';
import type { Activation, Op, OpKind, Padding, Tensor } from '../ir/graph.js';
import type { FbTable } from './flatbuffer-table.js';
import * as S from './tflite-schema.js';

const KIND_OF_CODE = new Map<number, OpKind>(
  Object.entries(S.BUILTIN_CODE).map(([kind, code]) => [code, kind as OpKind]),
);

export const SUPPORTED_CODES: ReadonlySet<number> = new Set(KIND_OF_CODE.keys());

export function readOp(
  code: number,
  opt: FbTable,
  inputs: number[],
  outputs: number[],
  tensors: Tensor[],
  at: string,
  diags: DiagnosticBag,
): Op | undefined {
  const kind = KIND_OF_CODE.get(code)!;
  const o = opt.table(S.Operator.builtinOptions);
  const activation = (slot: number): Activation => {
    const v = o?.i8(slot) ?? 0;
    const name = S.ACTIVATION_NAMES[v];
    if (name === 'NONE' || name === 'RELU' || name === 'RELU6' || name === 'RELU_N1_TO_1')
      return name;
    diags.add(
      'tflite/unsupported-activation',
      at,
      `fused activation ${name ?? v} is not supported`,
    );
    return 'NONE';
  };
  const padding = (slot: number): Padding => {
    const v = o?.i8(slot) ?? 0;
    return S.PADDING_NAMES[v] ?? 'SAME';
  };
  const base = { inputs, outputs };
  switch (kind) {
    case 'CONV_2D': {
      const f = S.Conv2DOptions;
      return {
        kind,
        ...base,
        attrs: {
          padding: padding(f.padding),
          strideW: o?.i32(f.strideW) ?? 1,
          strideH: o?.i32(f.strideH) ?? 1,
          dilationW: o?.i32(f.dilationW, 1) ?? 1,
          dilationH: o?.i32(f.dilationH, 1) ?? 1,
          activation: activation(f.activation),
        },
      };
    }
    case 'DEPTHWISE_CONV_2D': {
      const f = S.DepthwiseConv2DOptions;
      // depth_multiplier is redundant in the schema: derive it from the shapes, as TFLM does.
      const cin = tensors[inputs[0]!]?.shape[3] ?? 1;
      const cout = tensors[inputs[1]!]?.shape[3] ?? cin;
      return {
        kind,
        ...base,
        attrs: {
          padding: padding(f.padding),
          strideW: o?.i32(f.strideW) ?? 1,
          strideH: o?.i32(f.strideH) ?? 1,
          dilationW: o?.i32(f.dilationW, 1) ?? 1,
          dilationH: o?.i32(f.dilationH, 1) ?? 1,
          depthMultiplier: cin > 0 ? Math.max(1, Math.floor(cout / cin)) : 1,
          activation: activation(f.activation),
        },
      };
    }
    case 'FULLY_CONNECTED': {
      const f = S.FullyConnectedOptions;
      if ((o?.i8(f.weightsFormat) ?? 0) !== 0) {
        diags.add(
          'tflite/unsupported-option',
          at,
          'shuffled FULLY_CONNECTED weights are not supported',
        );
      }
      return {
        kind,
        ...base,
        attrs: {
          activation: activation(f.activation),
          keepNumDims: o?.bool(f.keepNumDims) ?? false,
        },
      };
    }
    case 'AVERAGE_POOL_2D':
    case 'MAX_POOL_2D': {
      const f = S.Pool2DOptions;
      return {
        kind,
        ...base,
        attrs: {
          padding: padding(f.padding),
          strideW: o?.i32(f.strideW) ?? 1,
          strideH: o?.i32(f.strideH) ?? 1,
          filterW: o?.i32(f.filterW) ?? 1,
          filterH: o?.i32(f.filterH) ?? 1,
          activation: activation(f.activation),
        },
      };
    }
    case 'ADD':
      return { kind, ...base, attrs: { activation: activation(S.AddOptions.activation) } };
    case 'MUL':
      return { kind, ...base, attrs: { activation: activation(S.MulOptions.activation) } };
    case 'RESHAPE': {
      const newShape = o?.i32s(S.ReshapeOptions.newShape);
      return { kind, ...base, attrs: newShape === undefined ? {} : { newShape } };
    }
    case 'SOFTMAX':
      return { kind, ...base, attrs: { beta: o?.f32(S.SoftmaxOptions.beta) ?? 0 } };
    case 'CONCATENATION':
      return {
        kind,
        ...base,
        attrs: {
          axis: o?.i32(S.ConcatenationOptions.axis) ?? 0,
          activation: activation(S.ConcatenationOptions.activation),
        },
      };
    case 'MEAN':
      return { kind, ...base, attrs: { keepDims: o?.bool(S.ReducerOptions.keepDims) ?? false } };
    case 'PAD':
    case 'QUANTIZE':
    case 'DEQUANTIZE':
    case 'LOGISTIC':
    case 'TANH':
      return { kind, ...base, attrs: {} };
  }
}

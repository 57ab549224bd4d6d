/**
 * The diagnostic codes of verifyGraph (part of the CLI contract: `error[<code>]`). Every model
 * problem the verifier finds gets one of these, at `inspect` as at `compile`, `infer` and `run`.
 */
export const GRAPH = {
  /** Structure: tensor and op indices, operand counts, execution order, graph inputs/outputs. */
  invalid: 'graph/invalid',
  /** The graph has no outputs. */
  noOutputs: 'graph/no-outputs',
  /** A tensor written by two ops, or an op writing a graph input or a constant. */
  multipleWriters: 'graph/multiple-writers',
  /** Shapes that disagree with each other or with the op's attributes. */
  shape: 'graph/shape',
  /** A rank the kernels cannot index (see limits.ts). */
  rank: 'graph/rank',
  /** A tensor above the size limit (see limits.ts). */
  tensorTooLarge: 'graph/tensor-too-large',
  /** An operand of the wrong element type, or weights that are not constant. */
  dtype: 'graph/dtype',
  /** Missing or invalid quantisation parameters. */
  quantization: 'graph/quantization',
  /** An op attribute out of range (stride, dilation, filter size, axis, beta). */
  attribute: 'graph/attribute',
  /** A derived multiplier, shift or index that does not fit the kernels' int32 parameter words. */
  paramRange: 'graph/param-range',
} as const;

export type GraphCode = (typeof GRAPH)[keyof typeof GRAPH];

/** One problem of a tensor or an op; the verifier adds where it is. */
export interface Problem {
  code: GraphCode;
  message: string;
}

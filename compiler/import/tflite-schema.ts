/**
 * The parts of the TFLite flatbuffer schema (v3) the importer reads: field slots and enums. Source:
 * tensorflow/compiler/mlir/lite/schema/schema.fbs in tensorflow/tflite-micro. A field's slot is its
 * declaration index in the table (a union takes two: its `_type` and its value).
 */

export const FILE_IDENTIFIER = 'TFL3';

export const Model = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
} as const;
export const OperatorCode = {
  deprecatedBuiltinCode: 0,
  customCode: 1,
  version: 2,
  builtinCode: 3,
} as const;
export const SubGraph = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
export const Tensor = {
  shape: 0,
  type: 1,
  buffer: 2,
  name: 3,
  quantization: 4,
  isVariable: 5,
  sparsity: 6,
  externalBuffer: 10,
} as const;
export const Quantization = {
  min: 0,
  max: 1,
  scale: 2,
  zeroPoint: 3,
  detailsType: 4,
  quantizedDimension: 6,
} as const;
export const Buffer = { data: 0, offset: 1, size: 2 } as const;
export const Operator = {
  opcodeIndex: 0,
  inputs: 1,
  outputs: 2,
  builtinOptionsType: 3,
  builtinOptions: 4,
  customOptions: 5,
} as const;

// Builtin option tables, by field slot.
export const Conv2DOptions = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  activation: 3,
  dilationW: 4,
  dilationH: 5,
} as const;
export const DepthwiseConv2DOptions = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  depthMultiplier: 3,
  activation: 4,
  dilationW: 5,
  dilationH: 6,
} as const;
export const Pool2DOptions = {
  padding: 0,
  strideW: 1,
  strideH: 2,
  filterW: 3,
  filterH: 4,
  activation: 5,
} as const;
export const FullyConnectedOptions = { activation: 0, weightsFormat: 1, keepNumDims: 2 } as const;
export const SoftmaxOptions = { beta: 0 } as const;
export const ConcatenationOptions = { axis: 0, activation: 1 } as const;
export const AddOptions = { activation: 0 } as const;
export const MulOptions = { activation: 0 } as const;
export const ReshapeOptions = { newShape: 0 } as const;
export const ReducerOptions = { keepDims: 0 } as const;

/** BuiltinOptions union member numbers (declaration index + 1) of the option tables arielsim uses. */
export const BuiltinOptionsType = {
  NONE: 0,
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  ConcatenationOptions: 10,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
  PadOptions: 22,
  ReducerOptions: 27,
  DequantizeOptions: 38,
  QuantizeOptions: 89,
} as const;

/** TensorType enum values, index = value. */
export const TENSOR_TYPE_NAMES = [
  'FLOAT32', 'FLOAT16', 'INT32', 'UINT8', 'INT64', 'STRING', 'BOOL', 'INT16', 'COMPLEX64', 'INT8',
  'FLOAT64', 'COMPLEX128', 'UINT64', 'RESOURCE', 'VARIANT', 'UINT32', 'UINT16', 'INT4', 'BFLOAT16',
  'INT2', 'UINT4', 'FLOAT8_E4M3FN', 'FLOAT8_E5M2',
] as const; // prettier-ignore

export const TensorType = {
  FLOAT32: 0,
  INT32: 2,
  UINT8: 3,
  INT64: 4,
  BOOL: 6,
  INT16: 7,
  INT8: 9,
} as const;

export const PADDING_NAMES = ['SAME', 'VALID'] as const;
/** ActivationFunctionType, index = value (TANH and SIGN_BIT are not fusable in the int8 kernels). */
export const ACTIVATION_NAMES = [
  'NONE',
  'RELU',
  'RELU_N1_TO_1',
  'RELU6',
  'TANH',
  'SIGN_BIT',
] as const;

/** BuiltinOperator enum names, index = value (0..161), used to name unsupported ops. */
export const BUILTIN_OPERATOR_NAMES = [
  'ADD', 'AVERAGE_POOL_2D', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTH_TO_SPACE',
  'DEQUANTIZE', 'EMBEDDING_LOOKUP', 'FLOOR', 'FULLY_CONNECTED', 'HASHTABLE_LOOKUP', 'L2_NORMALIZATION',
  'L2_POOL_2D', 'LOCAL_RESPONSE_NORMALIZATION', 'LOGISTIC', 'LSH_PROJECTION', 'LSTM', 'MAX_POOL_2D',
  'MUL', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'RESHAPE', 'RESIZE_BILINEAR', 'RNN', 'SOFTMAX',
  'SPACE_TO_DEPTH', 'SVDF', 'TANH', 'CONCAT_EMBEDDINGS', 'SKIP_GRAM', 'CALL', 'CUSTOM',
  'EMBEDDING_LOOKUP_SPARSE', 'PAD', 'UNIDIRECTIONAL_SEQUENCE_RNN', 'GATHER', 'BATCH_TO_SPACE_ND',
  'SPACE_TO_BATCH_ND', 'TRANSPOSE', 'MEAN', 'SUB', 'DIV', 'SQUEEZE', 'UNIDIRECTIONAL_SEQUENCE_LSTM',
  'STRIDED_SLICE', 'BIDIRECTIONAL_SEQUENCE_RNN', 'EXP', 'TOPK_V2', 'SPLIT', 'LOG_SOFTMAX', 'DELEGATE',
  'BIDIRECTIONAL_SEQUENCE_LSTM', 'CAST', 'PRELU', 'MAXIMUM', 'ARG_MAX', 'MINIMUM', 'LESS', 'NEG',
  'PADV2', 'GREATER', 'GREATER_EQUAL', 'LESS_EQUAL', 'SELECT', 'SLICE', 'SIN', 'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE', 'TILE', 'EXPAND_DIMS', 'EQUAL', 'NOT_EQUAL', 'LOG', 'SUM', 'SQRT', 'RSQRT', 'SHAPE',
  'POW', 'ARG_MIN', 'FAKE_QUANT', 'REDUCE_PROD', 'REDUCE_MAX', 'PACK', 'LOGICAL_OR', 'ONE_HOT',
  'LOGICAL_AND', 'LOGICAL_NOT', 'UNPACK', 'REDUCE_MIN', 'FLOOR_DIV', 'REDUCE_ANY', 'SQUARE',
  'ZEROS_LIKE', 'FILL', 'FLOOR_MOD', 'RANGE', 'RESIZE_NEAREST_NEIGHBOR', 'LEAKY_RELU',
  'SQUARED_DIFFERENCE', 'MIRROR_PAD', 'ABS', 'SPLIT_V', 'UNIQUE', 'CEIL', 'REVERSE_V2', 'ADD_N',
  'GATHER_ND', 'COS', 'WHERE', 'RANK', 'ELU', 'REVERSE_SEQUENCE', 'MATRIX_DIAG', 'QUANTIZE',
  'MATRIX_SET_DIAG', 'ROUND', 'HARD_SWISH', 'IF', 'WHILE', 'NON_MAX_SUPPRESSION_V4',
  'NON_MAX_SUPPRESSION_V5', 'SCATTER_ND', 'SELECT_V2', 'DENSIFY', 'SEGMENT_SUM', 'BATCH_MATMUL',
  'PLACEHOLDER_FOR_GREATER_OP_CODES', 'CUMSUM', 'CALL_ONCE', 'BROADCAST_TO', 'RFFT2D', 'CONV_3D', 'IMAG',
  'REAL', 'COMPLEX_ABS', 'HASHTABLE', 'HASHTABLE_FIND', 'HASHTABLE_IMPORT', 'HASHTABLE_SIZE',
  'REDUCE_ALL', 'CONV_3D_TRANSPOSE', 'VAR_HANDLE', 'READ_VARIABLE', 'ASSIGN_VARIABLE', 'BROADCAST_ARGS',
  'RANDOM_STANDARD_NORMAL', 'BUCKETIZE', 'RANDOM_UNIFORM', 'MULTINOMIAL', 'GELU',
  'DYNAMIC_UPDATE_SLICE', 'RELU_0_TO_1', 'UNSORTED_SEGMENT_PROD', 'UNSORTED_SEGMENT_MAX',
  'UNSORTED_SEGMENT_SUM', 'ATAN2', 'UNSORTED_SEGMENT_MIN', 'SIGN', 'BITCAST', 'BITWISE_XOR',
  'RIGHT_SHIFT',
] as const; // prettier-ignore

export function builtinOperatorName(code: number): string {
  return BUILTIN_OPERATOR_NAMES[code] ?? `BUILTIN_${code}`;
}

/** The builtin code of each op kind arielsim supports. */
export const BUILTIN_CODE = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RESHAPE: 22,
  SOFTMAX: 25,
  TANH: 28,
  PAD: 34,
  MEAN: 40,
  QUANTIZE: 114,
} as const;

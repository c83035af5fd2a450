/**
 * Tensors with reverse-mode autodiff: the only entry point of src/tensor.
 * Importing this module also attaches the op methods to `Tensor.prototype`.
 */
import './methods.js';

export { Tensor, noGrad, isGradEnabled, setCheckFinite, getCheckFinite, handOver, gradStore, setGradStore, type BackwardFn } from './tensor.js';
export { tensor, zeros, ones, full, zerosLike, onesLike, randn, rand, arange, eye, type TensorOptions, type TensorData, type NestedArray } from './creation.js';
export { add, sub, mul, div, pow, maximum, minimum, where, type Operand } from './ops/binary.js';
export { neg, exp, log, sqrt, abs, clamp } from './ops/unary.js';
export { relu, leakyRelu, elu, gelu, tanh, sigmoid, softplus } from './ops/activation.js';
export { erf } from './ops/erf.js';
export { sum, mean, max, min, type Axes } from './ops/reduce.js';
export { matmul } from './ops/matmul.js';
export { reshape, transpose, permute, expand, squeeze, unsqueeze, slice, concat, stack } from './ops/shape-ops.js';
export { gather, indexSelect, type Indices } from './ops/index-ops.js';
export { softmax, logSoftmax, crossEntropy } from './ops/softmax.js';
export { mse, bce, bceWithLogits } from './ops/loss.js';
export { customOp } from './custom-op.js';
export { checkGrad, type CheckGradOptions, type CheckGradResult } from './check-grad.js';
export { kernels, kernel, setKernels, referenceKernels, wasmKernels, residentArray, residentTypedArray, residentCopy } from './kernels/registry.js';
export type { WasmKernels } from './kernels/wasm.js';
export type { ResidentType, ResidentView } from './kernels/resident.js';
export { setNumThreads, numThreads, setThreadSpawner } from './kernels/threads.js';
export { WORKER_LOOP_SOURCE, type WorkerSpawner, type WorkerInit, type WorkerHandle } from './kernels/pool.js';
export type { Kernels, GemmParams, SgdParams, AdamParams, GemmActivation, ConvGeometry, LifStepParams, Conv2dForwardParams, Conv2dBackwardParams, MaxPoolParams, FusedKernelName, RnnSeqParams } from './kernels/types.js';
export type { BinaryOpName } from './kernels/fused.js';
export { formatValues, type FormatOptions } from './format.js';

export { sizeOf, broadcastShapes, type Shape } from './shape.js';

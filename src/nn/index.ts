/**
 * Neural-network layers on the tensor engine: `Module` (a named parameter tree),
 * layers, init schemes, optimizers, lr schedulers and the safetensors format.
 */
export {
  Module,
  StateDictKeyError,
  type AnyModule,
  type TensorRecord,
  type StateDict,
  type LoadStateDictResult,
} from './module.js';
export { Linear, linear, type LinearOptions } from './linear.js';
export { RNNCell, rnnCell, type RNNCellOptions } from './rnn-cell.js';
export { Conv2d, conv2d, type Conv2dOptions, type Conv2dLayerOptions, type Size2 } from './conv.js';
export { MaxPool2d, maxPool2d } from './pool.js';
export { ReLU, LeakyReLU, ELU, GELU, Tanh, Sigmoid, Softplus } from './activation.js';
export { Sequential, Flatten } from './sequential.js';
export { Dropout } from './dropout.js';
export { argmax, accuracy, argmaxRows, countCorrect } from './metrics.js';
export {
  calculateGain,
  calculateFans,
  kaimingUniform,
  kaimingNormal,
  xavierUniform,
  xavierNormal,
  orthogonal,
  uniformInit,
  initLayer,
  type Nonlinearity,
  type FanMode,
  type KaimingOptions,
  type GainOptions,
  type WeightInit,
} from './init.js';
export { Optimizer, type OptimizerStateDict, type ParamState } from './optim/optimizer.js';
export { SGD, type SgdOptions } from './optim/sgd.js';
export { Adam, AdamW, type AdamOptions } from './optim/adam.js';
export { StepLR, CosineAnnealingLR, ReduceLROnPlateau, type PlateauOptions, type SchedulerStateDict } from './optim/scheduler.js';
export {
  encodeSafetensors,
  decodeSafetensors,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsContents,
} from './safetensors.js';
export { svd, singularValues, symEig, type Svd, type SymEig, type JacobiOptions } from './linalg.js';
export { LoraLinear, applyLora, mergeLora, loraParameterCount, type LoraOptions } from './lora.js';

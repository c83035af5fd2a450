export { createRng, defaultRng, manualSeed, Rng, type RngState } from './rng.js';
export {
  NeuroError,
  ShapeError,
  ConfigError,
  NonFiniteError,
  ParseError,
  ArgumentError,
  LimitError,
  invariant,
  describeValue,
  type ErrorCode,
  type ErrorDetails,
} from './errors.js';
export { resolveConfig, nearest, didYouMean, unknownKeyError, type ConfigSchema, type NumberRange } from './config.js';

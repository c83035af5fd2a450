/**
 * neuromorph: neuroscience-inspired neural networks on one composable core.
 * This is the browser-safe public API; Node-only adapters (dataset files,
 * checkpoints, safetensors files) are in `neuromorph/node`.
 */
export * from './util/index.js';
export * from './tensor/index.js';
export * from './nn/index.js';
export * from './data/index.js';
export * from './experiment/index.js';
export * from './dynamics/index.js';
export * from './mechanisms/sdr/index.js';
export * from './spiking/index.js';
export * from './circuit/index.js';
export * from './mechanisms/stdp/index.js';
export * from './mechanisms/nested/index.js';
export * from './envs/index.js';
export * from './mechanisms/ncap/index.js';
export * from './mechanisms/perforated/index.js';
export * from './mechanisms/sfq/index.js';
export * from './mechanisms/taugate/index.js';
export * from './mechanisms/low-rank/index.js';
export * from './mechanisms/homeostatic/index.js';

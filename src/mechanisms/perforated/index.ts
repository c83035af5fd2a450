/**
 * Perforated backpropagation: dendrite nodes added to the neurons of an existing
 * network, trained by a cascade-correlation objective, frozen, in cycles.
 *
 * Paper: R. Brenner, L. Itti, "Perforated Backpropagation: A Neuroscience
 * Inspired Extension to Artificial Neural Networks" (2025).
 * https://arxiv.org/abs/2501.18018 — ancestor: S. E. Fahlman, C. Lebiere,
 * "The Cascade-Correlation Learning Architecture", CMU-CS-90-100 (1990).
 *
 * Forward (neuron j of a wrapped Linear/Conv2d, K installed sets, φ outside):
 *   d_{k,j} = sigmoid(D_k(x)_j + Σ_{m<k} u_{k,m,j}·d_{m,j}),   a_j = N(x)_j + Σ_k w_{k,j}·d_{k,j}
 * Correlation phase (neuron weights and every w frozen): each neuron's candidate
 * ascends |cov_j| = |E[(V_j − V̄_j)(δ_j − δ̄_j)]|, δ_j = ∂L/∂a_j tapped in the
 * backward pass, with EMA statistics (β = 0.99) after warm-up batches; the
 * candidate never changes the output. Neuron phase: the candidates are installed
 * with frozen input/cascade weights and w = 0; installed dendrites are computed
 * off the tape ("perforated": no gradient reaches or crosses them); the neuron
 * weights and the newest w train by backprop. Cycles: switch after
 * `switchPatienceEpochs` without a new best validation score, reloading the best
 * checkpoint; a cycle that sets no new best is reverted and retried with fresh
 * candidates up to `maxDendriteTries` times, then training is complete.
 * `mode: 'gradient'` is the open-source build: no correlation phase, a new set
 * trains jointly by gradient descent.
 *
 * Deviations: δ̄ is a live EMA during the correlation phase (the reference takes
 * it from the preceding neuron phase); candidates are installed with their final
 * (not best-|cov|) weights; one candidate per neuron (no pool); no learning-rate
 * sweep after restructures; every wrapped layer gains a set at the same time.
 * The mechanism's non-test code (~900 lines, six files) exceeds the 400-line
 * guideline because it covers two phases, a tracker and save/load.
 */
export { perforate, Perforated, type PerforatedPhase, type EpochEndResult, type EpochRecord, type CycleRecord } from './tracker.js';
export { PERFORATED_DEFAULTS, type PerforatedConfig, type DendriteMode, type OptimizerFactory } from './config.js';
export { DendriteLayer, DendriteSet, type NeuronModule, type DendriteInit } from './layer.js';
export { CorrelationStats } from './correlation.js';
export { encodePerforated, restorePerforated, perforatedStructure, dendriteLayers, type PerforatedStructure } from './structure.js';

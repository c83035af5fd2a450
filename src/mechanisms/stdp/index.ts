/**
 * Paper 7's mechanism: supervised STDP with homeostasis detects spatial patterns
 * (all active inputs at one instant) in one presentation. A teacher spike after
 * the pattern lets pair-based STDP potentiate the pattern's active inputs onto its
 * output neuron; synaptic scaling of each output's incoming weights (homeostasis)
 * sets how much of the learnt pattern must be present to fire. Runs on the spiking
 * engine (`src/spiking`), whose STDP synapses and synaptic scaling it configures.
 *
 * Paper: T. Davies, A. Gait, A. Rowley, A. Di Nuovo, "Supervised learning of
 * spatial features with STDP and homeostasis using Spiking Neural Networks on
 * SpiNNaker" (2023). https://arxiv.org/abs/2312.02659
 */
export { spatialPatternDetector, SPATIAL_DETECTOR_DEFAULTS, type SpatialDetectorConfig, type SpatialPatternDetector } from './detector.js';

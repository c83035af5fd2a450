/**
 * Spiking networks in the PyNN mould: LIF populations with exact sub-threshold
 * integration, spike sources, sparse projections with delays, pair-based STDP
 * with homeostasis (adaptive threshold, synaptic scaling), recording, and NIR
 * interchange. The entry factory is {@link stdp} (the learning rule); networks
 * are described with {@link network} and compiled with `build(rng)`.
 *
 * Paper: S. Davies, A. Gait, A. Rowley, A. Di Nuovo, "Supervised learning of
 * spatial features with STDP and homeostasis using Spiking Neural Networks on
 * SpiNNaker", Neurocomputing 611 (2025) 128650. https://arxiv.org/abs/2312.02659
 *
 * Update rule (pair STDP via traces, τ+ x' = −x, τ− y' = −y):
 *   pre arrival:  w ← clip(w − F−(w)·y_post), x_pre ← x_pre + 1 (or 1 for nearest pairing)
 *   post spike:   w ← clip(w + F+(w)·x_pre),  y_post ← y_post + 1 (or 1)
 *   additive F± = A±·(wMax − wMin); multiplicative F+ = A+(wMax − w), F− = A−(w − wMin).
 * Neurons: IF_curr_delta / IF_curr_exp (exact propagators, NEST) and IF_cond_exp
 * (exponential Euler with step-mean conductances); optional adaptive threshold.
 *
 * Deviations: STDP acts immediately on arrival and on post spikes (NEST/Brian2),
 * not deferred to the next presynaptic spike as on sPyNNaker (so no "save"
 * pulse is needed); float64 weights instead of SpiNNaker fixed point; plastic
 * projections need one delay for all their synapses; weights are non-negative
 * magnitudes and the receptor sets the sign (sPyNNaker's convention). The
 * mechanism spans several files (> 400 lines) because it is a simulator.
 */
export { stdp, STDP_DEFAULTS, stdpPairChange, potentiate, depress, synapticScaling, type StdpConfig, type StdpPairing, type WeightDependence, type SynapticScaling } from './stdp.js';
export {
  IF_curr_delta,
  IF_curr_exp,
  IF_cond_exp,
  CELL_DEFAULTS,
  propagators,
  stepCells,
  type CellModel,
  type CellParams,
  type CellOptions,
  type CellState,
  type AdaptiveThreshold,
  type Propagators,
} from './cells.js';
export { spikeSourceArray, spikeSourcePoisson, spatialPatternSource, type SourceParams } from './sources.js';
export { oneToOne, allToAll, fixedProbability, fromList, type Connector, type Csr } from './connectors.js';
export { network, NetworkBuilder, type PopulationRef, type ProjectionOptions } from './network.js';
export type { PopulationSpec, ProjectionSpec, Receptor } from './spec.js';
export { Simulator } from './simulator.js';
export { firingRates, histogram, type SpikeRecord, type TraceRecord, type WeightRecord } from './record.js';
export { populationMachine } from './machine.js';
export {
  encodeNir,
  decodeNir,
  validateNirGraph,
  nirArray,
  lifNodeFromCell,
  cellFromLifNode,
  NIR_PARAMS,
  NIR_VERSION,
  NIR_DECODE_DEFAULTS,
  type DecodeNirOptions,
  type NirGraph,
  type NirNode,
  type NirNodeType,
  type NirArray,
} from './nir.js';

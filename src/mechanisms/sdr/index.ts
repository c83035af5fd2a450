/**
 * Sparse distributed representations and active dendrites: the exact scaling
 * laws of dendritic pattern recognition, their Monte Carlo check, and a neuron
 * whose segments learn by the HTM rule.
 *
 * Paper: S. Ahmad, J. Hawkins, "How do neurons operate on sparse distributed
 * representations? A mathematical theory of sparsity, neurons and active
 * dendrites" (2016). https://arxiv.org/abs/1601.00720
 *
 * Theory (exact BigInt rationals, never underflowing):
 *   |Ω_x(n,a,b)| = C(|x|,b)·C(n−|x|, a−b)
 *   P_FP(n,a,s,θ) = Σ_{b=θ}^{min(s,a)} C(s,b)·C(n−s, a−b) / C(n,a)
 *   P_FN(a,s,θ,v) = Σ_{b=s−θ+1}^{s} C(s,b)·C(a−s, v−b) / C(a,v)
 *   unions: P_FP(n, a, S_M, θ) with S_M = n(1−(1−s/n)^M); P_FP(n, A_M, s, θ) with A_M = n(1−(1−a/n)^M)
 *
 * Neuron update rule ({@link activeDendriteLayer}), per cell and step, given the
 * presynaptic activity x and a teaching signal:
 *   segment active  ⇔ #{synapses with permanence ≥ connectedPermanence onto active cells} ≥ θ;
 *   predicted       ⇔ any segment active (stored, read out on the next step: a Moore machine);
 *   teach = 1:  active segments: permanence += inc on active inputs, −= dec on the rest,
 *               then grow up to newSynapses − (active potential synapses) new synapses onto
 *               randomly chosen active cells; if none is active, do the same to the best
 *               matching segment (≥ matchThreshold active potential synapses), else create
 *               a segment with newSynapses synapses onto active cells;
 *   teach = −1: matching segments lose predictedSegmentDecrement on their active synapses.
 *
 * Deviations: the neuron is trained with an explicit teaching signal per cell
 * (supervised context → firing association) instead of temporal memory's
 * column bursting; new synapses start connected (one-shot storage, as the
 * theory assumes); a full cell recycles its oldest segment. The union formulas
 * offer both the reference's gamma-function binomials and integer rounding
 * (`binomial: 'gamma' | 'integer'`); the paper's union-(a) table matches the
 * rounded form. Code is split into exact.ts / theory.ts / sdr.ts / simulate.ts
 * / neuron.ts because theory, simulation and neuron together exceed 400 lines.
 */
export { activeDendriteLayer, ACTIVE_DENDRITE_DEFAULTS, type ActiveDendriteConfig } from './neuron.js';
export { binomial, hypergeometricTerms, fromRatio, probability, lnGamma, DECIMAL_DIGITS, type Probability, type Ratio } from './exact.js';
export {
  overlapSetSize,
  overlapProbability,
  falseMatch,
  falseNegative,
  falseMatchUnion,
  expectedUnionSize,
  thresholdSweep,
  THRESHOLD_SWEEP_GRID,
  type UnionMode,
  type UnionBinomial,
  type ThresholdSweepPoint,
} from './theory.js';
export { sdr, randomSdr, sdrOverlap, addNoise, subsample, sdrUnion, type Sdr } from './sdr.js';
export { simulateFalseMatch, simulateFalseNegative, simulateUnion, wilsonInterval, Z_99, type RateEstimate, type SimulationOptions } from './simulate.js';

/**
 * Pair-based STDP via traces (Song, Miller & Abbott 2000; Morrison, Diesmann &
 * Gerstner 2008) and synaptic scaling (Turrigiano 2008), as frozen rule objects
 * the simulator applies.
 *
 * Traces: pre x_j (τ+) jumps at each presynaptic arrival, post y_i (τ−) at each
 * postsynaptic spike; 'allToAll' adds 1 (every pair counts), 'nearest' resets to 1
 * (symmetric nearest-spike pairing). On a post spike w += F+(w)·x_j; on a pre
 * arrival w −= F−(w)·y_i; then w is clipped to [wMin, wMax].
 * - additive:       F+ = aPlus·(wMax − wMin),  F− = aMinus·(wMax − wMin)   (sPyNNaker/PyNN scaling)
 * - multiplicative: F+ = aPlus·(wMax − w),     F− = aMinus·(w − wMin)
 * For one pair at Δt = t_post − t_pre: Δw = F+·e^{−Δt/τ+} (Δt ≥ 0), −F−·e^{Δt/τ−} (Δt < 0).
 */
import { ArgumentError } from '../util/index.js';

/** How spikes pair up. */
export type StdpPairing = 'allToAll' | 'nearest';
/** How the update scales with the current weight. */
export type WeightDependence = 'additive' | 'multiplicative';

/** Configuration of {@link stdp} (PyNN `SpikePairRule` + weight dependence). */
export interface StdpConfig {
  readonly tauPlusMs: number;
  readonly tauMinusMs: number;
  readonly aPlus: number;
  readonly aMinus: number;
  readonly wMin: number;
  readonly wMax: number;
  readonly pairing: StdpPairing;
  readonly weightDependence: WeightDependence;
}

/** Defaults: PyNN's SpikePairRule and AdditiveWeightDependence. */
export const STDP_DEFAULTS: StdpConfig = Object.freeze({
  tauPlusMs: 20, // PyNN SpikePairRule default; the pairing window of cortical STDP (Bi & Poo 1998)
  tauMinusMs: 20, // PyNN default; symmetric window
  aPlus: 0.01, // PyNN default: 1% of the weight range per pairing, slow enough to average over many pairs
  aMinus: 0.01, // PyNN default
  wMin: 0, // weights stay non-negative magnitudes (the receptor sets the sign)
  wMax: 1, // PyNN AdditiveWeightDependence default
  pairing: 'allToAll', // every pre/post pair counts, as in Song et al. (2000)
  weightDependence: 'additive', // additive + hard bounds gives the bimodal distribution of Song et al.
});

/**
 * A validated, frozen STDP rule. Unspecified fields take {@link STDP_DEFAULTS}.
 * @example
 * const rule = stdp({ tauPlusMs: 10, tauMinusMs: 12, aPlus: 0.05, aMinus: 0.05, wMax: 20 });
 * stdpPairChange(rule, 5, 10); // Δw for a pre at 5 ms and post at 10 ms from w = 10
 * @see https://doi.org/10.1038/78829 (Song, Miller & Abbott 2000)
 */
export function stdp(config: Partial<StdpConfig> = {}): StdpConfig {
  const c: StdpConfig = Object.freeze({ ...STDP_DEFAULTS, ...config });
  for (const k of ['tauPlusMs', 'tauMinusMs'] as const) {
    if (!(c[k] > 0) || !Number.isFinite(c[k])) throw new ArgumentError(`stdp(config).${k}`, { what: 'must be positive', expected: '> 0', received: c[k] });
  }
  for (const k of ['aPlus', 'aMinus', 'wMin', 'wMax'] as const) {
    if (!Number.isFinite(c[k])) throw new ArgumentError(`stdp(config).${k}`, { what: 'must be finite', expected: 'a finite number', received: c[k] });
  }
  if (!(c.wMax >= c.wMin)) throw new ArgumentError('stdp(config).wMax', { what: 'bounds reversed', expected: `>= wMin (${c.wMin})`, received: c.wMax });
  if (c.pairing !== 'allToAll' && c.pairing !== 'nearest') throw new ArgumentError('stdp(config).pairing', { what: 'unknown pairing', expected: "'allToAll' | 'nearest'", received: c.pairing });
  if (c.weightDependence !== 'additive' && c.weightDependence !== 'multiplicative') {
    throw new ArgumentError('stdp(config).weightDependence', { what: 'unknown weight dependence', expected: "'additive' | 'multiplicative'", received: c.weightDependence });
  }
  return c;
}

/** Weight after potentiation by pre trace `x`. */
export function potentiate(r: StdpConfig, w: number, x: number): number {
  const f = r.weightDependence === 'additive' ? r.aPlus * (r.wMax - r.wMin) : r.aPlus * (r.wMax - w);
  const nw = w + f * x;
  return nw > r.wMax ? r.wMax : nw < r.wMin ? r.wMin : nw;
}

/** Weight after depression by post trace `y`. */
export function depress(r: StdpConfig, w: number, y: number): number {
  const f = r.weightDependence === 'additive' ? r.aMinus * (r.wMax - r.wMin) : r.aMinus * (w - r.wMin);
  const nw = w - f * y;
  return nw > r.wMax ? r.wMax : nw < r.wMin ? r.wMin : nw;
}

/**
 * The rule's prediction for one isolated pre/post pair: the new weight minus `w0`.
 * @param preMs arrival time of the presynaptic spike at the synapse (ms)
 * @param postMs postsynaptic spike time (ms)
 */
export function stdpPairChange(r: StdpConfig, preMs: number, postMs: number, w0: number): number {
  const dt = postMs - preMs;
  if (dt >= 0) return potentiate(r, w0, Math.exp(-dt / r.tauPlusMs)) - w0;
  return depress(r, w0, Math.exp(dt / r.tauMinusMs)) - w0;
}

/**
 * Synaptic scaling of a plastic projection's incoming weights, applied every
 * `intervalMs` per postsynaptic neuron (multiplicative, so relative weights survive):
 * - 'sum':  w ← w·targetSum/Σw (weight normalisation; Σw = 0 is left alone);
 * - 'rate': w ← w·(1 + eta·(targetRateHz − r)/targetRateHz), r the rate over the last interval.
 * Weights stay within the rule's bounds.
 */
export interface SynapticScaling {
  readonly mode: 'sum' | 'rate';
  readonly intervalMs: number;
  /** Target Σ_j w_ij for mode 'sum'. */
  readonly targetSum: number;
  /** Target rate (Hz) for mode 'rate'. */
  readonly targetRateHz: number;
  /** Relative step per interval for mode 'rate'. */
  readonly eta: number;
}

/** Validates a scaling config (defaults: 'rate' at 5 Hz, 1 s interval, eta 0.1). */
export function synapticScaling(cfg: Partial<SynapticScaling>): SynapticScaling {
  const c: SynapticScaling = Object.freeze({ mode: 'rate', intervalMs: 1000, targetSum: 1, targetRateHz: 5, eta: 0.1, ...cfg });
  if (!(c.intervalMs > 0)) throw new ArgumentError('synapticScaling(cfg).intervalMs', { what: 'must be positive', expected: '> 0', received: c.intervalMs });
  if (c.mode === 'rate' && !(c.targetRateHz > 0)) throw new ArgumentError('synapticScaling(cfg).targetRateHz', { what: 'must be positive', expected: '> 0', received: c.targetRateHz });
  if (c.mode !== 'rate' && c.mode !== 'sum') throw new ArgumentError('synapticScaling(cfg).mode', { what: 'unknown mode', expected: "'sum' | 'rate'", received: c.mode });
  return c;
}

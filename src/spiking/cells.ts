/**
 * Neuron models with PyNN's parameter meanings (camelCase, units in names) and
 * exact per-step integration of their linear sub-threshold dynamics (NEST's
 * propagator method), so a run depends on dt only through spike-time quantisation.
 *
 * - `IF_curr_delta`: τm dv/dt = (vRest − v) + R·iOffset; a spike of weight w (mV) jumps v by ±w.
 * - `IF_curr_exp`:  cm dv/dt = cm/τm·(vRest − v) + iE − iI + iOffset, τE diE/dt = −iE (w in nA).
 * - `IF_cond_exp`:  cm dv/dt = gL(vRest − v) + gE(eRevE − v) + gI(eRevI − v) + iOffset, τE dgE/dt = −gE (w in µS).
 *
 * Step order (NEST `iaf_psc_exp`): if not refractory, v ← v∞ + (v − v∞)·e^{−dt/τm} + P21E·iE − P21I·iI
 * (exact for the exponential currents); then currents decay and this step's
 * arriving weights are added; a delta input jumps v; threshold v ≥ vThresh + θ
 * → spike, v ← vReset, refractory for round(tauRefracMs/dt) steps (v clamped).
 * `IF_cond_exp` is bilinear, so it uses exponential Euler with each conductance
 * replaced by its exact mean over the step (documented deviation: exact only
 * while g is constant; error O(dt²)).
 * Adaptive threshold (intrinsic homeostasis): θ ← θ·e^{−dt/τθ} − inc·rTarget·dt + inc·spike,
 * which drives the rate toward `targetRateHz` (or, with targetRateHz = 0, is
 * spike-frequency adaptation that decays with τθ).
 *
 * @see https://neuralensemble.org/docs/PyNN/reference/neuronmodels.html
 * @see https://doi.org/10.1007/s004220050570 (Rotter & Diesmann 1999, exact integration)
 */
import { kernels } from '../tensor/index.js';
import { ArgumentError, resolveConfig } from '../util/index.js';

/** The PyNN standard cell types implemented here. */
export type CellModel = 'IF_curr_delta' | 'IF_curr_exp' | 'IF_cond_exp';

/** Intrinsic homeostasis: an adaptive threshold θ added to vThreshMv. */
export interface AdaptiveThreshold {
  /** θ jump per spike (mV). */
  readonly incrementMv: number;
  /** Decay time constant of θ (ms; Infinity = no decay). */
  readonly tauMs: number;
  /** Target firing rate (Hz); θ falls at incrementMv·rate so the neuron settles there (0 = pure adaptation). */
  readonly targetRateHz: number;
}

/** Parameters of a cell type (PyNN names in camelCase with units). */
export interface CellParams {
  readonly model: CellModel;
  /** Membrane capacitance (nF); R = τm/cm (MΩ). */
  readonly cmNf: number;
  readonly tauMMs: number;
  readonly tauRefracMs: number;
  readonly vRestMv: number;
  readonly vResetMv: number;
  readonly vThreshMv: number;
  /** Constant injected current (nA). */
  readonly iOffsetNa: number;
  /** Decay of excitatory synaptic current/conductance (ms; unused by IF_curr_delta). */
  readonly tauSynEMs: number;
  readonly tauSynIMs: number;
  /** Reversal potentials (IF_cond_exp only). */
  readonly eRevEMv: number;
  readonly eRevIMv: number;
  /** Initial membrane potential: a value, or [low, high] drawn uniformly per neuron. */
  readonly vInitMv: number | readonly [number, number];
  /** Adaptive threshold; null = fixed threshold. */
  readonly adaptiveThreshold: AdaptiveThreshold | null;
}

/** PyNN's defaults (`IF_curr_exp`, `IF_cond_exp`); the delta model shares them. */
export const CELL_DEFAULTS: Readonly<Omit<CellParams, 'model'>> = Object.freeze({
  cmNf: 1, // PyNN default capacitance
  tauMMs: 20, // PyNN default membrane time constant
  tauRefracMs: 0.1, // PyNN default (below dt = 1 ms it means no refractory period)
  vRestMv: -65,
  vResetMv: -65,
  vThreshMv: -50,
  iOffsetNa: 0,
  tauSynEMs: 5, // PyNN default synaptic time constants
  tauSynIMs: 5,
  eRevEMv: 0, // PyNN IF_cond_exp reversal potentials
  eRevIMv: -70,
  vInitMv: -65, // start at rest, as PyNN does
  adaptiveThreshold: null, // fixed threshold unless homeostasis is asked for
});

/**
 * A cell type: `IF_curr_delta({ tauMMs: 10 })` etc. Unspecified fields take {@link CELL_DEFAULTS};
 * an unknown key is a ConfigError naming the valid ones. PyNN's own names (`v_thresh`, `tau_m`,
 * `cm`, `i_offset`, `tau_syn_E`, …) are accepted: PyNN's units (mV, ms, nF, nA, µS) are ours.
 */
export type CellOptions = Partial<Omit<CellParams, 'model'>>;

/** PyNN parameter names → ours (same units). */
const PYNN_CELL_NAMES: Readonly<Record<string, keyof CellOptions & string>> = Object.freeze({
  cm: 'cmNf',
  tau_m: 'tauMMs',
  tau_refrac: 'tauRefracMs',
  v_rest: 'vRestMv',
  v_reset: 'vResetMv',
  v_thresh: 'vThreshMv',
  i_offset: 'iOffsetNa',
  tau_syn_E: 'tauSynEMs',
  tau_syn_I: 'tauSynIMs',
  e_rev_E: 'eRevEMv',
  e_rev_I: 'eRevIMv',
});

function make(model: CellModel, opts: CellOptions): CellParams {
  const where = `${model}(params)`;
  const given = resolveConfig({ where, defaults: CELL_DEFAULTS, aliases: PYNN_CELL_NAMES, loose: ['vInitMv'] }, opts);
  const p: CellParams = Object.freeze({ ...given, model });
  for (const k of ['cmNf', 'tauMMs', 'tauSynEMs', 'tauSynIMs'] as const) {
    if (!(p[k] > 0) || !Number.isFinite(p[k])) throw new ArgumentError(`${where}.${k}`, { what: 'must be a positive finite number', expected: '> 0', received: p[k] });
  }
  if (!(p.tauRefracMs >= 0)) throw new ArgumentError(`${where}.tauRefracMs`, { what: 'must be >= 0', expected: '>= 0', received: p.tauRefracMs });
  for (const k of ['vRestMv', 'vResetMv', 'vThreshMv', 'iOffsetNa', 'eRevEMv', 'eRevIMv'] as const) {
    if (!Number.isFinite(p[k])) throw new ArgumentError(`${where}.${k}`, { what: 'must be finite', expected: 'a finite number', received: p[k] });
  }
  const a = p.adaptiveThreshold;
  if (a !== null && (!(a.tauMs > 0) || !Number.isFinite(a.incrementMv) || !(a.targetRateHz >= 0))) {
    throw new ArgumentError(`${where}.adaptiveThreshold`, { what: 'bad adaptive threshold', expected: 'tauMs > 0, finite incrementMv, targetRateHz >= 0', received: a });
  }
  return p;
}

/** PyNN `IF_curr_delta`: LIF whose synaptic weights (mV) jump the membrane potential. */
export const IF_curr_delta = (opts: CellOptions = {}): CellParams => make('IF_curr_delta', opts);
/** PyNN `IF_curr_exp`: LIF with exponentially decaying synaptic currents (weights in nA). */
export const IF_curr_exp = (opts: CellOptions = {}): CellParams => make('IF_curr_exp', opts);
/** PyNN `IF_cond_exp`: LIF with exponentially decaying synaptic conductances (weights in µS). */
export const IF_cond_exp = (opts: CellOptions = {}): CellParams => make('IF_cond_exp', opts);

/** Per-step propagators of a cell type at a given dt. */
export interface Propagators {
  readonly params: CellParams;
  readonly dtMs: number;
  /** e^{−dt/τm}. */
  readonly p22: number;
  /** Resting fixed point with the offset current: vRest + R·iOffset. */
  readonly vInf: number;
  /** Current → voltage propagators (IF_curr_exp). */
  readonly p21E: number;
  readonly p21I: number;
  /** Synaptic decay factors e^{−dt/τsyn}. */
  readonly pE: number;
  readonly pI: number;
  /** Mean of a decaying conductance over one step, per unit start value: τ(1 − e^{−dt/τ})/dt. */
  readonly meanE: number;
  readonly meanI: number;
  readonly gLUs: number;
  readonly refracSteps: number;
  readonly thetaDecay: number;
  readonly thetaDrop: number;
  readonly thetaInc: number;
}

/** Voltage response after time h to unit current at its start, decaying with τs (exact, with the τs = τm limit). */
function p21(tauM: number, tauS: number, cm: number, h: number): number {
  if (Math.abs(tauS - tauM) < 1e-9 * tauM) return (h / cm) * Math.exp(-h / tauM);
  return ((tauM * tauS) / (cm * (tauS - tauM))) * (Math.exp(-h / tauS) - Math.exp(-h / tauM));
}

/** Computes the propagators of `params` at time step `dtMs`. */
export function propagators(params: CellParams, dtMs: number): Propagators {
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) throw new ArgumentError('propagators(dtMs)', { what: 'bad time step', expected: '> 0', received: dtMs });
  const { cmNf, tauMMs, tauSynEMs, tauSynIMs } = params;
  const a = params.adaptiveThreshold;
  return Object.freeze({
    params,
    dtMs,
    p22: Math.exp(-dtMs / tauMMs),
    vInf: params.vRestMv + (tauMMs / cmNf) * params.iOffsetNa,
    p21E: p21(tauMMs, tauSynEMs, cmNf, dtMs),
    p21I: p21(tauMMs, tauSynIMs, cmNf, dtMs),
    pE: Math.exp(-dtMs / tauSynEMs),
    pI: Math.exp(-dtMs / tauSynIMs),
    meanE: (tauSynEMs * (1 - Math.exp(-dtMs / tauSynEMs))) / dtMs,
    meanI: (tauSynIMs * (1 - Math.exp(-dtMs / tauSynIMs))) / dtMs,
    gLUs: cmNf / tauMMs,
    refracSteps: Math.round(params.tauRefracMs / dtMs),
    thetaDecay: a === null ? 1 : Math.exp(-dtMs / a.tauMs),
    thetaDrop: a === null ? 0 : (a.incrementMv * a.targetRateHz * dtMs) / 1000,
    thetaInc: a === null ? 0 : a.incrementMv,
  });
}

/** State arrays of n neurons (struct of arrays; `refr` counts remaining refractory steps). */
export interface CellState {
  readonly v: Float64Array;
  readonly gE: Float64Array;
  readonly gI: Float64Array;
  readonly refr: Float64Array;
  readonly theta: Float64Array;
}

/**
 * Advances n neurons by one step. `inE[inOff + i]`, `inI[inOff + i]` are the
 * weights arriving at neuron i this step (non-negative magnitudes; inhibitory
 * ones hyperpolarise). Writes 1/0 into `spiked[i]` and returns the spike count;
 * indices of spiking neurons go to `spikeIdx` when given. With `clearInputs`
 * each input slot is zeroed once read (the simulator's ring buffer).
 */
export function stepCells(
  pr: Propagators,
  s: CellState,
  n: number,
  inE: Float64Array,
  inI: Float64Array,
  inOff: number,
  spiked: Uint8Array | Float64Array,
  spikeIdx?: Int32Array,
  clearInputs = false,
): number {
  const { v, gE, gI, refr, theta } = s;
  const { p22, vInf, p21E, p21I, pE, pI, refracSteps, thetaDecay, thetaDrop, thetaInc } = pr;
  const { vThreshMv, vResetMv, model } = pr.params;
  const adaptive = thetaInc !== 0 || thetaDrop !== 0;
  if (model !== 'IF_cond_exp' && spikeIdx !== undefined && spiked instanceof Uint8Array) {
    // the kernel backend's copy of this loop (bit-identical), in place when the state is resident
    const k = kernels().lifStep;
    const count = k === undefined ? -1 : k({
      delta: model === 'IF_curr_delta', adaptive, clearInputs, n, v, gE, gI, refr, theta, inE: inE.subarray(inOff, inOff + n), inI: inI.subarray(inOff, inOff + n),
      spiked, spikeIdx, p22, vInf, p21E, p21I, pE, pI, refracSteps, vThreshMv, vResetMv, thetaDecay, thetaDrop, thetaInc,
    });
    if (count >= 0) return count;
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const ie = inE[inOff + i]!;
    const ii = inI[inOff + i]!;
    let vi = v[i]!;
    if (model === 'IF_curr_delta') {
      if (refr[i]! > 0) refr[i]! -= 1;
      else vi = vInf + (vi - vInf) * p22 + ie - ii;
    } else if (model === 'IF_curr_exp') {
      if (refr[i]! > 0) refr[i]! -= 1;
      else vi = vInf + (vi - vInf) * p22 + p21E * gE[i]! - p21I * gI[i]!;
      gE[i] = gE[i]! * pE + ie;
      gI[i] = gI[i]! * pI + ii;
    } else {
      if (refr[i]! > 0) refr[i]! -= 1;
      else vi = condStep(pr, vi, gE[i]!, gI[i]!);
      gE[i] = gE[i]! * pE + ie;
      gI[i] = gI[i]! * pI + ii;
    }
    let th = 0;
    if (adaptive) {
      th = theta[i]! * thetaDecay - thetaDrop;
      theta[i] = th;
    }
    if (vi >= vThreshMv + th) {
      vi = vResetMv;
      refr[i] = refracSteps;
      if (adaptive) theta[i] = th + thetaInc;
      spiked[i] = 1;
      if (spikeIdx) spikeIdx[count] = i;
      count++;
    } else spiked[i] = 0;
    v[i] = vi;
  }
  if (clearInputs) {
    inE.fill(0, inOff, inOff + n);
    inI.fill(0, inOff, inOff + n);
  }
  return count;
}

/** Exponential-Euler step of IF_cond_exp with step-mean conductances. */
function condStep(pr: Propagators, v: number, gE: number, gI: number): number {
  const { params: p, meanE, meanI, gLUs, dtMs } = pr;
  const ge = gE * meanE;
  const gi = gI * meanI;
  const gTot = gLUs + ge + gi;
  const vInf = (gLUs * p.vRestMv + ge * p.eRevEMv + gi * p.eRevIMv + p.iOffsetNa) / gTot;
  return vInf + (v - vInf) * Math.exp((-dtMs * gTot) / p.cmNf);
}

/**
 * Configuration of {@link tauGate}: where the gain and gate act, which layers are
 * gated, the gate's sharpness (and its schedule) and the initial τ and γ.
 */
import { ConfigError, resolveConfig } from '../../util/index.js';

/**
 * Where the gain γ and the gate g = σ(s·(z − τ)) act on a neuron with pre-activation z
 * and activation φ. The paper's exact form is not confirmed:
 * - `'gain-gate-act'`: h = γ·g·φ(z), the likely form (gate and gain scale the output);
 * - `'act-of-gated'`: h = φ(γ·g·z), a project-defined alternative (gate and gain act on the input of φ).
 * For a positively homogeneous φ such as ReLU and γ > 0 the two are equal in value,
 * since φ(c·z) = c·φ(z) for c > 0; they differ for tanh/GELU or when γ turns negative.
 */
export type TauGateForm = 'gain-gate-act' | 'act-of-gated';

/** How the sharpness s moves from `sharpness` to `finalSharpness` as training progresses. */
export type SharpnessSchedule = 'constant' | 'geometric';

/** Configuration of {@link tauGate}; every field has a default in {@link TAU_GATE_DEFAULTS}. */
export interface TauGateConfig {
  /** Where the gain and gate act (see {@link TauGateForm}). */
  readonly form: TauGateForm;
  /** `'hidden'`: every Linear child followed by another child (an activation); or explicit child indices of Linear layers. */
  readonly layers: 'hidden' | readonly number[];
  /** Gate sharpness s (inverse temperature) at the start of training, in units of 1/pre-activation. */
  readonly sharpness: number;
  /** Sharpness at the end of training (used by the `'geometric'` schedule). */
  readonly finalSharpness: number;
  /** Schedule of s over training progress p ∈ [0, 1]. */
  readonly schedule: SharpnessSchedule;
  /** Initial threshold τ of every neuron. */
  readonly tauInit: number;
  /** Initial gain γ of every neuron. */
  readonly gammaInit: number;
}

/** Defaults of {@link tauGate} (project choices: the paper gives no s, schedule or initialisation). */
export const TAU_GATE_DEFAULTS: Readonly<TauGateConfig> = Object.freeze({
  // The paper note's likely form; 'act-of-gated' is the documented alternative.
  form: 'gain-gate-act',
  // Two parameters per hidden neuron and no gate on the logits, as the paper counts them.
  layers: 'hidden',
  // Soft enough that σ′ is not negligible over typical pre-activations (|z| ~ 1), so τ can learn.
  sharpness: 4,
  // Hard enough by the end that the hardened gate 1[z > τ] matches the trained soft gate.
  finalSharpness: 64,
  // Sharpen during training: τ learns early, the soft/hard gap closes late.
  schedule: 'geometric',
  // τ = 0 with ReLU: the hard gate 1[z > 0]·relu(z) is exactly the foundation at the start.
  tauInit: 0,
  // γ = 1: no rescaling at the start, so training starts from the foundation.
  gammaInit: 1,
});

/**
 * Merges a partial config over {@link TAU_GATE_DEFAULTS} and validates it.
 * @param config overrides
 * @returns the full config
 * @throws ConfigError for a non-positive or non-finite sharpness or non-finite init
 */
export function resolveTauGateConfig(config: Partial<TauGateConfig> = {}): Readonly<TauGateConfig> {
  const c = resolveConfig({ where: 'tauGate(config)', defaults: TAU_GATE_DEFAULTS, loose: ['layers'] }, config);
  for (const k of ['sharpness', 'finalSharpness'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0)) throw new ConfigError(`tauGate(config.${k})`, { what: 'must be a positive number', expected: '> 0', received: c[k] });
  }
  for (const k of ['tauInit', 'gammaInit'] as const) {
    if (!Number.isFinite(c[k])) throw new ConfigError(`tauGate(config.${k})`, { what: 'must be finite', expected: 'a finite number', received: c[k] });
  }
  if (!['gain-gate-act', 'act-of-gated'].includes(c.form)) throw new ConfigError('tauGate(config.form)', { what: 'unknown form', expected: "'gain-gate-act' | 'act-of-gated'", received: c.form });
  if (!['constant', 'geometric'].includes(c.schedule)) throw new ConfigError('tauGate(config.schedule)', { what: 'unknown schedule', expected: "'constant' | 'geometric'", received: c.schedule });
  return c;
}

/**
 * The sharpness at training progress p: constant, or geometric from `sharpness` to `finalSharpness`.
 * @param config the resolved config
 * @param progress fraction of training done, clamped to [0, 1]
 * @returns s
 */
export function sharpnessAt(config: Readonly<TauGateConfig>, progress: number): number {
  if (config.schedule === 'constant') return config.sharpness;
  const p = Math.min(1, Math.max(0, progress));
  return config.sharpness * Math.pow(config.finalSharpness / config.sharpness, p);
}

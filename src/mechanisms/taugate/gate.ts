/**
 * The {@link TauGate} module: a frozen `Sequential` base whose chosen hidden layers
 * get a per-neuron threshold τ and gain γ, with a soft gate for training and a hard
 * gate for inference.
 */
import { Linear, Module, Sequential } from '../../nn/index.js';
import { full, mul, noGrad, sigmoid, sub, tensor, type Tensor } from '../../tensor/index.js';
import { ArgumentError, ShapeError } from '../../util/index.js';
import { resolveTauGateConfig, sharpnessAt, type TauGateConfig } from './config.js';

/** How the gate is applied: trainable sigmoid, inference step function, or bypassed (the foundation). */
export type GateMode = 'soft' | 'hard' | 'off';

/** One mode's gate parameters: τ and γ per gated layer (copies). Switching modes = loading one of these. */
export interface TauGateParams {
  readonly tau: readonly Float32Array[];
  readonly gamma: readonly Float32Array[];
}

/**
 * A frozen network with TauGate neurons. Only `tau.i` and `gamma.i` are trainable.
 * Create it with {@link tauGate}.
 */
export class TauGate extends Module {
  /** The frozen base network (never modified). */
  readonly base: Sequential;
  /** Thresholds τ, one `[n]` tensor per gated layer. */
  readonly tau: Tensor[];
  /** Gains γ, one `[n]` tensor per gated layer. */
  readonly gamma: Tensor[];
  /** The resolved configuration. */
  readonly config: Readonly<TauGateConfig>;
  /** Child indices (in `base`) of the gated Linear layers. */
  readonly gatedIndices: readonly number[];
  /** Current gate mode. */
  gateMode: GateMode = 'soft';
  /** Current sharpness s (see {@link anneal}). */
  sharpness: number;
  #record: Float32Array[] | null = null;

  /** @internal use {@link tauGate} */
  constructor(base: Sequential, config: Readonly<TauGateConfig>) {
    super();
    this.base = base;
    this.config = config;
    this.sharpness = config.sharpness;
    const kids = base.children();
    const hidden = kids.map((_, i) => i).filter((i) => kids[i] instanceof Linear && i + 1 < kids.length);
    const chosen = config.layers === 'hidden' ? hidden : [...config.layers];
    for (const i of chosen) {
      if (!hidden.includes(i)) {
        throw new ArgumentError('tauGate(config.layers)', { what: `child ${i} is not a Linear followed by an activation`, expected: hidden, received: i });
      }
    }
    this.gatedIndices = Object.freeze([...chosen].sort((a, b) => a - b));
    this.tau = this.gatedIndices.map((i) => full([(kids[i] as Linear).outFeatures], config.tauInit, { requiresGrad: true }));
    this.gamma = this.gatedIndices.map((i) => full([(kids[i] as Linear).outFeatures], config.gammaInit, { requiresGrad: true }));
  }

  /**
   * Runs the base with gated hidden layers (per {@link gateMode} and {@link TauGateConfig.form}).
   * @param x `[batch, in]`
   * @returns `[batch, out]`
   */
  forward(x: Tensor): Tensor {
    const kids = this.base.children() as unknown as Module[];
    let y = x;
    for (let i = 0; i < kids.length; i++) {
      const g = this.gatedIndices.indexOf(i);
      if (g < 0 || this.gateMode === 'off') {
        y = kids[i]!.forward(y);
        continue;
      }
      y = this.gated(kids[i]!.forward(y), kids[i + 1]!, g);
      this.#record?.push(y.data.slice());
      i++; // the activation was applied inside the gated layer
    }
    return y;
  }

  private gated(z: Tensor, act: Module, g: number): Tensor {
    const tau = this.tau[g]!, gamma = this.gamma[g]!;
    const gate = this.gateMode === 'hard' ? hardGate(z, tau) : sigmoid(mul(sub(z, tau), this.sharpness));
    return this.config.form === 'gain-gate-act' ? mul(mul(gate, act.forward(z)), gamma) : act.forward(mul(mul(gate, z), gamma));
  }

  /**
   * Sets the sharpness from the configured schedule.
   * @param progress fraction of training done, in [0, 1]
   * @returns the new sharpness
   */
  anneal(progress: number): number {
    this.sharpness = sharpnessAt(this.config, progress);
    return this.sharpness;
  }

  /** @returns a copy of the current τ and γ (one "mode") */
  getParams(): TauGateParams {
    return { tau: this.tau.map((t) => t.data.slice()), gamma: this.gamma.map((t) => t.data.slice()) };
  }

  /**
   * Loads a mode's τ and γ in place (optimizers keep working).
   * @param p from {@link getParams}
   * @throws ShapeError when the layer count or widths differ
   */
  setParams(p: TauGateParams): void {
    const ok = p.tau.length === this.tau.length && p.gamma.length === this.gamma.length
      && this.tau.every((t, i) => p.tau[i]!.length === t.size && p.gamma[i]!.length === t.size);
    if (!ok) throw new ShapeError('TauGate.setParams(p)', { what: 'gate parameter shapes differ', expected: this.tau.map((t) => t.size), received: p.tau.map((t) => t.length) });
    this.tau.forEach((t, i) => t.data.set(p.tau[i]!));
    this.gamma.forEach((t, i) => t.data.set(p.gamma[i]!));
  }

  /** Resets τ and γ to their initial values (the identity mode). */
  resetParams(): void {
    this.tau.forEach((t) => t.data.fill(this.config.tauInit));
    this.gamma.forEach((t) => t.data.fill(this.config.gammaInit));
  }

  /**
   * Per-example firing masks under the hard gate: neuron j fires when its hardened
   * output h_j is nonzero, i.e. its gate is open and its activation is nonzero.
   * @param x `[batch, in]`
   * @returns one `Uint8Array` `[batch, n]` (row-major) per gated layer
   */
  firingMasks(x: Tensor): Uint8Array[] {
    const mode = this.gateMode;
    const rec: Float32Array[] = [];
    this.#record = rec;
    this.gateMode = 'hard';
    try {
      noGrad(() => this.forward(x));
    } finally {
      this.#record = null;
      this.gateMode = mode;
    }
    return rec.map((h) => Uint8Array.from(h, (v) => (v !== 0 ? 1 : 0)));
  }
}

/** The hardened gate 1[z > τ], a constant (no gradient reaches τ or z through it). */
function hardGate(z: Tensor, tau: Tensor): Tensor {
  const n = tau.size, zd = z.data, td = tau.data;
  const out = new Float32Array(z.size);
  for (let k = 0; k < out.length; k++) out[k] = zd[k]! > td[k % n]! ? 1 : 0;
  return tensor(out, z.shape);
}

/**
 * Wraps a frozen network with TauGate neurons: every chosen hidden Linear layer's
 * neurons get a threshold τ and gain γ (2 trainable scalars per neuron); the base's
 * weights are frozen (`requiresGrad = false`) and never modified.
 * @param model a `Sequential` of Linear layers and activations, e.g. 784-256-256-10 with ReLUs
 * @param config overrides of {@link TAU_GATE_DEFAULTS}
 * @returns the gated model; `numParameters('trainable')` counts only τ and γ
 * @see https://arxiv.org/abs/2602.11726
 * @example
 * const gated = tauGate(mlp, { form: 'gain-gate-act' });
 * const opt = new Adam(gated.parameters().filter((p) => p.requiresGrad), { lr: 1e-2 });
 */
export function tauGate(model: Sequential, config: Partial<TauGateConfig> = {}): TauGate {
  if (!(model instanceof Sequential)) throw new ArgumentError('tauGate(model)', { what: 'not a Sequential', expected: 'a Sequential of Linear layers and activations', received: typeof model });
  model.freeze();
  return new TauGate(model, resolveTauGateConfig(config));
}

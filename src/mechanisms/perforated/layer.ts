/**
 * The perforated neuron layer: a Linear or Conv2d whose every output neuron j
 * gets one dendrite per installed set k,
 *
 *     d_{k,j}(x) = sigmoid( D_k(x)_j + Σ_{m<k} u_{k,m,j} · d_{m,j}(x) )
 *     a_j(x)     = N(x)_j + Σ_k w_{k,j} · d_{k,j}(x)
 *
 * where D_k has the layer's shape and receptive field. Frozen sets are computed
 * without the tape, so no gradient reaches them or flows through them
 * ("perforated"); their w may still train. A candidate set (correlation phase)
 * is held privately: it is not a parameter of the model, never changes the
 * output, and learns through {@link correlationTap}.
 */
import { Conv2d, Linear, Module, conv2d, linear } from '../../nn/index.js';
import { add, isGradEnabled, mul, noGrad, reshape, sigmoid, zeros, type Tensor } from '../../tensor/index.js';
import type { Rng } from '../../util/index.js';
import { CorrelationStats, correlationTap } from './correlation.js';

/** A layer that can be perforated. */
export type NeuronModule = Linear | Conv2d;

/** How a new set's weights are drawn. */
export interface DendriteInit {
  /** Random stream (weights N(0,1)·std, cascade N(0, √(2/out)) when `cascade` is 'normal'). */
  readonly rng: Rng;
  /** Standard deviation of the dendrite weights. */
  readonly std: number;
  /** Initial cascade weights. */
  readonly cascade: 'zero' | 'normal';
}

/** One dendrite per neuron of a layer: input weights shaped like the layer's, cascade weights, output weights. */
export class DendriteSet extends Module {
  /** Input weights, the layer's weight shape (`[out, in]` or `[out, in, kh, kw]`). */
  readonly weight: Tensor;
  /** Input bias `[out]`, or null when the layer has none. */
  readonly bias: Tensor | null;
  /** u_{k,m}: one `[out]` vector per earlier set m < k. */
  readonly cascade: Tensor[];
  /** w_k: weight of each dendrite onto its neuron, `[out]`; starts at 0. */
  readonly outWeight: Tensor;
  /** The wrapped layer (private: not a child module, so its parameters are not listed twice). */
  readonly #layer: NeuronModule;

  /**
   * @param layer the wrapped layer (supplies shapes and geometry)
   * @param index k, the number of sets installed before this one
   * @param init random stream and scales; omit for all-zero weights (to be loaded)
   */
  constructor(layer: NeuronModule, index: number, init?: DendriteInit) {
    super();
    this.#layer = layer;
    const out = layer.weight.shape[0]!;
    this.weight = zeros(layer.weight.shape);
    this.bias = layer.bias === null ? null : zeros([out]);
    this.cascade = Array.from({ length: index }, () => zeros([out]));
    this.outWeight = zeros([out]);
    if (init !== undefined) {
      init.rng.fillNormal(this.weight.data, 0, init.std);
      if (this.bias !== null) init.rng.fillNormal(this.bias.data, 0, init.std);
      if (init.cascade === 'normal') for (const u of this.cascade) init.rng.fillNormal(u.data, 0, Math.sqrt(2 / out));
    }
  }

  /** @param x layer input @returns D_k(x), the pre-activation before the cascade */
  forward(x: Tensor): Tensor {
    const layer = this.#layer;
    return layer instanceof Linear
      ? linear(x, this.weight, this.bias)
      : conv2d(x, this.weight, this.bias, { stride: layer.stride, padding: layer.padding });
  }

  /** Sets requiresGrad of the input-side weights (weight, bias, cascade) and of the output weight. */
  setTrainable(inputSide: boolean, output: boolean): void {
    for (const t of [this.weight, this.bias, ...this.cascade]) if (t !== null) t.requiresGrad = inputSide;
    this.outWeight.requiresGrad = output;
  }
}

/**
 * A Linear or Conv2d with dendrites. Parameters: `main.*` (the original layer)
 * and `sets.k.*` (installed sets); the candidate is not among them.
 * @example
 * const layer = new DendriteLayer(new Linear(4, 3, { rng }));
 * layer.addCandidate({ rng, std: 0.01, cascade: 'zero' }, 0.99, 100);
 */
export class DendriteLayer extends Module {
  /** The wrapped layer; its parameters stay the neuron weights. */
  readonly main: NeuronModule;
  /** Installed dendrite sets, oldest first. */
  readonly sets: DendriteSet[];
  #candidate: DendriteSet | null = null;
  #stats: CorrelationStats | null = null;

  /** @param main the wrapped layer */
  constructor(main: NeuronModule) {
    super();
    this.main = main;
    this.sets = [];
  }

  /** @returns neurons of the layer (output features or channels) */
  get neurons(): number {
    return this.main.weight.shape[0]!;
  }

  /** @returns the correlation-phase candidate, if any */
  get candidate(): DendriteSet | null {
    return this.#candidate;
  }

  /** @returns the candidate's running statistics, if a candidate exists */
  get stats(): CorrelationStats | null {
    return this.#stats;
  }

  /**
   * @param x `[..., in]` (Linear) or `[N, in, H, W]` (Conv2d)
   * @returns the neurons' pre-activations, main output plus weighted dendrites
   */
  forward(x: Tensor): Tensor {
    let out = this.main.forward(x);
    if (this.sets.length === 0 && this.#candidate === null) return out;
    const xd = x.detach();
    const ds: Tensor[] = [];
    for (const set of this.sets) {
      // A set with trainable input weights (gradient mode, newest set) is ordinary backprop; others are perforated.
      const d = set.weight.requiresGrad ? this.dendrite(set, x, ds) : noGrad(() => this.dendrite(set, xd, ds));
      ds.push(d);
      out = add(out, mul(this.perNeuron(set.outWeight), d));
    }
    const cand = this.#candidate;
    if (cand !== null && this.#stats !== null && isGradEnabled() && this.training) {
      const v = this.dendrite(cand, xd, ds.map((d) => d.detach()));
      out = correlationTap(out, v, this.#stats, out.ndim === 4 ? out.shape[2]! * out.shape[3]! : 1);
    }
    return out;
  }

  private dendrite(set: DendriteSet, x: Tensor, earlier: readonly Tensor[]): Tensor {
    let pre = set.forward(x);
    set.cascade.forEach((u, m) => {
      pre = add(pre, mul(this.perNeuron(u), earlier[m]!));
    });
    return sigmoid(pre);
  }

  /** Shapes a per-neuron `[out]` vector to broadcast against the output. */
  private perNeuron(v: Tensor): Tensor {
    return this.main instanceof Conv2d ? reshape(v, [this.neurons, 1, 1]) : v;
  }

  /**
   * Starts a correlation phase: a fresh candidate set with its statistics.
   * @param init how the candidate's weights are drawn
   * @param emaDecay β of the running averages
   * @param warmupBatches batches that only initialise the averages
   */
  addCandidate(init: DendriteInit, emaDecay: number, warmupBatches: number): void {
    this.#candidate = new DendriteSet(this.main, this.sets.length, init);
    this.#candidate.setTrainable(true, false);
    this.#stats = new CorrelationStats(this.neurons, emaDecay, warmupBatches);
  }

  /** Installs the candidate as the newest set (its output weight starts at 0) and ends the correlation phase. */
  installCandidate(): void {
    if (this.#candidate === null) return;
    this.sets.push(this.#candidate);
    this.dropCandidate();
  }

  /** Discards the candidate and its statistics. */
  dropCandidate(): void {
    this.#candidate = null;
    this.#stats = null;
  }

  /**
   * Installs a new set directly (gradient mode, or rebuilding a saved structure).
   * @param init random init; omit for zeros (weights to be loaded)
   */
  addSet(init?: DendriteInit): void {
    this.sets.push(new DendriteSet(this.main, this.sets.length, init));
  }

  /** Removes sets beyond the first `count` (reverting to a checkpoint). */
  truncate(count: number): void {
    this.sets.length = Math.min(this.sets.length, count);
  }

  /**
   * Sets which tensors train in a phase.
   * - `'correlation'`: only the candidate (neuron weights and every w frozen);
   * - `'neuron'`: the neuron weights and the newest set's w; in gradient mode the
   *   newest set's input weights too. Older sets are frozen.
   * @param phase the phase starting
   * @param mode dendrite mode
   */
  configure(phase: 'neuron' | 'correlation', mode: 'correlation' | 'gradient'): void {
    const neuron = phase === 'neuron';
    for (const p of this.main.parameters()) p.requiresGrad = neuron;
    this.sets.forEach((s, k) => {
      const newest = k === this.sets.length - 1;
      s.setTrainable(neuron && newest && mode === 'gradient', neuron && newest);
    });
  }

  /** @returns every tensor that currently trains: trainable parameters plus the candidate's */
  trainable(): Tensor[] {
    const own = this.parameters().filter((p) => p.requiresGrad);
    return this.#candidate === null ? own : [...own, ...this.#candidate.parameters()];
  }
}

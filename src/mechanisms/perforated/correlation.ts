/**
 * The correlation phase's statistics and its tap op. Per neuron j (one output
 * feature of a Linear, one channel of a Conv2d) with candidate output V and
 * neuron error δ = ∂L/∂a_j:
 *
 *     V̄_j ← β·V̄_j + (1−β)·mean_p V_pj          δ̄_j ← β·δ̄_j + (1−β)·mean_p δ_pj
 *     cov_j ← β·cov_j + (1−β)·mean_p (V_pj − V̄_j)(δ_pj − δ̄_j)
 *     ∂(−|cov_j|)/∂V_pj ∝ −sign(cov_j)·(δ_pj − δ̄_j)                 (injected upstream gradient)
 *
 * p ranges over the batch and, for convolutions, the spatial positions. During
 * the first `warmupBatches` batches the averages are plain running means and
 * the candidate receives no gradient.
 */
import { customOp, type Tensor } from '../../tensor/index.js';

/** Running statistics of one layer's candidates (one candidate per neuron). */
export class CorrelationStats {
  /** EMA of each candidate's output. */
  readonly vBar: Float64Array;
  /** EMA of each neuron's error. */
  readonly deltaBar: Float64Array;
  /** EMA of the (unnormalised) covariance between candidate output and neuron error. */
  readonly cov: Float64Array;
  /** Best |cov| seen per neuron at an epoch end (after warm-up). */
  readonly best: Float64Array;
  /** Batches seen so far. */
  batches = 0;

  /**
   * @param neurons neurons of the layer
   * @param emaDecay β of the running averages
   * @param warmupBatches batches that only initialise the averages
   */
  constructor(
    readonly neurons: number,
    readonly emaDecay: number,
    readonly warmupBatches: number,
  ) {
    this.vBar = new Float64Array(neurons);
    this.deltaBar = new Float64Array(neurons);
    this.cov = new Float64Array(neurons);
    this.best = new Float64Array(neurons);
  }

  /** @returns whether the warm-up batches are over (candidates learn, improvements count) */
  get warm(): boolean {
    return this.batches > this.warmupBatches;
  }

  /**
   * Folds one batch into the averages and returns the gradient to inject into V.
   * @param v candidate outputs, flat, neuron j at `floor(i / inner) % neurons`
   * @param delta neuron errors, same layout
   * @param inner elements per neuron inside one sample (1 for Linear, H·W for Conv2d)
   * @returns the upstream gradient for V (zeros during warm-up)
   */
  update(v: Float32Array, delta: Float32Array, inner: number): Float32Array {
    // Flat index i runs sample by sample, neuron by neuron, then over the `inner` positions of neuron j.
    const n = this.neurons, block = n * inner, samples = v.length / block, count = samples * inner;
    const mv = new Float64Array(n), md = new Float64Array(n);
    for (let i = 0, s = 0; s < samples; s++) {
      for (let j = 0; j < n; j++) {
        for (let end = i + inner; i < end; i++) {
          mv[j] += v[i];
          md[j] += delta[i];
        }
      }
    }
    this.batches += 1;
    // Running means during warm-up (a fair start for the EMAs), EMAs afterwards.
    const a = this.warm ? 1 - this.emaDecay : 1 / this.batches;
    for (let j = 0; j < n; j++) {
      this.vBar[j] += a * (mv[j] / count - this.vBar[j]);
      this.deltaBar[j] += a * (md[j] / count - this.deltaBar[j]);
    }
    const c = new Float64Array(n), absErr = new Float64Array(n), absDelta = new Float64Array(n);
    for (let i = 0, s = 0; s < samples; s++) {
      for (let j = 0; j < n; j++) {
        const vb = this.vBar[j], db = this.deltaBar[j];
        let cj = c[j], ej = absErr[j], dj = absDelta[j];
        for (let end = i + inner; i < end; i++) {
          const e = delta[i] - db;
          cj += (v[i] - vb) * e;
          ej += Math.abs(e);
          dj += Math.abs(delta[i]);
        }
        c[j] = cj;
        absErr[j] = ej;
        absDelta[j] = dj;
      }
    }
    for (let j = 0; j < n; j++) this.cov[j] += a * (c[j] / count - this.cov[j]);
    const grad = new Float32Array(v.length);
    if (!this.warm) return grad;
    // The injected gradient is rescaled per neuron to the size of the neuron's own gradient.
    const scale = new Float64Array(n);
    for (let j = 0; j < n; j++) scale[j] = absErr[j] > 0 ? -Math.sign(this.cov[j]) * (absDelta[j] / absErr[j]) : 0;
    for (let i = 0, s = 0; s < samples; s++) {
      for (let j = 0; j < n; j++) for (let end = i + inner; i < end; i++) grad[i] = scale[j] * (delta[i] - this.deltaBar[j]);
    }
    return grad;
  }

  /**
   * Epoch-end check: which neurons' |cov| beat their best by both thresholds
   * (the best is updated). Always 0 during warm-up.
   * @param relative relative gain needed (e.g. 0.01)
   * @param raw absolute gain needed (e.g. 1e-5)
   * @returns the number of neurons that improved
   */
  improvedNeurons(relative: number, raw: number): number {
    if (!this.warm) return 0;
    let improved = 0;
    for (let j = 0; j < this.neurons; j++) {
      const s = Math.abs(this.cov[j]);
      if (s > this.best[j] * (1 + relative) && s - this.best[j] > raw) {
        this.best[j] = s;
        improved++;
      }
    }
    return improved;
  }

  /** @returns mean |cov| over the neurons (a progress number for logs and tests) */
  meanAbsCov(): number {
    let s = 0;
    for (let j = 0; j < this.neurons; j++) s += Math.abs(this.cov[j]);
    return s / this.neurons;
  }
}

/**
 * Identity on the layer output `a` that taps the neuron error in the backward pass:
 * the output's values are a bit-exact copy of `a` (the candidate contributes
 * nothing forward), `a` receives its gradient unchanged and the candidate output
 * `v` receives the correlation gradient from {@link CorrelationStats.update}.
 * @param a layer output `[..., out]` (Linear) or `[N, out, H, W]` (Conv2d)
 * @param v candidate outputs, same shape as `a`
 * @param stats the layer's statistics
 * @param inner elements per neuron inside one sample (1 or H·W)
 * @returns a tensor equal to `a`
 */
export function correlationTap(a: Tensor, v: Tensor, stats: CorrelationStats, inner: number): Tensor {
  const vd = v.data;
  return customOp('perforatedCorrelation', a.data.slice(), a.shape, [a, v], (g) => [g, stats.update(vd, g, inner)]);
}

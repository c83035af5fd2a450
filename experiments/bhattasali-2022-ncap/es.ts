/**
 * OpenAI-ES (Salimans et al. 2017) as the NCAP authors run it: antithetic
 * perturbations ε ~ N(0, σ²), centred ranks in [−0.5, 0.5], gradient estimate
 * g = −Σ rank_i ε_i / (pop σ) clamped to ±1 elementwise, then Adam with L2
 * weight decay (PyTorch `Adam(weight_decay)`: g += wd θ). One episode per member.
 */
import type { Rng } from '../../src/util/index.js';

/** ES hyper-parameters. */
export interface EsOptions {
  /** Population (even: antithetic pairs). */
  readonly popSize: number;
  readonly sigma: number;
  readonly lr: number;
  readonly weightDecay: number;
  readonly iterations: number;
}

/** Scores a batch of parameter vectors (e.g. one episode each, in parallel) at iteration `iter`. */
export type BatchScore = (thetas: Float64Array[], iter: number) => Promise<number[]>;

/** Centred ranks: the lowest score gets −0.5, the highest +0.5 (ties broken by index). */
export function centredRanks(scores: readonly number[]): Float64Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const ranks = new Float64Array(n);
  order.forEach((idx, r) => (ranks[idx] = n > 1 ? r / (n - 1) - 0.5 : 0));
  return ranks;
}

/**
 * Runs ES from `theta0`.
 * @param onIteration called after each update with the new mean parameters.
 * @returns the final mean parameters.
 */
export async function openaiEs(theta0: Float64Array, opts: EsOptions, score: BatchScore, rng: Rng, onIteration: (iter: number, theta: Float64Array) => Promise<void>): Promise<Float64Array> {
  const d = theta0.length;
  const half = Math.floor(opts.popSize / 2);
  const theta = Float64Array.from(theta0);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const [b1, b2, epsAdam] = [0.9, 0.999, 1e-8];
  for (let iter = 1; iter <= opts.iterations; iter++) {
    const eps = Array.from({ length: half }, () => rng.fillNormal(new Float64Array(d), 0, opts.sigma));
    const thetas = eps.flatMap((e) => [theta.map((t, j) => t + e[j]!), theta.map((t, j) => t - e[j]!)]);
    const ranks = centredRanks(await score(thetas, iter));
    for (let j = 0; j < d; j++) {
      let g = 0;
      for (let k = 0; k < half; k++) g -= (ranks[2 * k]! - ranks[2 * k + 1]!) * eps[k]![j]!;
      g /= 2 * half * opts.sigma;
      g = Math.min(Math.max(g, -1), 1) + opts.weightDecay * theta[j]!;
      m[j] = b1 * m[j]! + (1 - b1) * g;
      v[j] = b2 * v[j]! + (1 - b2) * g * g;
      const mHat = m[j]! / (1 - b1 ** iter);
      const vHat = v[j]! / (1 - b2 ** iter);
      theta[j] = theta[j]! - (opts.lr * mHat) / (Math.sqrt(vHat) + epsAdam);
    }
    await onIteration(iter, theta);
  }
  return theta;
}

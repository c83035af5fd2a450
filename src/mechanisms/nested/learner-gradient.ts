/**
 * Gradient-descent learners (Fong–Spivak–Tuyéras, "Backprop as Functor", §3):
 * a differentiable parametrised map I(p, a) with the quadratic error
 * E(p, a, b) = ½‖I(p, a) − b‖² becomes the learner
 *   U(p, a, b) = p − ε ∇_p E,   r(p, a, b) = a − ∇_a E.
 * The request is not scaled by ε (the paper's functor scales it through α; we fix
 * α = 1 so the numbers match the note's one-neuron example). With this choice a
 * serial composite of gradient learners performs exactly backpropagation with
 * step ε on the composite map: the upstream learner's error I_f − r_g equals
 * ∇_b E_g, the gradient of the downstream error with respect to its input.
 *
 * @see https://arxiv.org/abs/1711.10455
 */
import { ArgumentError, ShapeError, type Rng } from '../../util/index.js';
import type { Vec } from '../../dynamics/index.js';
import { numericLearner, type LearnerDims, type NumericLearner } from './learner.js';

/** The gradients a vector-Jacobian product returns: ∂E/∂p and ∂E/∂a. */
export interface Vjp {
  /** ∂E/∂p = J_pᵀ g, length nParams. */
  readonly dp: ArrayLike<number>;
  /** ∂E/∂a = J_aᵀ g, length nIn. */
  readonly da: ArrayLike<number>;
}

/** What {@link gradientLearner} takes. */
export interface GradientLearnerSpec extends LearnerDims {
  readonly name?: string;
  /** Step size ε of the parameter update (≥ 0). */
  readonly lr: number;
  /** The parametrised map I(p, a), length nOut. */
  readonly implement: (p: Vec, a: Vec) => ArrayLike<number>;
  /**
   * Vector-Jacobian product at (p, a): given g = ∂E/∂y (for the quadratic error,
   * g = I(p, a) − b), returns J_pᵀ g and J_aᵀ g. `y` is I(p, a), passed to save recomputing it.
   */
  readonly vjp: (p: Vec, a: Vec, y: Vec, g: Vec) => Vjp;
  /** Initial parameters (optional). */
  readonly init?: (rng: Rng) => ArrayLike<number>;
}

/**
 * The gradient-descent learner of a differentiable map with error E = ½‖I(p, a) − b‖²:
 * U = p − ε∇_pE, r = a − ∇_aE (request with the old parameters).
 * @param spec dimensions, step `lr` (ε), `implement`, its `vjp`, optional `init`.
 * @returns a {@link NumericLearner}.
 * @see https://arxiv.org/abs/1711.10455
 * @example
 * // y = p·a (scalar gain), trained towards b.
 * const gain = gradientLearner({ nParams: 1, nIn: 1, nOut: 1, lr: 0.1,
 *   implement: (p, a) => [p[0]! * a[0]!],
 *   vjp: (p, a, _y, g) => ({ dp: [g[0]! * a[0]!], da: [g[0]! * p[0]!] }) });
 */
export function gradientLearner(spec: GradientLearnerSpec): NumericLearner {
  const name = spec.name ?? 'gradientLearner';
  if (typeof spec.lr !== 'number' || !Number.isFinite(spec.lr) || spec.lr < 0) {
    throw new ArgumentError(`gradientLearner(${name}).lr`, { what: 'bad step size', expected: 'a finite number >= 0', received: spec.lr });
  }
  if (typeof spec.vjp !== 'function') throw new ArgumentError(`gradientLearner(${name}).vjp`, { what: 'not a function', expected: 'a function', received: spec.vjp });
  const { lr, nParams, nIn, nOut, implement, vjp } = spec;
  const grads = (p: Vec, a: Vec, b: Vec): Vjp => {
    const y = Float64Array.from(implement(p, a));
    const g = new Float64Array(nOut);
    for (let k = 0; k < nOut; k++) g[k] = y[k]! - b[k]!;
    const r = vjp(p, a, y, g);
    if (r.dp.length !== nParams) throw new ShapeError(`${name}.vjp`, { what: 'dp has the wrong length', expected: nParams, received: r.dp.length });
    if (r.da.length !== nIn) throw new ShapeError(`${name}.vjp`, { what: 'da has the wrong length', expected: nIn, received: r.da.length });
    return r;
  };
  return numericLearner({
    name,
    nParams,
    nIn,
    nOut,
    implement,
    update: (p, a, b) => {
      const { dp } = grads(p, a, b);
      const out = new Float64Array(nParams);
      for (let i = 0; i < nParams; i++) out[i] = p[i]! - lr * dp[i]!;
      return out;
    },
    request: (p, a, b) => {
      const { da } = grads(p, a, b);
      const out = new Float64Array(nIn);
      for (let i = 0; i < nIn; i++) out[i] = a[i]! - da[i]!;
      return out;
    },
    ...(spec.init !== undefined && { init: spec.init }),
  });
}

/** Activation functions of {@link neuronLearner}. */
export type Activation = 'linear' | 'sigmoid' | 'tanh';

/** An activation φ and its slope written in terms of the output y = φ(z). */
export interface ActivationFns {
  readonly apply: (z: number) => number;
  /** φ'(z) as a function of y = φ(z) (cheap for these three). */
  readonly slopeFromOutput: (y: number) => number;
}

/**
 * The activations of {@link neuronLearner}, for code that needs φ and φ' by name
 * (e.g. parameter-free neuron boxes whose weights live in an adaptive wiring).
 * @example
 * ACTIVATIONS.sigmoid.apply(0); // 0.5
 * ACTIVATIONS.sigmoid.slopeFromOutput(0.5); // 0.25
 */
export const ACTIVATIONS: Readonly<Record<Activation, ActivationFns>> = Object.freeze({
  linear: Object.freeze({ apply: (z: number) => z, slopeFromOutput: () => 1 }),
  sigmoid: Object.freeze({ apply: (z: number) => 1 / (1 + Math.exp(-z)), slopeFromOutput: (y: number) => y * (1 - y) }),
  tanh: Object.freeze({ apply: (z: number) => Math.tanh(z), slopeFromOutput: (y: number) => 1 - y * y }),
});

/** Options of {@link neuronLearner}. */
export interface NeuronLearnerOptions {
  /** Number of inputs. */
  readonly nIn: number;
  /** φ in y = φ(w·a + bias). */
  readonly activation: Activation;
  /** Step size ε of the gradient update. */
  readonly lr: number;
  /** `init` draws weights uniform in ±initScale/√nIn and sets the bias to 0 (default 1). */
  readonly initScale?: number;
  readonly name?: string;
}

/**
 * One artificial neuron y = φ(w·a + bias) as a gradient learner R^nIn → R.
 * Parameters p = [w_0 … w_{nIn−1}, bias]. With err = y − b and δ = err·φ'(z):
 * w' = w − ε δ a, bias' = bias − ε δ, request a' = a − δ w (old w).
 * Linear example (the paper note's): w = (0.5, −0.5), bias 0, a = (1, 2), b = 1,
 * ε = 0.1 → y = −0.5, err = −1.5, w' = (0.65, −0.2), bias' = 0.15, a' = (1.75, 1.25).
 * @param opts `nIn`, `activation`, `lr`, optional `initScale` and `name`.
 * @returns a {@link NumericLearner} with nParams = nIn + 1, nOut = 1.
 * @example
 * const n = neuronLearner({ nIn: 2, activation: 'linear', lr: 0.1 });
 * n.update(new Float64Array([0.5, -0.5, 0]), new Float64Array([1, 2]), new Float64Array([1])); // [0.65, -0.2, 0.15]
 */
export function neuronLearner(opts: NeuronLearnerOptions): NumericLearner {
  const { nIn, activation, lr } = opts;
  const name = opts.name ?? `neuron(${activation})`;
  const act = ACTIVATIONS[activation];
  if (act === undefined) throw new ArgumentError(`neuronLearner(${name}).activation`, { what: 'unknown activation', expected: Object.keys(ACTIVATIONS).join(' | '), received: activation });
  if (!Number.isInteger(nIn) || nIn < 1) throw new ArgumentError(`neuronLearner(${name}).nIn`, { what: 'bad input count', expected: 'an integer >= 1', received: nIn });
  const initScale = opts.initScale ?? 1;
  if (!Number.isFinite(initScale) || initScale < 0) throw new ArgumentError(`neuronLearner(${name}).initScale`, { what: 'bad scale', expected: 'a finite number >= 0', received: initScale });
  const bound = initScale / Math.sqrt(nIn);
  return gradientLearner({
    name,
    nParams: nIn + 1,
    nIn,
    nOut: 1,
    lr,
    implement: (p, a) => {
      let z = p[nIn]!;
      for (let i = 0; i < nIn; i++) z += p[i]! * a[i]!;
      return [act.apply(z)];
    },
    vjp: (p, a, y, g) => {
      const delta = g[0]! * act.slopeFromOutput(y[0]!);
      const dp = new Float64Array(nIn + 1);
      const da = new Float64Array(nIn);
      for (let i = 0; i < nIn; i++) {
        dp[i] = delta * a[i]!;
        da[i] = delta * p[i]!;
      }
      dp[nIn] = delta;
      return { dp, da };
    },
    init: (rng) => {
      const p = new Float64Array(nIn + 1);
      for (let i = 0; i < nIn; i++) p[i] = rng.uniform(-bound, bound);
      return p;
    },
  });
}

/** Options of {@link fanOutLearner}. */
export interface FanOutOptions {
  /** Length of the copied vector. */
  readonly nIn: number;
  /** How many copies (≥ 1). */
  readonly copies: number;
}

/**
 * The parameter-free copy map a ↦ (a, …, a) as a gradient learner: it feeds one
 * input to several learners (a layer's fan-out). Its request sums the feedback,
 * r = a − Σ_k (a − b_k), i.e. the gradients of all copies add up.
 * @param opts `nIn` and `copies`.
 * @returns a {@link NumericLearner} R^nIn → R^(nIn·copies) with no parameters.
 * @example
 * const layer = seqVec(fanOutLearner({ nIn: 2, copies: 2 }), parVec(neuronA, neuronB));
 */
export function fanOutLearner(opts: FanOutOptions): NumericLearner {
  const { nIn, copies } = opts;
  if (!Number.isInteger(nIn) || nIn < 0) throw new ArgumentError('fanOutLearner(opts).nIn', { what: 'bad input count', expected: 'an integer >= 0', received: nIn });
  if (!Number.isInteger(copies) || copies < 1) throw new ArgumentError('fanOutLearner(opts).copies', { what: 'bad copy count', expected: 'an integer >= 1', received: copies });
  return gradientLearner({
    name: `fanOut(${nIn}x${copies})`,
    nParams: 0,
    nIn,
    nOut: nIn * copies,
    lr: 0,
    implement: (_p, a) => {
      const y = new Float64Array(nIn * copies);
      for (let k = 0; k < copies; k++) y.set(a, k * nIn);
      return y;
    },
    vjp: (_p, _a, _y, g) => {
      const da = new Float64Array(nIn);
      for (let k = 0; k < copies; k++) for (let i = 0; i < nIn; i++) da[i] += g[k * nIn + i]!;
      return { dp: [], da };
    },
  });
}

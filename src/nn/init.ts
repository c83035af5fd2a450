/**
 * Weight initialisation schemes, computed like `torch.nn.init` (fan-in / fan-out
 * including the conv receptive field, the same gains), drawing from an explicit Rng.
 * Each fills a tensor's data in place and returns the tensor.
 *
 * @see https://pytorch.org/docs/stable/nn.init.html
 */
import type { Tensor } from '../tensor/index.js';
import { ArgumentError, type Rng } from '../util/index.js';

/** Nonlinearities with a recommended gain (`torch.nn.init.calculate_gain`). */
export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Which fan Kaiming init preserves: forward activations (`fanIn`) or backward gradients (`fanOut`). */
export type FanMode = 'fanIn' | 'fanOut';

/**
 * The recommended gain for a nonlinearity.
 * @param nonlinearity the activation that follows the layer
 * @param negativeSlope slope of leaky ReLU (only for `'leakyRelu'`; default 0.01)
 * @returns 1 (linear/conv/sigmoid), 5/3 (tanh), √2 (relu), √(2/(1+a²)) (leakyRelu), 3/4 (selu)
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
  }
}

/**
 * Fan-in and fan-out of a weight shape, like PyTorch: `fanIn = shape[1]·receptive`,
 * `fanOut = shape[0]·receptive`, `receptive = ∏ shape[2:]` (conv kernels).
 * @param shape weight shape, at least 2-D (`[out, in, ...kernel]`)
 * @returns `{ fanIn, fanOut }`
 */
export function calculateFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ArgumentError('calculateFans(shape)', { what: 'fan in/out needs a 2-D or larger weight', expected: 'rank >= 2', received: shape });
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

/** Options of the Kaiming (He) initialisers. */
export interface KaimingOptions {
  /** The random stream to draw from. */
  rng: Rng;
  /** Negative slope of the following leaky ReLU (used only with `'leakyRelu'`), default 0. */
  a?: number;
  /** Default `'fanIn'`. */
  mode?: FanMode;
  /** Default `'leakyRelu'` (PyTorch's default; with a = 0 that is ReLU's √2). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, opts: KaimingOptions): number {
  const fans = calculateFans(t.shape);
  const fan = (opts.mode ?? 'fanIn') === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(opts.nonlinearity ?? 'leakyRelu', opts.a ?? 0) / Math.sqrt(fan);
}

/**
 * Kaiming (He) uniform init: U(−b, b) with `b = gain·√(3 / fan)`.
 * @see https://arxiv.org/abs/1502.01852
 * @param t weight, `[out, in, ...kernel]`; filled in place
 * @param opts rng, a, mode, nonlinearity
 * @returns `t`
 */
export function kaimingUniform(t: Tensor, opts: KaimingOptions): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, opts);
  opts.rng.fillUniform(t.data, -bound, bound);
  return t;
}

/**
 * Kaiming (He) normal init: N(0, std²) with `std = gain / √fan`.
 * @see https://arxiv.org/abs/1502.01852
 * @param t weight, `[out, in, ...kernel]`; filled in place
 * @param opts rng, a, mode, nonlinearity
 * @returns `t`
 */
export function kaimingNormal(t: Tensor, opts: KaimingOptions): Tensor {
  opts.rng.fillNormal(t.data, 0, kaimingStd(t, opts));
  return t;
}

/** Options of the Xavier (Glorot) initialisers and {@link orthogonal}. */
export interface GainOptions {
  /** The random stream to draw from. */
  rng: Rng;
  /** Scale factor, default 1 (see {@link calculateGain}). */
  gain?: number;
}

/**
 * Xavier (Glorot) uniform init: U(−b, b) with `b = gain·√(6 / (fanIn + fanOut))`.
 * @see http://proceedings.mlr.press/v9/glorot10a.html
 * @param t weight, `[out, in, ...kernel]`; filled in place
 * @param opts rng, gain
 * @returns `t`
 */
export function xavierUniform(t: Tensor, opts: GainOptions): Tensor {
  const { fanIn, fanOut } = calculateFans(t.shape);
  const bound = (opts.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  opts.rng.fillUniform(t.data, -bound, bound);
  return t;
}

/**
 * Xavier (Glorot) normal init: N(0, std²) with `std = gain·√(2 / (fanIn + fanOut))`.
 * @see http://proceedings.mlr.press/v9/glorot10a.html
 * @param t weight, `[out, in, ...kernel]`; filled in place
 * @param opts rng, gain
 * @returns `t`
 */
export function xavierNormal(t: Tensor, opts: GainOptions): Tensor {
  const { fanIn, fanOut } = calculateFans(t.shape);
  opts.rng.fillNormal(t.data, 0, (opts.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)));
  return t;
}

/**
 * Uniform init U(low, high), e.g. PyTorch's default bias init `±1/√fanIn`.
 * @param t any tensor; filled in place
 * @param opts rng, low, high
 * @returns `t`
 */
export function uniformInit(t: Tensor, opts: { rng: Rng; low: number; high: number }): Tensor {
  opts.rng.fillUniform(t.data, opts.low, opts.high);
  return t;
}

/**
 * (Semi-)orthogonal init (Saxe et al.): the weight, viewed as `[shape[0], rest]`,
 * gets orthonormal rows or columns (whichever are fewer), times `gain`. The Q factor
 * of a Gaussian matrix is computed in float64 by modified Gram–Schmidt run twice
 * (re-orthogonalisation), which equals LAPACK's QR after PyTorch's sign fix
 * `q *= sign(diag(r))` (both give R a positive diagonal).
 * @see https://arxiv.org/abs/1312.6120
 * @param t weight, at least 2-D; filled in place
 * @param opts rng, gain
 * @returns `t`
 */
export function orthogonal(t: Tensor, opts: GainOptions): Tensor {
  if (t.ndim < 2) {
    throw new ArgumentError('orthogonal(t)', { what: 'needs a tensor with 2 or more dimensions', expected: 'rank >= 2', received: t.shape });
  }
  const rows = t.shape[0]!;
  const cols = t.size / rows;
  // Work on the tall orientation [m, n] with m >= n, columns orthonormalised.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a = new Float64Array(m * n);
  opts.rng.fillNormal(a);
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < m; r++) dot += a[r * n + i] * a[r * n + j];
        for (let r = 0; r < m; r++) a[r * n + j] -= dot * a[r * n + i];
      }
    }
    let norm = 0;
    for (let r = 0; r < m; r++) norm += a[r * n + j] ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < m; r++) a[r * n + j] /= norm;
  }
  const gain = opts.gain ?? 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows >= cols: t[r, c] = q[r, c]; otherwise t = qᵀ, i.e. t[r, c] = q[c, r].
      t.data[r * cols + c] = gain * (rows >= cols ? a[r * n + c] : a[c * n + r]);
    }
  }
  return t;
}

/**
 * How a layer initialises its weight: PyTorch's default (`'default'`: Kaiming
 * uniform with a = √5, i.e. U(±1/√fanIn)), a named scheme with its default gain,
 * or a function that fills the weight in place.
 */
export type WeightInit =
  | 'default'
  | 'kaimingUniform'
  | 'kaimingNormal'
  | 'xavierUniform'
  | 'xavierNormal'
  | 'orthogonal'
  | ((weight: Tensor, rng: Rng) => void);

/**
 * Initialises a layer's weight and bias the way its constructor promises: the
 * weight by `init`; the bias U(±1/√fanIn) under `'default'` (PyTorch) and zeros
 * otherwise. Draws the weight first, then the bias.
 * @param weight `[out, in, ...kernel]`, filled in place
 * @param bias `[out]` or null, filled in place
 * @param rng the random stream
 * @param init the weight scheme
 */
export function initLayer(weight: Tensor, bias: Tensor | null, rng: Rng, init: WeightInit = 'default'): void {
  switch (init) {
    case 'default':
      kaimingUniform(weight, { rng, a: Math.sqrt(5) });
      break;
    case 'kaimingUniform':
      kaimingUniform(weight, { rng });
      break;
    case 'kaimingNormal':
      kaimingNormal(weight, { rng });
      break;
    case 'xavierUniform':
      xavierUniform(weight, { rng });
      break;
    case 'xavierNormal':
      xavierNormal(weight, { rng });
      break;
    case 'orthogonal':
      orthogonal(weight, { rng });
      break;
    default:
      init(weight, rng);
  }
  if (bias === null) return;
  if (init === 'default') {
    const bound = 1 / Math.sqrt(calculateFans(weight.shape).fanIn);
    rng.fillUniform(bias.data, -bound, bound);
  } else {
    bias.data.fill(0);
  }
}

/**
 * 2-D convolution (cross-correlation, like PyTorch) in NCHW layout, as one custom
 * op over the `conv2dForward` / `conv2dBackward` kernels: im2col + GEMM forward;
 * backward gives the weight grad as `gOut · colsᵀ` and the input grad as
 * `col2im(Wᵀ · gOut)`, a minibatch chunk (up to 8 MB of columns) per GEMM. The
 * wasm kernels run the whole pipeline in the heap; the TS reference
 * (src/tensor/kernels/conv.ts) is the fallback and oracle.
 */
import { customOp, kernel, zeros, type ConvGeometry, type Tensor } from '../tensor/index.js';
import { ArgumentError, ShapeError, defaultRng, type Rng } from '../util/index.js';
import { Module } from './module.js';
import { initLayer, type WeightInit } from './init.js';

/** A size given once for both spatial axes, or as `[height, width]`. */
export type Size2 = number | readonly [number, number];

/** Stride and zero padding of {@link conv2d}. */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: Size2;
  /** Zeros added on each side (default 0). */
  padding?: Size2;
}

/** Normalises a {@link Size2} to `[h, w]`, checking it is an integer >= `min`. */
export function pair(v: Size2, where: string, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new ArgumentError(where, { what: 'must be integers', expected: `>= ${min}`, received: v });
  }
  return p;
}

/**
 * 2-D convolution, NCHW.
 * @param x `[N, C, H, W]`
 * @param weight `[O, C, kh, kw]` (PyTorch layout)
 * @param bias `[O]` or null
 * @param opts stride, padding
 * @returns `[N, O, ⌊(H + 2ph − kh)/sh⌋ + 1, ⌊(W + 2pw − kw)/sw⌋ + 1]`
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts: Conv2dOptions = {}): Tensor {
  const { g, n, o } = geometry(x, weight, bias, opts);
  const base = { g, n, o, x: x.data, weight: weight.data, bias: bias?.data ?? null };
  const out = new Float32Array(n * o * g.oh * g.ow);
  kernel('conv2dForward')({ ...base, out });
  const parents = bias === null ? [x, weight] : [x, weight, bias];
  return customOp('conv2d', out, [n, o, g.oh, g.ow], parents, (gOut) => {
    const dx = x.requiresGrad ? new Float32Array(x.size) : null;
    const dw = weight.requiresGrad ? new Float32Array(weight.size) : null;
    const db = bias?.requiresGrad ? new Float32Array(o) : null;
    kernel('conv2dBackward')({ ...base, gOut, dx, dw, db });
    return bias === null ? [dx, dw] : [dx, dw, db];
  });
}

/** Checks shapes and options of {@link conv2d}; @returns the geometry, batch and output channels. */
function geometry(x: Tensor, weight: Tensor, bias: Tensor | null, opts: Conv2dOptions): { g: ConvGeometry; n: number; o: number } {
  const where = 'conv2d(x, weight, bias)';
  if (x.ndim !== 4) throw new ShapeError(where, { what: 'x must be 4-D', expected: '[N, C, H, W]', received: x.shape });
  if (weight.ndim !== 4 || weight.shape[1] !== x.shape[1]) {
    throw new ShapeError(where, { what: 'weight must be [O, C, kh, kw] with C of x', expected: [-1, x.shape[1], -1, -1], received: weight.shape });
  }
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [o, , kh, kw] = weight.shape as [number, number, number, number];
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(where, { what: 'bias must be [O]', expected: [o], received: bias.shape });
  }
  const [sh, sw] = pair(opts.stride ?? 1, 'conv2d(opts.stride)', 1);
  const [ph, pw] = pair(opts.padding ?? 0, 'conv2d(opts.padding)', 0);
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (oh < 1 || ow < 1) {
    throw new ShapeError(where, { what: 'kernel larger than padded input', expected: `H + 2·${ph} >= ${kh} and W + 2·${pw} >= ${kw}`, received: x.shape });
  }
  return { g: { c, h, w, kh, kw, sh, sw, ph, pw, oh, ow }, n, o };
}

/** Options of {@link Conv2d}. */
export interface Conv2dLayerOptions extends Conv2dOptions {
  /** Random stream for the initial weights (default: the generator of `manualSeed`). */
  rng?: Rng;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** Weight init (default PyTorch's: U(±1/√(C·kh·kw)) for weight and bias). */
  init?: WeightInit;
}

/**
 * 2-D convolution layer, NCHW, weight `[out, in, kh, kw]` like PyTorch.
 * @example
 * const conv = new Conv2d(1, 8, 3, { padding: 1, rng: createRng(0) });
 * conv.forward(zeros([2, 1, 28, 28])).shape; // [2, 8, 28, 28]
 */
export class Conv2d extends Module {
  /** `[out, in, kh, kw]`. */
  readonly weight: Tensor;
  /** `[out]` or null. */
  readonly bias: Tensor | null;
  /** `[sh, sw]`. */
  readonly stride: [number, number];
  /** `[ph, pw]`. */
  readonly padding: [number, number];

  /**
   * @param inChannels C of the input
   * @param outChannels O, number of filters
   * @param kernelSize `k` or `[kh, kw]`
   * @param opts stride, padding, bias, rng, init
   */
  constructor(inChannels: number, outChannels: number, kernelSize: Size2, opts: Conv2dLayerOptions = {}) {
    super();
    const [kh, kw] = pair(kernelSize, 'Conv2d(kernelSize)', 1);
    const [ci, co] = pair([inChannels, outChannels], 'Conv2d(inChannels, outChannels)', 1);
    this.stride = pair(opts.stride ?? 1, 'Conv2d(opts.stride)', 1);
    this.padding = pair(opts.padding ?? 0, 'Conv2d(opts.padding)', 0);
    this.weight = zeros([co, ci, kh, kw]);
    this.bias = (opts.bias ?? true) ? zeros([co]) : null;
    initLayer(this.weight, this.bias, opts.rng ?? defaultRng(), opts.init);
    this.weight.requiresGrad = true;
    if (this.bias) this.bias.requiresGrad = true;
  }

  /**
   * @param x `[N, in, H, W]`
   * @returns `[N, out, H', W']`
   */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding });
  }
}

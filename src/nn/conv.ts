/**
 * 2-D convolution (cross-correlation, like PyTorch) in NCHW layout, as one custom
 * op: im2col + gemm forward; backward gives the weight grad as `gOut · colsᵀ` and
 * the input grad as `col2im(Wᵀ · gOut)`. Samples are unfolded side by side into
 * one column matrix per chunk (up to 8 MB), so a minibatch is one large GEMM per
 * pass instead of N small ones; with one chunk the forward's columns are kept
 * for the backward pass, otherwise each chunk is unfolded again.
 */
import { customOp, kernels, zeros, type Tensor } from '../tensor/index.js';
import { ArgumentError, ShapeError, type Rng } from '../util/index.js';
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

interface Geometry {
  c: number; h: number; w: number; kh: number; kw: number;
  sh: number; sw: number; ph: number; pw: number; oh: number; ow: number;
}

/** Most floats one im2col chunk may hold (8 MB): samples are batched into one GEMM up to this. */
const CHUNK_FLOATS = 1 << 21;

/** First output index whose input index `o·stride − pad + t` is >= 0. */
const firstValid = (stride: number, pad: number, t: number): number => Math.max(0, Math.ceil((pad - t) / stride));
/** One past the last output index (of `len`) whose input index is < size. */
const endValid = (len: number, stride: number, pad: number, t: number, size: number): number => Math.min(len, Math.floor((size - 1 + pad - t) / stride) + 1);

/**
 * Unfolds one sample `[C, H, W]` (at `xOff`) into columns `colOff..colOff+oh·ow` of
 * `cols` `[C·kh·kw, ld]` (ld = the chunk's samples × oh·ow). The in-bounds run of
 * each output row is found once per kernel column, so the inner loop has no branch.
 */
function im2col(x: Float32Array, xOff: number, g: Geometry, cols: Float32Array, ld: number, colOff: number): void {
  let row = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, row++) {
        const lo = firstValid(g.sw, g.pw, j), hi = Math.max(lo, endValid(g.ow, g.sw, g.pw, j, g.w));
        for (let oy = 0; oy < g.oh; oy++) {
          const iy = oy * g.sh - g.ph + i;
          const dst = row * ld + colOff + oy * g.ow;
          if (iy < 0 || iy >= g.h) {
            cols.fill(0, dst, dst + g.ow);
            continue;
          }
          const src = xOff + (c * g.h + iy) * g.w + j - g.pw; // + ox·sw
          for (let ox = 0; ox < lo; ox++) cols[dst + ox] = 0;
          for (let ox = lo; ox < hi; ox++) cols[dst + ox] = x[src + ox * g.sw];
          for (let ox = hi; ox < g.ow; ox++) cols[dst + ox] = 0;
        }
      }
    }
  }
}

/** Adjoint of {@link im2col}: scatter-adds one sample's columns back into `dx`. */
function col2im(cols: Float32Array, ld: number, colOff: number, g: Geometry, dx: Float32Array, dxOff: number): void {
  let row = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, row++) {
        const lo = firstValid(g.sw, g.pw, j), hi = endValid(g.ow, g.sw, g.pw, j, g.w);
        for (let oy = 0; oy < g.oh; oy++) {
          const iy = oy * g.sh - g.ph + i;
          if (iy < 0 || iy >= g.h) continue;
          const src = row * ld + colOff + oy * g.ow;
          const dst = dxOff + (c * g.h + iy) * g.w + j - g.pw;
          for (let ox = lo; ox < hi; ox++) dx[dst + ox * g.sw] += cols[src + ox];
        }
      }
    }
  }
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
  const L = g.oh * g.ow, ckk = g.c * g.kh * g.kw, xs = g.c * g.h * g.w;
  const xd = x.data, wd = weight.data;
  // samples per chunk: one GEMM W [O, CKK] · cols [CKK, S·L] per chunk instead of one per sample
  const S = Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / (ckk * L))));
  const out = new Float32Array(n * o * L);
  const cols = new Float32Array(ckk * S * L);
  const tmp = new Float32Array(o * S * L);
  const unfold = (s0: number, cnt: number): void => {
    for (let s = 0; s < cnt; s++) im2col(xd, (s0 + s) * xs, g, cols, cnt * L, s * L);
  };
  for (let s0 = 0; s0 < n; s0 += S) {
    const cnt = Math.min(S, n - s0), ld = cnt * L;
    unfold(s0, cnt);
    kernels().gemm({ m: o, n: ld, k: ckk, a: wd, b: cols, c: tmp });
    for (let s = 0; s < cnt; s++) {
      for (let oc = 0; oc < o; oc++) {
        const src = oc * ld + s * L, dst = ((s0 + s) * o + oc) * L, b = bias === null ? 0 : bias.data[oc];
        for (let l = 0; l < L; l++) out[dst + l] = tmp[src + l] + b;
      }
    }
  }
  const kept = S >= n; // one chunk: its columns are still in `cols` for the weight gradient
  const parents = bias === null ? [x, weight] : [x, weight, bias];
  return customOp('conv2d', out, [n, o, g.oh, g.ow], parents, (gOut) => {
    const dx = x.requiresGrad ? new Float32Array(x.size) : null;
    const dw = weight.requiresGrad ? new Float32Array(weight.size) : null;
    const db = bias?.requiresGrad ? new Float32Array(o) : null;
    const gO = tmp; // forward is done with it: reuse for the gradient chunk [O, S·L]
    const dcols = dx === null ? null : new Float32Array(ckk * S * L);
    for (let s0 = 0; s0 < n; s0 += S) {
      const cnt = Math.min(S, n - s0), ld = cnt * L;
      for (let s = 0; s < cnt; s++) for (let oc = 0; oc < o; oc++) gO.set(gOut.subarray(((s0 + s) * o + oc) * L, ((s0 + s) * o + oc + 1) * L), oc * ld + s * L);
      if (dw !== null) {
        if (!kept) unfold(s0, cnt); // dW += gO [O, S·L] · colsᵀ [S·L, CKK]
        kernels().gemm({ m: o, n: ckk, k: ld, a: gO, b: cols, c: dw, transB: true, accumulate: true });
      }
      if (dx !== null && dcols !== null) {
        kernels().gemm({ m: ckk, n: ld, k: o, a: wd, b: gO, c: dcols, transA: true }); // Wᵀ [CKK, O] · gO
        for (let s = 0; s < cnt; s++) col2im(dcols, ld, s * L, g, dx, (s0 + s) * xs);
      }
      if (db !== null) for (let oc = 0; oc < o; oc++) for (let s = 0; s < cnt; s++) for (let l = 0; l < L; l++) db[oc] += gO[oc * ld + s * L + l];
    }
    return bias === null ? [dx, dw] : [dx, dw, db];
  });
}

/** Checks shapes and options of {@link conv2d}; @returns the geometry, batch and output channels. */
function geometry(x: Tensor, weight: Tensor, bias: Tensor | null, opts: Conv2dOptions): { g: Geometry; n: number; o: number } {
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
  /** Random stream for the initial weights. */
  rng: Rng;
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
  constructor(inChannels: number, outChannels: number, kernelSize: Size2, opts: Conv2dLayerOptions) {
    super();
    const [kh, kw] = pair(kernelSize, 'Conv2d(kernelSize)', 1);
    const [ci, co] = pair([inChannels, outChannels], 'Conv2d(inChannels, outChannels)', 1);
    this.stride = pair(opts.stride ?? 1, 'Conv2d(opts.stride)', 1);
    this.padding = pair(opts.padding ?? 0, 'Conv2d(opts.padding)', 0);
    this.weight = zeros([co, ci, kh, kw]);
    this.bias = (opts.bias ?? true) ? zeros([co]) : null;
    initLayer(this.weight, this.bias, opts.rng, opts.init);
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

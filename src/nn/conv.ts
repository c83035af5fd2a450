/**
 * 2-D convolution (cross-correlation, like PyTorch) in NCHW layout, as one custom
 * op: im2col + gemm forward; backward gives the weight grad as `gOut · colsᵀ` and
 * the input grad as `col2im(Wᵀ · gOut)`. Columns are rebuilt per sample in the
 * backward pass instead of kept, trading a cheap copy for batch-sized memory.
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

/** Unfolds one sample `[C, H, W]` (at `xOff`) into `cols` `[C·kh·kw, oh·ow]`. */
function im2col(x: Float32Array, xOff: number, g: Geometry, cols: Float32Array): void {
  const L = g.oh * g.ow;
  let row = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, row++) {
        for (let oy = 0; oy < g.oh; oy++) {
          const iy = oy * g.sh - g.ph + i;
          const dst = row * L + oy * g.ow;
          if (iy < 0 || iy >= g.h) {
            cols.fill(0, dst, dst + g.ow);
            continue;
          }
          const src = xOff + (c * g.h + iy) * g.w;
          for (let ox = 0; ox < g.ow; ox++) {
            const ix = ox * g.sw - g.pw + j;
            cols[dst + ox] = ix >= 0 && ix < g.w ? x[src + ix] : 0;
          }
        }
      }
    }
  }
}

/** Adjoint of {@link im2col}: scatters-adds `cols` back into one sample of `dx`. */
function col2im(cols: Float32Array, g: Geometry, dx: Float32Array, dxOff: number): void {
  const L = g.oh * g.ow;
  let row = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, row++) {
        for (let oy = 0; oy < g.oh; oy++) {
          const iy = oy * g.sh - g.ph + i;
          if (iy < 0 || iy >= g.h) continue;
          const src = row * L + oy * g.ow;
          const dst = dxOff + (c * g.h + iy) * g.w;
          for (let ox = 0; ox < g.ow; ox++) {
            const ix = ox * g.sw - g.pw + j;
            if (ix >= 0 && ix < g.w) dx[dst + ix] += cols[src + ox];
          }
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
  const g: Geometry = { c, h, w, kh, kw, sh, sw, ph, pw, oh, ow };
  const L = oh * ow, ckk = c * kh * kw, xs = c * h * w;
  const xd = x.data, wd = weight.data;
  const out = new Float32Array(n * o * L);
  const cols = new Float32Array(ckk * L);
  for (let s = 0; s < n; s++) {
    im2col(xd, s * xs, g, cols);
    const y = out.subarray(s * o * L, (s + 1) * o * L);
    kernels().gemm({ m: o, n: L, k: ckk, a: wd, b: cols, c: y }); // W [O, CKK] · cols [CKK, L]
    if (bias !== null) for (let oc = 0; oc < o; oc++) addScalar(y, oc * L, L, bias.data[oc]);
  }
  const parents = bias === null ? [x, weight] : [x, weight, bias];
  return customOp('conv2d', out, [n, o, oh, ow], parents, (gOut) => {
    const dx = x.requiresGrad ? new Float32Array(x.size) : null;
    const dw = weight.requiresGrad ? new Float32Array(weight.size) : null;
    const db = bias?.requiresGrad ? new Float32Array(o) : null;
    const bufCols = new Float32Array(ckk * L);
    for (let s = 0; s < n; s++) {
      const gs = gOut.subarray(s * o * L, (s + 1) * o * L);
      if (dw !== null) {
        im2col(xd, s * xs, g, bufCols); // dW += gOut_s [O, L] · colsᵀ [L, CKK]
        kernels().gemm({ m: o, n: ckk, k: L, a: gs, b: bufCols, c: dw, transB: true, accumulate: true });
      }
      if (dx !== null) {
        kernels().gemm({ m: ckk, n: L, k: o, a: wd, b: gs, c: bufCols, transA: true }); // Wᵀ [CKK, O] · gOut_s
        col2im(bufCols, g, dx, s * xs);
      }
      if (db !== null) for (let oc = 0; oc < o; oc++) for (let l = 0; l < L; l++) db[oc] += gs[oc * L + l];
    }
    return bias === null ? [dx, dw] : [dx, dw, db];
  });
}

function addScalar(a: Float32Array, start: number, len: number, v: number): void {
  for (let i = start; i < start + len; i++) a[i] += v;
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

/**
 * Reference conv2d and max-pool kernels (the oracle and fallback of
 * assembly/conv.ts). Conv2d is im2col + GEMM: samples are unfolded side by side
 * into one column matrix per chunk (up to 8 MB), so a minibatch is one large GEMM
 * per pass; the backward pass unfolds each chunk again for the weight gradient
 * (`gOut · colsᵀ`) and folds `Wᵀ · gOut` back with col2im for the input gradient.
 */
import { gemmReference } from './gemm.js';
import type { Conv2dBackwardParams, Conv2dForwardParams, ConvGeometry, MaxPoolParams } from './types.js';

/** Most floats one im2col chunk may hold (8 MB). */
export const CHUNK_FLOATS = 1 << 21;

/** Samples per chunk for this geometry. */
export function chunkSamples(g: ConvGeometry, n: number): number {
  return Math.max(1, Math.min(n, Math.floor(CHUNK_FLOATS / (g.c * g.kh * g.kw * g.oh * g.ow))));
}

/** First output index whose input index `o·stride − pad + t` is >= 0. */
const firstValid = (stride: number, pad: number, t: number): number => Math.max(0, Math.ceil((pad - t) / stride));
/** One past the last output index (of `len`) whose input index is < size. */
const endValid = (len: number, stride: number, pad: number, t: number, size: number): number => Math.min(len, Math.floor((size - 1 + pad - t) / stride) + 1);

/**
 * Unfolds one sample `[C, H, W]` (at `xOff`) into columns `colOff..colOff+oh·ow` of
 * `cols` `[C·kh·kw, ld]`. The in-bounds run of each output row is found once per
 * kernel column, so the inner loop has no branch.
 */
export function im2colReference(x: Float32Array, xOff: number, g: ConvGeometry, cols: Float32Array, ld: number, colOff: number): void {
  let row = 0;
  for (let c = 0; c < g.c; c++) {
    for (let i = 0; i < g.kh; i++) {
      for (let j = 0; j < g.kw; j++, row++) {
        const lo = Math.min(g.ow, firstValid(g.sw, g.pw, j)), hi = Math.max(lo, endValid(g.ow, g.sw, g.pw, j, g.w));
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

/** Adjoint of {@link im2colReference}: scatter-adds one sample's columns into `dx` at `dxOff`. */
export function col2imReference(cols: Float32Array, ld: number, colOff: number, g: ConvGeometry, dx: Float32Array, dxOff: number): void {
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

/** conv2d forward: per chunk, cols = im2col(x), tmp = W · cols, out = tmp (as NCHW) + bias. */
export function conv2dForwardReference(p: Conv2dForwardParams): void {
  const { g, n, o, x, weight, bias, out } = p;
  const L = g.oh * g.ow, ckk = g.c * g.kh * g.kw, xs = g.c * g.h * g.w;
  const S = chunkSamples(g, n);
  const cols = new Float32Array(ckk * S * L), tmp = new Float32Array(o * S * L);
  for (let s0 = 0; s0 < n; s0 += S) {
    const cnt = Math.min(S, n - s0), ld = cnt * L;
    for (let s = 0; s < cnt; s++) im2colReference(x, (s0 + s) * xs, g, cols, ld, s * L);
    gemmReference({ m: o, n: ld, k: ckk, a: weight, b: cols, c: tmp });
    for (let s = 0; s < cnt; s++) {
      for (let oc = 0; oc < o; oc++) {
        const src = oc * ld + s * L, dst = ((s0 + s) * o + oc) * L, b = bias === null ? 0 : bias[oc];
        for (let l = 0; l < L; l++) out[dst + l] = tmp[src + l] + b;
      }
    }
  }
}

/** conv2d backward: dW += gO · colsᵀ, dx += col2im(Wᵀ · gO), db += Σ gO, chunk by chunk. */
export function conv2dBackwardReference(p: Conv2dBackwardParams): void {
  const { g, n, o, x, weight, gOut, dx, dw, db } = p;
  const L = g.oh * g.ow, ckk = g.c * g.kh * g.kw, xs = g.c * g.h * g.w;
  const S = chunkSamples(g, n);
  const cols = new Float32Array(ckk * S * L), gO = new Float32Array(o * S * L);
  const dcols = dx === null ? null : new Float32Array(ckk * S * L);
  for (let s0 = 0; s0 < n; s0 += S) {
    const cnt = Math.min(S, n - s0), ld = cnt * L;
    for (let s = 0; s < cnt; s++) for (let oc = 0; oc < o; oc++) gO.set(gOut.subarray(((s0 + s) * o + oc) * L, ((s0 + s) * o + oc + 1) * L), oc * ld + s * L);
    if (dw !== null) {
      for (let s = 0; s < cnt; s++) im2colReference(x, (s0 + s) * xs, g, cols, ld, s * L);
      gemmReference({ m: o, n: ckk, k: ld, a: gO, b: cols, c: dw, transB: true, accumulate: true });
    }
    if (dx !== null && dcols !== null) {
      gemmReference({ m: ckk, n: ld, k: o, a: weight, b: gO, c: dcols, transA: true });
      for (let s = 0; s < cnt; s++) col2imReference(dcols, ld, s * L, g, dx, (s0 + s) * xs);
    }
    if (db !== null) for (let oc = 0; oc < o; oc++) for (let l = 0; l < ld; l++) db[oc] += gO[oc * ld + l];
  }
}

/** Max pooling; ties go to the first maximum in row-major order, a NaN wins and ends its window (like PyTorch). */
export function maxPoolReference(p: MaxPoolParams): void {
  const { x, h, w, kh, kw, sh, sw, oh, ow, out, arg } = p;
  let k = 0;
  for (let plane = 0; plane < p.planes; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, k++) {
        let best = -Infinity, bestIdx = base + oy * sh * w + ox * sw;
        for (let i = 0; i < kh; i++) {
          const rowStart = base + (oy * sh + i) * w + ox * sw;
          for (let j = 0; j < kw; j++) {
            const v = x[rowStart + j];
            if (v > best || v !== v) {
              best = v;
              bestIdx = rowStart + j;
              if (v !== v) break;
            }
          }
          if (best !== best) break;
        }
        out[k] = best;
        arg[k] = bestIdx;
      }
    }
  }
}

/** dx[arg[i]] += g[i] (dx zeroed by the caller). */
export function maxPoolBackwardReference(g: Float32Array, arg: Int32Array, dx: Float32Array): void {
  for (let i = 0; i < g.length; i++) dx[arg[i]] += g[i];
}

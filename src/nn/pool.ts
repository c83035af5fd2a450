/**
 * 2-D max pooling, NCHW, as one custom op: the forward pass records the flat
 * input index of each window's maximum, and the backward pass routes each output
 * gradient to that index (ties go to the first maximum in row-major order, like
 * PyTorch's CPU kernel).
 */
import { customOp, type Tensor } from '../tensor/index.js';
import { ShapeError } from '../util/index.js';
import { Module } from './module.js';
import { pair, type Size2 } from './conv.js';

/**
 * Max over `kernel` windows.
 * @param x `[N, C, H, W]`
 * @param kernel `k` or `[kh, kw]`
 * @param stride step between windows (default: the kernel size)
 * @returns `[N, C, ⌊(H − kh)/sh⌋ + 1, ⌊(W − kw)/sw⌋ + 1]`
 */
export function maxPool2d(x: Tensor, kernel: Size2, stride?: Size2): Tensor {
  const where = 'maxPool2d(x, kernel, stride)';
  if (x.ndim !== 4) throw new ShapeError(where, { what: 'x must be 4-D', expected: '[N, C, H, W]', received: x.shape });
  const [kh, kw] = pair(kernel, 'maxPool2d(kernel)', 1);
  const [sh, sw] = pair(stride ?? kernel, 'maxPool2d(stride)', 1);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = Math.floor((h - kh) / sh) + 1;
  const ow = Math.floor((w - kw) / sw) + 1;
  if (oh < 1 || ow < 1) throw new ShapeError(where, { what: 'kernel larger than input', expected: `H >= ${kh} and W >= ${kw}`, received: x.shape });
  const xd = x.data;
  const out = new Float32Array(n * c * oh * ow);
  const argmax = new Int32Array(out.length);
  let k = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, k++) {
        let best = -Infinity, bestIdx = base + oy * sh * w + ox * sw;
        for (let i = 0; i < kh; i++) {
          const rowStart = base + (oy * sh + i) * w + ox * sw;
          for (let j = 0; j < kw; j++) {
            const v = xd[rowStart + j];
            // `v !== v` keeps a NaN as the maximum, as PyTorch does.
            if (v > best || v !== v) {
              best = v;
              bestIdx = rowStart + j;
              if (v !== v) break;
            }
          }
        }
        out[k] = best;
        argmax[k] = bestIdx;
      }
    }
  }
  return customOp('maxPool2d', out, [n, c, oh, ow], [x], (g) => {
    const dx = new Float32Array(x.size);
    for (let i = 0; i < g.length; i++) dx[argmax[i]] += g[i];
    return [dx];
  });
}

/**
 * Max pooling layer.
 * @example new MaxPool2d(2).forward(zeros([1, 3, 28, 28])).shape; // [1, 3, 14, 14]
 */
export class MaxPool2d extends Module {
  /**
   * @param kernel window size, `k` or `[kh, kw]`
   * @param stride step (default: the kernel size)
   */
  constructor(
    readonly kernel: Size2,
    readonly stride?: Size2,
  ) {
    super();
    pair(kernel, 'MaxPool2d(kernel)', 1);
    if (stride !== undefined) pair(stride, 'MaxPool2d(stride)', 1);
  }

  /** @param x `[N, C, H, W]` @returns `[N, C, H', W']` */
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernel, this.stride);
  }
}

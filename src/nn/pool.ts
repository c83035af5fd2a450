/**
 * 2-D max pooling, NCHW, as one custom op over the `maxPool` kernels: the forward
 * pass records the flat input index of each window's maximum, and the backward
 * pass routes each output gradient to that index (ties go to the first maximum in
 * row-major order, like PyTorch's CPU kernel; a NaN wins its window).
 */
import { customOp, kernel as backendKernel, type Tensor } from '../tensor/index.js';
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
  const out = new Float32Array(n * c * oh * ow);
  const argmax = new Int32Array(out.length);
  backendKernel('maxPool')({ x: x.data, planes: n * c, h, w, kh, kw, sh, sw, oh, ow, out, arg: argmax });
  return customOp('maxPool2d', out, [n, c, oh, ow], [x], (g) => {
    const dx = new Float32Array(x.size);
    backendKernel('maxPoolBackward')(g, argmax, dx);
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

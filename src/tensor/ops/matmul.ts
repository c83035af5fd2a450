/**
 * Matrix product with PyTorch semantics: 2-D, batched with broadcast batch
 * axes, and 1-D operands (a vector is promoted to a matrix, then the extra axis
 * is dropped). Forward and backward both go through `kernels().gemm`, using its
 * transpose flags (dA = dC·Bᵀ, dB = Aᵀ·dC) so no transpose is materialised here.
 */
import { ShapeError } from '../../util/index.js';
import { kernels } from '../kernels/registry.js';
import { gradStore, handOver, makeOp, type Tensor } from '../tensor.js';
import { broadcastShapes, broadcastStrides, shapeList, sizeOf, stridedOffsets } from '../shape.js';
import { reshape } from './shape-ops.js';

const WHERE = 'matmul(a, b)';

/** [m, k] x [k, n]: the common case, without batch bookkeeping (tiny RNN steps feel it). */
function matmul2d(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1];
  const A = a.data, B = b.data;
  const out = new Float32Array(m * n);
  kernels().gemm({ m, n, k, a: A, b: B, c: out });
  return makeOp('matmul', out, [m, n], [a, b], (g) => {
    const gemm = kernels().gemm;
    let ga: Float32Array | null = null, gb: Float32Array | null = null;
    if (a.requiresGrad) gemm({ m, n: k, k: n, a: g, b: B, c: (ga = new Float32Array(m * k)), transB: true });
    if (b.requiresGrad) gemm({ m: k, n, k: m, a: A, b: g, c: (gb = gradStore(b)), transA: true });
    if (ga !== null) handOver(ga);
    if (gb !== null) handOver(gb);
    return [ga, gb];
  });
}

/** [..., m, k] x [..., k, n] with a, b of rank >= 2. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 2 && b.ndim === 2) return matmul2d(a, b);
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const n = b.shape[b.ndim - 1];
  if (b.ndim === 2 && a.ndim > 2) {
    // fold the batch into the rows: one big GEMM instead of many small ones
    const flat = batchedMatmul(reshape(a, [-1, k]), b);
    return reshape(flat, [...a.shape.slice(0, -1), n]);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastShapes([batchA, batchB], WHERE);
  const count = sizeOf(batch);
  const offA = stridedOffsets(batch, broadcastStrides(batchA, batch));
  const offB = stridedOffsets(batch, broadcastStrides(batchB, batch));
  const sa = m * k;
  const sb = k * n;
  const sc = m * n;
  const A = a.data;
  const B = b.data;
  const out = new Float32Array(count * sc);
  const gemm = kernels().gemm;
  for (let t = 0; t < count; t++) {
    const ia = offA[t] * sa;
    const ib = offB[t] * sb;
    gemm({ m, n, k, a: A.subarray(ia, ia + sa), b: B.subarray(ib, ib + sb), c: out.subarray(t * sc, (t + 1) * sc), accumulate: true });
  }
  return makeOp('matmul', out, [...batch, m, n], [a, b], (g) => {
    const ga = a.requiresGrad ? new Float32Array(a.size) : null;
    const gb = b.requiresGrad ? new Float32Array(b.size) : null;
    const gemmB = kernels().gemm;
    for (let t = 0; t < count; t++) {
      const ia = offA[t] * sa;
      const ib = offB[t] * sb;
      const gt = g.subarray(t * sc, (t + 1) * sc);
      // accumulate: broadcast batches add into the same slice; fresh buffers start at 0
      if (ga !== null) gemmB({ m, n: k, k: n, a: gt, b: B.subarray(ib, ib + sb), c: ga.subarray(ia, ia + sa), transB: true, accumulate: true });
      if (gb !== null) gemmB({ m: k, n, k: m, a: A.subarray(ia, ia + sa), b: gt, c: gb.subarray(ib, ib + sb), transA: true, accumulate: true });
    }
    return [ga, gb];
  });
}

/**
 * Matrix product like `torch.matmul`.
 * - `[m, k] x [k, n] -> [m, n]`
 * - `[..., m, k] x [..., k, n] -> [..., m, n]` with broadcast batch axes
 * - `[k] x [k] -> []`, `[k] x [..., k, n] -> [..., n]`, `[..., m, k] x [k] -> [..., m]`
 * @param a left operand, at least 1-D.
 * @param b right operand, at least 1-D.
 * @returns the product.
 * @throws ShapeError `matmul(a, b): inner dimensions differ, expected [*, 3] x [3, *], received [2, 3] x [4, 5]`.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(WHERE, { what: 'scalar operand', expected: 'operands with at least 1 axis', received: shapeList(a.shape, b.shape) });
  }
  const ka = a.shape[a.ndim - 1];
  const kb = b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2];
  if (ka !== kb) {
    const left = a.ndim === 1 ? `[${ka}]` : `[*, ${ka}]`;
    const right = b.ndim === 1 ? `[${ka}]` : `[${ka}, *]`;
    throw new ShapeError(WHERE, { what: 'inner dimensions differ', expected: `${left} x ${right}`, received: shapeList(a.shape, b.shape) });
  }
  const a2 = a.ndim === 1 ? reshape(a, [1, ka]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [kb, 1]) : b;
  const r = batchedMatmul(a2, b2);
  if (a.ndim > 1 && b.ndim > 1) return r;
  const shape = [...r.shape];
  if (b.ndim === 1) shape.pop();
  if (a.ndim === 1) shape.splice(shape.length - (b.ndim === 1 ? 1 : 2), 1);
  return reshape(r, shape);
}

/**
 * Broadcasting machinery shared by binary ops: a plan with fast paths
 * (same shape, scalar operand, trailing-block operand such as a bias) and
 * offset tables for the general case, plus {@link unbroadcast}, the one place
 * where gradients are summed back over broadcast axes.
 */
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, stridedOffsets, type Shape } from '../shape.js';

/**
 * How an operand maps onto the output: a number `p` means output element i reads
 * operand element `i % p` (p = output size: same layout; p = 1: scalar; otherwise
 * the operand is a trailing block, e.g. a bias `[n]` against `[batch, n]`); an
 * Int32Array gives the offset for every output element (general case).
 */
export type OperandMap = number | Int32Array;

/** A broadcast plan: output shape and one operand map per input. */
export interface BroadcastPlan {
  shape: number[];
  size: number;
  maps: OperandMap[];
}

/**
 * Plans a broadcast of several operands.
 * @param shapes operand shapes.
 * @param where call path for errors.
 * @returns the plan.
 */
export function planBroadcast(shapes: readonly Shape[], where: string): BroadcastPlan {
  const shape = shapes.length === 2 && sameShape(shapes[0], shapes[1]) ? [...shapes[0]] : broadcastShapes(shapes, where);
  const size = sizeOf(shape);
  const maps = shapes.map((s): OperandMap => {
    const n = sizeOf(s);
    if (n === size || n === 1 || isTrailing(s, shape)) return n;
    return stridedOffsets(shape, broadcastStrides(s, shape));
  });
  return { shape, size, maps };
}

/**
 * @param m an operand map from {@link planBroadcast}.
 * @param i output element index.
 * @returns the operand offset read by output element i.
 */
export function at(m: OperandMap, i: number): number {
  return typeof m === 'number' ? (m === 1 ? 0 : i % m) : m[i];
}

/**
 * Applies `f` elementwise over two broadcast operands, with loops specialised
 * for same shape, scalar and trailing-block operands.
 * @param A first operand data. @param B second operand data.
 * @param plan from {@link planBroadcast} of the two shapes.
 * @param f the elementwise function.
 * @returns a new buffer of the plan's size.
 */
export function mapBinary(A: Float32Array, B: Float32Array, plan: BroadcastPlan, f: (x: number, y: number) => number): Float32Array {
  const n = plan.size;
  const out = new Float32Array(n);
  const [ma, mb] = plan.maps;
  if (ma === n && mb === n) for (let i = 0; i < n; i++) out[i] = f(A[i], B[i]);
  else if (ma === n && mb === 1) {
    const y = B[0];
    for (let i = 0; i < n; i++) out[i] = f(A[i], y);
  } else if (ma === 1 && mb === n) {
    const x = A[0];
    for (let i = 0; i < n; i++) out[i] = f(x, B[i]);
  } else if (ma === n && typeof mb === 'number') {
    for (let i = 0; i < n; i += mb) for (let j = 0; j < mb; j++) out[i + j] = f(A[i + j], B[j]);
  } else if (mb === n && typeof ma === 'number') {
    for (let i = 0; i < n; i += ma) for (let j = 0; j < ma; j++) out[i + j] = f(A[j], B[i + j]);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(A[at(ma, i)], B[at(mb, i)]);
  }
  return out;
}

/**
 * Sums a gradient over the axes along which `target` was broadcast to `outShape`.
 * @param g gradient of the broadcast result, `outShape`.
 * @param outShape the broadcast shape.
 * @param target the operand shape (broadcastable to outShape).
 * @returns a gradient of `target`'s size (g itself when nothing was broadcast).
 */
export function unbroadcast(g: Float32Array, outShape: Shape, target: Shape): Float32Array {
  const n = g.length;
  const tsize = sizeOf(target);
  if (tsize === n) return g;
  if (tsize === 1) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i];
    return new Float32Array([s]);
  }
  const acc = new Float64Array(tsize);
  if (isTrailing(target, outShape)) {
    // target is a suffix of outShape (bias-like): row after row of length tsize
    for (let i = 0; i < n; i += tsize) for (let j = 0; j < tsize; j++) acc[j] += g[i + j];
  } else {
    const off = stridedOffsets(outShape, broadcastStrides(target, outShape));
    for (let i = 0; i < n; i++) acc[off[i]] += g[i];
  }
  return Float32Array.from(acc);
}

function isTrailing(target: Shape, outShape: Shape): boolean {
  let t = 0;
  while (t < target.length && target[t] === 1) t++;
  const k = target.length - t;
  for (let i = 0; i < k; i++) if (target[t + i] !== outShape[outShape.length - k + i]) return false;
  return true;
}

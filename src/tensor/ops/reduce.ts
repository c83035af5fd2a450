/** Reductions over one or more axes: sum, mean (= sum · 1/n), max, min. */
import { makeOp, type Tensor } from '../tensor.js';
import { normAxis, splitAt, stridedOffsets, stridesOf, type Shape } from '../shape.js';
import { mul } from './binary.js';
import { kernel } from '../kernels/registry.js';

/** Axis argument of reductions: one axis, several, or undefined for all. Negative axes count from the end. */
export type Axes = number | readonly number[] | undefined;

interface ReducePlan {
  outShape: number[];
  /** the contiguous block [outer, n, inner] when the reduced axes are adjacent */
  block: [number, number, number] | null;
  /** otherwise: output offset of every input element */
  offs: Int32Array | null;
  outSize: number;
  count: number;
}

function planReduce(shape: Shape, axis: Axes, keepDims: boolean, where: string): ReducePlan {
  const nd = shape.length;
  const list = axis === undefined ? [...shape.keys()] : typeof axis === 'number' ? [axis] : [...axis];
  const axes = [...new Set(list.map((a) => normAxis(a, nd, where)))].sort((x, y) => x - y);
  if (axes.length === 0) for (let i = 0; i < nd; i++) axes.push(i);
  const reduced = new Set(axes);
  const keep = shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const outShape = keepDims ? keep : shape.filter((_, i) => !reduced.has(i));
  let count = 1;
  for (const a of axes) count *= shape[a];
  const outSize = keep.reduce((p, d) => p * d, 1);
  const contiguous = axes.length === 0 || axes[axes.length - 1] - axes[0] === axes.length - 1;
  if (contiguous) {
    const from = axes.length === 0 ? nd : axes[0];
    const to = axes.length === 0 ? nd : axes[axes.length - 1] + 1;
    return { outShape, block: splitAt(shape, from, to), offs: null, outSize, count };
  }
  const ks = stridesOf(keep).map((s, i) => (reduced.has(i) ? 0 : s));
  return { outShape, block: null, offs: stridedOffsets(shape, ks), outSize, count };
}

/** Calls visit(inputIndex, outputIndex) for every input element. */
function forEachPair(p: ReducePlan, visit: (i: number, o: number) => void): void {
  if (p.block !== null) {
    const [outer, n, inner] = p.block;
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < n; r++) {
        const base = (o * n + r) * inner;
        for (let j = 0; j < inner; j++) visit(base + j, o * inner + j);
      }
    }
  } else {
    const offs = p.offs as Int32Array;
    for (let i = 0; i < offs.length; i++) visit(i, offs[i]);
  }
}

/**
 * Sum over axes.
 * @param x input tensor.
 * @param axis axis or axes to reduce (negative allowed); all when omitted.
 * @param keepDims keep reduced axes as size 1 (default false).
 * @returns the sums; shape `[]` when reducing everything without keepDims.
 */
export function sum(x: Tensor, axis?: Axes, keepDims = false): Tensor {
  const p = planReduce(x.shape, axis, keepDims, 'sum(x, axis)');
  const X = x.data;
  let out: Float32Array;
  if (p.block !== null && p.block[2] === 1) {
    out = new Float32Array(p.outSize); // contiguous rows (last axes, or everything): the kernel
    kernel('sumRows')(X, p.outSize, p.block[1], out);
  } else {
    const acc = new Float64Array(p.outSize);
    forEachPair(p, (i, o) => (acc[o] += X[i]));
    out = Float32Array.from(acc);
  }
  return makeOp('sum', out, p.outShape, [x], (g) => {
    const gx = new Float32Array(x.size);
    forEachPair(p, (i, o) => (gx[i] = g[o]));
    return [gx];
  });
}

/**
 * Mean over axes (`sum · 1/n`).
 * @param x input tensor.
 * @param axis axis or axes (negative allowed); all when omitted.
 * @param keepDims keep reduced axes as size 1.
 * @returns the means.
 */
export function mean(x: Tensor, axis?: Axes, keepDims = false): Tensor {
  const p = planReduce(x.shape, axis, keepDims, 'mean(x, axis)');
  return mul(sum(x, axis, keepDims), 1 / p.count);
}

function extreme(op: 'max' | 'min', x: Tensor, axis: Axes, keepDims: boolean): Tensor {
  const p = planReduce(x.shape, axis, keepDims, `${op}(x, axis)`);
  const X = x.data;
  const best = new Float32Array(p.outSize).fill(op === 'max' ? -Infinity : Infinity);
  const arg = new Int32Array(p.outSize).fill(-1);
  if (op === 'max' && p.block !== null && p.block[2] === 1 && p.count > 0) {
    const n = p.block[1]; // contiguous rows: the kernel gives each row's first maximum
    kernel('maxRows')(X, p.outSize, n, best, arg);
    for (let o = 0; o < arg.length; o++) arg[o] += o * n;
  } else extremeLoop(p, X, best, arg, op);
  return makeOp(op, best, p.outShape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let o = 0; o < arg.length; o++) if (arg[o] >= 0) gx[arg[o]] += g[o];
    return [gx];
  });
}

/** General max/min over a plan: `best` and the flat input index `arg` of the first extreme element. */
function extremeLoop(p: ReducePlan, X: Float32Array, best: Float32Array, arg: Int32Array, op: 'max' | 'min'): void {
  const better = op === 'max' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  forEachPair(p, (i, o) => {
    if (arg[o] < 0 || better(X[i], best[o])) {
      best[o] = X[i];
      arg[o] = i;
    }
  });
}

/**
 * Maximum over axes; the gradient goes to the first maximal element.
 * @param x input tensor.
 * @param axis axis or axes (negative allowed); all when omitted.
 * @param keepDims keep reduced axes as size 1.
 * @returns the maxima.
 */
export function max(x: Tensor, axis?: Axes, keepDims = false): Tensor {
  return extreme('max', x, axis, keepDims);
}

/**
 * Minimum over axes; the gradient goes to the first minimal element.
 * @param x input tensor.
 * @param axis axis or axes (negative allowed); all when omitted.
 * @param keepDims keep reduced axes as size 1.
 * @returns the minima.
 */
export function min(x: Tensor, axis?: Axes, keepDims = false): Tensor {
  return extreme('min', x, axis, keepDims);
}

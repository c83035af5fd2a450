/**
 * Shape ops. reshape/squeeze/unsqueeze return tensors that SHARE `data` with
 * their input (like `torch.view`); the others copy into contiguous storage.
 */
import { ArgumentError, ShapeError } from '../../util/index.js';
import { makeOp, type Tensor } from '../tensor.js';
import { broadcastShapes, broadcastStrides, normAxis, shapeList, sizeOf, splitAt, stridedOffsets, stridesOf, type Shape } from '../shape.js';
import { unbroadcast } from './broadcast.js';

/**
 * Same data, new shape (shares storage).
 * @param x input tensor.
 * @param shape new shape with the same size; one entry may be -1 (inferred).
 * @returns a tensor viewing x's data.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const where = 'reshape(x, shape)';
  const free = shape.indexOf(-1);
  const out = [...shape];
  if (free >= 0) {
    const known = sizeOf(shape.filter((_, i) => i !== free));
    if (shape.indexOf(-1, free + 1) >= 0 || known === 0 || x.size % known !== 0) {
      throw new ShapeError(where, { what: 'cannot infer -1', expected: `one -1 and sizes dividing ${x.size}`, received: shape });
    }
    out[free] = x.size / known;
  }
  if (out.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(out) !== x.size) {
    throw new ShapeError(where, { what: 'size differs', expected: `a shape with ${x.size} elements (from ${JSON.stringify(x.shape)})`, received: shape });
  }
  return makeOp('reshape', x.data, out, [x], (g) => [g]);
}

/**
 * Reorders axes.
 * @param x input tensor.
 * @param dims a permutation of `0..ndim-1` (negative allowed): result axis i is input axis dims[i].
 * @returns a contiguous permuted copy.
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const where = 'permute(x, dims)';
  const nd = x.ndim;
  const d = dims.map((a) => normAxis(a, nd, where));
  if (d.length !== nd || new Set(d).size !== nd) throw new ShapeError(where, { what: 'not a permutation', expected: `a permutation of ${nd} axes`, received: dims });
  const st = stridesOf(x.shape);
  const shape = d.map((a) => x.shape[a]);
  const offs = stridedOffsets(shape, d.map((a) => st[a]));
  const X = x.data;
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = X[offs[i]];
  return makeOp('permute', out, shape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let i = 0; i < g.length; i++) gx[offs[i]] = g[i];
    return [gx];
  });
}

/**
 * Swaps two axes (default: the last two, i.e. matrix transpose).
 * @param x input tensor with at least 2 axes for the defaults.
 * @returns a contiguous transposed copy.
 */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  const nd = x.ndim;
  const a = normAxis(dim0, nd, 'transpose(x, dim0, dim1)');
  const b = normAxis(dim1, nd, 'transpose(x, dim0, dim1)');
  const dims = [...x.shape.keys()];
  dims[a] = b;
  dims[b] = a;
  return permute(x, dims);
}

/**
 * Broadcasts to a larger shape (copy). -1 keeps a size; new leading axes are allowed.
 * @param x input tensor.
 * @param shape target shape.
 * @returns the expanded tensor; its gradient is summed back over expanded axes.
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  const where = 'expand(x, shape)';
  const off = shape.length - x.ndim;
  if (off < 0) throw new ShapeError(where, { what: 'fewer axes than the input', expected: `at least ${x.ndim} axes`, received: shape });
  const target = shape.map((s, i) => (s === -1 && i >= off ? x.shape[i - off] : s));
  const b = broadcastShapes([x.shape, target], where);
  if (sizeOf(b) !== sizeOf(target)) throw new ShapeError(where, { what: 'cannot expand', expected: 'sizes equal to the input or expanding a 1', received: shapeList(x.shape, shape) });
  const offs = stridedOffsets(target, broadcastStrides(x.shape, target));
  const X = x.data;
  const out = new Float32Array(offs.length);
  for (let i = 0; i < out.length; i++) out[i] = X[offs[i]];
  return makeOp('expand', out, target, [x], (g) => [unbroadcast(g, target, x.shape)]);
}

/**
 * Removes size-1 axes (shares storage).
 * @param x input tensor.
 * @param axis the axis to remove (left unchanged if its size is not 1, as in PyTorch); all size-1 axes when omitted.
 * @returns a tensor viewing x's data.
 */
export function squeeze(x: Tensor, axis?: number): Tensor {
  let shape: number[];
  if (axis === undefined) shape = x.shape.filter((d) => d !== 1);
  else {
    const a = normAxis(axis, x.ndim, 'squeeze(x, axis)');
    shape = x.shape[a] === 1 ? x.shape.filter((_, i) => i !== a) : [...x.shape];
  }
  return makeOp('squeeze', x.data, shape, [x], (g) => [g]);
}

/**
 * Inserts a size-1 axis (shares storage).
 * @param x input tensor.
 * @param axis position of the new axis in the result, in `[-ndim-1, ndim]`.
 * @returns a tensor viewing x's data.
 */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normAxis(axis, x.ndim + 1, 'unsqueeze(x, axis)');
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return makeOp('unsqueeze', x.data, shape, [x], (g) => [g]);
}

/**
 * `x[..., start:end, ...]` on one axis (like `torch.narrow`); negative indices
 * count from the end and out-of-range bounds are clamped, as in Python slicing.
 * @param x input tensor.
 * @param axis the sliced axis.
 * @param start first index (inclusive).
 * @param end last index (exclusive; default: the axis size).
 * @returns a contiguous copy of the slice.
 */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  const a = normAxis(axis, x.ndim, 'slice(x, axis, start, end)');
  const len = x.shape[a];
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new ArgumentError('slice(x, axis, start, end)', { what: 'bounds must be integers', expected: 'integers', received: [start, end ?? null] });
  }
  const fix = (v: number): number => Math.min(len, Math.max(0, v < 0 ? v + len : v));
  const s = fix(start);
  const e = Math.max(s, fix(end ?? len));
  const [outer, , inner] = splitAt(x.shape, a, a + 1);
  const shape = [...x.shape];
  shape[a] = e - s;
  const rowIn = len * inner;
  const rowOut = (e - s) * inner;
  const X = x.data;
  const out = new Float32Array(outer * rowOut);
  for (let o = 0; o < outer; o++) out.set(X.subarray(o * rowIn + s * inner, o * rowIn + e * inner), o * rowOut);
  return makeOp('slice', out, shape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) gx.set(g.subarray(o * rowOut, (o + 1) * rowOut), o * rowIn + s * inner);
    return [gx];
  });
}

/**
 * Joins tensors along an existing axis.
 * @param tensors at least one tensor; shapes equal except along `axis`.
 * @param axis the joined axis (default 0).
 * @returns the concatenation.
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const where = 'concat(tensors, axis)';
  if (tensors.length === 0) throw new ArgumentError(where, { what: 'no tensors', expected: 'at least one tensor', received: 0 });
  const first = tensors[0];
  const a = normAxis(axis, first.ndim, where);
  let total = 0;
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      throw new ShapeError(where, { what: `shapes differ outside axis ${a}`, expected: first.shape, received: t.shape });
    }
    total += t.shape[a];
  }
  const [outer, , inner] = splitAt(first.shape, a, a + 1);
  const shape = [...first.shape];
  shape[a] = total;
  const rowOut = total * inner;
  const out = new Float32Array(outer * rowOut);
  const starts: number[] = [];
  let pos = 0;
  for (const t of tensors) {
    starts.push(pos);
    const row = t.shape[a] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * row, (o + 1) * row), o * rowOut + pos);
    pos += row;
  }
  return makeOp('concat', out, shape, tensors, (g) =>
    tensors.map((t, k) => {
      if (!t.requiresGrad) return null;
      const row = t.shape[a] * inner;
      const gt = new Float32Array(t.size);
      for (let o = 0; o < outer; o++) gt.set(g.subarray(o * rowOut + starts[k], o * rowOut + starts[k] + row), o * row);
      return gt;
    }),
  );
}

/**
 * Stacks equal-shape tensors along a new axis (unsqueeze + concat).
 * @param tensors at least one tensor, all the same shape.
 * @param axis position of the new axis (default 0).
 * @returns the stacked tensor.
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ArgumentError('stack(tensors, axis)', { what: 'no tensors', expected: 'at least one tensor', received: 0 });
  const nd = tensors[0].ndim;
  const a = normAxis(axis, nd + 1, 'stack(tensors, axis)');
  for (const t of tensors) {
    if (t.ndim !== nd || t.shape.some((d, i) => d !== tensors[0].shape[i])) {
      throw new ShapeError('stack(tensors, axis)', { what: 'shapes differ', expected: tensors[0].shape, received: t.shape });
    }
  }
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

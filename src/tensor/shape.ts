/**
 * Shape arithmetic shared by every op: sizes, row-major strides, axis
 * normalisation, broadcasting, and strided offset tables. Offset tables are
 * how the general (non fast-path) loops avoid per-element index arithmetic.
 */
import { ArgumentError, ShapeError } from '../util/index.js';

/** A tensor shape: sizes per axis, outermost first (row-major). */
export type Shape = readonly number[];

/**
 * Number of elements of a shape.
 * @param shape any shape; `[]` is a scalar.
 * @returns the product of the sizes (1 for `[]`).
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/**
 * Row-major strides (in elements) of a contiguous tensor.
 * @param shape the tensor shape.
 * @returns one stride per axis; the last is 1.
 */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * @param a first shape.
 * @param b second shape.
 * @returns true when the shapes are identical.
 */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Maps a possibly negative axis to `0..ndim-1`.
 * @param axis the axis; `-1` is the last.
 * @param ndim number of dimensions.
 * @param where call path for the error message.
 * @returns the non-negative axis.
 * @throws ArgumentError when the axis is out of range or not an integer.
 */
export function normAxis(axis: number, ndim: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new ArgumentError(where, { what: 'axis out of range', expected: `an integer in [${-ndim}, ${ndim - 1}]`, received: axis });
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * A list of shapes that reads `[2, 3] x [4, 5]` in error messages while staying a
 * plain array of shapes in `error.received` (describeValue falls back to
 * `toString` when `toJSON` yields undefined).
 * @param shapes the shapes to show.
 * @returns an array of the shapes.
 */
export function shapeList(...shapes: Shape[]): Shape[] {
  const list = shapes.map((s) => [...s]);
  Object.defineProperty(list, 'toJSON', { value: () => undefined });
  Object.defineProperty(list, 'toString', { value: () => list.map((s) => `[${s.join(',')}]`).join(' x ') });
  return list;
}

/**
 * PyTorch/NumPy broadcast of shapes (align right; sizes must match or be 1).
 * @param shapes the operand shapes.
 * @param where call path for the error message.
 * @returns the broadcast shape.
 * @throws ShapeError when the shapes are incompatible.
 */
export function broadcastShapes(shapes: readonly Shape[], where: string): number[] {
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    const off = nd - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      if (d === out[off + i] || d === 1) continue;
      if (out[off + i] !== 1) {
        throw new ShapeError(where, { what: 'shapes cannot be broadcast', expected: 'sizes equal or 1 per trailing axis', received: shapeList(...shapes) });
      }
      out[off + i] = d;
    }
  }
  return out;
}

/**
 * Strides of `inShape` viewed inside the broadcast `outShape`: 0 on axes that are
 * broadcast (size 1 or missing), the row-major stride otherwise.
 * @param inShape the operand shape (broadcastable to outShape).
 * @param outShape the broadcast shape.
 * @returns one stride per axis of outShape.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const st = stridesOf(inShape);
  const off = outShape.length - inShape.length;
  const out = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < inShape.length; i++) out[off + i] = inShape[i] === 1 ? 0 : st[i];
  return out;
}

/**
 * Offset table: for every element of `shape` in row-major order, the linear
 * offset `sum(index[d] * strides[d])`.
 * @param shape the iteration shape.
 * @param strides one stride per axis of shape (may be 0 or permuted).
 * @returns Int32Array of length `sizeOf(shape)`.
 */
export function stridedOffsets(shape: Shape, strides: readonly number[]): Int32Array {
  const n = sizeOf(shape);
  const out = new Int32Array(n);
  const nd = shape.length;
  if (nd === 0 || n === 0) return out;
  const last = nd - 1;
  const lastDim = shape[last];
  const lastStride = strides[last];
  const idx = new Int32Array(nd);
  let off = 0;
  for (let i = 0; i < n; i += lastDim) {
    for (let j = 0; j < lastDim; j++) out[i + j] = off + j * lastStride;
    for (let d = last - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Splits a shape around a contiguous block of axes `[from, to)` into
 * `[outer, middle, inner]` sizes, the layout most single-axis loops use.
 * @param shape the tensor shape.
 * @param from first axis of the block.
 * @param to one past the last axis of the block.
 * @returns `[outer, middle, inner]` element counts.
 */
export function splitAt(shape: Shape, from: number, to: number): [number, number, number] {
  return [sizeOf(shape.slice(0, from)), sizeOf(shape.slice(from, to)), sizeOf(shape.slice(to))];
}

/** Creation functions: the only places that make leaf tensors from plain values. */
import { ArgumentError, ShapeError, type Rng } from '../util/index.js';
import { Tensor } from './tensor.js';
import { sizeOf, type Shape } from './shape.js';

/** Options accepted as the last argument of every creation function. */
export interface TensorOptions {
  /** Mark the result as a trainable leaf (default false). */
  requiresGrad?: boolean;
  /** Name shown in error messages. */
  name?: string;
}

/** Nested arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number | readonly NestedArray[];

/** Anything {@link tensor} accepts as data. */
export type TensorData = NestedArray | Float32Array | ArrayLike<number>;

function finish(t: Tensor, opts: TensorOptions | undefined): Tensor {
  if (opts?.requiresGrad === true) t.requiresGrad = true;
  if (opts?.name !== undefined) t.name = opts.name;
  return t;
}

function checkShape(shape: Shape, where: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ArgumentError(where, { what: 'bad shape', expected: 'non-negative integer sizes', received: shape });
  }
}

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = (cur as readonly NestedArray[])[0];
  }
  return shape;
}

function flattenInto(data: NestedArray, shape: Shape, depth: number, out: Float32Array, pos: number): number {
  if (depth === shape.length) {
    if (typeof data !== 'number') throw new ShapeError('tensor(data)', { what: 'ragged nested array', expected: shape, received: 'a deeper array' });
    out[pos] = data;
    return pos + 1;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError('tensor(data)', { what: `ragged nested array at depth ${depth}`, expected: shape[depth], received: Array.isArray(data) ? data.length : data });
  }
  for (const v of data as readonly NestedArray[]) pos = flattenInto(v, shape, depth + 1, out, pos);
  return pos;
}

function isOptions(x: unknown): x is TensorOptions {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * Makes a tensor from numbers: a scalar, nested arrays, or flat data plus a shape.
 * The data is always copied.
 * @param data values; nested arrays give their own shape, flat data defaults to `[length]`.
 * @param shapeOrOpts optional shape for flat data (one -1 not allowed), or the options.
 * @param opts `{ requiresGrad, name }`.
 * @returns a new leaf tensor.
 * @example tensor([[1, 2], [3, 4]]).shape // [2, 2]
 */
export function tensor(data: TensorData, shapeOrOpts?: Shape | TensorOptions, opts?: TensorOptions): Tensor {
  const shapeArg = isOptions(shapeOrOpts) ? undefined : shapeOrOpts;
  const options = isOptions(shapeOrOpts) ? shapeOrOpts : opts;
  let flat: Float32Array;
  let shape: Shape;
  if (typeof data === 'number') {
    flat = new Float32Array([data]);
    shape = [];
  } else if (Array.isArray(data) && data.some((v) => Array.isArray(v))) {
    shape = inferShape(data as NestedArray);
    flat = new Float32Array(sizeOf(shape));
    flattenInto(data as NestedArray, shape, 0, flat, 0);
  } else {
    flat = Float32Array.from(data as ArrayLike<number>);
    shape = [flat.length];
  }
  if (shapeArg !== undefined) {
    checkShape(shapeArg, 'tensor(data, shape)');
    if (sizeOf(shapeArg) !== flat.length) throw new ShapeError('tensor(data, shape)', { what: 'data length does not match shape', expected: sizeOf(shapeArg), received: flat.length });
    shape = shapeArg;
  }
  return finish(new Tensor(flat, shape), options);
}

/**
 * @param shape result shape.
 * @param value fill value.
 * @param opts `{ requiresGrad, name }`.
 * @returns a tensor filled with `value`.
 */
export function full(shape: Shape, value: number, opts?: TensorOptions): Tensor {
  checkShape(shape, 'full(shape, value)');
  return finish(new Tensor(new Float32Array(sizeOf(shape)).fill(value), shape), opts);
}

/** @param shape result shape. @param opts `{ requiresGrad, name }`. @returns a tensor of zeros. */
export function zeros(shape: Shape, opts?: TensorOptions): Tensor {
  return full(shape, 0, opts);
}

/** @param shape result shape. @param opts `{ requiresGrad, name }`. @returns a tensor of ones. */
export function ones(shape: Shape, opts?: TensorOptions): Tensor {
  return full(shape, 1, opts);
}

/** @param t any tensor. @returns zeros of the same shape (no grad). */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape);
}

/** @param t any tensor. @returns ones of the same shape (no grad). */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape);
}

/**
 * Normal samples.
 * @param shape result shape.
 * @param opts `rng` (required), `mean` (default 0), `std` (default 1), plus `{ requiresGrad, name }`.
 * @returns a new leaf tensor.
 * @example randn([2, 3], { rng: createRng(0) })
 */
export function randn(shape: Shape, opts: TensorOptions & { rng: Rng; mean?: number; std?: number }): Tensor {
  checkShape(shape, 'randn(shape)');
  const data = new Float32Array(sizeOf(shape));
  opts.rng.fillNormal(data, opts.mean ?? 0, opts.std ?? 1);
  return finish(new Tensor(data, shape), opts);
}

/**
 * Uniform samples in `[low, high)`.
 * @param shape result shape.
 * @param opts `rng` (required), `low` (default 0), `high` (default 1), plus `{ requiresGrad, name }`.
 * @returns a new leaf tensor.
 */
export function rand(shape: Shape, opts: TensorOptions & { rng: Rng; low?: number; high?: number }): Tensor {
  checkShape(shape, 'rand(shape)');
  const data = new Float32Array(sizeOf(shape));
  opts.rng.fillUniform(data, opts.low ?? 0, opts.high ?? 1);
  return finish(new Tensor(data, shape), opts);
}

/**
 * `arange(end)` or `arange(start, end, step = 1)`: values `start, start+step, ...` up to (excluding) `end`.
 * @param startOrEnd `end` when called with one argument, else `start`.
 * @param end exclusive end.
 * @param step spacing (non-zero; may be negative).
 * @returns a 1-D tensor, shape `[ceil((end − start)/step)]`.
 * @example arange(1, 2, 0.25).toArray() // [1, 1.25, 1.5, 1.75]
 */
export function arange(startOrEnd: number, end?: number, step = 1): Tensor {
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError('arange(start, end, step)', { what: 'bad step', expected: 'a finite non-zero step', received: step });
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/** @param n size. @returns the `[n, n]` identity matrix. */
export function eye(n: number): Tensor {
  checkShape([n], 'eye(n)');
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new Tensor(data, [n, n]);
}

/**
 * Seeded index utilities: shuffles, train/validation splits, subsamples and the
 * mini-batch iterator. Every random choice comes from the `Rng` passed in.
 */
import { ArgumentError, type Rng } from '../util/index.js';
import { assertImageDataset, subset, type ImageDataset } from './dataset.js';

/** How subsamples are drawn: per-class quotas proportional to class sizes, or uniformly. */
export type SampleMode = 'stratified' | 'random';

function assertCount(n: number, max: number, where: string): void {
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new ArgumentError(where, { what: 'count out of range', expected: `an integer in 0..${max}`, received: n });
  }
}

/**
 * A uniformly random ordering of `0..n-1` (Fisher–Yates).
 *
 * @param n how many indices (a non-negative integer).
 * @param rng the random stream; advances it.
 * @returns `[n]` indices, each exactly once.
 * @example
 * const order = shuffledIndices(5, createRng(0)); // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  assertCount(n, Number.MAX_SAFE_INTEGER, 'shuffledIndices(n)');
  return rng.permutation(n);
}

/**
 * Picks `n` of the dataset's indices, without repeats.
 * 'stratified' gives each class `n * classCount / count` picks, rounded by largest
 * remainder (ties to the lower class) so the total is exactly `n`.
 */
function pickIndices(labels: Uint8Array, classes: number, n: number, rng: Rng, mode: SampleMode): Int32Array {
  if (n === 0) return new Int32Array(0);
  if (mode === 'random') return rng.permutation(labels.length).slice(0, n).sort();
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const exact = byClass.map((idx) => (n * idx.length) / labels.length);
  const quota = exact.map(Math.floor);
  let left = n - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c);
  for (const { c } of order) {
    if (left === 0) break;
    if (quota[c] < byClass[c].length) {
      quota[c]++;
      left--;
    }
  }
  const out: number[] = [];
  byClass.forEach((idx, c) => {
    rng.shuffle(idx);
    for (let i = 0; i < quota[c]; i++) out.push(idx[i]);
  });
  return Int32Array.from(out).sort();
}

/**
 * A seeded subsample of `n` images, for quick configurations and smoke tests.
 *
 * @param ds the dataset.
 * @param n how many images, `0..ds.count`.
 * @param rng the random stream; advances it.
 * @param mode 'stratified' (default) keeps class proportions (exact up to rounding);
 *   'random' draws uniformly without replacement.
 * @returns a new dataset of `n` images, kept in their original relative order.
 * @example
 * const small = take(train, 1000, createRng(0)); // ~100 per MNIST class
 */
export function take(ds: ImageDataset, n: number, rng: Rng, mode: SampleMode = 'stratified'): ImageDataset {
  assertImageDataset(ds, 'take(ds)');
  assertCount(n, ds.count, 'take(n)');
  return subset(ds, pickIndices(ds.labels, ds.classes, n, rng, mode));
}

/** Options of {@link trainValSplit}: give exactly one of `valFraction` or `valCount`. */
export type TrainValOptions = (
  | { readonly valFraction: number; readonly valCount?: never }
  | { readonly valCount: number; readonly valFraction?: never }
) & {
  /** The random stream deciding which images go to validation; advances it. */
  readonly rng: Rng;
  /** 'stratified' (default) keeps class proportions in both parts; 'random' does not. */
  readonly mode?: SampleMode;
};

/**
 * Splits a dataset into disjoint training and validation parts.
 *
 * @param ds the dataset.
 * @param options `valFraction` in [0, 1] (rounded to a count) or `valCount` in
 *   `0..ds.count`; `rng`; optional `mode`.
 * @returns `{ train, val }`, together holding every image exactly once, each in its
 *   original relative order; also the chosen `valIndices` into `ds`.
 * @example
 * const { train, val } = trainValSplit(full, { valFraction: 0.1, rng: createRng(1) });
 */
export function trainValSplit(ds: ImageDataset, options: TrainValOptions): { train: ImageDataset; val: ImageDataset; valIndices: Int32Array } {
  assertImageDataset(ds, 'trainValSplit(ds)');
  let nVal: number;
  if (options.valFraction !== undefined) {
    const f = options.valFraction;
    if (options.valCount !== undefined || !(f >= 0 && f <= 1)) {
      throw new ArgumentError('trainValSplit(options.valFraction)', { what: 'bad validation fraction', expected: 'a number in [0, 1] and no valCount', received: f });
    }
    nVal = Math.round(f * ds.count);
  } else if (options.valCount !== undefined) {
    nVal = options.valCount;
    assertCount(nVal, ds.count, 'trainValSplit(options.valCount)');
  } else {
    throw new ArgumentError('trainValSplit(options)', { what: 'no validation size', expected: 'valFraction or valCount', received: Object.keys(options) });
  }
  const valIndices = pickIndices(ds.labels, ds.classes, nVal, options.rng, options.mode ?? 'stratified');
  const isVal = new Uint8Array(ds.count);
  for (let i = 0; i < valIndices.length; i++) isVal[valIndices[i]] = 1;
  const trainIndices = new Int32Array(ds.count - nVal);
  for (let i = 0, j = 0; i < ds.count; i++) if (isVal[i] === 0) trainIndices[j++] = i;
  return { train: subset(ds, trainIndices), val: subset(ds, valIndices), valIndices };
}

/** One mini-batch. */
export interface Batch {
  /** Pixels, `[size, rows * cols]` row-major, scaled to [0, 1] or normalised. */
  readonly x: Float32Array;
  /** Labels, `[size]`. */
  readonly y: Int32Array;
  /** Positions of these images in the dataset, `[size]`. */
  readonly indices: Int32Array;
  /** Number of images in this batch (`batchSize`, or fewer for the last one). */
  readonly size: number;
}

/** Options of {@link batches}. */
export interface BatchOptions {
  /** Images per batch, a positive integer. */
  readonly batchSize: number;
  /** Shuffle with this stream (advanced once per epoch); omitted = dataset order. */
  readonly rng?: Rng;
  /** What to do with a final batch smaller than `batchSize`: yield it ('keep', default) or skip it ('drop'). */
  readonly remainder?: 'keep' | 'drop';
  /** Pixel scaling: `x = v / 255` by default; with mean/std, `x = (v / 255 - mean) / std`. */
  readonly normalize?: { readonly mean: number; readonly std: number };
  /**
   * 'fresh' (default) allocates new arrays per batch, safe to keep. 'reuse' writes
   * every batch into the same buffers (the last, smaller batch gets views of them),
   * so a yielded batch is only valid until the iterator advances.
   */
  readonly buffers?: 'fresh' | 'reuse';
}

/**
 * Iterates over one epoch of mini-batches, visiting every image exactly once (or all
 * but the remainder with `remainder: 'drop'`).
 *
 * @param ds the dataset (pixels on the 0..255 scale).
 * @param options batch size, optional shuffling `rng`, remainder policy, scaling and
 *   buffer policy; see {@link BatchOptions}.
 * @returns a generator of {@link Batch}; call again for the next epoch.
 * @example
 * for (const { x, y, size } of batches(train, { batchSize: 128, rng })) {
 *   // x: Float32Array [size, 784] in [0, 1], y: Int32Array [size]
 * }
 */
export function* batches(ds: ImageDataset, options: BatchOptions): Generator<Batch, void, undefined> {
  assertImageDataset(ds, 'batches(ds)');
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ArgumentError('batches(options.batchSize)', { what: 'batch size is not a positive integer', expected: 'an integer >= 1', received: batchSize });
  }
  const { mean, std } = options.normalize ?? { mean: 0, std: 1 };
  if (!(std > 0) || !Number.isFinite(mean)) {
    throw new ArgumentError('batches(options.normalize)', { what: 'bad normalisation', expected: 'finite mean and std > 0', received: { mean, std } });
  }
  const order = options.rng === undefined ? Int32Array.from({ length: ds.count }, (_, i) => i) : options.rng.permutation(ds.count);
  const pixels = ds.rows * ds.cols;
  const scale = 1 / (255 * std);
  const shift = mean / std;
  const reuse = options.buffers === 'reuse';
  const end = options.remainder === 'drop' ? ds.count - (ds.count % batchSize) : ds.count;
  const capacity = reuse ? Math.min(batchSize, end) : 0;
  let xBuf = new Float32Array(capacity * pixels), yBuf = new Int32Array(capacity), iBuf = new Int32Array(capacity);
  for (let start = 0; start < end; start += batchSize) {
    const size = Math.min(batchSize, end - start);
    if (!reuse) {
      xBuf = new Float32Array(size * pixels);
      yBuf = new Int32Array(size);
      iBuf = new Int32Array(size);
    }
    const x = xBuf.subarray(0, size * pixels), y = yBuf.subarray(0, size), indices = iBuf.subarray(0, size);
    for (let b = 0; b < size; b++) {
      const k = order[start + b];
      indices[b] = k;
      y[b] = ds.labels[k];
      const src = k * pixels, dst = b * pixels;
      for (let p = 0; p < pixels; p++) x[dst + p] = ds.images[src + p] * scale - shift;
    }
    yield { x, y, indices, size };
  }
}

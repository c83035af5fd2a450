/**
 * Label and pixel permutations: the building blocks of permuted-label and
 * permuted-MNIST continual-learning tasks.
 */
import { ArgumentError, ShapeError, type Rng } from '../util/index.js';
import { assertImageDataset, type ImageDataset } from './dataset.js';

/**
 * Checks that `perm` is a bijection of `0..perm.length-1`.
 *
 * @param perm the candidate permutation.
 * @param where the caller, used as the error path.
 * @returns nothing; throws `ArgumentError` naming the first repeated or out-of-range entry.
 */
export function assertPermutation(perm: ArrayLike<number>, where: string): void {
  const seen = new Uint8Array(perm.length);
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i];
    if (!Number.isInteger(p) || p < 0 || p >= perm.length || seen[p] === 1) {
      throw new ArgumentError(`${where}[${i}]`, {
        what: 'not a permutation',
        expected: `each of 0..${perm.length - 1} exactly once`,
        received: p,
      });
    }
    seen[p] = 1;
  }
}

/**
 * A seeded random relabelling of `classes` classes.
 *
 * @param classes number of classes (a non-negative integer, at most 256).
 * @param rng the random stream; advances it.
 * @returns `[classes]`: class `k` becomes `perm[k]`; a bijection.
 * @example
 * const perm = randomLabelPermutation(10, createRng(3));
 */
export function randomLabelPermutation(classes: number, rng: Rng): Int32Array {
  if (!Number.isInteger(classes) || classes < 0 || classes > 256) {
    throw new ArgumentError('randomLabelPermutation(classes)', { what: 'bad class count', expected: 'an integer in 0..256', received: classes });
  }
  return rng.permutation(classes);
}

/**
 * Relabels: `out[i] = permutation[labels[i]]`.
 *
 * @param labels class indices, `[count]`, each below `permutation.length`.
 * @param permutation `[classes]` bijection of `0..classes-1` (checked).
 * @returns new labels `[count]`.
 * @example
 * const shuffledTask = { ...ds, labels: permuteLabels(ds.labels, perm) };
 */
export function permuteLabels(labels: Uint8Array, permutation: ArrayLike<number>): Uint8Array {
  assertPermutation(permutation, 'permuteLabels(permutation)');
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= permutation.length) {
      throw new ArgumentError(`permuteLabels(labels)[${i}]`, { what: 'label out of range', expected: `0..${permutation.length - 1}`, received: labels[i] });
    }
    out[i] = permutation[labels[i]];
  }
  return out;
}

/**
 * A seeded random pixel order for permuted-MNIST tasks.
 *
 * @param pixels pixels per image (`rows * cols`).
 * @param rng the random stream; advances it.
 * @returns `[pixels]` bijection; output pixel `p` is taken from input pixel `perm[p]`.
 * @example
 * const perm = pixelPermutation(784, createRng(1));
 */
export function pixelPermutation(pixels: number, rng: Rng): Int32Array {
  if (!Number.isInteger(pixels) || pixels < 0) {
    throw new ArgumentError('pixelPermutation(pixels)', { what: 'bad pixel count', expected: 'a non-negative integer', received: pixels });
  }
  return rng.permutation(pixels);
}

/**
 * Applies one pixel permutation to every image: `out[i, p] = images[i, perm[p]]`.
 *
 * @param ds the dataset.
 * @param permutation `[rows * cols]` bijection (checked), e.g. from {@link pixelPermutation}.
 * @returns a new dataset with permuted images of the same storage type and the same labels array.
 * @example
 * const task2 = permutePixels(train, pixelPermutation(784, rng));
 */
export function permutePixels(ds: ImageDataset, permutation: ArrayLike<number>): ImageDataset {
  assertImageDataset(ds, 'permutePixels(ds)');
  const pixels = ds.rows * ds.cols;
  if (permutation.length !== pixels) {
    throw new ShapeError('permutePixels(permutation)', { what: 'one entry per pixel', expected: [pixels], received: [permutation.length] });
  }
  assertPermutation(permutation, 'permutePixels(permutation)');
  const src = ds.images;
  const images = src instanceof Float32Array ? new Float32Array(src.length) : new Uint8Array(src.length);
  for (let i = 0; i < ds.count; i++) {
    const base = i * pixels;
    for (let p = 0; p < pixels; p++) images[base + p] = src[base + permutation[p]];
  }
  return { images, labels: ds.labels, count: ds.count, rows: ds.rows, cols: ds.cols, classes: ds.classes };
}

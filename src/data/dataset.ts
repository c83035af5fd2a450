/**
 * The in-memory image classification dataset every loader and utility in `data/`
 * shares. Plain typed arrays, no tensors: experiments turn batches into tensors.
 */
import { ArgumentError, ShapeError } from '../util/index.js';

/**
 * A labelled set of same-sized greyscale images.
 *
 * Layout: `images` is `[count, rows * cols]` row-major, i.e. pixel `(r, c)` of image
 * `i` is `images[i * rows * cols + r * cols + c]`, row 0 at the top. Pixel values are
 * intensities on the 0..255 scale whatever the storage: `Uint8Array` for raw data,
 * `Float32Array` when a transform made fractional values (e.g. bilinear rotation).
 * `labels` is `[count]`, each in `0..classes-1`.
 */
export interface ImageDataset {
  /** Pixels, `[count, rows * cols]` row-major, intensities on the 0..255 scale. */
  readonly images: Uint8Array | Float32Array;
  /** Class index per image, `[count]`, values in `0..classes-1`. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height in pixels. */
  readonly rows: number;
  /** Image width in pixels. */
  readonly cols: number;
  /** Number of classes (labels are `0..classes-1`). */
  readonly classes: number;
}

/** The fields {@link imageDataset} needs; `count` is derived from `labels.length`. */
export interface ImageDatasetFields {
  readonly images: Uint8Array | Float32Array;
  readonly labels: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  readonly classes: number;
}

/**
 * Builds an {@link ImageDataset} after checking that the arrays agree with the
 * declared sizes. The arrays are kept, not copied.
 *
 * @param fields images `[count, rows * cols]` (0..255 scale), labels `[count]`, and
 *   the sizes `rows`, `cols` (pixels) and `classes`.
 * @returns the dataset, with `count = labels.length`.
 * @example
 * const ds = imageDataset({ images: new Uint8Array(8), labels: new Uint8Array([0, 1]), rows: 2, cols: 2, classes: 2 });
 */
export function imageDataset(fields: ImageDatasetFields): ImageDataset {
  const ds: ImageDataset = {
    images: fields.images,
    labels: fields.labels,
    count: fields.labels.length,
    rows: fields.rows,
    cols: fields.cols,
    classes: fields.classes,
  };
  assertImageDataset(ds, 'imageDataset(fields)');
  return ds;
}

function assertPositiveInt(value: number, where: string, name: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ArgumentError(where, { what: `${name} is not a positive integer`, expected: 'an integer >= 1', received: value });
  }
}

/**
 * Checks a dataset's invariants: positive integer sizes, array lengths matching
 * `count` and `rows * cols`, and every label below `classes`. O(count).
 *
 * @param ds the dataset to check.
 * @param where the caller, used as the error path (e.g. `batches(dataset)`).
 * @returns nothing; throws `ShapeError` on length mismatches and `ArgumentError` on
 *   bad sizes or out-of-range labels.
 */
export function assertImageDataset(ds: ImageDataset, where: string): void {
  assertPositiveInt(ds.rows, where, 'rows');
  assertPositiveInt(ds.cols, where, 'cols');
  assertPositiveInt(ds.classes, where, 'classes');
  if (ds.labels.length !== ds.count) {
    throw new ShapeError(`${where}.labels`, { what: 'label count differs from count', expected: [ds.count], received: [ds.labels.length] });
  }
  const pixels = ds.rows * ds.cols;
  if (ds.images.length !== ds.count * pixels) {
    throw new ShapeError(`${where}.images`, {
      what: 'image buffer length differs from count * rows * cols',
      expected: [ds.count, pixels],
      received: [ds.images.length / pixels],
    });
  }
  const labels = ds.labels;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= ds.classes) {
      throw new ArgumentError(`${where}.labels[${i}]`, { what: 'label out of range', expected: `0..${ds.classes - 1}`, received: labels[i] });
    }
  }
}

/**
 * Checks that `indices` are integers in `0..count-1`.
 *
 * @param indices the indices to check.
 * @param count the exclusive upper bound.
 * @param where the caller, used as the error path.
 * @returns nothing; throws `ArgumentError` naming the first bad index.
 */
export function assertIndices(indices: ArrayLike<number>, count: number, where: string): void {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= count) {
      throw new ArgumentError(`${where}[${i}]`, { what: 'index out of range', expected: `an integer in 0..${count - 1}`, received: k });
    }
  }
}

/**
 * Copies the images and labels at `indices` into a new dataset, in the order given
 * (repeats allowed).
 *
 * @param ds the source dataset.
 * @param indices positions into `ds`, each an integer in `0..ds.count-1`.
 * @returns a dataset with `count = indices.length` and the same storage type, sizes
 *   and `classes` as `ds`.
 * @example
 * const firstTen = subset(ds, Array.from({ length: 10 }, (_, i) => i));
 */
export function subset(ds: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  assertImageDataset(ds, 'subset(ds)');
  assertIndices(indices, ds.count, 'subset(indices)');
  const pixels = ds.rows * ds.cols;
  const n = indices.length;
  const images = ds.images instanceof Float32Array ? new Float32Array(n * pixels) : new Uint8Array(n * pixels);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    images.set(ds.images.subarray(k * pixels, (k + 1) * pixels), i * pixels);
    labels[i] = ds.labels[k];
  }
  return { images, labels, count: n, rows: ds.rows, cols: ds.cols, classes: ds.classes };
}

/**
 * Counts images per class.
 *
 * @param labels class indices, `[count]`.
 * @param classes number of classes.
 * @returns `[classes]` counts; labels at or above `classes` are ignored.
 */
export function classCounts(labels: Uint8Array, classes: number): Int32Array {
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) if (labels[i] < classes) counts[labels[i]]++;
  return counts;
}

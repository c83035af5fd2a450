/**
 * Pixel transforms on typed arrays: normalisation and bilinear rotation (the
 * rotated-MNIST family of tasks). Images use the {@link ImageDataset} layout and the
 * 0..255 intensity scale.
 */
import { ArgumentError, ShapeError } from '../util/index.js';
import { assertImageDataset, type ImageDataset } from './dataset.js';

/** Per-pixel normalisation statistics on the [0, 1] scale (torchvision convention). */
export interface PixelStats {
  readonly mean: number;
  readonly std: number;
}

/**
 * The usual MNIST training-set statistics on the [0, 1] scale (mean 0.1307, std 0.3081),
 * as used by the PyTorch MNIST example.
 */
export const MNIST_NORMALIZATION: PixelStats = Object.freeze({ mean: 0.1307, std: 0.3081 });

/**
 * Scales pixels to [0, 1] and normalises them: `out = (v / 255 - mean) / std`, i.e.
 * torchvision's `ToTensor()` followed by `Normalize(mean, std)`.
 *
 * @param images pixels on the 0..255 scale, any layout (element-wise).
 * @param stats mean and std on the [0, 1] scale; default {@link MNIST_NORMALIZATION}.
 * @param out optional destination of the same length (may not alias a `Uint8Array` input).
 * @returns `out`, or a new `Float32Array` of `images.length`.
 * @example
 * const x = normalize(ds.images); // MNIST statistics
 */
export function normalize(images: Uint8Array | Float32Array, stats: PixelStats = MNIST_NORMALIZATION, out?: Float32Array): Float32Array {
  if (!(stats.std > 0) || !Number.isFinite(stats.mean)) {
    throw new ArgumentError('normalize(stats)', { what: 'bad normalisation', expected: 'finite mean and std > 0', received: stats });
  }
  const dst = out ?? new Float32Array(images.length);
  if (dst.length !== images.length) {
    throw new ShapeError('normalize(out)', { expected: [images.length], received: [dst.length] });
  }
  const scale = 1 / (255 * stats.std), shift = stats.mean / stats.std;
  for (let i = 0; i < images.length; i++) dst[i] = images[i] * scale - shift;
  return dst;
}

/**
 * Mean and standard deviation of all pixels on the [0, 1] scale, for
 * {@link normalize} on datasets without published statistics.
 *
 * @param ds the dataset (0..255 scale).
 * @returns `{ mean, std }` over every pixel of every image (population std).
 */
export function pixelStats(ds: ImageDataset): PixelStats {
  let sum = 0, sumSq = 0;
  const px = ds.images;
  for (let i = 0; i < px.length; i++) {
    sum += px[i];
    sumSq += px[i] * px[i];
  }
  const n = Math.max(px.length, 1);
  const mean = sum / n;
  return { mean: mean / 255, std: Math.sqrt(Math.max(sumSq / n - mean * mean, 0)) / 255 };
}

/**
 * Bilinear sample of one image at a fractional pixel position, with zeros outside
 * the image (so a point half a pixel outside gets half the edge value).
 *
 * @param src one image, `[rows * cols]` row-major.
 * @param rows image height in pixels.
 * @param cols image width in pixels.
 * @param r row coordinate in pixel units (0 = centre of the top row).
 * @param c column coordinate in pixel units (0 = centre of the left column).
 * @returns the interpolated value, in the units of `src`.
 * @example
 * sampleBilinear(new Uint8Array([0, 10, 20, 30]), 2, 2, 0.5, 0.5); // 15
 */
export function sampleBilinear(src: ArrayLike<number>, rows: number, cols: number, r: number, c: number): number {
  const r0 = Math.floor(r), c0 = Math.floor(c);
  const fr = r - r0, fc = c - c0;
  let v = 0;
  // Skip zero-weight neighbours so exact grid points never touch out-of-range pixels.
  if (r0 >= 0 && r0 < rows) {
    if (c0 >= 0 && c0 < cols) v += (1 - fr) * (1 - fc) * src[r0 * cols + c0];
    if (fc > 0 && c0 + 1 >= 0 && c0 + 1 < cols) v += (1 - fr) * fc * src[r0 * cols + c0 + 1];
  }
  if (fr > 0 && r0 + 1 >= 0 && r0 + 1 < rows) {
    if (c0 >= 0 && c0 < cols) v += fr * (1 - fc) * src[(r0 + 1) * cols + c0];
    if (fc > 0 && c0 + 1 >= 0 && c0 + 1 < cols) v += fr * fc * src[(r0 + 1) * cols + c0 + 1];
  }
  return v;
}

/** cos and sin of an angle in degrees, exact at multiples of 90° so those rotations are pixel permutations. */
function trigDeg(angleDeg: number): [number, number] {
  const a = ((angleDeg % 360) + 360) % 360;
  if (a === 0) return [1, 0];
  if (a === 90) return [0, 1];
  if (a === 180) return [-1, 0];
  if (a === 270) return [0, -1];
  const rad = (a * Math.PI) / 180;
  return [Math.cos(rad), Math.sin(rad)];
}

/**
 * Rotates one image about its centre with bilinear interpolation, filling with 0
 * where the rotated source falls outside the image.
 *
 * Sign convention: positive angles rotate the picture counter-clockwise as displayed
 * (row 0 at the top), like torchvision's `rotate`. The centre is the geometric centre
 * `((rows - 1) / 2, (cols - 1) / 2)` in pixel-centre coordinates, so multiples of 90°
 * on square images are exact pixel permutations. (torchvision's sub-pixel centring
 * and default nearest interpolation differ slightly, so values are not bit-identical.)
 *
 * @param src one image, `[rows * cols]` row-major, any scale.
 * @param rows image height in pixels.
 * @param cols image width in pixels.
 * @param angleDeg rotation angle in degrees, counter-clockwise positive.
 * @param out optional destination `[rows * cols]`; must not alias `src`.
 * @returns `out`, or a new `Float32Array`, in the units of `src`.
 * @example
 * const rotated = rotateImage(ds.images.subarray(0, 784), 28, 28, 45);
 */
export function rotateImage(src: ArrayLike<number>, rows: number, cols: number, angleDeg: number, out?: Float32Array): Float32Array {
  const n = rows * cols;
  if (src.length !== n) throw new ShapeError('rotateImage(src)', { expected: [rows * cols], received: [src.length] });
  if (!Number.isFinite(angleDeg)) throw new ArgumentError('rotateImage(angleDeg)', { what: 'angle is not finite', expected: 'a finite number of degrees', received: angleDeg });
  const dst = out ?? new Float32Array(n);
  if (dst.length !== n) throw new ShapeError('rotateImage(out)', { expected: [n], received: [dst.length] });
  const [cos, sin] = trigDeg(angleDeg);
  const cr = (rows - 1) / 2, cc = (cols - 1) / 2;
  for (let r = 0; r < rows; r++) {
    // Display coordinates: x to the right, y up. The output point p comes from R(-angle) p.
    const y = cr - r;
    for (let c = 0; c < cols; c++) {
      const x = c - cc;
      const xs = cos * x + sin * y;
      const ys = -sin * x + cos * y;
      dst[r * cols + c] = sampleBilinear(src, rows, cols, cr - ys, cc + xs);
    }
  }
  return dst;
}

/**
 * Rotates every image of a dataset (see {@link rotateImage} for the convention).
 *
 * @param ds the dataset.
 * @param angleDeg one angle in degrees for all images, or `[count]` angles, one per image.
 * @returns a new dataset with `Float32Array` images (still on the 0..255 scale) and
 *   the same labels array.
 * @example
 * const rotated = rotateDataset(test, 30); // every digit turned 30° counter-clockwise
 */
export function rotateDataset(ds: ImageDataset, angleDeg: number | ArrayLike<number>): ImageDataset {
  assertImageDataset(ds, 'rotateDataset(ds)');
  if (typeof angleDeg !== 'number' && angleDeg.length !== ds.count) {
    throw new ShapeError('rotateDataset(angleDeg)', { what: 'one angle per image', expected: [ds.count], received: [angleDeg.length] });
  }
  const pixels = ds.rows * ds.cols;
  const images = new Float32Array(ds.count * pixels);
  for (let i = 0; i < ds.count; i++) {
    const angle = typeof angleDeg === 'number' ? angleDeg : angleDeg[i];
    rotateImage(ds.images.subarray(i * pixels, (i + 1) * pixels), ds.rows, ds.cols, angle, images.subarray(i * pixels, (i + 1) * pixels));
  }
  return { images, labels: ds.labels, count: ds.count, rows: ds.rows, cols: ds.cols, classes: ds.classes };
}

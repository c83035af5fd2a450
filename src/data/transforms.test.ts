import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng } from '../util/index.js';
import { imageDataset } from './dataset.js';
import { permuteLabels, permutePixels, pixelPermutation, randomLabelPermutation } from './permutations.js';
import { MNIST_NORMALIZATION, normalize, pixelStats, rotateDataset, rotateImage, sampleBilinear } from './transforms.js';

// A 3 × 3 image with distinct values.
const IMG3 = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

/** numpy's rot90 (counter-clockwise) for a square image: out[i][j] = in[j][n-1-i]. */
function rot90(src: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out.push(src[j * n + (n - 1 - i)]);
  return out;
}

describe('rotateImage', () => {
  it('0° is the identity and 360° is too', () => {
    expect(Array.from(rotateImage(IMG3, 3, 3, 0))).toEqual(Array.from(IMG3));
    const r360 = rotateImage(IMG3, 3, 3, 360);
    IMG3.forEach((v, i) => expect(r360[i]).toBeCloseTo(v, 6));
  });

  it('+90° is the exact counter-clockwise pixel permutation (odd and even sizes)', () => {
    expect(Array.from(rotateImage(IMG3, 3, 3, 90))).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    const img4 = Float32Array.from({ length: 16 }, (_, i) => i * 3 + 1);
    expect(Array.from(rotateImage(img4, 4, 4, 90))).toEqual(rot90(img4, 4));
    expect(Array.from(rotateImage(img4, 4, 4, -270))).toEqual(rot90(img4, 4));
    expect(Array.from(rotateImage(img4, 4, 4, 180))).toEqual(Array.from(img4).reverse());
  });

  it('keeps the centre pixel of an odd image and fills outside with 0', () => {
    const r = rotateImage(IMG3, 3, 3, 45);
    expect(r[4]).toBeCloseTo(5, 6);
    // Corners rotate in from outside the image: less than the full corner value.
    const ones = rotateImage(new Float32Array(9).fill(1), 3, 3, 45);
    expect(ones[0]).toBeLessThan(1);
    expect(ones[4]).toBeCloseTo(1, 6);
  });

  it('writes into out and checks sizes', () => {
    const out = new Float32Array(9);
    expect(rotateImage(IMG3, 3, 3, 90, out)).toBe(out);
    expect(() => rotateImage(IMG3, 2, 4, 90)).toThrow(/rotateImage\(src\)/);
    expect(() => rotateImage(IMG3, 3, 3, Number.NaN)).toThrow(ArgumentError);
  });
});

describe('sampleBilinear', () => {
  it('at a half-pixel point equals the average of the neighbours', () => {
    expect(sampleBilinear(IMG3, 3, 3, 0.5, 0.5)).toBeCloseTo((1 + 2 + 4 + 5) / 4, 10);
    expect(sampleBilinear(IMG3, 3, 3, 1, 1.5)).toBeCloseTo((5 + 6) / 2, 10);
    expect(sampleBilinear(IMG3, 3, 3, 2, 2)).toBe(9);
    expect(sampleBilinear(IMG3, 3, 3, -0.5, 0)).toBeCloseTo(0.5, 10); // half of the zero fill
  });
});

describe('rotateDataset', () => {
  it('rotates each image, with per-image angles', () => {
    const ds = imageDataset({ images: Uint8Array.from([...IMG3, ...IMG3]), labels: new Uint8Array([0, 1]), rows: 3, cols: 3, classes: 2 });
    const r = rotateDataset(ds, [90, 0]);
    expect(r.images).toBeInstanceOf(Float32Array);
    expect(Array.from(r.images)).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7, ...IMG3]);
    expect(r.labels).toBe(ds.labels);
    expect(() => rotateDataset(ds, [90])).toThrow(/one angle per image/);
  });
});

describe('normalize and pixelStats', () => {
  it('matches (v / 255 - mean) / std', () => {
    const x = normalize(Uint8Array.from([0, 255, 51]));
    expect(x[0]).toBeCloseTo(-0.1307 / 0.3081, 5);
    expect(x[1]).toBeCloseTo((1 - 0.1307) / 0.3081, 5);
    expect(normalize(Uint8Array.from([51]), { mean: 0, std: 1 })[0]).toBeCloseTo(0.2, 6);
    expect(MNIST_NORMALIZATION).toEqual({ mean: 0.1307, std: 0.3081 });
    expect(() => normalize(new Uint8Array(1), { mean: 0, std: 0 })).toThrow(ArgumentError);
  });

  it('pixelStats gives mean and population std on the [0, 1] scale', () => {
    const ds = imageDataset({ images: Uint8Array.from([0, 255, 0, 255]), labels: new Uint8Array([0]), rows: 2, cols: 2, classes: 1 });
    const s = pixelStats(ds);
    expect(s.mean).toBeCloseTo(0.5, 10);
    expect(s.std).toBeCloseTo(0.5, 10);
  });
});

describe('permutations', () => {
  it('randomLabelPermutation is a seeded bijection', () => {
    const p = randomLabelPermutation(10, createRng(3));
    expect(Array.from(p).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p).toEqual(randomLabelPermutation(10, createRng(3)));
  });

  it('permuteLabels maps each class and rejects non-bijections', () => {
    const labels = Uint8Array.from([0, 1, 2, 2, 0]);
    expect(Array.from(permuteLabels(labels, [2, 0, 1]))).toEqual([2, 0, 1, 1, 2]);
    expect(() => permuteLabels(labels, [0, 0, 1])).toThrow(/not a permutation/);
    expect(() => permuteLabels(labels, [1, 0])).toThrow(/label out of range/);
    // A bijection: distinct classes stay distinct, and the inverse restores the labels.
    const p = randomLabelPermutation(3, createRng(1));
    const inv = new Int32Array(3);
    p.forEach((to, from) => (inv[to] = from));
    expect(Array.from(permuteLabels(permuteLabels(labels, p), inv))).toEqual(Array.from(labels));
  });

  it('permutePixels applies out[p] = in[perm[p]] to every image', () => {
    const ds = imageDataset({ images: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), labels: new Uint8Array([0, 0]), rows: 2, cols: 2, classes: 1 });
    expect(Array.from(permutePixels(ds, [3, 2, 1, 0]).images)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    const perm = pixelPermutation(4, createRng(2));
    expect(Array.from(perm).sort()).toEqual([0, 1, 2, 3]);
    expect(() => permutePixels(ds, [0, 1, 2])).toThrow(/one entry per pixel/);
  });
});

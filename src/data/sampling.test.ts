import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng, ShapeError } from '../util/index.js';
import { classCounts, imageDataset, subset, type ImageDataset } from './dataset.js';
import { batches, shuffledIndices, take, trainValSplit } from './sampling.js';

/** `count` 2 × 2 images whose pixels all equal the image index (mod 256); labels `i % classes`. */
function toyDataset(count: number, classes = 3): ImageDataset {
  const images = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) images.fill(i % 256, i * 4, (i + 1) * 4);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return imageDataset({ images, labels, rows: 2, cols: 2, classes });
}

describe('dataset helpers', () => {
  it('imageDataset rejects inconsistent arrays and labels', () => {
    expect(() => imageDataset({ images: new Uint8Array(7), labels: new Uint8Array(2), rows: 2, cols: 2, classes: 2 })).toThrow(ShapeError);
    expect(() => imageDataset({ images: new Uint8Array(8), labels: new Uint8Array([0, 2]), rows: 2, cols: 2, classes: 2 })).toThrow(ArgumentError);
  });

  it('subset copies the chosen images in order and checks indices', () => {
    const ds = toyDataset(10);
    const s = subset(ds, [7, 2, 7]);
    expect(s.count).toBe(3);
    expect(Array.from(s.images)).toEqual([7, 7, 7, 7, 2, 2, 2, 2, 7, 7, 7, 7]);
    expect(Array.from(s.labels)).toEqual([1, 2, 1]);
    expect(() => subset(ds, [10])).toThrow(/subset\(indices\)\[0\]: index out of range/);
  });
});

describe('shuffledIndices', () => {
  it('is a seeded permutation', () => {
    const a = shuffledIndices(100, createRng(1));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(a).toEqual(shuffledIndices(100, createRng(1)));
    expect(a).not.toEqual(shuffledIndices(100, createRng(2)));
  });
});

describe('batches', () => {
  const ds = toyDataset(103);

  function epoch(seed: number | undefined, extra: { remainder?: 'keep' | 'drop' } = {}): number[] {
    const rng = seed === undefined ? {} : { rng: createRng(seed) };
    return [...batches(ds, { batchSize: 10, ...rng, ...extra })].flatMap((b) => Array.from(b.indices));
  }

  it('covers every index exactly once per epoch', () => {
    const seen = epoch(5);
    expect(seen.length).toBe(103);
    expect(new Set(seen).size).toBe(103);
  });

  it('is reproducible per seed, differs across seeds, and is in order without rng', () => {
    expect(epoch(5)).toEqual(epoch(5));
    expect(epoch(5)).not.toEqual(epoch(6));
    expect(epoch(undefined)).toEqual(Array.from({ length: 103 }, (_, i) => i));
  });

  it('gives successive epochs different orders from one stream', () => {
    const rng = createRng(9);
    const first = [...batches(ds, { batchSize: 50, rng })].flatMap((b) => Array.from(b.indices));
    const second = [...batches(ds, { batchSize: 50, rng })].flatMap((b) => Array.from(b.indices));
    expect(first).not.toEqual(second);
  });

  it('drops the remainder on request', () => {
    const sizes = [...batches(ds, { batchSize: 10, remainder: 'drop' })].map((b) => b.size);
    expect(sizes).toEqual(Array(10).fill(10));
    expect([...batches(ds, { batchSize: 10 })].map((b) => b.size).at(-1)).toBe(3);
  });

  it('scales x to [0, 1], matches y and indices, and normalises on request', () => {
    for (const b of batches(ds, { batchSize: 16, rng: createRng(3) })) {
      expect(b.x.length).toBe(b.size * 4);
      for (let i = 0; i < b.size; i++) {
        expect(b.y[i]).toBe(ds.labels[b.indices[i]]);
        expect(b.x[i * 4 + 3]).toBeCloseTo(b.indices[i] / 255, 6);
      }
    }
    const [first] = batches(ds, { batchSize: 4, normalize: { mean: 0.5, std: 0.25 } });
    expect(first.x[3 * 4]).toBeCloseTo((3 / 255 - 0.5) / 0.25, 5);
  });

  it("reuses buffers only with buffers: 'reuse'", () => {
    const fresh = [...batches(ds, { batchSize: 10 })];
    expect(fresh[0].x).not.toBe(fresh[1].x);
    expect(fresh[0].x.buffer).not.toBe(fresh[1].x.buffer);
    expect(fresh[0].indices[0]).toBe(0);
    const reused = [...batches(ds, { batchSize: 10, buffers: 'reuse' })];
    expect(reused[0].x.buffer).toBe(reused[1].x.buffer);
    expect(reused.at(-1)?.size).toBe(3);
  });

  it('rejects a bad batch size', () => {
    expect(() => batches(ds, { batchSize: 0 }).next()).toThrow(ArgumentError);
    expect(() => batches(ds, { batchSize: 2.5 }).next()).toThrow(/batchSize/);
  });
});

describe('take and trainValSplit', () => {
  const ds = toyDataset(240, 3); // image ids (pixel values) are all distinct below 256

  it('take is stratified, seeded and without repeats', () => {
    const s = take(ds, 30, createRng(1));
    expect(s.count).toBe(30);
    expect(Array.from(classCounts(s.labels, 3))).toEqual([10, 10, 10]);
    expect(new Set(Array.from(s.images.filter((_, i) => i % 4 === 0))).size).toBe(30);
    expect(take(ds, 30, createRng(1)).images).toEqual(s.images);
    expect(take(ds, 30, createRng(2)).images).not.toEqual(s.images);
    expect(take(ds, 31, createRng(1), 'random').count).toBe(31);
    expect(() => take(ds, 241, createRng(1))).toThrow(ArgumentError);
  });

  it('stratified quotas sum to n exactly on unbalanced classes', () => {
    const labels = Uint8Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 95 ? 1 : 2));
    const unbalanced = imageDataset({ images: new Uint8Array(400), labels, rows: 2, cols: 2, classes: 3 });
    const s = take(unbalanced, 11, createRng(4));
    expect(Array.from(classCounts(s.labels, 3))).toEqual([8, 3, 0]);
  });

  it('trainValSplit partitions the dataset', () => {
    const { train, val, valIndices } = trainValSplit(ds, { valFraction: 0.2, rng: createRng(7) });
    expect([train.count, val.count]).toEqual([192, 48]);
    expect(Array.from(classCounts(val.labels, 3))).toEqual([16, 16, 16]);
    const ids = [...train.images, ...val.images].filter((_, i) => i % 4 === 0);
    expect(new Set(ids).size).toBe(240); // every image exactly once
    expect(Array.from(valIndices)).toEqual(Array.from(val.images.filter((_, i) => i % 4 === 0)));
    const byCount = trainValSplit(ds, { valCount: 7, rng: createRng(7), mode: 'random' });
    expect([byCount.train.count, byCount.val.count]).toEqual([233, 7]);
  });

  it('trainValSplit validates its sizes', () => {
    expect(() => trainValSplit(ds, { valFraction: 1.5, rng: createRng(0) })).toThrow(ArgumentError);
    expect(() => trainValSplit(ds, { valCount: 241, rng: createRng(0) })).toThrow(ArgumentError);
  });
});

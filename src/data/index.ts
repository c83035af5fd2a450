/**
 * Datasets layer: the {@link ImageDataset} type, the IDX format, seeded sampling and
 * batching, and pixel/label transforms. Browser-safe: typed arrays in, typed arrays
 * out, no I/O (file loading lives in `neuromorph/node`).
 */
export {
  imageDataset,
  assertImageDataset,
  assertIndices,
  subset,
  classCounts,
  type ImageDataset,
  type ImageDatasetFields,
} from './dataset.js';
export { parseIdx, encodeIdx, parseMnistPair, MNIST_FORMAT, type IdxArray, type IdxData } from './idx.js';
export {
  shuffledIndices,
  take,
  trainValSplit,
  batches,
  type SampleMode,
  type TrainValOptions,
  type Batch,
  type BatchOptions,
} from './sampling.js';
export {
  normalize,
  pixelStats,
  sampleBilinear,
  rotateImage,
  rotateDataset,
  MNIST_NORMALIZATION,
  type PixelStats,
} from './transforms.js';
export { assertPermutation, randomLabelPermutation, permuteLabels, pixelPermutation, permutePixels } from './permutations.js';

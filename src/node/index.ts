/** Node-only adapters (files, processes), exported as the subpath `neuromorph/node`. */
export { fileCheckpointStore, checkpointPath, writeFileAtomic, type CheckpointKey, type FileCheckpointStore } from './checkpoint.js';
export {
  loadMnist,
  loadFashionMnist,
  neuromorphCacheDir,
  nodeDatasets,
  type Split,
  type LoadedDataset,
  type MnistOptions,
  type FashionMnistOptions,
} from './datasets.js';
export { saveSafetensors, loadSafetensors } from './safetensors-file.js';
export { useNodeThreads, nodeWorkerSpawner } from './threads.js';

import { useNodeThreads } from './threads.js';
// Importing the Node adapter enables worker threads (default: all cores).
useNodeThreads();
export { saveNir, loadNir } from './nir-file.js';
export { decodeNirSafe, nirReader, NIR_READER_DEFAULTS, type NirReader, type NirReaderOptions, type NirReaderStats } from './nir-worker.js';
export { loadMujoco } from './mujoco.js';
export { mujocoPool, nodePhysics } from './mujoco-pool.js';
export { savePerforated, loadPerforated } from './perforated-file.js';

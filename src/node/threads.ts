/**
 * Node side of the kernel worker pool: starts `worker_threads` running the
 * core's worker loop (as eval'd source, so it works under tsx and from dist/
 * alike) and makes the core default to `os.availableParallelism()` threads.
 * Workers are unref'd: an idle pool never keeps the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { setThreadSpawner, WORKER_LOOP_SOURCE, type WorkerSpawner } from '../tensor/index.js';

/** Spawns one pool worker per call (see `WorkerSpawner`). */
export const nodeWorkerSpawner: WorkerSpawner = (init) => {
  const source = `${WORKER_LOOP_SOURCE}\nneuromorphWorkerLoop(require('node:worker_threads').workerData);`;
  const w = new Worker(source, { eval: true, workerData: init });
  w.unref();
  // An uncaught worker error cannot be delivered while the caller blocks; the
  // pool's timeout turns it into a thrown error. Swallow the event itself.
  w.on('error', () => undefined);
  return { terminate: () => void w.terminate() };
};

/**
 * Lets the WebAssembly kernels split large GEMMs over worker threads.
 * Called on import of `neuromorph/node`; call again to change the default.
 * @param threads default thread count (caller included); `setNumThreads` overrides it
 */
export function useNodeThreads(threads: number = availableParallelism()): void {
  setThreadSpawner(nodeWorkerSpawner, threads);
}

/**
 * Thread-count setting for the WebAssembly kernels. The core alone runs on one
 * thread (or on Web Workers when a page is cross-origin isolated); the Node
 * adapter (`neuromorph/node`) installs a `worker_threads` spawner and defaults
 * to the number of cores. Workers start lazily, on the first GEMM worth splitting.
 */
import { ArgumentError } from '../../util/index.js';
import { webWorkerSpawner, type WorkerSpawner } from './pool.js';

let spawner: WorkerSpawner | null | undefined; // undefined: not probed yet
let requested: number | null = null;
let hostDefault = 1;

/** @returns how workers are started here, or null when only one thread is possible. */
export function threadSpawner(): WorkerSpawner | null {
  if (spawner === undefined) {
    spawner = webWorkerSpawner();
    if (spawner !== null) hostDefault = Math.max(1, Math.min(8, (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1));
  }
  return spawner;
}

/**
 * Installs the host's worker spawner (called by the Node adapter).
 * @param s starts a worker; null forces one thread
 * @param defaultThreads thread count used until {@link setNumThreads} is called
 */
export function setThreadSpawner(s: WorkerSpawner | null, defaultThreads: number): void {
  spawner = s;
  hostDefault = Math.max(1, Math.floor(defaultThreads));
}

/**
 * Sets how many threads (caller included) large GEMMs are split over.
 * Results are bit-identical for a given count (C is split by columns, so each
 * element's summation order is fixed); they may differ in the last bits between
 * counts only if the backend changes, which the split itself never causes.
 * @param n threads, ≥ 1; more than the host can start is clamped to 1 without a spawner
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError('setNumThreads(n)', { what: 'must be a positive integer', expected: '>= 1', received: n });
  requested = n;
}

/** @returns the thread count the kernels use now (1 when no worker can be started). */
export function numThreads(): number {
  if (threadSpawner() === null) return 1;
  return requested ?? hostDefault;
}

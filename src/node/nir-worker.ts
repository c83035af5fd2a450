/**
 * NIR decoding that cannot hang the process: `decodeNir` runs in a
 * `worker_threads` Worker with a time limit. h5wasm reads synchronously, and
 * some corrupt files make HDF5 loop forever (a global heap collection whose
 * free-space object has size 0 never advances its parse cursor); a worker is
 * the only thing that can be stopped then. On timeout the worker is terminated
 * and the next decode starts a fresh one. Graphs come back as plain data and
 * are validated again on this side. Under tsx/vitest the worker registers tsx's
 * loader first; built `.js` modules load directly.
 */
import { Worker } from 'node:worker_threads';
import { NIR_DECODE_DEFAULTS, type NirGraph } from '../spiking/index.js';
import { LimitError, NeuroError } from '../util/index.js';
import { fromWire, revive, type Control, type Reply, type Request } from './nir-wire.js';
import { tsxFor } from './tsx-loader.js';

/** Limits of the worker-thread NIR reader. */
export interface NirReaderOptions {
  /** Longest a single decode may take, in ms (default {@link NIR_READER_DEFAULTS}`.timeoutMs`). */
  readonly timeoutMs?: number;
  /** Largest file and dataset, in bytes (default `NIR_DECODE_DEFAULTS.maxBytes`). */
  readonly maxBytes?: number;
  /**
   * When to replace the worker besides timeouts (default `'after-failure'`):
   * `'after-failure'` after every decode that threw, because a corrupt file can
   * leave the h5wasm instance in a state where a later, valid file fails (seen in
   * fuzzing: a WebAssembly trap on a file that decodes cleanly in a fresh
   * instance); `'after-trap'` only after a WebAssembly trap, which is faster when
   * most inputs are bad and only the typed outcome matters (the fuzz tests).
   */
  readonly recycle?: 'after-failure' | 'after-trap';
}

/** Defaults of {@link nirReader}, {@link decodeNirSafe} and `loadNir`. */
export const NIR_READER_DEFAULTS = Object.freeze({
  /** 10 s: valid files of up to `maxBytes` decode in well under a second per 10 MB. */
  timeoutMs: 10_000,
  /** A worker whose WebAssembly heap grew past this is replaced after its decode, so one huge (or corrupt) file does not pin that memory. */
  recycleHeapBytes: 512 * 2 ** 20,
});

/** Counts of one reader's work (the fuzz tests report them). */
export interface NirReaderStats {
  readonly decodes: number;
  readonly timeouts: number;
  /** Workers started (the first, plus one after each timeout, failure or trap as `recycle` says, or heap over 512 MiB). */
  readonly workersStarted: number;
  /** Slowest decode that finished, in ms (inside the worker). */
  readonly maxMs: number;
  /** Largest WebAssembly heap a worker reported after a decode, in bytes. */
  readonly maxHeapBytes: number;
  /** Decodes that ended in a WebAssembly trap inside h5wasm (a typed ParseError; the worker is replaced). */
  readonly wasmTraps: number;
}

/** A reader that decodes NIR files one at a time in a reused worker thread. */
export interface NirReader {
  /**
   * Decodes `bytes` in the worker (see `decodeNir`).
   * @param where the error path (default `nirReader.decode(bytes)`); `loadNir` passes the file
   * @throws LimitError (`limit_exceeded`) when the file is over `maxBytes` or the decode takes longer than `timeoutMs`;
   *   ParseError / NeuroError from `decodeNir` as they were thrown in the worker
   */
  decode(bytes: Uint8Array, where?: string): Promise<NirGraph>;
  stats(): NirReaderStats;
  /** Terminates the worker; later decodes are refused. */
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await (await import(workerData.module)).serveNirDecodes(parentPort);
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

/** The last uncaught error of each worker, for the message when it exits. */
const lastError = new WeakMap<Worker, string>();

function startWorker(): Promise<Worker> {
  const module = import.meta.url.replace(/nir-worker\.(ts|js)$/, 'nir-wire.$1');
  // stderr: true keeps HDF5's diagnostic stack (printed for every malformed file) out of
  // the process's stderr; the error thrown carries HDF5's message.
  const w = new Worker(WORKER_SOURCE, { eval: true, stderr: true, workerData: { module, tsx: tsxFor(module) } });
  w.stderr.resume();
  w.unref();
  w.on('error', (e) => lastError.set(w, e.message));
  return new Promise((resolve, reject) => {
    const fail = (received: unknown): void => reject(new NeuroError('internal', 'nirReader worker', { what: 'worker failed to start', expected: 'h5wasm and decodeNir to load', received }));
    const onExit = (code: number): void => fail(lastError.get(w) ?? `exit code ${code}`);
    w.once('exit', onExit);
    w.once('message', (m: Control) => {
      w.off('exit', onExit);
      if (m.ready) return resolve(w);
      void w.terminate();
      fail(m.fatal);
    });
  });
}

interface ReaderState {
  readonly recycle: 'after-failure' | 'after-trap';
  worker: Promise<Worker> | undefined;
  nextId: number;
  stats: { -readonly [K in keyof NirReaderStats]: number };
}

function worker(s: ReaderState): Promise<Worker> {
  if (!s.worker) {
    s.stats.workersStarted++;
    s.worker = startWorker();
    s.worker.catch(() => (s.worker = undefined));
  }
  return s.worker;
}

function retire(s: ReaderState, w: Worker): void {
  s.worker = undefined;
  void w.terminate();
}

/** One decode in the reader's worker: its reply, or a typed error on timeout or a worker that died. */
async function decodeOnce(s: ReaderState, bytes: Uint8Array, where: string, timeoutMs: number, maxBytes: number): Promise<NirGraph> {
  const w = await worker(s);
  const id = s.nextId++;
  const t0 = performance.now();
  return new Promise<NirGraph>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      s.stats.timeouts++;
      retire(s, w); // terminating is the only way out of a loop inside WebAssembly
      const what = 'time to read the file in ms (a corrupt HDF5 file can make h5wasm loop forever)';
      reject(new LimitError(where, { what, limit: timeoutMs, requested: Math.round(performance.now() - t0), raise: 'the timeoutMs option' }));
    }, timeoutMs);
    const onExit = (code: number): void => {
      done();
      s.worker = undefined;
      reject(new NeuroError('internal', where, { what: 'the NIR decoding worker exited', expected: 'a reply', received: lastError.get(w) ?? `exit code ${code}` }));
    };
    const onMessage = (m: Reply): void => {
      if (m.id !== id) return;
      done();
      s.stats.decodes++;
      s.stats.maxMs = Math.max(s.stats.maxMs, m.ms);
      s.stats.maxHeapBytes = Math.max(s.stats.maxHeapBytes, m.heapBytes);
      if (m.trapped) s.stats.wasmTraps++;
      if (m.trapped || (!m.ok && s.recycle === 'after-failure') || m.heapBytes > NIR_READER_DEFAULTS.recycleHeapBytes) retire(s, w);
      if (!m.ok) return reject(revive(m.error));
      try {
        resolve(fromWire(m.graph, where));
      } catch (err) {
        reject(err);
      }
    };
    w.on('message', onMessage);
    w.once('exit', onExit);
    w.postMessage({ id, bytes, maxBytes } satisfies Request);
  });
}

/**
 * A NIR reader backed by one worker thread, reused across decodes of valid
 * files (started on the first decode; replaced after a timeout and, by default,
 * after any failed decode). Decodes run one at a time.
 * @param options `timeoutMs` per decode, `maxBytes` per file and dataset, `recycle` policy
 * @returns the reader; call `close()` when done (an idle worker never keeps the process alive)
 * @example
 * const reader = nirReader({ timeoutMs: 2_000 });
 * const graphs = [];
 * for (const bytes of files) graphs.push(await reader.decode(bytes));
 * await reader.close();
 */
export function nirReader(options: NirReaderOptions = {}): NirReader {
  const timeoutMs = options.timeoutMs ?? NIR_READER_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? NIR_DECODE_DEFAULTS.maxBytes;
  for (const [k, v] of [['timeoutMs', timeoutMs], ['maxBytes', maxBytes]] as const) {
    if (!(v > 0)) throw new NeuroError('invalid_argument', `nirReader(options.${k})`, { what: 'not a positive limit', expected: '> 0', received: v });
  }
  const s: ReaderState = { recycle: options.recycle ?? 'after-failure', worker: undefined, nextId: 0, stats: { decodes: 0, timeouts: 0, workersStarted: 0, maxMs: 0, maxHeapBytes: 0, wasmTraps: 0 } };
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  return {
    decode(bytes, where = 'nirReader.decode(bytes)') {
      if (closed) return Promise.reject(new NeuroError('invalid_argument', where, { what: 'the reader is closed', expected: 'an open reader', received: 'closed' }));
      if (bytes.length > maxBytes) return Promise.reject(new LimitError(where, { what: 'file size in bytes', limit: maxBytes, requested: bytes.length, raise: 'the maxBytes option' }));
      const job = tail.then(() => decodeOnce(s, bytes, where, timeoutMs, maxBytes));
      tail = job.catch(() => undefined);
      return job;
    },
    stats: () => ({ ...s.stats }),
    async close() {
      closed = true;
      await tail;
      const w = await s.worker?.catch(() => undefined);
      s.worker = undefined;
      await w?.terminate();
    },
  };
}

/**
 * Decodes NIR bytes in a fresh worker thread with a time limit, then stops the
 * worker (see {@link nirReader} to reuse one for many files).
 * @param bytes the file's bytes
 * @param options `timeoutMs` (default 10 s), `maxBytes` (default 256 MiB)
 * @returns the validated graph
 * @throws LimitError on a decode slower than `timeoutMs` or input over `maxBytes`; ParseError / NeuroError for malformed files
 * @example
 * const graph = await decodeNirSafe(bytesFromUpload, { timeoutMs: 5_000 });
 */
export async function decodeNirSafe(bytes: Uint8Array, options: NirReaderOptions & { readonly where?: string } = {}): Promise<NirGraph> {
  const reader = nirReader(options);
  try {
    return await reader.decode(bytes, options.where ?? 'decodeNirSafe(bytes)');
  } finally {
    await reader.close();
  }
}

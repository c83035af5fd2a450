/**
 * Worker pool over one shared WebAssembly memory (browser-safe protocol; the
 * host supplies how to start a worker: `worker_threads` in `src/node/threads.ts`,
 * Web Workers via {@link webWorkerSpawner} when the page is cross-origin isolated).
 *
 * Protocol, all in a control block of the shared memory: the caller writes the
 * tasks, resets the counters and bumps a generation word; workers (spin, then
 * `Atomics.wait`) wake and claim tasks with `Atomics.add` on a shared cursor. The
 * caller claims tasks too, so a job finishes even if no worker ever started
 * (browser workers boot asynchronously). Workers record errors in the block
 * instead of dying, and the caller's wait has a time limit: a failing or
 * vanished worker becomes a thrown error, never a deadlock.
 */

/** Control block words (Int32 indices). */
const GEN = 0, NTASK = 1, NEXT = 2, DONE = 3, ERR = 4, STOP = 5, ERRLEN = 6, ERRMSG = 16;
const ERRMSG_MAX = 48;
const TASK_BASE = 64;
/** Int32 words per task: the 14 arguments of the wasm `gemm` export, padded. */
export const TASK_WORDS = 16;
/** Bytes reserved for the control block at the start of the kernel heap. */
export const CONTROL_BYTES = 4096;
/** Most tasks one job can carry. */
export const MAX_TASKS = (CONTROL_BYTES / 4 - TASK_BASE) / TASK_WORDS;
const SPIN = 20_000;

/** What a worker receives: the compiled kernels, the shared memory, where the control block is. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctlByte: number;
  index: number;
  /** The pool's epoch: the worker exits once the stop word differs from it. */
  epoch: number;
  /** The generation word when the worker was spawned: any later value is a job for it. */
  gen0: number;
}

/** A started worker, as the pool sees it. */
export interface WorkerHandle {
  terminate(): void;
}

/** Starts one worker running {@link WORKER_LOOP_SOURCE} with `init`. */
export type WorkerSpawner = (init: WorkerInit) => WorkerHandle;

/**
 * The worker side as source text (the same in Node and browsers): defines
 * `neuromorphWorkerLoop(init)`, which instantiates the kernels over the shared
 * memory and serves jobs until the stop word is set.
 */
export const WORKER_LOOP_SOURCE = `
function neuromorphWorkerLoop(init) {
  const { GEN, NTASK, NEXT, DONE, ERR, STOP, ERRLEN, ERRMSG, ERRMSG_MAX, TASK_BASE, TASK_WORDS, SPIN } = ${JSON.stringify({ GEN, NTASK, NEXT, DONE, ERR, STOP, ERRLEN, ERRMSG, ERRMSG_MAX, TASK_BASE, TASK_WORDS, SPIN })};
  const inst = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const gemm = inst.exports.gemm;
  const ctl = new Int32Array(init.memory.buffer, init.ctlByte, ${CONTROL_BYTES / 4});
  let gen = init.gen0;
  for (;;) {
    for (let s = 0; s < SPIN && Atomics.load(ctl, GEN) === gen; s++);
    while (Atomics.load(ctl, GEN) === gen) Atomics.wait(ctl, GEN, gen);
    gen = Atomics.load(ctl, GEN);
    if (Atomics.load(ctl, STOP) !== init.epoch) return;
    for (;;) {
      const t = Atomics.add(ctl, NEXT, 1);
      if (t >= Atomics.load(ctl, NTASK)) break;
      const o = TASK_BASE + t * TASK_WORDS;
      try {
        if (ctl[o + 15] === -1) throw new Error('injected worker failure');
        gemm(ctl[o], ctl[o + 1], ctl[o + 2], ctl[o + 3], ctl[o + 4], ctl[o + 5], ctl[o + 6], ctl[o + 7],
          ctl[o + 8], ctl[o + 9], ctl[o + 10], ctl[o + 11], ctl[o + 12], ctl[o + 13]);
      } catch (e) {
        if (Atomics.compareExchange(ctl, ERR, 0, 1 + init.index) === 0) {
          const msg = String(e && e.message ? e.message : e).slice(0, ERRMSG_MAX);
          for (let i = 0; i < msg.length; i++) ctl[ERRMSG + i] = msg.charCodeAt(i);
          ctl[ERRLEN] = msg.length;
        }
      }
      Atomics.add(ctl, DONE, 1);
      Atomics.notify(ctl, DONE);
    }
  }
}
`;

/** A pool of `size - 1` workers plus the calling thread. */
export class WorkerPool {
  private readonly ctl: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private canBlock = true;
  private broken: string | null = null;

  /**
   * @param memory shared kernel memory; the control block lives at `ctlByte`
   * @param size threads including the caller
   * @param timeoutMs a job not finished after this long throws (and retires the pool)
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    ctlByte: number,
    readonly size: number,
    spawn: WorkerSpawner,
    private readonly timeoutMs = 60_000,
  ) {
    // The block outlives pools: the words only grow, so workers of a disposed
    // pool that have not exited yet can never take part in this pool's jobs.
    this.ctl = new Int32Array(memory.buffer, ctlByte, CONTROL_BYTES / 4);
    const epoch = Atomics.add(this.ctl, STOP, 1) + 1;
    const gen0 = Atomics.load(this.ctl, GEN);
    for (let i = 1; i < size; i++) this.workers.push(spawn({ module, memory, ctlByte, index: i, epoch, gen0 }));
  }

  /**
   * Runs `tasks` (each the 14 gemm arguments; word 15 = -1 makes a worker fail,
   * for tests) across the workers and the caller; returns when all are done.
   * @param self runs one task on the calling thread; null: the caller only waits (tests)
   * @throws Error naming the worker when a task failed in a worker, or on timeout
   */
  run(tasks: readonly (readonly number[])[], self: ((task: readonly number[]) => void) | null): void {
    if (this.broken !== null) throw new Error(`worker pool: unusable after an earlier failure (${this.broken})`);
    const ctl = this.ctl;
    const n = tasks.length;
    if (n > MAX_TASKS) throw new Error(`worker pool: at most ${MAX_TASKS} tasks, received ${n}`);
    for (let t = 0; t < n; t++) {
      const o = TASK_BASE + t * TASK_WORDS;
      ctl.fill(0, o, o + TASK_WORDS);
      ctl.set(tasks[t], o);
    }
    Atomics.store(ctl, NTASK, n);
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, ERR, 0);
    Atomics.store(ctl, NEXT, 0); // last: a worker claiming from here sees this job's tasks
    Atomics.add(ctl, GEN, 1);
    Atomics.notify(ctl, GEN);
    let selfError: unknown = null;
    for (; self !== null; ) {
      const t = Atomics.add(ctl, NEXT, 1);
      if (t >= n) break;
      try {
        self(tasks[t]);
      } catch (e) {
        selfError ??= e;
      }
      Atomics.add(ctl, DONE, 1);
    }
    this.waitDone(n);
    if (selfError !== null) throw selfError;
    const err = Atomics.load(ctl, ERR);
    if (err !== 0) {
      const msg = String.fromCharCode(...ctl.subarray(ERRMSG, ERRMSG + ctl[ERRLEN]));
      throw new Error(`worker pool: task failed in worker ${err - 1}: ${msg}`);
    }
  }

  private waitDone(n: number): void {
    const ctl = this.ctl;
    const t0 = performance.now();
    for (let s = 0; ; s++) {
      const done = Atomics.load(ctl, DONE);
      if (done >= n) return;
      if (s < SPIN) continue;
      if (this.canBlock) {
        try {
          Atomics.wait(ctl, DONE, done, 20);
        } catch {
          this.canBlock = false; // a browser main thread may not block: keep spinning
        }
      }
      if (performance.now() - t0 > this.timeoutMs) {
        this.broken = `a job did not finish within ${this.timeoutMs} ms`;
        this.dispose();
        throw new Error(`worker pool: ${this.broken} (a worker died or hangs)`);
      }
    }
  }

  /** Stops and terminates the workers. */
  dispose(): void {
    Atomics.add(this.ctl, STOP, 1);
    Atomics.add(this.ctl, GEN, 1);
    Atomics.notify(this.ctl, GEN);
    for (const w of this.workers.splice(0)) w.terminate();
  }
}

/**
 * Web Worker spawner for browsers, or null where workers cannot share memory
 * (no `Worker`, or the page is not `crossOriginIsolated`): then one thread.
 */
export function webWorkerSpawner(): WorkerSpawner | null {
  const g = globalThis as { Worker?: new (url: string) => { postMessage(m: unknown): void; terminate(): void }; crossOriginIsolated?: boolean; Blob?: typeof Blob; URL?: typeof URL };
  if (g.Worker === undefined || g.crossOriginIsolated !== true || g.Blob === undefined || g.URL === undefined) return null;
  const W = g.Worker;
  const url = g.URL.createObjectURL(new g.Blob([`${WORKER_LOOP_SOURCE}\nself.onmessage = (e) => neuromorphWorkerLoop(e.data);`], { type: 'text/javascript' }));
  return (init) => {
    const w = new W(url);
    w.postMessage(init);
    return { terminate: () => w.terminate() };
  };
}

/**
 * Parallel physics for Node: a pool of `worker_threads`, each loading its own
 * MuJoCo instance and running one exported task function `(backend, task) => R`
 * from an ES module. Tasks are handed to whichever worker is free, results are
 * returned in task order, so a seeded task list gives the same results for any
 * thread count. Under tsx/vitest (`.ts` modules) each worker registers tsx's
 * loader first; built `.js` modules load directly.
 */
import { Worker } from 'node:worker_threads';
import { ArgumentError, NeuroError } from '../util/index.js';
import type { PhysicsBackend, PhysicsPool, PhysicsProvider, PhysicsTaskRef } from '../envs/index.js';
import { loadMujoco } from './mujoco.js';
import { tsxFor } from './tsx-loader.js';

type TaskFn<T, R> = (backend: PhysicsBackend, task: T) => R;

interface Reply {
  readonly id?: number;
  readonly ok?: boolean;
  readonly value?: unknown;
  readonly error?: string;
  readonly ready?: boolean;
  readonly fatal?: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const [{ loadMujoco }, mod] = await Promise.all([import(workerData.loader), import(workerData.module)]);
  const backend = await loadMujoco();
  const fn = mod[workerData.name];
  if (typeof fn !== 'function') throw new Error('no exported function ' + workerData.name + ' in ' + workerData.module);
  parentPort.on('message', (msg) => {
    try { parentPort.postMessage({ id: msg.id, ok: true, value: fn(backend, msg.task) }); }
    catch (e) { parentPort.postMessage({ id: msg.id, ok: false, error: String((e && e.stack) || e) }); }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

async function importTask<T, R>(task: PhysicsTaskRef): Promise<TaskFn<T, R>> {
  const mod = (await import(task.module)) as Record<string, unknown>;
  const fn = mod[task.name];
  if (typeof fn !== 'function') throw new ArgumentError('mujocoPool(task)', { what: 'the module has no such exported function', expected: task.name, received: Object.keys(mod) });
  return fn as TaskFn<T, R>;
}

function startWorker(task: PhysicsTaskRef): Promise<Worker> {
  const loader = import.meta.url.replace(/mujoco-pool\.(ts|js)$/, 'mujoco.$1');
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { loader, module: task.module, name: task.name, tsx: tsxFor(loader, task.module) } });
  return new Promise((resolve, reject) => {
    const onMessage = (m: Reply): void => {
      w.off('message', onMessage);
      if (m.ready) resolve(w);
      else reject(new NeuroError('internal', 'mujocoPool worker', { what: 'worker failed to start', expected: 'MuJoCo and the task module to load', received: m.fatal }));
    };
    w.on('message', onMessage);
    w.once('error', reject);
  });
}

/**
 * A pool of `workers` threads, each with its own MuJoCo, running `task` on inputs.
 * @param task module URL and export name of a `(backend, task) => result` function.
 * @param workers threads (0: run in this thread, sharing `loadMujoco()`).
 * @returns the pool; `map` keeps task order; `close` terminates the threads.
 * @example
 * const pool = await mujocoPool<{ seed: number }, number>({ module: new URL('./tasks.js', import.meta.url).href, name: 'episode' }, 2);
 * const returns = await pool.map([{ seed: 0 }, { seed: 1 }]);
 * await pool.close();
 */
export async function mujocoPool<T, R>(task: PhysicsTaskRef, workers: number): Promise<PhysicsPool<T, R>> {
  if (!Number.isInteger(workers) || workers < 0) throw new ArgumentError('mujocoPool(workers)', { what: 'not a thread count', expected: 'an integer >= 0', received: workers });
  if (workers === 0) {
    const [backend, fn] = await Promise.all([loadMujoco(), importTask<T, R>(task)]);
    return { workers: 0, map: async (tasks) => tasks.map((t) => fn(backend, t)), close: async () => undefined };
  }
  const pool = await Promise.all(Array.from({ length: workers }, () => startWorker(task)));
  pool.forEach((w) => w.unref());
  let closed = false;
  const map = (tasks: readonly T[]): Promise<R[]> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new NeuroError('invalid_argument', 'mujocoPool.map(tasks)', { what: 'pool is closed', expected: 'an open pool', received: 'closed' }));
      const results = new Array<R>(tasks.length);
      let nextTask = 0;
      let pending = 0;
      let failed = false;
      const finish = (err?: unknown): void => {
        pool.forEach((w) => {
          w.removeAllListeners('message');
          w.unref();
        });
        if (err !== undefined) reject(err);
        else resolve(results);
      };
      const feed = (w: Worker): void => {
        if (nextTask >= tasks.length) return;
        const id = nextTask++;
        pending++;
        w.postMessage({ id, task: tasks[id] });
      };
      pool.forEach((w) => {
        w.ref();
        w.on('message', (m: Reply) => {
          if (failed) return;
          pending--;
          if (!m.ok) {
            failed = true;
            return finish(new NeuroError('internal', `mujocoPool task ${m.id}`, { what: 'task threw', expected: 'a result', received: m.error }));
          }
          results[m.id!] = m.value as R;
          feed(w);
          if (pending === 0 && nextTask >= tasks.length) finish();
        });
        feed(w);
      });
      if (tasks.length === 0) finish();
    });
  return {
    workers,
    map,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}

/**
 * The Node {@link PhysicsProvider} the CLI passes to runs (`ctx.physics`): MuJoCo
 * in this thread (`backend()`) and per-thread MuJoCo pools (`pool()`).
 * @example
 * await runExperiment(ncapExperiment, { scale: 'smoke', physics: nodePhysics() });
 */
export function nodePhysics(): PhysicsProvider {
  return Object.freeze({ backend: loadMujoco, pool: <T, R>(task: PhysicsTaskRef, workers: number) => mujocoPool<T, R>(task, workers) });
}

/**
 * Building blocks of a {@link RunContext}: a silent progress reporter, an
 * in-memory checkpoint store (used by tests and the browser), and the
 * `aborted` error long loops throw when cancelled.
 */
import { NeuroError, createRng } from '../util/index.js';
import { parseState, stringifyState } from './state.js';
import type { CheckpointStore, DatasetProvider, ProgressReporter, RunContext, Scale } from './types.js';
import type { PhysicsProvider } from '../envs/index.js';

/** A progress reporter that prints nothing. */
export const SILENT_PROGRESS: ProgressReporter = Object.freeze({
  start: () => undefined,
  tick: () => undefined,
  done: () => undefined,
});

/**
 * The error a cancelled run throws (code `aborted`).
 * @param where the loop that noticed the cancellation, e.g. `mlp-mnist epoch 3`.
 */
export function abortedError(where: string, reason?: unknown): NeuroError {
  const received = reason instanceof Error ? reason.message : reason === undefined ? 'abort signal' : reason;
  return new NeuroError('aborted', where, { what: 'run aborted', expected: 'the run to finish', received });
}

/** A {@link CheckpointStore} that keeps the last state in memory, serialized like the file store. */
export interface MemoryCheckpoint extends CheckpointStore {
  /** Forgets the saved state. */
  clear(): void;
  /** The serialized last state (what a file would contain), or undefined. */
  snapshot(): string | undefined;
  /** How many times `save` was called. */
  readonly saves: number;
}

/**
 * An in-memory checkpoint store. States go through the same JSON encoding as
 * the file store, so a state that would not survive a file survives nothing.
 * @param options.resume when false, `load()` returns undefined even after a save
 *   (a fresh run ignores earlier checkpoints); default true.
 * @param options.initial a serialized state to resume from.
 * @example
 * const store = memoryCheckpoint();
 * store.save({ epoch: 1, w: new Float32Array(4) });
 * store.load<{ epoch: number }>()?.epoch; // 1
 */
export function memoryCheckpoint(options: { resume?: boolean; initial?: string } = {}): MemoryCheckpoint {
  let text = options.initial;
  let saves = 0;
  const resume = options.resume ?? true;
  return {
    load: <T>() => (resume && text !== undefined ? parseState<T>(text, 'memoryCheckpoint.load()') : undefined),
    save: <T>(state: T) => {
      text = stringifyState(state);
      saves++;
    },
    clear: () => {
      text = undefined;
    },
    snapshot: () => text,
    get saves() {
      return saves;
    },
  };
}

/** Inputs of {@link createRunContext}; everything but `seed` has a quiet default. */
export interface RunContextOptions {
  readonly seed: number;
  readonly scale?: Scale;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
  readonly checkpoint?: CheckpointStore;
  readonly datasets?: DatasetProvider;
  readonly physics?: PhysicsProvider;
}

/** A dataset provider that has nothing: every request is a `not_found` error naming the fix. */
export const NO_DATASETS: DatasetProvider = Object.freeze({
  image: (name: string, split: string): never => {
    throw new NeuroError('not_found', `datasets.image(${JSON.stringify(name)}, ${JSON.stringify(split)})`, {
      what: 'no dataset provider was given to this run',
      expected: 'a DatasetProvider (in Node: nodeDatasets() from neuromorph/node)',
      received: 'none',
    });
  },
});

function noPhysics(what: string): never {
  throw new NeuroError('not_found', `physics.${what}`, {
    what: 'no physics provider was given to this run',
    expected: 'a PhysicsProvider (in Node: nodePhysics() from neuromorph/node)',
    received: 'none',
  });
}

/** A physics provider that has nothing: every request is a `not_found` error naming the fix. */
export const NO_PHYSICS: PhysicsProvider = Object.freeze({
  backend: async () => noPhysics('backend()'),
  pool: async () => noPhysics('pool()'),
});

/**
 * Builds the `ctx` a run receives.
 * @returns a context whose `rng` is `createRng(seed)`; defaults: scale `defaults`,
 *   silent progress, a never-aborted signal, a no-op log, an in-memory checkpoint,
 *   no datasets, no physics.
 */
export function createRunContext(options: RunContextOptions): RunContext {
  const signal = options.signal ?? new AbortController().signal;
  return {
    seed: options.seed,
    scale: options.scale ?? 'defaults',
    rng: createRng(options.seed),
    progress: options.progress ?? SILENT_PROGRESS,
    signal,
    throwIfAborted: (where = 'run') => {
      if (signal.aborted) throw abortedError(where, signal.reason);
    },
    log: options.log ?? (() => undefined),
    checkpoint: options.checkpoint ?? memoryCheckpoint(),
    datasets: options.datasets ?? NO_DATASETS,
    physics: options.physics ?? NO_PHYSICS,
  };
}

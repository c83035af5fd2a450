/**
 * File-backed checkpoints for the Node CLI: one JSON file per experiment, scale
 * and seed under `<out>/checkpoints/`, written atomically (temp file + rename) so
 * a run killed mid-write leaves the previous checkpoint intact. The file holds an
 * envelope `{ version, id, scale, seed, config, savedAt, state }`; resuming with a
 * different config is an error rather than a silent mix of two runs.
 */
import { readFileSync, rmSync, rmdirSync, existsSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import { dirname, join } from 'node:path';
import { ConfigError, ParseError } from '../util/index.js';
import { decodeState, encodeState } from '../experiment/index.js';
import type { CheckpointStore, Config, Scale } from '../experiment/index.js';

/** Which run a checkpoint belongs to. */
export interface CheckpointKey {
  readonly id: string;
  readonly scale: Scale;
  readonly seed: number;
  /** The parsed config; a resume with a different config is refused. */
  readonly config: Config;
}

/** A {@link CheckpointStore} backed by a file. */
export interface FileCheckpointStore extends CheckpointStore {
  /** The checkpoint file. */
  readonly path: string;
  /** Deletes the checkpoint file (the runner calls this when a run completes). */
  clear(): void;
  /** Whether a checkpoint file exists. */
  exists(): boolean;
}

const ENVELOPE_VERSION = 1;

/**
 * The checkpoint file of a run: `<outDir>/checkpoints/<id>-<scale>-seed<seed>.json`.
 * @example
 * checkpointPath('results', { id: 'mlp-mnist', scale: 'quick', seed: 0 }); // results/checkpoints/mlp-mnist-quick-seed0.json
 */
export function checkpointPath(outDir: string, key: Pick<CheckpointKey, 'id' | 'scale' | 'seed'>): string {
  return join(outDir, 'checkpoints', `${key.id}-${key.scale}-seed${key.seed}.json`);
}

export { writeFileAtomic };

function sameConfig(a: Config, b: Config): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Opens the checkpoint file of a run.
 * @param outDir results folder; the file goes in its `checkpoints/` subfolder.
 * @param key id, scale, seed and config of the run.
 * @param options.resume when false (a fresh run), `load()` returns undefined and the
 *   first `save()` replaces any old file.
 * @returns a store whose `load()` throws ConfigError (`invalid_config`) when the file was
 *   written by a run with another config, and ParseError when it is corrupt.
 * @example
 * const store = fileCheckpointStore('results', { id, scale, seed, config }, { resume: true });
 * const saved = store.load<{ epoch: number }>();
 */
export function fileCheckpointStore(outDir: string, key: CheckpointKey, options: { resume: boolean }): FileCheckpointStore {
  const path = checkpointPath(outDir, key);
  return {
    path,
    exists: () => existsSync(path),
    clear: () => {
      rmSync(path, { force: true });
      // Leave no empty checkpoints/ folder behind in results/ after a completed run.
      try {
        rmdirSync(dirname(path));
      } catch {
        // not empty (other runs' checkpoints) or already gone
      }
    },
    load<T>(): T | undefined {
      if (!options.resume || !existsSync(path)) return undefined;
      let env: Record<string, unknown>;
      try {
        env = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new ParseError(path, { what: 'corrupt checkpoint', expected: 'a JSON checkpoint (delete it to start fresh)', received: (err as Error).message });
      }
      if (env.version !== ENVELOPE_VERSION || env.id !== key.id || !('state' in env)) {
        throw new ParseError(path, { what: 'not a checkpoint of this run', expected: `version ${ENVELOPE_VERSION} for ${key.id}`, received: { version: env.version, id: env.id } });
      }
      if (!sameConfig(env.config as Config, key.config)) {
        throw new ConfigError(`--resume ${path}`, { what: 'checkpoint was saved with another config', expected: env.config, received: key.config });
      }
      return decodeState(env.state, 'checkpoint') as T;
    },
    save<T>(state: T): void {
      const envelope = { version: ENVELOPE_VERSION, id: key.id, scale: key.scale, seed: key.seed, config: key.config, savedAt: new Date().toISOString(), state: encodeState(state) };
      writeFileAtomic(path, JSON.stringify(envelope));
    },
  };
}

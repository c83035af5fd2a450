/**
 * File-backed checkpoints for the Node CLI: one JSON file per experiment, scale
 * and seed under `<out>/checkpoints/`, written atomically (temp file + rename) so
 * a run killed mid-write leaves the previous checkpoint intact. The file holds an
 * envelope `{ version, id, scale, seed, config, code, savedAt, checksum, state }`
 * (the state as JSON text, and its sha256). Resuming with a different config, scale,
 * seed or code version, or from a file whose checksum does not match, is a typed
 * error naming the file, never a silent mix of two runs.
 */
import { createHash } from 'node:crypto';
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

const ENVELOPE_VERSION = 2;

/** sha256 of the encoded state: a flipped bit or an edited value is caught before a resume. */
function checksum(encodedState: string): string {
  return createHash('sha256').update(encodedState).digest('hex');
}

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
export function fileCheckpointStore(outDir: string, key: CheckpointKey, options: { resume: boolean; codeVersion?: string | null }): FileCheckpointStore {
  const code = options.codeVersion ?? null;
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
      if (env.version !== ENVELOPE_VERSION || env.id !== key.id || typeof env.state !== 'string') {
        throw new ParseError(path, { what: 'not a checkpoint of this run (or written by another version of neuromorph)', expected: `version ${ENVELOPE_VERSION} for ${key.id} (delete it to start fresh)`, received: { version: env.version, id: env.id } });
      }
      if (env.scale !== key.scale || env.seed !== key.seed || !sameConfig(env.config as Config, key.config)) {
        throw new ConfigError(`--resume ${path}`, { what: 'checkpoint was saved with another config, scale or seed', expected: { scale: env.scale, seed: env.seed, config: env.config }, received: key });
      }
      if (env.code !== code) {
        throw new ConfigError(`--resume ${path}`, { what: 'checkpoint was saved by another version of the code', expected: env.code ?? 'unknown', received: code ?? 'unknown' });
      }
      if (env.checksum !== checksum(env.state)) {
        throw new ParseError(path, { what: 'checkpoint is corrupt (checksum mismatch)', expected: 'the state as saved (delete the file to start fresh)', received: 'a changed state' });
      }
      let state: unknown;
      try {
        state = JSON.parse(env.state);
      } catch (err) {
        throw new ParseError(path, { what: 'corrupt checkpoint state', expected: 'JSON', received: (err as Error).message });
      }
      return decodeState(state, 'checkpoint') as T;
    },
    save<T>(state: T): void {
      const encoded = JSON.stringify(encodeState(state));
      const envelope = { version: ENVELOPE_VERSION, id: key.id, scale: key.scale, seed: key.seed, config: key.config, code, savedAt: new Date().toISOString(), checksum: checksum(encoded), state: encoded };
      writeFileAtomic(path, JSON.stringify(envelope));
    },
  };
}

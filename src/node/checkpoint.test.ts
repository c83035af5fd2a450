import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ParseError, createRng, Rng } from '../util/index.js';
import { checkpointPath, fileCheckpointStore, writeFileAtomic } from './checkpoint.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'nm-ckpt-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const key = { id: 'toy', scale: 'quick' as const, seed: 3, config: { epochs: 4, lr: 0.1 } };

describe('fileCheckpointStore', () => {
  it('round-trips model, optimizer and rng state with typed arrays', () => {
    const dir = tmp();
    const rng = createRng(3);
    rng.normal();
    const state = { epoch: 2, w: new Float32Array([0.25, -1e-7]), m: new Float64Array([1 / 3]), idx: new Int32Array([5, -6]), mask: new Uint8Array([1, 0]), rng: rng.getState() };
    fileCheckpointStore(dir, key, { resume: false }).save(state);
    expect(checkpointPath(dir, key)).toBe(join(dir, 'checkpoints', 'toy-quick-seed3.json'));
    const loaded = fileCheckpointStore(dir, key, { resume: true }).load<typeof state>();
    expect(loaded).toEqual(state);
    expect(loaded?.w).toBeInstanceOf(Float32Array);
    expect(Rng.fromState(loaded!.rng).next()).toBe(rng.next());
  });

  it('load returns undefined when not resuming or when nothing was saved; clear deletes', () => {
    const dir = tmp();
    const store = fileCheckpointStore(dir, key, { resume: true });
    expect(store.load()).toBeUndefined();
    store.save({ epoch: 1 });
    expect(fileCheckpointStore(dir, key, { resume: false }).load()).toBeUndefined();
    expect(store.exists()).toBe(true);
    store.clear();
    expect(existsSync(store.path)).toBe(false);
  });

  it('writes atomically (no temp files left) and refuses a checkpoint of another config', () => {
    const dir = tmp();
    fileCheckpointStore(dir, key, { resume: false }).save({ epoch: 1 });
    expect(readdirSync(join(dir, 'checkpoints'))).toEqual(['toy-quick-seed3.json']);
    const other = fileCheckpointStore(dir, { ...key, config: { epochs: 4, lr: 0.2 } }, { resume: true });
    expect(() => other.load()).toThrow(ConfigError);
    expect(JSON.parse(readFileSync(checkpointPath(dir, key), 'utf8'))).toMatchObject({ version: 2, id: 'toy', seed: 3 });
  });

  it('reports a corrupt checkpoint as a ParseError', () => {
    const dir = tmp();
    writeFileAtomic(checkpointPath(dir, key), '{"version":1,');
    expect(() => fileCheckpointStore(dir, key, { resume: true }).load()).toThrow(ParseError);
    writeFileSync(checkpointPath(dir, key), '{"version":2,"id":"other","state":"{}"}');
    expect(() => fileCheckpointStore(dir, key, { resume: true }).load()).toThrow('not a checkpoint of this run');
  });

  it('refuses, with the path, a checkpoint whose state was changed, or one from another code version', () => {
    const dir = tmp();
    fileCheckpointStore(dir, key, { resume: false, codeVersion: 'abc' }).save({ epoch: 1, w: new Float32Array([1, 2]) });
    expect(fileCheckpointStore(dir, key, { resume: true, codeVersion: 'abc' }).load()).toMatchObject({ epoch: 1 });
    expect(() => fileCheckpointStore(dir, key, { resume: true, codeVersion: 'def' }).load()).toThrow('saved by another version of the code');
    const path = checkpointPath(dir, key);
    const env = JSON.parse(readFileSync(path, 'utf8')) as { state: string };
    for (const edit of [env.state.replace('"epoch":1', '"epoch":99'), env.state.replace('"epoch":1', '"epoch":"two"'), env.state.replace('{', '{"__proto__":{"epoch":5},')]) {
      writeFileSync(path, JSON.stringify({ ...env, state: edit }));
      expect(() => fileCheckpointStore(dir, key, { resume: true, codeVersion: 'abc' }).load()).toThrow(`${path}: checkpoint is corrupt (checksum mismatch)`);
    }
  });
});

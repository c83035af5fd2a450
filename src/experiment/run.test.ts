import { describe, expect, it } from 'vitest';
import { NeuroError } from '../util/index.js';
import { defineExperiment } from './define.js';
import { createRunContext, memoryCheckpoint } from './context.js';
import { resolveRun, runExperiment, validateRunResult } from './run.js';
import { crashRecord, toResultRecord } from './result.js';
import type { ProgressReporter } from './types.js';

const walk = defineExperiment({
  id: 'walk',
  paper: { title: 'Random walk', url: 'https://example.org/walk' },
  defaults: { steps: 100, seed: 7 },
  quick: { steps: 20 },
  smoke: { steps: 5 },
  claims: [{ metric: 'steps', op: '==', value: { defaults: 100, quick: 20, smoke: 5 } }, { metric: 'absEnd', op: '>=', value: 0 }],
  async run(config, ctx) {
    let x = 0;
    const path: number[] = [];
    ctx.progress.start(config.steps, 'walk');
    for (let i = 0; i < config.steps; i++) {
      ctx.throwIfAborted(`walk step ${i}`);
      x += ctx.rng.normal();
      path.push(x);
      ctx.progress.tick();
      if (i === 2) await Promise.resolve(); // an async run may yield to the event loop
    }
    ctx.progress.done();
    return { metrics: { steps: config.steps, absEnd: Math.abs(x), end: x }, series: { path: { kind: 'line', x: path.map((_, i) => i), ys: { x: path } } } };
  },
});

describe('runExperiment', () => {
  it('runs at a scale, is deterministic per seed, and evaluates claims there', async () => {
    const a = await runExperiment(walk, { scale: 'smoke' });
    const b = await runExperiment(walk, { scale: 'smoke' });
    expect(a.metrics).toEqual(b.metrics);
    expect(a.seed).toBe(7);
    expect(a.config).toEqual({ steps: 5, seed: 7 });
    expect(a.claims.every((c) => c.met)).toBe(true);
    const c = await runExperiment(walk, { scale: 'smoke', seed: 8 });
    expect(c.config.seed).toBe(8);
    expect(c.metrics.end).not.toBe(a.metrics.end);
  });

  it('takes the seed from --seed when the config has no seed key', () => {
    const noSeed = defineExperiment({ id: 'walk2', paper: walk.paper, defaults: { steps: 3 }, quick: {}, smoke: {}, claims: [], run: () => ({ metrics: {}, series: {} }) });
    expect(resolveRun(noSeed, {}).seed).toBe(0);
    expect(resolveRun(noSeed, { seed: 5 }).seed).toBe(5);
    expect(() => resolveRun(noSeed, { seed: 1.5 })).toThrow('bad seed');
  });

  it('reports progress and stops with an aborted error', async () => {
    const calls: string[] = [];
    const progress: ProgressReporter = { start: (n, l) => calls.push(`start ${n} ${l}`), tick: () => calls.push('tick'), done: () => calls.push('done') };
    await runExperiment(walk, { scale: 'smoke', progress });
    expect(calls).toEqual(['start 5 walk', 'tick', 'tick', 'tick', 'tick', 'tick', 'done']);
    const ctrl = new AbortController();
    const p = runExperiment(walk, { scale: 'smoke', signal: ctrl.signal });
    ctrl.abort();
    await expect(p).rejects.toMatchObject({ code: 'aborted', path: 'walk step 3' });
  });

  it('validates what run returns', () => {
    expect(() => validateRunResult('x', { metrics: { a: '1' as never }, series: {} })).toThrow('x.run() result.metrics.a: not a number');
    expect(() => validateRunResult('x', { metrics: {}, series: { s: { kind: 'line', x: [1, 2], ys: { y: [1] } } } })).toThrow('length mismatch, expected 2, received 1');
    expect(() => validateRunResult('x', { metrics: {}, series: { s: { kind: 'pie' } as never } })).toThrow('unknown series kind');
  });

  it('builds results records, with null for non-finite metrics and crashes', async () => {
    const out = await runExperiment(walk, { scale: 'quick' });
    const prov = { gitCommit: null, packageVersion: '0.0.0', nodeVersion: 'v20' };
    const rec = toResultRecord(walk, { ...out, metrics: { ...out.metrics, bad: Number.NaN } }, prov);
    expect(rec).toMatchObject({ id: 'walk', scale: 'quick', seed: 7, gitCommit: null, packageVersion: '0.0.0' });
    expect(rec.metrics.bad).toBeNull();
    const crash = crashRecord(walk, { scale: 'quick', config: out.config, seed: 7, startedAt: out.startedAt, wallTimeS: 1 }, 'boom', prov);
    expect(crash.claims.map((c) => c.met)).toEqual([false, false]);
    expect(crash.error).toBe('boom');
  });
});

describe('context', () => {
  it('memoryCheckpoint serializes like the file store and honours resume=false', () => {
    const store = memoryCheckpoint();
    expect(store.load()).toBeUndefined();
    store.save({ w: new Float32Array([1.5]) });
    expect(store.load<{ w: Float32Array }>()?.w).toEqual(new Float32Array([1.5]));
    expect(store.saves).toBe(1);
    const fresh = memoryCheckpoint({ resume: false, initial: store.snapshot() as string });
    expect(fresh.load()).toBeUndefined();
  });

  it('throwIfAborted names the loop and carries the code', () => {
    const ctrl = new AbortController();
    const ctx = createRunContext({ seed: 1, signal: ctrl.signal });
    ctx.throwIfAborted('loop');
    ctrl.abort(new Error('user cancelled'));
    try {
      ctx.throwIfAborted('loop');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(NeuroError);
      expect((err as Error).message).toBe('loop: run aborted, expected the run to finish, received "user cancelled"');
    }
  });
});

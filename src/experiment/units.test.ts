import { describe, expect, it } from 'vitest';
import { ConfigError, Rng, type RngState } from '../util/index.js';
import { defineExperiment } from './define.js';
import { createRunContext, memoryCheckpoint } from './context.js';
import { runExperiment } from './run.js';
import { mergeUnits, planUnits, runUnit, WHOLE_RUN_KEY } from './units.js';
import type { RunResult, UnitSpec } from './types.js';

const DEFAULTS = { seeds: 3, steps: 50, seed: 1 };
type Cfg = typeof DEFAULTS;
interface Walk {
  readonly end: number;
  readonly path: Float64Array;
}

let stepsRun = 0;

/** A random walk per seed; each unit checkpoints every 10 steps and can be made to stop at a step. */
function walkUnits(stopAt?: { key: string; step: number }): UnitSpec<Cfg, number, Walk> {
  return {
    plan: (c) => Array.from({ length: c.seeds }, (_, i) => ({ key: `seed${i}`, unit: i })),
    run(c, i, ctx) {
      const rng = ctx.rng.fold(i);
      const saved = ctx.checkpoint.load<{ step: number; x: number; path: Float64Array; rng: RngState }>();
      const path = saved?.path ?? new Float64Array(c.steps);
      let x = saved?.x ?? 0;
      const r = saved ? Rng.fromState(saved.rng) : rng;
      for (let s = saved?.step ?? 0; s < c.steps; s++) {
        if (s % 10 === 0) ctx.checkpoint.save({ step: s, x, path, rng: r.getState() });
        if (stopAt?.key === `seed${i}` && s === stopAt.step) throw new Error('interrupted');
        x += r.normal();
        path[s] = x;
        stepsRun++;
      }
      return { end: x, path };
    },
    merge(c, done): RunResult {
      const ends = done.map((d) => d.result.end);
      return {
        metrics: { meanEnd: ends.reduce((a, b) => a + b, 0) / ends.length, n: done.length },
        samples: { meanEnd: ends },
        series: { first: { kind: 'line', x: Array.from({ length: c.steps }, (_, k) => k), ys: { x: Array.from(done[0]!.result.path) } } },
      };
    },
  };
}

const spec = (units: UnitSpec<Cfg, number, Walk>) =>
  defineExperiment({ id: 'walks', paper: { title: 'Walks', url: 'https://example.org/w' }, defaults: DEFAULTS, quick: {}, smoke: {}, claims: [], units });

describe('units of work', () => {
  it('run in any order, one by one, and merge to what the one-process run gives', async () => {
    const exp = spec(walkUnits());
    const whole = await runExperiment(exp, {});
    const config = whole.config as Cfg;
    const plan = planUnits(exp, config);
    expect(plan.map((p) => p.key)).toEqual(['seed0', 'seed1', 'seed2']);
    const done = new Map<string, string>();
    // Reverse order, each with its own fresh context: no unit depends on another's draws.
    for (const p of [...plan].reverse()) done.set(p.key, await runUnit(exp, config, p, createRunContext({ seed: whole.seed })));
    const merged = mergeUnits(exp, config, plan, done);
    expect(merged.metrics).toEqual(whole.metrics);
    expect(merged.series).toEqual(whole.series);
    // Seeds really differ, so the comparison above is not trivially equal.
    expect(new Set(whole.samples.meanEnd).size).toBe(3);
  });

  it('merge sees only the finished units when one is missing', async () => {
    const exp = spec(walkUnits());
    const config = (await runExperiment(exp, {})).config as Cfg;
    const plan = planUnits(exp, config);
    const done = new Map([[plan[1]!.key, await runUnit(exp, config, plan[1]!, createRunContext({ seed: 1 }))]]);
    expect(mergeUnits(exp, config, plan, done).metrics.n).toBe(1);
  });

  it('an interrupted run resumes at the unit and step where it stopped, to the same result', async () => {
    const whole = await runExperiment(spec(walkUnits()), {});
    const store = memoryCheckpoint();
    await expect(runExperiment(spec(walkUnits({ key: 'seed1', step: 35 })), { checkpoint: store })).rejects.toThrow('interrupted');
    const state = JSON.parse(store.snapshot()!) as { done: Record<string, string>; current: { key: string } };
    expect(Object.keys(state.done)).toEqual(['seed0']);
    expect(state.current.key).toBe('seed1');
    stepsRun = 0;
    const resumed = await runExperiment(spec(walkUnits()), { checkpoint: store });
    expect(resumed.metrics).toEqual(whole.metrics);
    // seed0 is not run again, seed1 continues from its step-30 checkpoint, seed2 runs whole.
    expect(stepsRun).toBe(20 + 50);
  });

  it('rejects bad plans and declarations with typed errors', async () => {
    const dup = spec({ ...walkUnits(), plan: () => [{ key: 'a', unit: 0 }, { key: 'a', unit: 1 }] });
    await expect(runExperiment(dup, {})).rejects.toThrow('repeated unit key');
    const slash = spec({ ...walkUnits(), plan: () => [{ key: 'a/b', unit: 0 }] });
    await expect(runExperiment(slash, {})).rejects.toThrow(ConfigError);
    const base = { id: 'x', paper: { title: 'X', url: 'https://example.org/x' }, defaults: DEFAULTS, quick: {}, smoke: {}, claims: [] };
    expect(() => defineExperiment({ ...base })).toThrow('missing run');
    expect(() => defineExperiment({ ...base, units: walkUnits(), run: () => ({ metrics: {}, series: {} }) })).toThrow('both run and units');
  });

  it('gives a run-only experiment one unit, the whole run', async () => {
    const exp = defineExperiment({ id: 'one', paper: { title: 'One', url: 'https://example.org/1' }, defaults: { seed: 0 }, quick: {}, smoke: {}, claims: [], run: (_c, ctx) => ({ metrics: { u: ctx.rng.uniform() }, series: {} }) });
    const plan = planUnits(exp, exp.defaults);
    expect(plan.map((p) => p.key)).toEqual([WHOLE_RUN_KEY]);
    const text = await runUnit(exp, exp.defaults, plan[0]!, createRunContext({ seed: 0 }));
    expect(mergeUnits(exp, exp.defaults, plan, new Map([[WHOLE_RUN_KEY, text]])).metrics).toEqual((await runExperiment(exp, {})).metrics);
  });
});

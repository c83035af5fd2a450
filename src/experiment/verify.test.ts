import { describe, expect, it } from 'vitest';
import { ConfigError } from '../util/index.js';
import { defineExperiment } from './define.js';
import { verifyExperiment } from './verify.js';

/** A toy effect: each seed's gain is `effect` plus seeded noise; a fact echoes the seed count. */
function toy(controlEffect: number) {
  return defineExperiment({
    id: 'toy-effect',
    paper: { title: 'Toy', url: 'https://example.org/toy' },
    defaults: { seeds: 5, effect: 1, noise: 0.1, seed: 0 },
    quick: {},
    smoke: { seeds: 3 },
    controls: { off: { description: 'mechanism removed', overrides: { effect: controlEffect } } },
    claims: [
      { metric: 'gain', op: '>', value: 0, paper: { value: 1.2, where: 'Table 1' }, controls: ['off'] },
      { metric: 'seedsEcho', kind: 'fact', op: '==', value: 3, interval: 'exact' },
    ],
    run: (config, ctx) => {
      const gains = Array.from({ length: config.seeds }, (_, s) => config.effect + ctx.rng.fold(s).normal(0, config.noise));
      return { metrics: { gain: gains.reduce((a, b) => a + b, 0) / gains.length, seedsEcho: config.seeds }, samples: { gain: gains }, series: {} };
    },
  });
}

describe('verifyExperiment', () => {
  it('reproduces a claim that its control breaks', async () => {
    const v = await verifyExperiment(toy(0), { scale: 'smoke' });
    expect([v.effects, v.reproduced, v.defects, v.facts, v.factsHeld, v.verified]).toEqual([1, 1, 0, 1, 1, true]);
    const gain = v.outcome.claims[0]!;
    expect(gain).toMatchObject({ n: 3, met: true, paper: { value: 1.2, where: 'Table 1' } });
    expect(gain.controls).toHaveLength(1);
    expect(gain.controls![0]).toMatchObject({ name: 'off', met: false, n: 3 });
    expect(v.controlRuns.off!.overrides).toEqual({ effect: 0 });
  });

  it('reports a claim that holds under its control as a defect', async () => {
    const v = await verifyExperiment(toy(1), { scale: 'smoke' });
    expect([v.reproduced, v.defects, v.verified]).toEqual([0, 1, false]);
    expect(v.outcome.claims[0]!.controls![0]!.met).toBe(true);
  });

  it('rejects a claim naming an unknown control, and control overrides with unknown keys', () => {
    const base = { id: 'x', paper: { title: 'x', url: 'https://x.org' }, defaults: { a: 1 }, quick: {}, smoke: {}, run: () => ({ metrics: {}, series: {} }) };
    expect(() => defineExperiment({ ...base, claims: [{ metric: 'm', op: '>', value: 0, controls: ['nope'] }] })).toThrow(ConfigError);
    expect(() => defineExperiment({ ...base, controls: { c: { description: 'd', overrides: { b: 2 } as never } }, claims: [] })).toThrow(/unknown key "b"/);
    expect(() => defineExperiment({ ...base, claims: [{ metric: 'm', op: '>', value: 0, kind: 'effekt' as never }] })).toThrow(/unknown kind/);
    expect(() => defineExperiment({ ...base, claims: [{ metric: 'm', op: '>', value: 0, paper: { value: Number.NaN, where: 'T1' } }] })).toThrow(/bad paper value/);
  });
});

import { describe, expect, it } from 'vitest';
import { runExperiment, verifyExperiment } from '../../src/experiment/index.js';
import experiment from './experiment.js';

describe('davies-2023-stdp-spatial', () => {
  it('meets every claim at smoke, and each control (noStdp, homeostasisOff) breaks the claims that name it', async () => {
    const v = await verifyExperiment(experiment, { scale: 'smoke', seed: 0 });
    expect([v.effects, v.reproduced, v.defects]).toEqual([5, 5, 0]);
    for (const c of v.outcome.claims) for (const k of c.controls ?? []) expect(k.met, `${c.metric} under ${k.name}`).toBe(false);
  });

  it('the plain detector detects nothing below the A+ window (A+ = 0.09)', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, overrides: { aPlus: 0.09 } });
    expect(r.metrics.onePatternSelectivity).toBe(0);
    expect(r.metrics.homeostasisOnePatternSelectivity).toBe(1);
  });
});

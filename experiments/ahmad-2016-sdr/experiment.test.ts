import { describe, expect, it } from 'vitest';
import { NO_DATASETS, runExperiment, verifyExperiment } from '../../src/experiment/index.js';
import experiment from './experiment.js';
import { probability } from '../../src/mechanisms/sdr/index.js';
import { TEST_VECTORS, matchesPrinted, sweepMedians, sweepVectors } from './vectors.js';

describe('ahmad-2016-sdr', () => {
  it('reproduces every printed number of the paper note', () => {
    const vectors = [...TEST_VECTORS, ...sweepVectors(sweepMedians())];
    expect(vectors.length).toBe(107);
    const missed = vectors.filter((v) => !matchesPrinted(v.compute(), v.printed)).map((v) => `${v.label}: ${v.printed} vs ${v.compute().decimal}`);
    expect(missed).toEqual([]);
  });

  it('matchesPrinted compares at the printed precision', () => {
    const p = (x: number) => probability(String(x), Math.log10(x), x);
    expect(matchesPrinted(p(1.094e-3), '1.09e-3')).toBe(true);
    expect(matchesPrinted(p(1.096e-3), '1.09e-3')).toBe(false);
    expect(matchesPrinted(p(0.99999), '1.0')).toBe(true);
    expect(matchesPrinted(p(0.0716985), '0.0716985')).toBe(true);
    expect(matchesPrinted(p(0.0717), '0.0716985')).toBe(false);
  });

  it('meets its claims at smoke scale, deterministically', async () => {
    const a = await runExperiment(experiment, { scale: 'smoke', seed: 3, datasets: NO_DATASETS });
    expect(a.claims.every((c) => c.met)).toBe(true);
    expect(a.metrics.testVectorsMatched).toBe(1);
    expect(a.metrics.kneeTheta).toBe(8);
    const b = await runExperiment(experiment, { scale: 'smoke', seed: 3, datasets: NO_DATASETS });
    expect(b.metrics).toEqual(a.metrics);
  });

  it('the binomial approximation (binomialTheory control) misses printed numbers; vectors are seed-free', async () => {
    const v = await verifyExperiment(experiment, { scale: 'smoke', seed: 1, datasets: NO_DATASETS });
    const tv = v.outcome.claims.find((c) => c.metric === 'testVectorsMatched')!;
    expect(tv.met).toBe(true);
    expect(tv.controls).toMatchObject([{ name: 'binomialTheory', met: false }]);
    expect(v.defects).toBe(0);
    const missed = TEST_VECTORS.filter((t) => !matchesPrinted(t.compute('binomial'), t.printed)).length;
    expect(missed).toBeGreaterThan(10);
  });
});

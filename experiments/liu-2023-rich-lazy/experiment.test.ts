import { describe, expect, it } from 'vitest';
import { NO_DATASETS, runExperiment } from '../../src/experiment/index.js';
import experiment from './experiment.js';

describe('liu-2023-rich-lazy', () => {
  it('reports every metric and series at smoke scale, finite', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 2, datasets: NO_DATASETS });
    for (const t of ['2af', 'dms', 'cxt']) {
      for (const k of ['dW', 'ka', 'ra', 'ss', 'acc', 'erank', 'erankNs']) {
        expect(Number.isFinite(r.metrics[`${t}_${k}_r1`]), `${t}_${k}_r1`).toBe(true);
        expect(r.series[`${t}_${k}`]).toBeDefined();
      }
      // Rank 1 has effective rank 1 under the entropy definition.
      expect(r.metrics[`${t}_erank_r1`]).toBeCloseTo(1, 6);
      expect(r.metrics[`${t}_ka_r1`]).toBeLessThanOrEqual(1 + 1e-9);
    }
    for (const m of ['alignedKaGain', 'eiDwGain', 'eiKaDrop', 'eiErankGap']) expect(Number.isFinite(r.metrics[m]), m).toBe(true);
  });

  it('declares the rank sweep of the issue at quick scale', () => {
    expect(experiment.quick.ranks).toEqual([1, 3, 10, 30, 64]);
    expect(experiment.defaults.n).toBe(300);
    expect(experiment.defaults.seeds).toBeGreaterThanOrEqual(5);
  });
});

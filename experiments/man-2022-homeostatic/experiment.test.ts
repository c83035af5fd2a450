import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/index.js';
import { nodeDatasets } from '../../src/node/index.js';
import experiment from './experiment.js';
import { correlation, downsample, onlineCurve } from './summary.js';

describe('man-2022-homeostatic (smoke)', () => {
  it('reports every learner at every S, the aggregate claims and the series', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets() });
    for (const l of ['lrc', 'lrhMemory', 'lrhMinibatch', 'lrr', 'adwin']) {
      for (const S of [0, 50]) expect(r.metrics[`mnist_${l}_S${S}_online`]).toBeGreaterThanOrEqual(0);
    }
    expect(r.metrics.mnist_lrc_S0_lr).toBeCloseTo(1);
    for (const k of ['lrRise', 'gapGrowth', 'gapAtMaxS', 'secondOrderStepCorrelation', 'secondOrderSinusoidCorrelation']) expect(Number.isFinite(r.metrics[k])).toBe(true);
    expect(Object.keys(r.series)).toEqual(expect.arrayContaining(['mnist-lr', 'mnist-acc-vs-S', 'mnist-online-S50', 'second-order']));
  });
});

describe('summary helpers', () => {
  it('correlation, downsample, onlineCurve', () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(correlation([1, 1, 1], [2, 4, 6])).toBe(0);
    expect(downsample([1, 2, 3, 4, 5], 2)).toEqual([3, 5]);
    const c = onlineCurve(Uint8Array.from([1, 1, 0, 0, 1, 0]), [3], 2);
    expect(c).toEqual({ x: [2, 4, 6], accuracy: [1, 0, 0.5], marks: [0, 1, 0] });
  });
});

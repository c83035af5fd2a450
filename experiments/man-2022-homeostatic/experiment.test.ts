import { describe, expect, it } from 'vitest';
import { createRunContext, mergeUnits, parseConfig, planUnits, runExperiment, runUnit } from '../../src/experiment/index.js';
import { nodeDatasets } from '../../src/node/index.js';
import experiment from './experiment.js';
import { correlation, downsample, onlineCurve } from './summary.js';

describe('man-2022-homeostatic (smoke)', () => {
  it('reports every learner at every S, per-dataset and pooled metrics with std, and the series', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets() });
    for (const l of ['lrc', 'lrhMemory', 'lrhMinibatch', 'lrr', 'adwin', 'lrcMean']) {
      for (const S of [0, 50]) expect(r.metrics[`mnist_${l}_S${S}_online`]).toBeGreaterThanOrEqual(0);
    }
    expect(r.metrics.mnist_lrc_S0_lr).toBeCloseTo(1);
    // The constant baseline runs at exactly the mean η the homeostatic learner had on that stream.
    for (const S of [0, 50]) expect(r.metrics[`mnist_lrcMean_S${S}_lr`]).toBeCloseTo(r.metrics[`mnist_lrhMemory_S${S}_lr`]!, 12);
    expect(r.samples?.gapVsMeanLrAtMaxS).toEqual([r.metrics.mnist_gapVsMeanLrAtMaxS]);
    for (const k of ['lrRise', 'gapGrowth', 'gapAtMaxS', 'gapVsMeanLrAtMaxS', 'gapVsLrrAtMaxS', 'secondOrderStepCorrelation', 'secondOrderSinusoidCorrelation']) {
      expect(Number.isFinite(r.metrics[k])).toBe(true);
      expect(r.metrics[`${k}_std`]).toBe(0); // one dataset, one seed
      // One dataset: the pooled claim is that dataset's figure.
      expect(r.metrics[`mnist_${k}`]).toBe(r.metrics[k]);
    }
    expect(r.metrics.mnist_lrRise).toBeCloseTo(r.metrics.mnist_lrhMemory_S50_lr! - r.metrics.mnist_lrhMemory_S0_lr!);
    expect(Object.keys(r.series)).toEqual(expect.arrayContaining(['mnist-lr', 'mnist-acc-vs-S', 'mnist-lr-vs-S', 'mnist-online-S50', 'mnist-second-order']));
  });

  it('homeostasisOff: the homeostatic learner becomes LRC exactly, so every claimed difference is 0', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets(), overrides: experiment.controls!.homeostasisOff!.overrides });
    for (const k of ['lrRise', 'gapAtMaxS', 'gapGrowth', 'gapVsMeanLrAtMaxS', 'secondOrderStepCorrelation']) expect(r.metrics[k], k).toBe(0);
    expect(r.metrics.mnist_lrhMemory_S50_online).toBe(r.metrics.mnist_lrc_S50_online);
  });

  it('rejects a learner list without the claims\' learners', async () => {
    await expect(runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets(), overrides: { learners: 'lrc,lrr' } })).rejects.toThrow(/learners/);
  });
});

describe('man-2022-homeostatic units', () => {
  it('plans one unit per (dataset, seed) and per (dataset, second-order seed)', () => {
    const keys = (scale: 'defaults' | 'quick' | 'smoke') => planUnits(experiment, parseConfig(experiment, {}, scale)).map((p) => p.key);
    expect(keys('smoke')).toEqual(['mnist-seed0', 'mnist-second-order-seed0']);
    expect(keys('quick')).toEqual(['mnist-seed0', 'mnist-seed1', 'mnist-second-order-seed0', 'fashion-seed0', 'fashion-seed1', 'fashion-second-order-seed0']);
    expect(keys('defaults')).toHaveLength(12);
  });

  it('merges the finished units: seed-0 series only from the seed-0 unit, samples shrink, no second-order unit is an error', async () => {
    const config = parseConfig(experiment, { seeds: 2, secondOrderSeeds: 2 }, 'smoke');
    const plan = planUnits(experiment, config);
    const done = new Map<string, string>();
    for (const p of plan) done.set(p.key, await runUnit(experiment, config, p, createRunContext({ seed: 0, datasets: nodeDatasets() })));
    const all = mergeUnits(experiment, config, plan, done);
    done.delete('mnist-seed0');
    const partial = mergeUnits(experiment, config, plan, done);
    expect(all.samples?.lrRise).toHaveLength(2);
    expect(partial.samples?.lrRise).toEqual([all.samples!.lrRise![1]]);
    expect(partial.samples?.secondOrderStepCorrelation).toEqual(all.samples!.secondOrderStepCorrelation);
    expect(Object.keys(all.series)).toEqual(expect.arrayContaining(['mnist-lr', 'mnist-online-S50']));
    expect(Object.keys(partial.series)).not.toEqual(expect.arrayContaining(['mnist-lr']));
    expect(Object.keys(partial.series)).toEqual(expect.arrayContaining(['mnist-acc-vs-S', 'mnist-second-order']));
    done.delete('mnist-second-order-seed0');
    done.delete('mnist-second-order-seed1');
    expect(() => mergeUnits(experiment, config, plan, done)).toThrow(/secondOrderStepCorrelation.*mnist-seed0, mnist-second-order-seed0, mnist-second-order-seed1/);
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

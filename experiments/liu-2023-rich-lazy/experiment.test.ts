import { describe, expect, it } from 'vitest';
import { NO_DATASETS, createRunContext, mergeUnits, parseConfig, planUnits, resolveRun, runExperiment, runUnit } from '../../src/experiment/index.js';
import experiment from './experiment.js';
import { studentTeacher } from './student-teacher.js';
import { createRng } from '../../src/util/index.js';

describe('liu-2023-rich-lazy', () => {
  it('reports every metric and series at smoke scale, finite', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 2, datasets: NO_DATASETS });
    for (const t of ['2af', 'dms', 'cxt']) {
      for (const k of ['dW', 'ka', 'ra', 'ss', 'acc', 'loss', 'erank', 'erankNs']) {
        expect(Number.isFinite(r.metrics[`${t}_${k}_r1`]), `${t}_${k}_r1`).toBe(true);
        expect(r.series[`${t}_${k}`]).toBeDefined();
      }
      // Rank 1 has effective rank 1 under the entropy definition.
      expect(r.metrics[`${t}_erank_r1`]).toBeCloseTo(1, 6);
      expect(r.metrics[`${t}_ka_r1`]).toBeLessThanOrEqual(1 + 1e-9);
    }
    for (const m of ['alignedKaGain', 'eiDwGain', 'eiKaDrop', 'eiErankGap', 'stKaRise', 'stAlignedKaGain']) expect(Number.isFinite(r.metrics[m]), m).toBe(true);
    // Paired per seed (or per teacher): the metric is the mean of its samples.
    expect(r.samples?.stKaRise).toHaveLength(2);
    expect(r.samples?.['2af_dWDrop']).toHaveLength(1);
  });

  it('fullRankOnly: every rank trains the same full-rank init, so the rank-1 vs full-rank gaps are exactly 0', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 2, datasets: NO_DATASETS, overrides: experiment.controls?.fullRankOnly.overrides ?? {} });
    for (const t of ['2af', 'dms', 'cxt']) {
      expect(r.metrics[`${t}_dWDrop`]).toBe(0);
      expect(r.metrics[`${t}_kaRise`]).toBe(0);
    }
    expect(r.metrics.stKaRise).toBe(0);
  });

  it('declares the rank sweeps: the paper code {1, 30, N} (+3) at quick, the issue {1, 3, 10, 30, N} at N = 300', () => {
    expect(experiment.quick.ranks).toEqual([1, 3, 30, 64]);
    expect(experiment.defaults.ranks).toEqual([1, 3, 10, 30, 300]);
    expect(experiment.defaults.tasks).toBe('all');
    expect(experiment.defaults.n).toBe(300);
    expect(experiment.defaults.seeds).toBeGreaterThanOrEqual(5);
  });

  it('runs sequential MNIST from the dataset provider (rows as steps, kernel on the last step)', async () => {
    const count = 20;
    const images = new Uint8Array(count * 28 * 28).map((_, i) => (i * 37) % 256);
    const labels = new Uint8Array(count).map((_, i) => i % 10);
    const datasets = { image: () => ({ images, labels, count, rows: 28, cols: 28, classes: 10 }) };
    const r = await runExperiment(experiment, {
      scale: 'smoke', seed: 1, datasets, overrides: { tasks: 'smnist', smnistRanks: '5,12', smnistBatch: '3' },
    });
    for (const k of ['dW', 'ka', 'ra', 'acc']) expect(Number.isFinite(r.metrics[`smnist_${k}_r5`]), k).toBe(true);
    expect(r.metrics.smnist_dW_r12).toBeGreaterThan(0);
    expect(r.metrics['2af_dW_r1']).toBeUndefined();
  });

  it('linear student–teacher: untrained kernels align perfectly; the teacher-aligned init stays aligned', () => {
    const base = { d: 8, sigma: 0.1, lr: 0.1, teachers: 3, ranks: [1, 8] };
    const still = studentTeacher({ ...base, steps: 0 }, createRng(0));
    expect(still.ka.map((x) => Number(x.toFixed(12)))).toEqual([1, 1]);
    expect(still.dW).toEqual([0, 0]);
    const r = studentTeacher({ ...base, steps: 1000 }, createRng(0));
    // Trained to the unit-norm teacher from σ = 0.1: W₁ moved by about ‖β‖.
    for (const dw of r.dW) expect(dw).toBeGreaterThan(0.5);
    expect(r.alignedKa).toBeGreaterThan(0.99);
    expect(r.ka[0]).toBeLessThan(r.alignedKa);
  });

  it('splits into task × seed units plus the student–teacher check; a failed seed only shrinks its task\'s samples', async () => {
    const count = (scale: 'defaults' | 'quick' | 'smoke'): number => planUnits(experiment, parseConfig(experiment, {}, scale)).length;
    // defaults: 4 tasks (2AF, DMS, CXT, sMNIST) × 5 seeds + 1; quick: 3 × 3 + 1; smoke: 3 × 1 + 1.
    expect([count('defaults'), count('quick'), count('smoke')]).toEqual([21, 10, 4]);
    const { config, seed } = resolveRun(experiment, { scale: 'smoke', seed: 2, overrides: { seeds: 2 } });
    const plan = planUnits(experiment, config);
    expect(plan.map((p) => p.key)).toEqual(['2af-seed0', '2af-seed1', 'dms-seed0', 'dms-seed1', 'cxt-seed0', 'cxt-seed1', 'student-teacher']);
    const done = new Map<string, string>();
    for (const p of plan) if (p.key !== '2af-seed1' && !p.key.startsWith('cxt')) done.set(p.key, await runUnit(experiment, config, p, createRunContext({ seed, scale: 'smoke', datasets: NO_DATASETS })));
    const r = mergeUnits(experiment, config, plan, done);
    expect(r.samples?.['2af_dWDrop']).toHaveLength(1);
    expect(r.samples?.alignedKaGain).toHaveLength(1);
    expect(r.samples?.['dms_dWDrop']).toHaveLength(2);
    expect(r.metrics['cxt_dW_r1']).toBeUndefined();
    expect(r.samples?.stKaRise).toHaveLength(2);
    expect(() => mergeUnits(experiment, config, plan, new Map())).toThrow(/no unit finished/);
  });
});

import { describe, expect, it } from 'vitest';
import { createRunContext, memoryCheckpoint, mergeUnits, parseConfig, planUnits, runExperiment, runUnit, type CheckpointStore } from '../../src/experiment/index.js';
import { nodeDatasets } from '../../src/node/index.js';
import experiment from './experiment.js';

describe('brenner-2025-perforated (smoke)', () => {
  it('runs a correlation phase, installs a dendrite and keeps the validation accuracy fixed meanwhile', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets() });
    const phases = r.series['mnist-phases'];
    expect(phases?.kind).toBe('line');
    if (phases?.kind !== 'line') return;
    expect(phases.ys['correlation phase']!.some((v) => v === 1)).toBe(true);
    expect(Math.max(...phases.ys.dendrites!)).toBeGreaterThanOrEqual(1);
    expect(r.metrics.correlationDrift).toBe(0);
    expect(r.metrics.mnistBaselineParameters).toBe(784 * 8 + 8 + 8 * 10 + 10);
    expect(r.metrics.mnistWideParameters).toBeGreaterThanOrEqual(r.metrics.mnistPerforatedParameters!);
    expect(r.metrics.mnistCnnGap).toBeUndefined();
    // Restart control: the baseline's init and shuffling, plus the perforated arm's lr restarts (no dendrites).
    expect(r.metrics.mnistRestarts).toBeGreaterThanOrEqual(1);
    expect(r.metrics.mnistRestartParameters).toBe(r.metrics.mnistBaselineParameters);
    const val = r.series['mnist-validation'];
    if (val?.kind !== 'line') throw new Error('mnist-validation is not a line series');
    const [plain, restarted] = [val.ys['baseline w=8']!, val.ys['baseline + restarts w=8']!];
    expect(restarted[0]).toBe(plain[0]); // identical until the first restart…
    expect(restarted.some((v, i) => v !== plain[i])).toBe(true); // …and not after it
  });

  it('controls: without dendrites the perforated arm is its baseline; random dendrites are installed but untrained', async () => {
    const run = (name?: string) => runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets(), overrides: name === undefined ? {} : experiment.controls![name]!.overrides });
    const [paper, off, random] = [await run(), await run('dendritesOff'), await run('randomDendrites')];
    expect(off.samples?.mnistGap).toEqual([0]);
    expect(off.metrics.mnistDendrites).toBe(0);
    // Installed during training (the best model may have reverted them).
    expect(Math.max(...(random.series['mnist-phases'] as { ys: Readonly<Record<string, readonly number[]>> }).ys.dendrites!)).toBeGreaterThanOrEqual(1);
    const curve = (r: typeof paper) => (r.series['mnist-validation'] as { ys: Readonly<Record<string, readonly number[]>> }).ys['perforated w=8']!;
    // The same run until the first correlation phase, then the candidates' training is all that differs.
    expect(curve(random)[0]).toBe(curve(paper)[0]);
    expect(curve(random)).not.toEqual(curve(paper));
  });

  it('runs seed K alone with the numbers it has inside a full run (firstSeed), and rejects a run with no network', async () => {
    const run = (overrides: Record<string, string | number>) =>
      runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets(), overrides: { epochs: 4, restartArm: 'off', wideHidden: 9, ...overrides } });
    const both = await run({ seeds: 2 });
    const [first, second] = [await run({ seeds: 1 }), await run({ seeds: 1, firstSeed: 1 })];
    expect(second.metrics.mnistBaselineTest).not.toBe(first.metrics.mnistBaselineTest); // seed 1 is not seed 0 again
    for (const m of ['mnistBaselineTest', 'mnistPerforatedTest', 'mnistWideTest']) {
      expect(both.metrics[m], m).toBe((first.metrics[m]! + second.metrics[m]!) / 2);
    }
    await expect(run({ mlpArm: 'off' })).rejects.toThrow(/no network to train/);
  });

  it('perforates the small CNN (Conv2d and Linear layers) when the CNN arm is on', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 0, datasets: nodeDatasets(), overrides: { cnnArm: 'on', narrowHidden: 4, epochs: 6 } });
    const phases = r.series['mnist-cnn-phases'];
    expect(phases?.kind).toBe('line');
    if (phases?.kind !== 'line') return;
    expect(Math.max(...phases.ys.dendrites!)).toBeGreaterThanOrEqual(1);
    expect(r.metrics.correlationDrift).toBe(0);
    // conv 1→2 (3×3) + conv 2→4 (3×3) + linear 4·7·7→10, with biases.
    const cnn = 2 * 9 + 2 + (2 * 4 * 9 + 4) + (4 * 49 * 10 + 10);
    expect(r.metrics.mnistCnnBaselineParameters).toBe(cnn);
    // Each kept set copies every layer and adds one output weight per neuron (2 + 4 + 10).
    const sets = r.metrics.mnistCnnDendrites!;
    expect(r.metrics.mnistCnnPerforatedParameters).toBe(cnn + sets * (cnn + 16) + (sets * (sets - 1) / 2) * 16);
  });
});

describe('brenner-2025-perforated units', () => {
  const datasets = nodeDatasets();
  const smoke = (overrides: Record<string, string | number> = {}) => parseConfig(experiment, { epochs: 4, restartArm: 'off', ...overrides }, 'smoke');

  it('plans one unit per dataset × network × seed, keyed by the seed index firstSeed shifts', () => {
    const keys = (scale: 'defaults' | 'quick' | 'smoke', o = {}) => planUnits(experiment, parseConfig(experiment, o, scale)).map((p) => p.key);
    expect(keys('smoke')).toEqual(['mnist-mlp-seed0']);
    expect(keys('quick')).toHaveLength(6);
    expect(keys('defaults')).toHaveLength(12);
    expect(keys('defaults').slice(0, 4)).toEqual(['mnist-mlp-seed0', 'mnist-mlp-seed1', 'mnist-mlp-seed2', 'mnist-cnn-seed0']);
    expect(keys('smoke', { seeds: 2, firstSeed: 3 })).toEqual(['mnist-mlp-seed3', 'mnist-mlp-seed4']);
  });

  it('resumes a unit after its last finished arm, with the same result', async () => {
    const config = smoke();
    const [unit] = planUnits(experiment, config);
    const snapshots: string[] = [];
    const recording = memoryCheckpoint();
    const store: CheckpointStore = { load: () => undefined, save: (s) => (recording.save(s), snapshots.push(recording.snapshot()!)) };
    const whole = await runUnit(experiment, config, unit!, createRunContext({ seed: 0, datasets }), store);
    expect(snapshots).toHaveLength(3); // baseline, perforated, wide
    const logs: string[] = [];
    const resumed = await runUnit(experiment, config, unit!, createRunContext({ seed: 0, datasets, log: (m) => logs.push(m) }), memoryCheckpoint({ initial: snapshots[0]! }));
    expect(logs[0]).toMatch(/resuming after baseline/);
    expect(logs.some((m) => / baseline w=8 seed 0:/.test(m))).toBe(false); // the baseline was not trained again
    expect(resumed).toBe(whole);
  });

  it('merges the finished seeds when one is missing, each seed with its own wide baseline', async () => {
    const config = smoke({ seeds: 2 });
    const plan = planUnits(experiment, config);
    const done = new Map<string, string>();
    for (const p of plan) done.set(p.key, await runUnit(experiment, config, p, createRunContext({ seed: 0, datasets })));
    const both = mergeUnits(experiment, config, plan, done);
    done.delete('mnist-mlp-seed0');
    const one = mergeUnits(experiment, config, plan, done);
    expect(both.samples?.mnistGap).toHaveLength(2);
    expect(one.samples?.mnistGap).toEqual([both.samples!.mnistGap![1]]);
    expect(one.metrics.mnistWideWidth).toBeGreaterThan(8);
    expect(() => mergeUnits(experiment, config, plan, new Map())).toThrow(/no unit finished/);
  });
});

/**
 * The shared classifier loop resumes to the same result: a smoke run killed right
 * after its first epoch checkpoint and resumed matches an uninterrupted run bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { memoryCheckpoint, parseState, runExperiment } from '../../src/experiment/index.js';
import { nodeDatasets } from '../../src/node/index.js';
import { interruptAfterSaves, SimulatedCrash } from '../../tests/fixtures/toy-experiment.js';
import mlpMnist from '../mlp-mnist/experiment.js';

describe('trainClassifier checkpoints', () => {
  it('resumes mlp-mnist (smoke) after an interruption to identical metrics', async () => {
    const datasets = nodeDatasets();
    const whole = await runExperiment(mlpMnist, { scale: 'smoke', seed: 3, datasets });
    const store = memoryCheckpoint();
    await expect(runExperiment(interruptAfterSaves(mlpMnist, 1), { scale: 'smoke', seed: 3, datasets, checkpoint: store })).rejects.toBeInstanceOf(SimulatedCrash);
    // The run's checkpoint holds the finished units and the running unit's own state (seed 0, after epoch 1).
    const saved = store.load<{ done: Record<string, string>; current: { key: string; state: string } }>()!;
    expect(Object.keys(saved.done)).toEqual([]);
    expect(saved.current.key).toBe('seed0');
    expect(parseState<{ epoch: number }>(saved.current.state, 'test').epoch).toBe(1);
    const resumed = await runExperiment(mlpMnist, { scale: 'smoke', seed: 3, datasets, checkpoint: store });
    expect(resumed.metrics).toEqual(whole.metrics);
    expect(resumed.series).toEqual(whole.series);
  });
});

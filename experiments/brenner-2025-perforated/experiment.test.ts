import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/index.js';
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
    expect(r.metrics.mnistBaselineParameters).toBe(784 * 16 + 16 + 16 * 10 + 10);
    expect(r.metrics.mnistWideParameters).toBeGreaterThanOrEqual(r.metrics.mnistPerforatedParameters!);
  });
});

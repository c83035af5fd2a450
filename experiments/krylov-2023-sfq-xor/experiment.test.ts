import { describe, expect, it } from 'vitest';
import { verifyExperiment } from '../../src/experiment/index.js';
import experiment from './experiment.js';

describe('krylov-2023-sfq-xor', () => {
  it('classifies XOR at smoke for each seed, and the inhibitionOff control (OR instead of XOR) breaks it', async () => {
    const v = await verifyExperiment(experiment, { scale: 'smoke', seed: 0 });
    const xor = v.outcome.claims.find((c) => c.metric === 'xorCorrect')!;
    expect(xor).toMatchObject({ met: true, n: 2 });
    expect(xor.controls).toMatchObject([{ name: 'inhibitionOff', met: false, mean: 3 }]);
    expect(v.defects).toBe(0);
  });
});

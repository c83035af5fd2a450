import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/index.js';
import { nodeDatasets, nodePhysics } from '../../src/node/index.js';
import { summarize } from './train.js';
import experiment from './experiment.js';

describe('dopamine-2026-taugate', () => {
  it('smoke run reports every method with exact parameter counts and an exact mode switch', async () => {
    const r = await runExperiment(experiment, { scale: 'smoke', seed: 3, datasets: nodeDatasets(), physics: nodePhysics() });
    const m = r.metrics;
    expect(m.tauGateParams).toBe(2 * (32 + 32));
    expect(m.tauGateAogParams).toBe(2 * (32 + 32));
    expect(m.loraR1Params).toBe(784 + 32 + 32 + 32 + 32 + 10);
    expect(m.fullParams).toBe(784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10);
    expect(m.modeSwitchExact).toBe(1);
    expect(m.tauGateSwitchBackAcc0).toBe(m.foundationAcc0);
    for (const k of ['tauGateHardAcc45', 'tauGateSoftAcc45', 'loraR1Acc45', 'fullAcc45', 'tauGateActiveFraction']) {
      expect(m[k]).toBeGreaterThanOrEqual(0);
      expect(m[k]).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(r.series).sort()).toEqual(['accuracyVsParams', 'firingRates', 'methods']);
  });

  it('controls neutralise what they name: identity gates change nothing, untrained LoRA is the foundation', async () => {
    const run = (name: string) => runExperiment(experiment, { scale: 'smoke', seed: 3, datasets: nodeDatasets(), physics: nodePhysics(), overrides: experiment.controls![name]!.overrides });
    const fixed = (await run('gatesFixed')).metrics;
    expect(fixed.tauGateGain).toBe(0);
    expect(fixed.tauGateActiveDrop).toBe(0);
    const lora = (await run('loraFrozen')).metrics;
    expect(lora.loraR4Acc45).toBe(lora.foundationAcc45);
    expect(lora.loraR4Advantage).toBe(lora.foundationAcc45! - lora.tauGateHardAcc45!);
  });

  it('summarize gives mean and sample std per metric', () => {
    const s = summarize([{ a: 1 }, { a: 3 }]);
    expect(s.a).toBe(2);
    expect(s.aStd).toBeCloseTo(Math.SQRT2, 12);
  });
});

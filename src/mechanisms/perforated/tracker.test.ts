import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sequential } from '../../nn/index.js';
import { createRng, NeuroError } from '../../util/index.js';
import { perforate, type PerforatedConfig } from './index.js';

function setup(opts: Partial<PerforatedConfig> = {}) {
  const rng = createRng(0);
  const model = new Sequential(new Linear(3, 4, { rng }), new ReLU(), new Linear(4, 2, { rng }));
  const pb = perforate(model, { rng, switchPatienceEpochs: 2, correlationPatienceEpochs: 2, correlationCap: 'none', warmupBatches: 0, ...opts });
  return { model, pb };
}

/** Feeds scores; returns the results. */
const feed = (pb: ReturnType<typeof setup>['pb'], scores: number[]) => scores.map((s) => pb.epochEnd({ validationScore: s }));

describe('Perforated tracker', () => {
  it('wraps every Linear and starts in the neuron phase with all neuron weights trainable', () => {
    const { model, pb } = setup();
    expect(pb.layers.map(([n]) => n)).toEqual(['0', '2']);
    expect(pb.phase).toBe('neuron');
    expect(new Set(pb.optimizer.params)).toEqual(new Set(model.parameters()));
    expect(model.namedParameters().map(([n]) => n)).toEqual(['0.main.weight', '0.main.bias', '2.main.weight', '2.main.bias']);
  });

  it('switches after the patience window, reloading the best checkpoint, then trains only candidates', () => {
    const { model, pb } = setup();
    const [a, b] = feed(pb, [0.5, 0.6]);
    expect(a!.restructured || b!.restructured).toBe(false);
    const best = model.stateDict();
    for (const p of model.parameters()) p.data.fill(3); // training drifts away from the best weights
    const [c, d] = feed(pb, [0.59, 0.6]);
    expect(c!.restructured).toBe(false);
    expect(d).toMatchObject({ restructured: true, done: false, phase: 'correlation' });
    expect(model.stateDict()).toEqual(best);
    const candidates = pb.layers.flatMap(([, l]) => l.candidate!.parameters());
    expect(pb.optimizer).toBe(d!.optimizer);
    expect(new Set(pb.optimizer.params)).toEqual(new Set(candidates));
    expect(model.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(pb.history.map((h) => h.event)).toEqual(['new-best', 'new-best', 'none', 'start-correlation']);
  });

  it('installs candidates after the correlation patience (no |cov| gain) and trains neurons plus the newest w', () => {
    const { model, pb } = setup();
    feed(pb, [0.5, 0.5, 0.5]);
    const params = pb.parameterCount();
    const [e, f] = feed(pb, [0.5, 0.5]);
    expect(e!.restructured).toBe(false);
    expect(f).toMatchObject({ restructured: true, phase: 'neuron' });
    expect(pb.dendrites).toBe(1);
    expect(pb.parameterCount()).toBe(params + (3 * 4 + 4 + 4) + (4 * 2 + 2 + 2));
    const trainable = model.parameters().filter((p) => p.requiresGrad);
    expect(new Set(pb.optimizer.params)).toEqual(new Set(trainable));
    expect(trainable.length).toBe(4 + 2); // main weight+bias per layer, w per layer
    expect(pb.correlationScoreDrift).toBe(0);
  });

  it('caps the correlation phase at the length of the neuron phase before it', () => {
    const { pb } = setup({ correlationCap: 'neuron-phase', correlationPatienceEpochs: 50 });
    feed(pb, [0.5, 0.5, 0.5]); // a 3-epoch neuron phase
    const r = feed(pb, [0.5, 0.5, 0.5]);
    expect(r.map((x) => x.restructured)).toEqual([false, false, true]);
    expect(pb.phase).toBe('neuron');
  });

  it('keeps a cycle that sets a new best and reverts and retries one that does not, then is done', () => {
    const { pb } = setup({ maxDendriteTries: 2 });
    feed(pb, [0.5, 0.5, 0.5, 0.5, 0.5]); // neuron phase, correlation phase → 1 dendrite
    feed(pb, [0.7, 0.7, 0.7]); // new best with the dendrite, then patience → kept, next correlation
    expect(pb.cycles.map((c) => c.accepted)).toEqual([true, true]);
    expect(pb.phase).toBe('correlation');
    feed(pb, [0.7, 0.7]); // install the second set
    expect(pb.dendrites).toBe(2);
    const [, r1] = feed(pb, [0.7, 0.7]); // no new best: revert to 1 set and retry
    expect(r1).toMatchObject({ restructured: true, done: false, phase: 'correlation' });
    expect(pb.dendrites).toBe(1);
    expect(pb.history.at(-1)!.event).toBe('retry');
    feed(pb, [0.7, 0.7]);
    expect(pb.dendrites).toBe(2);
    const [, r2] = feed(pb, [0.69, 0.7]); // second failure = maxDendriteTries → done, best model kept
    expect(r2).toMatchObject({ restructured: true, done: true });
    expect(pb.dendrites).toBe(1);
    expect(pb.bestScore).toBe(0.7);
    expect(pb.cycles.map((c) => c.accepted)).toEqual([true, true, false, false]);
    expect(() => pb.epochEnd({ validationScore: 0.8 })).toThrow(NeuroError);
  });

  it('stops at maxDendrites and needs a relative and a raw gain to count as better', () => {
    const { pb } = setup({ maxDendrites: 0, improvementThresholds: [0.01], rawImprovementThreshold: 0.001 });
    const r = feed(pb, [0.5, 0.504, 0.5049]); // +0.8 % and +0.98 %: both below the 1 % threshold
    expect(pb.history.map((h) => h.event)).toEqual(['new-best', 'none', 'done']);
    expect(r[2]!.done).toBe(true);
  });

  it('minimises scores with scoreDirection: min', () => {
    const { pb } = setup({ scoreDirection: 'min' });
    feed(pb, [1, 0.5, 0.6]);
    expect(pb.bestScore).toBe(0.5);
  });

  it('gradient mode adds a trainable set at each switch, with no correlation phase', () => {
    const { model, pb } = setup({ mode: 'gradient' });
    const [, , r] = feed(pb, [0.5, 0.5, 0.5]);
    expect(r).toMatchObject({ restructured: true, phase: 'neuron' });
    expect(pb.dendrites).toBe(1);
    const set = pb.layers[0]![1].sets[0]!;
    expect(set.weight.requiresGrad && set.outWeight.requiresGrad).toBe(true);
    expect(new Set(pb.optimizer.params)).toEqual(new Set(model.parameters()));
    feed(pb, [0.6, 0.6, 0.6]); // kept; the next set freezes the first
    expect(pb.dendrites).toBe(2);
    expect(set.weight.requiresGrad || set.outWeight.requiresGrad).toBe(false);
  });

  it('finish() drops candidates and restores the best model', () => {
    const { model, pb } = setup();
    feed(pb, [0.5, 0.4, 0.4]);
    expect(pb.phase).toBe('correlation');
    const best = model.stateDict();
    expect(pb.finish()).toBe(0.5);
    expect(pb.done).toBe(true);
    expect(pb.layers.every(([, l]) => l.candidate === null)).toBe(true);
    expect(model.stateDict()).toEqual(best);
  });

  it('rejects bad configs and scores', () => {
    const rng = createRng(0);
    const model = () => new Sequential(new Linear(2, 2, { rng }));
    expect(() => perforate(model(), { rng, switchPatienceEpochs: 0 })).toThrow(/switchPatienceEpochs/);
    expect(() => perforate(model(), { rng, maxDendrite: 3 } as never)).toThrow(/perforate\(config\)\.maxDendrite: unknown key, expected rng or one of mode, /);
    expect(() => perforate(model(), { rng, layers: ['9'] })).toThrow(/not Linear\/Conv2d/);
    expect(() => perforate(new Linear(2, 2, { rng }), { rng })).toThrow(/container/);
    const m = model();
    const pb = perforate(m, { rng });
    expect(() => perforate(m, { rng })).toThrow(/already perforated/);
    expect(() => pb.epochEnd({ validationScore: NaN })).toThrow(/finite/);
  });
});

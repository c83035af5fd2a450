import { describe, expect, it } from 'vitest';
import { createRng, ConfigError } from '../../util/index.js';
import { evaluate, initialState, oapply, readout, wire, wiringDiagram, type Machine, type Vec } from '../../dynamics/index.js';
import { ACTIVE_DENDRITE_DEFAULTS, activeDendriteLayer } from './index.js';
import { addNoise, randomSdr, type Sdr } from './sdr.js';

const N = 256;
const cfg = { inputSize: N, segmentsPerCell: 8, newSynapses: 12, threshold: 6, matchThreshold: 4, synapsesPerSegment: 16 };

function input(x: Sdr | null, teach: readonly number[]): Float64Array {
  const v = new Float64Array(N + teach.length);
  if (x) for (const i of x.active) v[i] = 1;
  v.set(teach, N);
  return v;
}

/** Steps with input x, returns the next state and the prediction made from x. */
function step(m: Machine, u: Vec, x: Float64Array): { u: Vec; y: Vec } {
  const next = evaluate(m, u, x, undefined);
  return { u: next, y: readout(m, next, undefined) };
}

describe('activeDendriteLayer', () => {
  it('has frozen defaults and validates its config', () => {
    expect(Object.isFrozen(ACTIVE_DENDRITE_DEFAULTS)).toBe(true);
    expect(() => activeDendriteLayer({ threshold: 0 })).toThrow(ConfigError);
    expect(() => activeDendriteLayer({ threshold: 40 })).toThrow('must fit on a segment');
    expect(() => activeDendriteLayer({ matchThreshold: 12 })).toThrow('activeDendriteLayer(config).matchThreshold: above threshold');
    expect(() => activeDendriteLayer({ initialPermanence: 1.5 })).toThrow('not a permanence');
    const m = activeDendriteLayer(cfg);
    expect(m).toMatchObject({ kind: 'discrete', nIn: N + 1, nOut: 2 });
  });

  it('stores a pattern one-shot and recognises noisy copies, not random inputs', () => {
    const rng = createRng(0);
    const m = activeDendriteLayer(cfg);
    let u = initialState(m, undefined, rng);
    const patterns = Array.from({ length: 5 }, () => randomSdr(N, 16, rng));
    expect(step(m, u, input(patterns[0]!, [0])).y[0]).toBe(0); // nothing learned yet
    for (const p of patterns) u = step(m, u, input(p, [1])).u;
    for (const p of patterns) {
      expect(step(m, u, input(p, [0])).y[0]).toBe(1);
      expect(step(m, u, input(addNoise(p, 4, rng), [0])).y[0]).toBe(1); // ≥ 8 of 12 synapses stay active
    }
    let falsePositives = 0;
    for (let i = 0; i < 200; i++) falsePositives += step(m, u, input(randomSdr(N, 16, rng), [0])).y[0]!;
    expect(falsePositives).toBe(0);
  });

  it('reinforces matching segments instead of growing new ones, and forgets with negative teaching', () => {
    const rng = createRng(1);
    const m = activeDendriteLayer({ ...cfg, segmentsPerCell: 2, predictedSegmentDecrement: 0.2 });
    let u = initialState(m, undefined, rng);
    const p = randomSdr(N, 16, rng);
    u = step(m, u, input(p, [1])).u;
    u = step(m, u, input(addNoise(p, 3, rng), [1])).u; // a noisy repeat updates the same segment
    expect(step(m, u, input(p, [0])).y).toEqual(Float64Array.from([1, 1]));
    for (let i = 0; i < 3; i++) u = step(m, u, input(p, [-1])).u;
    expect(step(m, u, input(p, [0])).y[0]).toBe(0);
  });

  it('is deterministic from the seed and composes with oapply', () => {
    const m = activeDendriteLayer({ ...cfg, cells: 2 });
    const rng = createRng(5);
    const xs = Array.from({ length: 6 }, (_, i) => input(randomSdr(N, 16, rng), [i % 2, 1 - (i % 2)]));
    const run = (mm: Machine): Vec[] => {
      let u = initialState(mm, undefined, createRng(9));
      return xs.map((x) => {
        u = evaluate(mm, u, x, undefined);
        return readout(mm, u, undefined);
      });
    };
    const d = wiringDiagram({
      outer: { nIn: N + 2, nOut: 4 },
      boxes: [{ nIn: N + 2, nOut: 4 }],
      wires: [...Array.from({ length: N + 2 }, (_, i) => wire(['in', i], [0, i])), ...Array.from({ length: 4 }, (_, o) => wire([0, o], ['out', o]))],
    });
    const composed = oapply(d, [m]);
    expect(run(composed)).toEqual(run(m));
    expect(run(m)).toEqual(run(m));
    const last = run(m);
    expect(last.slice(-2).every((y) => y.length === 4)).toBe(true);
  });
});

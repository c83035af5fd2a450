import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng, LimitError } from '../util/index.js';
import { IF_curr_exp, allToAll, fixedProbability, network, spikeSourcePoisson } from './index.js';

describe('network limits (refused before anything is allocated)', () => {
  it('refuses 10⁶ × 10⁶ all-to-all synapses at build, names the quantity and how to raise it', () => {
    const net = network({ dtMs: 0.1 });
    const a = net.population(1_000_000, spikeSourcePoisson({ rateHz: 5 }));
    const b = net.population(1_000_000, IF_curr_exp());
    net.projection(a, b, allToAll(), { weight: 0.1 });
    const t0 = performance.now();
    expect(() => net.build(createRng(0))).toThrow(LimitError);
    expect(() => net.build(createRng(0))).toThrow(/synapses .* exceeds the limit \(raise it with network\(\{ maxSynapses \}\)\), expected at most 100000000, received 1000000000000/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('counts fixed-probability synapses by their expectation, and honours raised and lowered limits', () => {
    const build = (maxSynapses: number) => {
      const net = network({ dtMs: 0.1, maxSynapses });
      const a = net.population(100, spikeSourcePoisson({ rateHz: 5 }));
      const b = net.population(100, IF_curr_exp());
      net.projection(a, b, fixedProbability(0.1), { weight: 0.1 });
      return net.build(createRng(0));
    };
    expect(() => build(999)).toThrow(/expected at most 999, received 1000/);
    expect(() => build(1000)).not.toThrow();
    const big = network({ maxNeurons: 10 });
    big.population(11, IF_curr_exp());
    expect(() => big.build(createRng(0))).toThrow(/neurons in all populations exceeds the limit/);
  });

  it('refuses a non-finite run, a run of 10¹² steps and recordings past the limit before stepping', () => {
    const net = network({ dtMs: 0.1 });
    const p = net.population(10, IF_curr_exp());
    const sim = net.build(createRng(0));
    expect(() => sim.run(Infinity)).toThrow(ArgumentError);
    expect(() => sim.run(-1)).toThrow(/bad duration/);
    expect(() => sim.run(1e11)).toThrow(/time steps\) exceeds the limit/);
    sim.record(p.id, { vIds: Array.from({ length: 10 }, (_, i) => i) });
    expect(() => sim.run(1e6)).toThrow(/recorded membrane and weight values .* received 110000000/);
    sim.run(10); // a refused run records nothing and does not count against the next
    expect(sim.trace(p.id).timesMs.length).toBe(100);
  });
});

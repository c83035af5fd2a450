/**
 * The dendritic-neuron half of ahmad-2016-sdr: one cell of
 * `activeDendriteLayer` stores P random patterns one-shot (one segment each,
 * s = 20 synapses, θ = 10), then is probed with noisy copies and with random
 * inputs, learning off. Theory: a noisy copy with v of a bits moved is missed
 * with probability P_FN(a, s, θ, v); a random input fires some segment with
 * probability ≤ P·P_FP(n, a, s, θ). With `learning: 'off'` (control) nothing is stored.
 */
import type { LineSeries, RunContext } from '../../src/experiment/index.js';
import type { Rng } from '../../src/util/index.js';
import { evaluate, initialState, readout } from '../../src/dynamics/index.js';
import { activeDendriteLayer, addNoise, falseMatch, falseNegative, randomSdr, type Sdr } from '../../src/mechanisms/sdr/index.js';

const N = 1024;
const A = 40;
const S = 20;
const THETA = 10;
const NOISE = [0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function dense(x: Sdr, teach: number): Float64Array {
  const v = new Float64Array(N + 1);
  for (const i of x.active) v[i] = 1;
  v[N] = teach;
  return v;
}

/** Trains and probes the neuron; returns its metrics and the recall-vs-noise series. */
export function neuronExperiment(opts: { patterns: number; trials: number; probes: number; learning: 'on' | 'off' }, rng: Rng, ctx: RunContext): { metrics: Record<string, number>; series: LineSeries } {
  const layer = activeDendriteLayer({ inputSize: N, segmentsPerCell: opts.patterns, newSynapses: S, threshold: THETA, matchThreshold: 8 });
  let u = initialState(layer, undefined, rng);
  const patterns = Array.from({ length: opts.patterns }, () => randomSdr(N, A, rng));
  // learning 'off' (control): no pattern is stored, the segments stay empty.
  if (opts.learning === 'on') for (const p of patterns) u = evaluate(layer, u, dense(p, 1), undefined);
  const trained = u;
  const predicted = (x: Sdr): boolean => readout(layer, evaluate(layer, trained, dense(x, 0), undefined), undefined)[0] === 1;

  ctx.progress.start(NOISE.length + 1, 'dendritic neuron');
  const recall = NOISE.map((f) => {
    const v = Math.round(f * A);
    let hits = 0;
    for (const p of patterns) for (let t = 0; t < opts.trials; t++) if (predicted(addNoise(p, v, rng))) hits++;
    ctx.progress.tick(1, `noise ${f}`);
    return hits / (patterns.length * opts.trials);
  });
  let falsePositives = 0;
  for (let i = 0; i < opts.probes; i++) if (predicted(randomSdr(N, A, rng))) falsePositives++;
  ctx.progress.done();

  const theory = NOISE.map((f) => 1 - falseNegative(A, S, THETA, Math.round(f * A)).value);
  const at = (f: number): number => recall[NOISE.indexOf(f)]!;
  return {
    metrics: {
      neuronRecallAt25pctNoise: at(0.25),
      neuronRecallAt50pctNoise: at(0.5),
      neuronRecallErrorAt50pctNoise: at(0.5) - theory[NOISE.indexOf(0.5)]!,
      neuronTheoryRecallAt50pctNoise: theory[NOISE.indexOf(0.5)]!,
      neuronFalsePositiveRate: falsePositives / opts.probes,
      neuronFalsePositiveBound: Math.min(1, opts.patterns * falseMatch(N, A, S, THETA).value),
    },
    series: {
      kind: 'line',
      x: NOISE,
      ys: { neuron: recall, 'theory 1 − P_FN': theory },
      xLabel: 'noise (fraction of the a=40 active bits moved)',
      yLabel: 'fraction of stored patterns recognised',
      title: `One-shot dendritic neuron: ${opts.patterns} patterns, s=${S}, θ=${THETA}, n=${N}`,
      logY: false,
    },
  };
}

/**
 * spivak-2021-nested: Spivak & Hosgood, "Deep neural networks as nested dynamical
 * systems" (2021). The paper's claim is conceptual: a DNN is a nested dynamical
 * system whose wiring adapts. We make it executable with a 2-2-1 network learning
 * XOR by online gradient descent, built three ways from `src/dynamics`:
 * 1. learners: neuron learners nested with the learner algebra (fan-out, parallel
 *    neurons, layers in series), run as a machine with `learnerAsMachine`;
 * 2. learner boxes: the same neuron learners as boxes wired by `oapply`, forward
 *    wires carrying activations and backward wires carrying requests;
 * 3. adaptive wiring: parameter-free neuron boxes under `oapplyAdaptive`, where the
 *    weights are wire gains held and updated by the wiring itself.
 * All start from the same parameters and see the same pattern order, so they
 * should follow the same trajectory (`wiredParamGap` and `maxParamGap` measure how
 * closely). The claim: final MSE < 0.01 for a majority of 10 seeds, for each
 * (judged per seed, with a 95% interval); the `noLearning` control (lr 0) must break it.
 */
import { defineExperiment, type LineSeries } from '../../src/experiment/index.js';
import type { Machine, Vec } from '../../src/dynamics/index.js';
import { initLearner } from '../../src/mechanisms/nested/index.js';
import type { Rng } from '../../src/util/index.js';
import { XOR_INPUTS, XOR_TARGETS, xorAdaptiveMachine, xorLearner, xorLearnerMachine, xorWiredMachine, type XorNetOptions } from './networks.js';
import { mean, median } from '../common/stats.js';

/** A run's final MSE below this counts as "learned XOR" (the threshold). */
const CONVERGED_MSE = 0.01;

interface TrainResult {
  readonly curve: number[];
  readonly finalMse: number;
  readonly params: Vec;
}

/** Mean squared error of the machine's output 0 over the four patterns (forward only). */
function xorMse(m: Machine<unknown>, u: Vec, x: Vec, y: Vec): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    x[0] = XOR_INPUTS[i]![0];
    x[1] = XOR_INPUTS[i]![1];
    x[2] = XOR_TARGETS[i]!;
    m.readoutInto(u, x, undefined, 0, y);
    sum += (y[0]! - XOR_TARGETS[i]!) ** 2;
  }
  return sum / 4;
}

/** Online training: each epoch visits the four patterns in a fresh random order, one machine step each. */
function train(m: Machine<unknown>, u0: Vec, orderRng: Rng, epochs: number, recordEvery: number): TrainResult {
  let u = Float64Array.from(u0);
  let next = new Float64Array(m.nStates);
  const x = new Float64Array(3);
  const y = new Float64Array(m.nOut);
  const curve = [xorMse(m, u, x, y)];
  for (let e = 1; e <= epochs; e++) {
    const order = orderRng.permutation(4);
    for (let k = 0; k < 4; k++) {
      const i = order[k]!;
      x[0] = XOR_INPUTS[i]![0];
      x[1] = XOR_INPUTS[i]![1];
      x[2] = XOR_TARGETS[i]!;
      m.evalInto(u, x, undefined, e, next);
      [u, next] = [next, u];
    }
    if (e % recordEvery === 0) curve.push(xorMse(m, u, x, y));
  }
  return { curve, finalMse: xorMse(m, u, x, y), params: u };
}

/** Pointwise median of equally long curves. */
function medianCurve(curves: readonly number[][]): number[] {
  return curves[0]!.map((_, j) => median(curves.map((c) => c[j]!)));
}

export default defineExperiment({
  id: 'spivak-2021-nested',
  paper: {
    title: 'Deep neural networks as nested dynamical systems',
    authors: 'Spivak, Hosgood',
    year: 2021,
    url: 'https://arxiv.org/abs/2111.01297',
  },
  description:
    'A 2-2-1 network learns XOR as a nested dynamical system: from neuron learners (serial/parallel learner composition), from the same learners as boxes wired by oapply (activations forward, requests backward), and as parameter-free neurons under an adaptive wiring whose gains are the weights.',
  defaults: { seeds: 10, epochs: 10_000, lr: 1, hidden: 'sigmoid', initScale: 1, points: 100, seed: 0 },
  quick: { epochs: 3_000 },
  smoke: { seeds: 3, epochs: 2_000, points: 20 },
  choices: { hidden: ['sigmoid', 'tanh'] },
  // Limits: ConfigRange.limit's rule (a power of ten ≥ 100× the paper default for counts, ≥ 10× for widths).
  ranges: {
    seeds: { integer: true, min: 1, limit: 1_000 },
    epochs: { integer: true, min: 1, limit: 1_000_000 },
    lr: { min: 0 },
    initScale: { min: 0 },
    points: { integer: true, min: 1, limit: 10_000 },
    seed: { integer: true },
  },
  controls: {
    noLearning: { description: 'learning rate 0: the weights never move, so no variant can learn XOR', overrides: { lr: 0 } },
  },
  claims: [
    ...(['', 'wired', 'adaptive'] as const).flatMap((v) => {
      const name = (m: string): string => (v ? v + m[0]!.toUpperCase() + m.slice(1) : m);
      const what = { '': 'learner network', wired: 'learner boxes wired by oapply', adaptive: 'adaptive-wiring network' }[v];
      return [
        {
          metric: name('fractionSeedsConverged'),
          op: '>=' as const,
          value: { defaults: 0.5, quick: 0.5 },
          paper: 'not published' as const,
          controls: ['noLearning'],
          description: `${what}: final MSE < 0.01 for a majority of seeds (per seed: converged 1 / 0)`,
        },
        {
          metric: name('log10FinalMse'),
          op: '<' as const,
          // No smoke target: at 2,000 epochs a seed now and then has not converged yet (per-seed
          // log10 MSE is bimodal, −3 or −0.6), so 3 smoke seeds give an interval that crosses
          // −1.3 for some seeds of the run (seed 1: [−5.2, 0.66]). Checked at quick (10 seeds) in CI.
          value: { defaults: -2, quick: -2 },
          paper: 'not published' as const,
          controls: ['noLearning'],
          description: `${what}: mean over seeds of log10(final MSE) below −2 (geometric-mean MSE < 0.01)`,
        },
      ];
    }),
    {
      metric: 'wiredParamGap',
      kind: 'fact',
      op: '<=',
      value: 1e-9,
      interval: 'exact',
      description: 'by construction: learner boxes wired by oapply perform the learner algebra’s floating-point operations (max |Δparameter| over seeds at the end; 0 for every seed)',
    },
    {
      metric: 'paramGap',
      kind: 'fact',
      op: '<=',
      value: 1e-6,
      description: 'by construction (up to rounding): weights in the neurons and weights in the wires follow the same trajectory (per seed: max |Δparameter| at the end)',
    },
  ],
  run(config, ctx) {
    const opts: XorNetOptions = { hidden: config.hidden as XorNetOptions['hidden'], lr: config.lr, initScale: config.initScale };
    const recordEvery = Math.max(1, Math.floor(config.epochs / Math.max(1, config.points)));
    const machines = { learners: xorLearnerMachine(opts), wired: xorWiredMachine(opts), adaptive: xorAdaptiveMachine(opts) };
    const net = xorLearner(opts);
    const seedRngs = ctx.rng.split(config.seeds);
    const runs: { learners: TrainResult; wired: TrainResult; adaptive: TrainResult }[] = [];
    ctx.progress.start(config.seeds, 'seeds');
    for (const [s, seedRng] of seedRngs.entries()) {
      ctx.throwIfAborted(`spivak-2021-nested seed ${s}`);
      // Same initial parameters and the same pattern order for all variants.
      const p0 = initLearner(net, seedRng.fold('init'));
      const learners = train(machines.learners, p0, seedRng.fold('order'), config.epochs, recordEvery);
      const wired = train(machines.wired, p0, seedRng.fold('order'), config.epochs, recordEvery);
      const adaptive = train(machines.adaptive, p0, seedRng.fold('order'), config.epochs, recordEvery);
      runs.push({ learners, wired, adaptive });
      ctx.progress.tick(1, { mse: learners.finalMse.toExponential(2) });
    }
    ctx.progress.done();
    const finals = runs.map((r) => r.learners.finalMse);
    const adaptiveFinals = runs.map((r) => r.adaptive.finalMse);
    const wiredFinals = runs.map((r) => r.wired.finalMse);
    const gaps = (other: 'wired' | 'adaptive'): number[] =>
      runs.map((r) => {
        let g = 0;
        for (let k = 0; k < r.learners.params.length; k++) g = Math.max(g, Math.abs(r.learners.params[k]! - r[other].params[k]!));
        return g;
      });
    const converged = (f: readonly number[]): number[] => f.map((m) => (m < CONVERGED_MSE ? 1 : 0));
    const log10s = (f: readonly number[]): number[] => f.map((m) => Math.log10(m));
    const samples = {
      fractionSeedsConverged: converged(finals),
      wiredFractionSeedsConverged: converged(wiredFinals),
      adaptiveFractionSeedsConverged: converged(adaptiveFinals),
      log10FinalMse: log10s(finals),
      wiredLog10FinalMse: log10s(wiredFinals),
      adaptiveLog10FinalMse: log10s(adaptiveFinals),
      paramGap: gaps('adaptive'),
    };
    const epochsAxis = runs[0]!.learners.curve.map((_, j) => j * recordEvery);
    const loss: LineSeries = {
      kind: 'line',
      x: epochsAxis,
      ys: {
        'learners (median)': medianCurve(runs.map((r) => r.learners.curve)),
        'learner boxes, oapply (median)': medianCurve(runs.map((r) => r.wired.curve)),
        'adaptive wiring (median)': medianCurve(runs.map((r) => r.adaptive.curve)),
      },
      xLabel: 'epoch (4 patterns each)',
      yLabel: 'MSE over the 4 XOR patterns',
      title: 'XOR loss: learning in neurons (nested learners, oapply learner boxes) vs in wires (median over seeds)',
      logY: true,
    };
    const lossPerSeed: LineSeries = {
      kind: 'line',
      x: epochsAxis,
      ys: Object.fromEntries(runs.map((r, s) => [`seed ${s}`, r.learners.curve])),
      xLabel: 'epoch (4 patterns each)',
      yLabel: 'MSE over the 4 XOR patterns',
      title: 'XOR loss of the learner network, each seed',
      logY: true,
    };
    return {
      metrics: {
        ...Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, mean(v)])),
        medianFinalMse: median(finals),
        wiredMedianFinalMse: median(wiredFinals),
        adaptiveMedianFinalMse: median(adaptiveFinals),
        wiredParamGap: Math.max(...gaps('wired')),
        maxParamGap: Math.max(...samples.paramGap),
      },
      samples,
      series: { loss, lossPerSeed },
    };
  },
});

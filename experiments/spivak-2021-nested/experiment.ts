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
 * closely). The claim: final MSE < 0.01 for a majority of 10 seeds, for each.
 */
import { defineExperiment, type LineSeries } from '../../src/experiment/index.js';
import { initLearner, type Machine, type Vec } from '../../src/dynamics/index.js';
import type { Rng } from '../../src/util/index.js';
import { XOR_INPUTS, XOR_TARGETS, xorAdaptiveMachine, xorLearner, xorLearnerMachine, xorWiredMachine, type XorNetOptions } from './networks.js';
import { median } from '../common/stats.js';

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
  claims: [
    {
      metric: 'fractionSeedsConverged',
      op: '>=',
      value: { defaults: 0.5, quick: 0.5 },
      description: 'learner network: final MSE < 0.01 for a majority of seeds',
    },
    {
      metric: 'adaptiveFractionSeedsConverged',
      op: '>=',
      value: { defaults: 0.5, quick: 0.5 },
      description: 'adaptive-wiring network: final MSE < 0.01 for a majority of seeds',
    },
    {
      metric: 'wiredFractionSeedsConverged',
      op: '>=',
      value: { defaults: 0.5, quick: 0.5 },
      description: 'learner boxes wired by oapply: final MSE < 0.01 for a majority of seeds',
    },
    {
      metric: 'medianFinalMse',
      op: '<',
      value: { defaults: 0.01, quick: 0.01, smoke: 0.05 },
      description: 'median final MSE of the learner network over seeds',
    },
    {
      metric: 'adaptiveMedianFinalMse',
      op: '<',
      value: { defaults: 0.01, quick: 0.01, smoke: 0.05 },
      description: 'median final MSE of the adaptive-wiring network over seeds',
    },
    {
      metric: 'wiredMedianFinalMse',
      op: '<',
      value: { defaults: 0.01, quick: 0.01, smoke: 0.05 },
      description: 'median final MSE of the oapply-wired learner boxes over seeds',
    },
    {
      metric: 'wiredParamGap',
      op: '<=',
      value: 1e-9,
      description: 'learner boxes wired by oapply follow the learner-algebra trajectory (max |Δparameter| at the end)',
    },
    {
      metric: 'maxParamGap',
      op: '<=',
      value: 1e-6,
      description: 'weights in the neurons and weights in the wires follow the same trajectory (max |Δparameter| at the end)',
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
    const gap = (other: 'wired' | 'adaptive'): number => {
      let g = 0;
      for (const r of runs) for (let k = 0; k < r.learners.params.length; k++) g = Math.max(g, Math.abs(r.learners.params[k]! - r[other].params[k]!));
      return g;
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
        fractionSeedsConverged: finals.filter((m) => m < CONVERGED_MSE).length / finals.length,
        medianFinalMse: median(finals),
        wiredFractionSeedsConverged: wiredFinals.filter((m) => m < CONVERGED_MSE).length / wiredFinals.length,
        wiredMedianFinalMse: median(wiredFinals),
        adaptiveFractionSeedsConverged: adaptiveFinals.filter((m) => m < CONVERGED_MSE).length / adaptiveFinals.length,
        adaptiveMedianFinalMse: median(adaptiveFinals),
        wiredParamGap: gap('wired'),
        maxParamGap: gap('adaptive'),
      },
      series: { loss, lossPerSeed },
    };
  },
});

/**
 * Helpers of the `dopamine-2026-taugate` experiment: the foundation MLP, a plain
 * Adam training loop over chosen parameters, firing-rate collection and
 * mean ± std summaries.
 */
import { Adam, Linear, ReLU, Sequential, type Module } from '../../src/nn/index.js';
import { crossEntropy, tensor, type Tensor } from '../../src/tensor/index.js';
import { batches, MNIST_NORMALIZATION, type ImageDataset } from '../../src/data/index.js';
import { NonFiniteError, type Rng } from '../../src/util/index.js';
import type { BarSeries, RunContext } from '../../src/experiment/index.js';
import { firingCounter, type TauGate } from '../../src/mechanisms/taugate/index.js';
import { mean, sampleStd } from '../common/stats.js';

/** The 784-h-h-10 ReLU foundation. */
export function foundationMlp(hidden: number, rng: Rng): Sequential {
  return new Sequential(new Linear(784, hidden, { rng }), new ReLU(), new Linear(hidden, hidden, { rng }), new ReLU(), new Linear(hidden, 10, { rng }));
}

/** What {@link fit} trains. */
export interface FitSetup {
  readonly label: string;
  readonly model: Module;
  readonly train: ImageDataset;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly rng: Rng;
  /** Called before every step with the fraction of training done (e.g. to anneal the gate). */
  readonly onStep?: (progress: number) => void;
}

/**
 * Minibatch Adam on cross-entropy over the model's trainable parameters only.
 * @returns the mean training loss of the last epoch
 */
export function fit(s: FitSetup, ctx: RunContext): number {
  const params = s.model.parameters().filter((p) => p.requiresGrad);
  const opt = new Adam(params, { lr: s.lr });
  const steps = Math.ceil(s.train.count / s.batchSize);
  let last = NaN;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    ctx.progress.start(steps, `${s.label} epoch ${epoch + 1}/${s.epochs}`);
    let sum = 0, step = 0;
    for (const b of batches(s.train, { batchSize: s.batchSize, rng: s.rng, normalize: MNIST_NORMALIZATION, buffers: 'reuse' })) {
      ctx.throwIfAborted(s.label);
      s.onStep?.((epoch * steps + step) / Math.max(s.epochs * steps - 1, 1));
      const loss = crossEntropy(s.model.forward(input(b.x, b.size)), b.y);
      const v = loss.item();
      if (!Number.isFinite(v)) throw new NonFiniteError(s.label, { what: 'training loss is not finite', expected: 'a finite loss', received: v });
      opt.zeroGrad();
      loss.backward();
      opt.step();
      sum += v * b.size;
      step++;
      ctx.progress.tick(1);
    }
    ctx.progress.done();
    last = sum / s.train.count;
  }
  return last;
}

function input(x: Float32Array, batch: number): Tensor {
  return tensor(x, [batch, 784]);
}

/** Hard-gated firing rates per neuron and the active fraction of `gate` on `ds` (current τ, γ). */
export function firingOn(gate: TauGate, ds: ImageDataset): { rates: Float64Array[]; activeFraction: number } {
  const counter = firingCounter(gate.tau.map((t) => t.size));
  for (const b of batches(ds, { batchSize: 500, normalize: MNIST_NORMALIZATION, buffers: 'reuse' })) counter.add(gate.firingMasks(input(b.x, b.size)));
  return { rates: counter.rates(), activeFraction: counter.activeFraction() };
}

/** Histogram of per-neuron firing rates (all gated layers pooled), one bar group per 0.1-wide bin. */
export function rateHistogram(byMode: Readonly<Record<string, readonly Float64Array[]>>): BarSeries {
  const bins = 10;
  const labels = Array.from({ length: bins }, (_, i) => `${(i / bins).toFixed(1)}–${((i + 1) / bins).toFixed(1)}`);
  const ys: Record<string, number[]> = {};
  for (const [mode, rates] of Object.entries(byMode)) {
    const h = new Array<number>(bins).fill(0);
    for (const r of rates) for (const v of r) h[Math.min(bins - 1, Math.floor(v * bins))]!++;
    ys[mode] = h;
  }
  return { kind: 'bar', labels, ys, xLabel: 'firing rate (fraction of test images)', yLabel: 'neurons', title: 'hard-gated firing rates per mode (seed 0)' };
}

/** Mean and (sample) standard deviation of each metric over seeds: `k` and `kStd`. */
export function summarize(perSeed: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(perSeed[0] ?? {})) {
    const v = perSeed.map((m) => m[k]!);
    out[k] = mean(v);
    out[`${k}Std`] = sampleStd(v);
  }
  return out;
}

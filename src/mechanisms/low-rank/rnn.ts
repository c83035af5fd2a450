/**
 * The discrete-time ReLU RNN of Liu et al. (2023), without biases and h₀ = 0:
 *   h_t = ReLU((1−α)·h_{t−1} + α·(W_in x_t + W_h h_{t−1})),  y_t = W_out h_t,
 * trained by backpropagation through time on the tensor engine (cross-entropy
 * over the labelled steps, SGD with momentum).
 */
import { Module, SGD } from '../../nn/index.js';
import { add, concat, crossEntropy, matmul, mul, noGrad, relu, Tensor, transpose } from '../../tensor/index.js';
import { ArgumentError, ShapeError, type Rng } from '../../util/index.js';
import type { Task, TaskBatch } from './tasks.js';

/** Plain float64 copies of an RNN's weights (row-major), for analysis. */
export interface RnnWeights {
  readonly n: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /** Leak α = dt/τ (1 in the paper). */
  readonly alpha: number;
  /** [n, inputSize] */
  readonly wIn: Float64Array;
  /** [n, n] */
  readonly wH: Float64Array;
  /** [outputSize, n] */
  readonly wOut: Float64Array;
}

/** Options of {@link ReluRnn}. */
export interface ReluRnnOptions {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Initial recurrent weights, row-major [n, n] (e.g. from `lowRankInit`). */
  readonly wH: ArrayLike<number>;
  /** Leak α = dt/τ (default 1: the paper's dt = τ = 100 ms). */
  readonly alpha?: number;
  /** Draws W_in and W_out from U(±1/√fan_in), PyTorch's default. */
  readonly rng: Rng;
}

/** The ReLU RNN; parameters `wIn` [n, in], `wH` [n, n], `wOut` [out, n]. */
export class ReluRnn extends Module<[TaskBatch], Tensor[]> {
  wIn: Tensor;
  wH: Tensor;
  wOut: Tensor;
  readonly n: number;
  readonly alpha: number;

  constructor(opts: ReluRnnOptions) {
    super();
    const n = Math.round(Math.sqrt(opts.wH.length));
    if (n * n !== opts.wH.length) throw new ShapeError('ReluRnn(opts.wH)', { what: 'square [n, n]', expected: 'n² entries', received: opts.wH.length });
    this.n = n;
    this.alpha = opts.alpha ?? 1;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new ArgumentError('ReluRnn(opts.alpha)', { what: 'leak', expected: 'in (0, 1]', received: this.alpha });
    const uniform = (size: number, fanIn: number): Float32Array => opts.rng.fillUniform(new Float32Array(size), -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)) as Float32Array;
    this.wIn = new Tensor(uniform(n * opts.inputSize, opts.inputSize), [n, opts.inputSize], true);
    this.wH = new Tensor(Float32Array.from(opts.wH), [n, n], true);
    this.wOut = new Tensor(uniform(opts.outputSize * n, n), [opts.outputSize, n], true);
  }

  /**
   * Runs a batch.
   * @param tb trials, inputs [steps, batch, in]
   * @returns logits per step, each [batch, out]
   */
  forward(tb: TaskBatch): Tensor[] {
    if (tb.inputSize !== this.wIn.shape[1]) throw new ShapeError('ReluRnn.forward(tb)', { what: 'inputSize', expected: this.wIn.shape[1], received: tb.inputSize });
    const wInT = transpose(this.wIn);
    const wHT = transpose(this.wH);
    const wOutT = transpose(this.wOut);
    const per = tb.batch * tb.inputSize;
    const out: Tensor[] = [];
    let h: Tensor | null = null;
    for (let t = 0; t < tb.steps; t++) {
      const x = new Tensor(tb.inputs.slice(t * per, (t + 1) * per), [tb.batch, tb.inputSize]);
      let drive = matmul(x, wInT);
      if (h) drive = add(drive, matmul(h, wHT));
      const pre: Tensor = this.alpha === 1 || !h ? (this.alpha === 1 ? drive : mul(drive, this.alpha)) : add(mul(h, 1 - this.alpha), mul(drive, this.alpha));
      h = relu(pre);
      out.push(matmul(h, wOutT));
    }
    return out;
  }

  /** @returns float64 copies of the current weights */
  weights(): RnnWeights {
    return {
      n: this.n, inputSize: this.wIn.shape[1], outputSize: this.wOut.shape[0], alpha: this.alpha,
      wIn: Float64Array.from(this.wIn.data), wH: Float64Array.from(this.wH.data), wOut: Float64Array.from(this.wOut.data),
    };
  }
}

/**
 * Mean cross-entropy over every labelled step (labels ≥ 0; a step counts when its
 * first trial is labelled, so label all trials of a step alike).
 * @param logits per step [batch, out], from {@link ReluRnn.forward}
 * @param tb the batch with labels [steps, batch]
 * @returns scalar loss
 */
export function sequenceLoss(logits: readonly Tensor[], tb: TaskBatch): Tensor {
  const used: Tensor[] = [];
  const labels: number[] = [];
  for (let t = 0; t < tb.steps; t++) {
    if (tb.labels[t * tb.batch] < 0) continue;
    used.push(logits[t]);
    for (let b = 0; b < tb.batch; b++) labels.push(tb.labels[t * tb.batch + b]);
  }
  return crossEntropy(used.length === 1 ? used[0] : concat(used, 0), labels);
}

/** Options of {@link trainRnn}. */
export interface TrainRnnOptions {
  readonly iterations: number;
  /** Trials per step (paper: 32; sMNIST 200). */
  readonly batch: number;
  /** Paper: 0.003. */
  readonly lr: number;
  /** Paper: 0.9. */
  readonly momentum: number;
  /** Draws the training trials. */
  readonly rng: Rng;
  /** Called after each step with the iteration and loss (e.g. progress or abort checks). */
  readonly onStep?: (iteration: number, loss: number) => void;
}

/**
 * Trains all weights by BPTT with SGD + momentum on fresh trials each step.
 * @param rnn the network (updated in place)
 * @param task trial generator
 * @param opts schedule
 * @returns loss per iteration
 */
export function trainRnn(rnn: ReluRnn, task: Task, opts: TrainRnnOptions): Float64Array {
  const opt = new SGD(rnn.parameters(), { lr: opts.lr, momentum: opts.momentum });
  const losses = new Float64Array(opts.iterations);
  for (let it = 0; it < opts.iterations; it++) {
    const tb = task.sample(opts.batch, opts.rng);
    opt.zeroGrad();
    const loss = sequenceLoss(rnn.forward(tb), tb);
    loss.backward();
    opt.step();
    losses[it] = loss.data[0];
    opts.onStep?.(it, losses[it]);
  }
  return losses;
}

/**
 * Fraction of labelled decision-period outputs classified correctly.
 * @param rnn the network
 * @param tb a batch
 * @returns accuracy in [0, 1]
 */
export function decisionAccuracy(rnn: ReluRnn, tb: TaskBatch): number {
  const logits = noGrad(() => rnn.forward(tb));
  let hit = 0;
  let total = 0;
  for (let t = tb.decision[0]; t < tb.decision[1]; t++) {
    const y = logits[t];
    const k = y.shape[1];
    for (let b = 0; b < tb.batch; b++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (y.data[b * k + c] > y.data[b * k + best]) best = c;
      hit += best === tb.labels[t * tb.batch + b] ? 1 : 0;
      total++;
    }
  }
  return total ? hit / total : 0;
}

/**
 * The discrete-time ReLU RNN of Liu et al. (2023), without biases and h₀ = 0:
 *   h_t = ReLU((1−α)·h_{t−1} + α·(W_in x_t + W_h h_{t−1})),  y_t = W_out h_t,
 * trained by backpropagation through time (cross-entropy over the labelled
 * steps, SGD with momentum). BPTT is written out on the tensor engine's GEMM
 * kernel, with the input drive, the readout and the W_in, W_out gradients as one
 * GEMM each over all steps; tests check it against the autodiff tape and finite
 * differences.
 */
import { Module, SGD, countCorrect } from '../../nn/index.js';
import { kernel, kernels, Tensor } from '../../tensor/index.js';
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
export class ReluRnn extends Module<[TaskBatch], { h: Float32Array; logits: Float32Array }> {
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
   * Runs a batch (float32, no tape).
   * @param tb trials, inputs [steps, batch, in]
   * @returns hidden states `h` [steps, batch, n] and `logits` [steps, batch, out]
   */
  forward(tb: TaskBatch): { h: Float32Array; logits: Float32Array } {
    if (tb.inputSize !== this.wIn.shape[1]) throw new ShapeError('ReluRnn.forward(tb)', { what: 'inputSize', expected: this.wIn.shape[1], received: tb.inputSize });
    const { n, alpha } = this;
    const [rows, gemm] = [tb.steps * tb.batch, kernels().gemm];
    // W_hᵀ once per call: the step loop then runs untransposed GEMMs (~1.5× faster at n = 64).
    const wHt = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) wHt[j * n + i] = this.wH.data[i * n + j];
    // h holds W_in x_t for every step (one GEMM), then the recurrence in place (one kernel call per sequence).
    const h = new Float32Array(rows * n);
    gemm({ m: rows, n, k: tb.inputSize, a: tb.inputs, b: this.wIn.data, c: h, transB: true });
    kernel('reluRnnForward')(h, wHt, { steps: tb.steps, nb: tb.batch, n, alpha });
    const logits = new Float32Array(rows * this.wOut.shape[0]);
    gemm({ m: rows, n: this.wOut.shape[0], k: n, a: h, b: this.wOut.data, c: logits, transB: true });
    return { h, logits };
  }

  /**
   * Mean cross-entropy over the labelled (step, trial) pairs and its gradients by
   * hand-written BPTT.
   * @param tb trials, inputs [steps, batch, in]
   * @returns the loss; `.grad` of `wIn`, `wH`, `wOut` is set (overwritten, not added)
   */
  lossAndGrad(tb: TaskBatch): number {
    const { h, logits: dy } = this.forward(tb);
    const { n, alpha } = this;
    const [no, rows, gemm] = [this.wOut.shape[0], tb.steps * tb.batch, kernels().gemm];
    const loss = softmaxCrossEntropyInPlace(dy, tb.labels, no);
    // dh = dy·W_out for every step, then g_t = α·relu′(pre_t)·dh_t from the last step down,
    // with dh_t += g_{t+1}·W_h + (1−α)/α·g_{t+1}; g overwrites dh.
    const grad = (p: Tensor): Float32Array => (p.grad ??= new Tensor(new Float32Array(p.size), p.shape)).data;
    gemm({ m: no, n, k: rows, a: dy, b: h, c: grad(this.wOut), transA: true });
    const g = new Float32Array(rows * n);
    gemm({ m: rows, n, k: no, a: dy, b: this.wOut.data, c: g });
    const seq = { steps: tb.steps, nb: tb.batch, n, alpha };
    kernel('reluRnnBackward')(g, h, this.wH.data, seq);
    // ∂L/∂W_h = Σ_{t≥1} g_tᵀ h_{t−1} step by step (GEMMs this small run faster on one thread than
    // split over workers), ∂L/∂W_in = Σ_t g_tᵀ x_t in one GEMM over all steps.
    const gH = grad(this.wH).fill(0);
    kernel('reluRnnGradWh')(g, h, gH, seq);
    gemm({ m: n, n: tb.inputSize, k: rows, a: g, b: tb.inputs, c: grad(this.wIn), transA: true });
    return loss;
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
 * Turns logits [rows, k] into ∂L/∂logits in place for the mean cross-entropy over
 * rows with label ≥ 0 (other rows get 0).
 * @returns the mean loss (0 when no row is labelled)
 */
function softmaxCrossEntropyInPlace(y: Float32Array, labels: Int32Array, k: number): number {
  let count = 0;
  for (let r = 0; r < labels.length; r++) count += labels[r] >= 0 ? 1 : 0;
  let loss = 0;
  for (let r = 0, o = 0; r < labels.length; r++, o += k) {
    if (labels[r] < 0) {
      y.fill(0, o, o + k);
      continue;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, y[o + c]);
    let z = 0;
    for (let c = 0; c < k; c++) z += Math.exp(y[o + c] - max);
    loss += max + Math.log(z) - y[o + labels[r]];
    for (let c = 0; c < k; c++) y[o + c] = (Math.exp(y[o + c] - max) / z - (c === labels[r] ? 1 : 0)) / count;
  }
  return count ? loss / count : 0;
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
 * Trains all weights by BPTT ({@link ReluRnn.lossAndGrad}) with SGD + momentum on
 * fresh trials each step.
 * @param rnn the network (updated in place)
 * @param task trial generator
 * @param opts schedule
 * @returns loss per iteration
 */
export function trainRnn(rnn: ReluRnn, task: Task, opts: TrainRnnOptions): Float64Array {
  const opt = new SGD(rnn.parameters(), { lr: opts.lr, momentum: opts.momentum });
  const losses = new Float64Array(opts.iterations);
  for (let it = 0; it < opts.iterations; it++) {
    losses[it] = rnn.lossAndGrad(task.sample(opts.batch, opts.rng));
    opt.step();
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
  const { logits } = rnn.forward(tb);
  const k = rnn.wOut.shape[0];
  const r0 = tb.decision[0] * tb.batch;
  const rows = (tb.decision[1] - tb.decision[0]) * tb.batch;
  return countCorrect(logits, tb.labels, k, rows, r0) / Math.max(1, rows);
}

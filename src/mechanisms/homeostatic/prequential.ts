/**
 * Prequential (test-then-train) training of a classifier under a label-swap
 * stream, with its learning rate set by a {@link HomeostaticLr} regulator: each
 * minibatch is first predicted (online accuracy, the regulator's guesses), then
 * the regulator sees its samples, then one SGD step at the regulated η.
 */
import { SGD, argmaxRows, countCorrect, type Module } from '../../nn/index.js';
import { crossEntropy, noGrad, tensor, type Tensor } from '../../tensor/index.js';
import { batches, type ImageDataset } from '../../data/index.js';
import { NonFiniteError, type Rng } from '../../util/index.js';
import type { HomeostaticLr, LrProbe, RegulatorState } from './regulator.js';
import { applySwap, identityMapping, type SwapEvent } from './shift.js';

/** What {@link runPrequential} needs. */
export interface PrequentialSetup {
  /** Maps `[b, pixels]` to logits `[b, classes]`; trained in place. */
  readonly model: Module;
  readonly regulator: HomeostaticLr;
  readonly train: ImageDataset;
  /** Scored at the end of every epoch under the current label mapping. */
  readonly val: ImageDataset;
  readonly epochs: number;
  /** Minibatch m (the paper: 10). */
  readonly batchSize: number;
  /** Swap events in stream positions (samples); the same list for every compared learner. */
  readonly events: readonly SwapEvent[];
  readonly normalize: { readonly mean: number; readonly std: number };
  /** Shuffling stream. */
  readonly shuffleRng: Rng;
  /** Coin flips of random regulation. */
  readonly regulatorRng: Rng;
  /** Called after every minibatch (progress, abort checks). */
  readonly onBatch?: (batch: number) => void;
}

/** What {@link runPrequential} measured. */
export interface PrequentialResult {
  /** `[samples]` 1 where the prediction made before training was right. */
  readonly correct: Uint8Array;
  /** η after every minibatch (the paper's `lr_list`). */
  readonly lr: Float64Array;
  /** Validation accuracy after every epoch under the then-current mapping. */
  readonly valAccuracy: number[];
  /** Number of take/leave decisions that moved η. */
  readonly effects: number;
}

/** Accuracy of `model` on `x` `[n, d]` with labels `y`. */
function accuracyOn(model: Module, x: Tensor, y: Int32Array): number {
  const logits = noGrad(() => model.forward(x));
  const classes = logits.shape[1]!;
  return countCorrect(logits.data, y, classes, y.length) / y.length;
}

/**
 * A ring buffer of the last `size` inputs and their *true* classes; labels are
 * read through the current mapping, so after a swap the memo is scored under the
 * new labels (the authors relabel their whole training set in place).
 */
class Memory {
  readonly x: Float32Array;
  readonly cls: Int32Array;
  private next = 0;
  filled = 0;
  constructor(readonly size: number, readonly dim: number) {
    this.x = new Float32Array(size * dim);
    this.cls = new Int32Array(size);
  }
  push(x: Float32Array, off: number, cls: number): void {
    this.x.set(x.subarray(off, off + this.dim), this.next * this.dim);
    this.cls[this.next] = cls;
    this.next = (this.next + 1) % this.size;
    this.filled = Math.min(this.size, this.filled + 1);
  }
  tensors(mapping: Int32Array): { x: Tensor; y: Int32Array } {
    const y = Int32Array.from(this.cls.subarray(0, this.filled), (c) => mapping[c]!);
    return { x: tensor(this.x.subarray(0, this.filled * this.dim), [this.filled, this.dim]), y };
  }
}

/** `scale`·∇ of `loss(model(x), y)` per parameter, grads cleared after (copy, then scale: `Float32Array.from(d, map)` is ~100× slower). */
function gradOf(model: Module, params: readonly Tensor[], x: Tensor, y: Int32Array, scale: number): Float32Array[] {
  model.zeroGrad();
  crossEntropy(model.forward(x), y).backward();
  const g = params.map((p) => (p.grad ? Float32Array.from(p.grad.data) : new Float32Array(p.size)));
  if (scale !== 1) for (const a of g) for (let i = 0; i < a.length; i++) a[i] = a[i]! * scale;
  model.zeroGrad();
  return g;
}

/**
 * The probe of one decision: memo accuracy after W − lr·G. `memoryStep`: G is the
 * memo's mean gradient. `minibatchGrad` (the authors' code): G = (1/m)·Σ of the
 * gradients of the current minibatch's first `k` samples (`bx` `[≥k·dim]`, labels `by`).
 * G and the memo tensors are built on first use; the weights are restored after each simulation.
 */
function makeProbe(setup: PrequentialSetup, params: readonly Tensor[], mem: Memory, mapping: Int32Array, bx: Float32Array, by: Int32Array, k: number): LrProbe {
  const { model, regulator, batchSize } = setup;
  let dir: Float32Array[] | null = null;
  let memo: { x: Tensor; y: Int32Array } | null = null;
  return (lr) => {
    memo ??= mem.tensors(mapping);
    if (dir === null) {
      dir = regulator.config.simulate === 'minibatchGrad'
        ? gradOf(model, params, tensor(bx.subarray(0, k * mem.dim), [k, mem.dim]), by.subarray(0, k), k / batchSize)
        : gradOf(model, params, memo.x, memo.y, 1);
    }
    const saved = params.map((p) => Float32Array.from(p.data));
    params.forEach((p, j) => {
      const d = p.data, g = dir![j]!;
      for (let i = 0; i < d.length; i++) d[i] = d[i]! - lr * g[i]!;
    });
    const acc = accuracyOn(model, memo.x, memo.y);
    params.forEach((p, j) => p.data.set(saved[j]!));
    return acc;
  };
}

/**
 * Runs the prequential loop and returns online correctness, η per minibatch and
 * validation accuracy per epoch.
 * @throws NonFiniteError if the training loss becomes NaN or infinite (η diverged).
 */
export function runPrequential(setup: PrequentialSetup): PrequentialResult {
  const { model, regulator, train, epochs, batchSize } = setup;
  const dim = train.rows * train.cols;
  const params = model.parameters();
  const optimizer = new SGD(params, { lr: regulator.config.lr0 });
  const mapping = identityMapping(train.classes);
  const mem = new Memory(regulator.config.memorySize, dim);
  const correct = new Uint8Array(epochs * train.count);
  const lrs: number[] = [];
  const valAccuracy: number[] = [];
  let u: RegulatorState = regulator.init();
  let t = 0, ev = 0, nBatch = 0, effects = 0;
  const guess = new Int32Array(batchSize);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const b of batches(train, { batchSize, rng: setup.shuffleRng, normalize: setup.normalize, buffers: 'reuse' })) {
      const x = tensor(b.x, [b.size, dim]);
      const logits = noGrad(() => model.forward(x));
      argmaxRows(logits.data, logits.shape[1]!, b.size, guess);
      const y = new Int32Array(b.size);
      for (let i = 0; i < b.size; i++) {
        while (ev < setup.events.length && setup.events[ev]!.at <= t + i) applySwap(mapping, setup.events[ev]!.a, setup.events[ev++]!.b);
        y[i] = mapping[b.y[i]!]!;
        correct[t + i] = guess[i] === y[i] ? 1 : 0;
        // Decide before sample i enters the memo: the memo is the nMemo samples before it.
        const probe = makeProbe(setup, params, mem, mapping, b.x, y, i + 1);
        const r = regulator.step(u, { guess: guess[i]!, label: y[i]! }, probe, setup.regulatorRng);
        if (r.effect !== 0) effects++;
        u = r.u;
        mem.push(b.x, i * dim, b.y[i]!);
      }
      model.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      if (!Number.isFinite(loss.item())) throw new NonFiniteError('runPrequential', { what: 'training loss is not finite', expected: 'a finite loss', received: loss.item() });
      loss.backward();
      optimizer.lr = u.lr;
      optimizer.step();
      lrs.push(u.lr);
      t += b.size;
      setup.onBatch?.(nBatch++);
    }
    const valY = new Int32Array(setup.val.count);
    for (let i = 0; i < valY.length; i++) valY[i] = mapping[setup.val.labels[i]!]!;
    valAccuracy.push(scoreVal(setup, valY));
  }
  return { correct, lr: Float64Array.from(lrs), valAccuracy, effects };
}

function scoreVal(setup: PrequentialSetup, labels: Int32Array): number {
  let ok = 0;
  const dim = setup.val.rows * setup.val.cols;
  for (const b of batches(setup.val, { batchSize: 500, normalize: setup.normalize, buffers: 'reuse' })) {
    const y = Int32Array.from(b.indices, (k) => labels[k]!);
    ok += accuracyOn(setup.model, tensor(b.x, [b.size, dim]), y) * b.size;
  }
  return ok / setup.val.count;
}

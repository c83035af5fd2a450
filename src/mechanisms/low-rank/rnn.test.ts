import { describe, expect, it } from 'vitest';
import { add, concat, crossEntropy, matmul, mul, relu, Tensor, transpose } from '../../tensor/index.js';
import { createRng } from '../../util/index.js';
import {
  ReluRnn,
  alignment,
  cognitiveTask,
  contextDecisionTask,
  decisionAccuracy,
  kernelAlignment,
  lowRankInit,
  tangentKernel,
  representationAlignment,
  sequentialMnistTask,
  signSimilarity,
  trainRnn,
  weightChangeNorm,
  type TaskBatch,
} from './index.js';

function tinyRnn(alpha = 1): { rnn: ReluRnn; tb: TaskBatch } {
  const rng = createRng(7);
  const task = cognitiveTask('dms');
  const { w } = lowRankInit({ n: 5, gain: 1.5 }, rng);
  const rnn = new ReluRnn({ inputSize: 3, outputSize: 3, wH: w, alpha, rng });
  return { rnn, tb: task.sample(3, rng) };
}

/** The reference: the same RNN on the autodiff tape, logits per step [batch, out]. */
function tapeLogits(rnn: ReluRnn, tb: TaskBatch): Tensor[] {
  const per = tb.batch * tb.inputSize;
  const out: Tensor[] = [];
  let h: Tensor | null = null;
  for (let t = 0; t < tb.steps; t++) {
    const x = new Tensor(tb.inputs.slice(t * per, (t + 1) * per), [tb.batch, tb.inputSize]);
    let drive = matmul(x, transpose(rnn.wIn));
    if (h) drive = add(drive, matmul(h, transpose(rnn.wH)));
    h = relu(h ? add(mul(h, 1 - rnn.alpha), mul(drive, rnn.alpha)) : mul(drive, rnn.alpha));
    out.push(matmul(h, transpose(rnn.wOut)));
  }
  return out;
}

/** Mean cross-entropy over the labelled steps, on the tape. */
function tapeLoss(rnn: ReluRnn, tb: TaskBatch): Tensor {
  const steps = [...Array(tb.steps).keys()].filter((t) => tb.labels[t * tb.batch] >= 0);
  const logits = tapeLogits(rnn, tb);
  return crossEntropy(concat(steps.map((t) => logits[t]), 0), steps.flatMap((t) => [...tb.labels.subarray(t * tb.batch, (t + 1) * tb.batch)]));
}

describe('ReluRnn BPTT', () => {
  for (const alpha of [1, 0.5]) {
    it(`hand-written BPTT (lossAndGrad) equals autodiff and finite differences (α = ${alpha})`, () => {
      const { rnn, tb } = tinyRnn(alpha);
      rnn.zeroGrad();
      const ref = tapeLoss(rnn, tb);
      ref.backward();
      const want = [rnn.wIn, rnn.wH, rnn.wOut].map((p) => Float32Array.from(p.grad?.data ?? []));
      const loss = rnn.lossAndGrad(tb);
      expect(loss).toBeCloseTo(ref.data[0], 5);
      [rnn.wIn, rnn.wH, rnn.wOut].forEach((p, i) => {
        const got = p.grad?.data ?? new Float32Array(0);
        expect(got.length).toBe(want[i].length);
        for (let j = 0; j < got.length; j++) expect(got[j]).toBeCloseTo(want[i][j], 5);
      });
      // Central differences of lossAndGrad's own loss on a few weights of each matrix.
      const grads = [rnn.wIn, rnn.wH, rnn.wOut].map((p) => Float32Array.from(p.grad?.data ?? []));
      const eps = 1e-3;
      [rnn.wIn, rnn.wH, rnn.wOut].forEach((p, i) => {
        for (const j of [0, 4, p.size - 1]) {
          const x = p.data[j];
          p.data[j] = x + eps;
          const up = rnn.lossAndGrad(tb);
          p.data[j] = x - eps;
          const down = rnn.lossAndGrad(tb);
          p.data[j] = x;
          expect(Math.abs((up - down) / (2 * eps) - grads[i][j])).toBeLessThan(2e-3);
        }
      });
    });
  }

  it('the tangent kernel equals J Jᵀ of autodiff rows ∂y_{t,b,k}/∂W_h, over labelled steps only', () => {
    const { rnn, tb: full } = tinyRnn(0.5);
    // Steps 0–4 unlabelled: the kernel keeps steps 5–7 (rows in (b, t, k) order).
    const labels = Int32Array.from(full.labels, (l, i) => (i < 5 * full.batch ? -1 : l));
    const tb = { ...full, labels };
    const w = rnn.weights();
    const n2 = w.n * w.n;
    const jac: Float32Array[] = [];
    for (let b = 0; b < tb.batch; b++) {
      for (const t of [5, 6, 7]) {
        for (let k = 0; k < 3; k++) {
          rnn.zeroGrad();
          const y = tapeLogits(rnn, tb)[t];
          const seed = new Float32Array(y.size);
          seed[b * 3 + k] = 1;
          y.backward(new Tensor(seed, y.shape));
          jac.push(Float32Array.from(rnn.wH.grad?.data ?? new Float32Array(n2)));
        }
      }
    }
    const kern = tangentKernel(w, tb);
    const r = jac.length;
    expect(kern.length).toBe(r * r);
    let scale = 0;
    for (const row of jac) for (const x of row) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        let dot = 0;
        for (let q = 0; q < n2; q++) dot += jac[i][q] * jac[j][q];
        expect(Math.abs(kern[i * r + j] - dot)).toBeLessThan(1e-4 * scale * scale * n2);
      }
    }
  });

  it('learns 2AF with SGD + momentum', () => {
    const rng = createRng(3);
    const task = cognitiveTask('2af');
    const rnn = new ReluRnn({ inputSize: 3, outputSize: 3, wH: lowRankInit({ n: 32 }, rng).w, rng });
    const losses = trainRnn(rnn, task, { iterations: 300, batch: 32, lr: 0.01, momentum: 0.9, rng });
    const head = losses.slice(0, 20).reduce((a, b) => a + b) / 20;
    const tail = losses.slice(-20).reduce((a, b) => a + b) / 20;
    expect(tail).toBeLessThan(head * 0.6);
    expect(decisionAccuracy(rnn, task.sample(200, rng))).toBeGreaterThan(0.6);
  });
});

describe('tasks', () => {
  it('follow neurogym conventions: 8 steps, fixation cue, 0 = fixate outside the decision step', () => {
    for (const name of ['2af', 'dms', 'cxt'] as const) {
      const task = cognitiveTask(name);
      const tb = task.sample(16, createRng(1));
      expect(tb.steps).toBe(8);
      expect(tb.decision).toEqual([7, 8]);
      expect(tb.inputs.length).toBe(8 * 16 * task.inputSize);
      expect(tb.labels.length).toBe(8 * 16);
      for (let t = 0; t < 8; t++) {
        for (let b = 0; b < 16; b++) {
          const label = tb.labels[t * 16 + b];
          expect(tb.inputs[(t * 16 + b) * task.inputSize]).toBe(t < 7 ? 1 : 0);
          if (t < 7) expect(label).toBe(0);
          else expect([1, 2]).toContain(label);
        }
      }
    }
  });

  it('2AF: the stronger channel is the answer on average; DMS: match iff equal sample and test', () => {
    const tb = cognitiveTask('2af').sample(400, createRng(2));
    let agree = 0;
    for (let b = 0; b < 400; b++) {
      let diff = 0;
      for (let t = 0; t < 7; t++) diff += tb.inputs[(t * 400 + b) * 3 + 1] - tb.inputs[(t * 400 + b) * 3 + 2];
      agree += (diff > 0 ? 1 : 2) === tb.labels[7 * 400 + b] ? 1 : 0;
    }
    expect(agree / 400).toBeGreaterThan(0.65);
    const dms = cognitiveTask('dms').sample(200, createRng(3));
    let ok = 0;
    for (let b = 0; b < 200; b++) {
      const sample = dms.inputs[(0 * 200 + b) * 3 + 1] > dms.inputs[(0 * 200 + b) * 3 + 2];
      const test = dms.inputs[(6 * 200 + b) * 3 + 1] > dms.inputs[(6 * 200 + b) * 3 + 2];
      ok += (sample === test ? 1 : 2) === dms.labels[7 * 200 + b] ? 1 : 0;
    }
    expect(ok / 200).toBeGreaterThan(0.95);
    // CXT: stimuli only in the first two steps (200 ms), 5 observation channels.
    const cxt = contextDecisionTask(1).sample(4, createRng(4));
    expect(cxt.inputSize).toBe(5);
    expect(cxt.inputs[(3 * 4) * 5 + 1]).toBe(0);
  });

  it('sequential MNIST: rows as steps, label on the last step only', () => {
    const images = new Uint8Array(2 * 28 * 28).map((_, i) => i % 256);
    const ds = { images, labels: new Uint8Array([3, 8]), count: 2, rows: 28, cols: 28, classes: 10 };
    const tb = sequentialMnistTask(ds).sample(5, createRng(0));
    expect([tb.steps, tb.inputSize, tb.outputSize]).toEqual([28, 28, 10]);
    for (let t = 0; t < 27; t++) for (let b = 0; b < 5; b++) expect(tb.labels[t * 5 + b]).toBe(-1);
    for (let b = 0; b < 5; b++) expect([3, 8]).toContain(tb.labels[27 * 5 + b]);
  });
});

describe('richness metrics', () => {
  it('are 1 (alignments, sign similarity) and 0 (weight change) for identical networks', () => {
    const { rnn, tb } = tinyRnn();
    const w = rnn.weights();
    expect(kernelAlignment(w, w, tb)).toBeCloseTo(1, 6);
    expect(representationAlignment(w, w, tb)).toBeCloseTo(1, 12);
    expect(signSimilarity(w, w, tb)).toBe(1);
    expect(weightChangeNorm(w.wH, w.wH)).toBe(0);
  });

  it('alignment is a cosine: scale-free, −1 for opposite, 0 for orthogonal', () => {
    expect(alignment([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(alignment([1, 0], [-3, 0])).toBeCloseTo(-1, 12);
    expect(alignment([1, 0], [0, 5])).toBe(0);
    expect(weightChangeNorm([0, 0], [3, 4])).toBe(5);
  });
});

/**
 * Gradient sweep over every differentiable op: autodiff vs central finite
 * differences (checkGrad) on seeded random inputs, several shapes, broadcasting
 * patterns, keepDims on/off, negative axes, batched and 1-D matmul.
 *
 * Reference: finite differences of the op's own float32 forward, taken in float64
 * around the float32 values (checkGrad stores x ± eps in float32 and divides by
 * the perturbation actually stored, and accumulates Σ w·f in float64). We test
 * the real forward rather than a float64 re-implementation so the sweep cannot
 * pass on a reference that differs from the shipped code. The price is float32
 * rounding noise in f(x ± eps), about 6e-8·|f| / eps, so:
 *
 *   eps = 1e-3, pass when |autodiff − numeric| ≤ atol + rtol·|numeric| per element,
 *   atol = 1e-3, rtol = 1e-2 (checkGrad defaults), unless a case states otherwise.
 *
 * Inputs avoid non-differentiable points: relu/abs/leakyRelu/elu/clamp inputs
 * are kept ≥ 0.1 away from their kinks, max/min/maximum/minimum inputs have no
 * ties, log/sqrt/pow/div get inputs in [0.5, 2], bce probabilities in [0.1, 0.9].
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/util/index.js';
import * as T from '../src/tensor/index.js';
import { checkGrad, customOp, rand, randn, setCheckFinite, tensor, type Tensor } from '../src/tensor/index.js';

const rng = createRng(20240611);
const normal = (shape: number[]): Tensor => randn(shape, { rng });
const positive = (shape: number[]): Tensor => rand(shape, { rng, low: 0.5, high: 2 });
/** |v| in [0.1, 2] with random sign: away from the kinks at 0. */
const awayFromZero = (shape: number[]): Tensor => {
  const t = rand(shape, { rng, low: 0.1, high: 2 });
  for (let i = 0; i < t.size; i++) if (rng.bernoulli(0.5)) t.data[i] = -t.data[i];
  return t;
};
/** Distinct values spaced ≥ 0.05 apart, shuffled: no ties for max/min. */
const distinct = (shape: number[]): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const p = rng.permutation(n);
  return tensor(Array.from(p, (v) => (v - n / 2) * 0.05 + rng.uniform(0, 0.01)), shape);
};
const probs = (shape: number[]): Tensor => rand(shape, { rng, low: 0.1, high: 0.9 });

interface Case {
  op: string;
  label: string;
  fn: (...xs: Tensor[]) => Tensor;
  inputs: () => Tensor[];
  wrt?: number[];
}

const cases: Case[] = [];
const add = (op: string, label: string, fn: Case['fn'], inputs: Case['inputs'], wrt?: number[]): void => {
  cases.push(wrt === undefined ? { op, label, fn, inputs } : { op, label, fn, inputs, wrt });
};

// ---- broadcasting binary ops ----
const binaryShapes: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[4], [3, 4]],
  [[2, 1, 3], [4, 1]],
  [[], [2, 3]],
  [[2, 3], []],
  [[3, 1], [1, 5]],
];
for (const [sa, sb] of binaryShapes) {
  const label = `[${sa}] with [${sb}]`;
  add('add', label, (a, b) => T.add(a, b), () => [normal(sa), normal(sb)]);
  add('sub', label, (a, b) => a.sub(b), () => [normal(sa), normal(sb)]);
  add('mul', label, (a, b) => a.mul(b), () => [normal(sa), normal(sb)]);
  add('div', label, (a, b) => a.div(b), () => [normal(sa), positive(sb)]);
  add('pow', `tensor exponent ${label}`, (a, b) => a.pow(b), () => [positive(sa), normal(sb)]);
  add('maximum', label, (a, b) => a.maximum(b), () => [distinct(sa), distinct(sb).add(0.013)]);
  add('minimum', label, (a, b) => a.minimum(b), () => [distinct(sa), distinct(sb).add(0.013)]);
}
add('add', 'number operand', (a) => T.add(2, a), () => [normal([3])]);
add('mul', 'number operand', (a) => a.mul(-1.5), () => [normal([2, 3])]);
add('where', '[2,3] cond, [3] a, [2,1] b', (c, a, b) => T.where(c, a, b), () => [tensor([[1, 0, 1], [0, 0, 1]]), normal([3]), normal([2, 1])], [1, 2]);
add('where', 'number branch', (c, a) => T.where(c, a, 0), () => [tensor([1, 0, 1, 1]), normal([4])], [1]);

// ---- unary ----
for (const shape of [[5], [2, 3], []]) {
  const label = `[${shape}]`;
  add('neg', label, (x) => x.neg(), () => [normal(shape)]);
  add('exp', label, (x) => x.exp(), () => [normal(shape)]);
  add('log', label, (x) => x.log(), () => [positive(shape)]);
  add('sqrt', label, (x) => x.sqrt(), () => [positive(shape)]);
  add('abs', label, (x) => x.abs(), () => [awayFromZero(shape)]);
  add('pow', `number exponent ${label}`, (x) => x.pow(3), () => [normal(shape)]);
  add('pow', `fractional exponent ${label}`, (x) => x.pow(-1.5), () => [positive(shape)]);
  add('clamp', label, (x) => x.clamp(-0.05, 0.05), () => [awayFromZero(shape).mul(0.5)]);
  add('clamp', `min only ${label}`, (x) => T.clamp(x, 0.05), () => [awayFromZero(shape)]);
  add('relu', label, (x) => x.relu(), () => [awayFromZero(shape)]);
  add('leakyRelu', label, (x) => x.leakyRelu(0.2), () => [awayFromZero(shape)]);
  add('elu', label, (x) => x.elu(0.7), () => [awayFromZero(shape)]);
  add('gelu', label, (x) => x.gelu(), () => [normal(shape).mul(2)]);
  add('tanh', label, (x) => x.tanh(), () => [normal(shape)]);
  add('sigmoid', label, (x) => x.sigmoid(), () => [normal(shape).mul(3)]);
  add('softplus', label, (x) => x.softplus(), () => [normal(shape).mul(3)]);
  add('clone', label, (x) => x.clone().mul(x), () => [normal(shape)]);
}
add('gelu', 'tails', (x) => x.gelu(), () => [tensor([-6, -3.5, -2.9, 2.9, 3.5, 6])]);

// ---- reductions ----
const reduceAxes: [number[], number | number[] | undefined][] = [
  [[3, 4], undefined],
  [[3, 4], 0],
  [[3, 4], -1],
  [[2, 3, 4], [0, 2]],
  [[2, 3, 4], [-2, -1]],
  [[2, 3, 4], 1],
];
for (const [shape, axis] of reduceAxes) {
  for (const keepDims of [false, true]) {
    const label = `[${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`;
    add('sum', label, (x) => x.sum(axis, keepDims), () => [normal(shape)]);
    add('mean', label, (x) => x.mean(axis, keepDims), () => [normal(shape)]);
    add('max', label, (x) => x.max(axis, keepDims), () => [distinct(shape)]);
    add('min', label, (x) => x.min(axis, keepDims), () => [distinct(shape)]);
  }
}

// ---- matmul ----
const matmulShapes: [number[], number[]][] = [
  [[3, 4], [4, 5]],
  [[2, 3, 4], [2, 4, 5]],
  [[2, 1, 3, 4], [3, 4, 2]],
  [[2, 3, 4], [4, 5]],
  [[3, 4], [2, 4, 5]],
  [[4], [4]],
  [[4], [4, 3]],
  [[3, 4], [4]],
  [[4], [2, 4, 3]],
  [[2, 3, 4], [4]],
  [[1, 4], [4, 1]],
];
for (const [sa, sb] of matmulShapes) add('matmul', `[${sa}] x [${sb}]`, (a, b) => a.matmul(b), () => [normal(sa), normal(sb)]);

// ---- shape ops ----
add('reshape', '[2,3,4] -> [4,-1]', (x) => x.reshape([4, -1]).mul(x.reshape([4, 6])), () => [normal([2, 3, 4])]);
add('transpose', 'default', (x) => x.transpose(), () => [normal([2, 3, 4])]);
add('transpose', 'axes 0, -1', (x) => T.transpose(x, 0, -1), () => [normal([2, 3, 4])]);
add('permute', '[2,0,1]', (x) => x.permute([2, 0, -2]), () => [normal([2, 3, 4])]);
add('expand', '[3,1] -> [2,3,4]', (x) => x.expand([2, 3, 4]), () => [normal([3, 1])]);
add('expand', '-1 keeps size', (x) => x.expand([2, -1, 5]), () => [normal([1, 3, 1])]);
add('squeeze', 'all', (x) => x.squeeze().mul(tensor([1, 2, 3])), () => [normal([1, 3, 1])]);
add('squeeze', 'axis -1', (x) => x.squeeze(-1), () => [normal([2, 3, 1])]);
const unsqueezeWeights = normal([2, 4, 3]); // created once: fn must be deterministic
add('unsqueeze', 'axis 1', (x) => x.unsqueeze(1).mul(unsqueezeWeights), () => [normal([2, 3])]);
add('slice', 'axis 1 [1,3)', (x) => x.slice(1, 1, 3), () => [normal([2, 4, 3])]);
add('slice', 'negative bounds', (x) => T.slice(x, -1, -2), () => [normal([3, 5])]);
add('concat', 'axis 1', (a, b, c) => T.concat([a, b, c], 1), () => [normal([2, 1, 3]), normal([2, 2, 3]), normal([2, 3, 3])]);
add('concat', 'axis -1, constant middle', (a, b) => T.concat([a, tensor([[9], [9]]), b], -1), () => [normal([2, 2]), normal([2, 3])]);
add('stack', 'axis 0', (a, b) => T.stack([a, b]), () => [normal([2, 3]), normal([2, 3])]);
add('stack', 'axis -1', (a, b) => a.stack([b], -1), () => [normal([2, 3]), normal([2, 3])]);

// ---- indexing ----
add('gather', 'axis 1', (a, idx) => a.gather(1, idx), () => [normal([3, 4]), tensor([[0, 3], [1, 1], [2, 0]])], [0]);
add('gather', 'axis 0, 3-D', (a, idx) => T.gather(a, 0, idx), () => [normal([3, 2, 2]), tensor([[[2, 0], [1, 1]]])], [0]);
add('indexSelect', 'axis 0 with repeats', (a) => a.indexSelect(0, [2, 0, 2]), () => [normal([3, 4])]);
add('indexSelect', 'axis -1', (a) => T.indexSelect(a, -1, new Int32Array([1, 3])), () => [normal([2, 3, 4])]);

// ---- softmax family and losses ----
add('softmax', 'axis -1', (x) => x.softmax(), () => [normal([3, 5])]);
add('softmax', 'axis 0 of 3-D', (x) => T.softmax(x, 0), () => [normal([3, 2, 4])]);
add('logSoftmax', 'axis -1', (x) => x.logSoftmax(), () => [normal([3, 5])]);
add('logSoftmax', 'axis 1 of 3-D', (x) => T.logSoftmax(x, 1), () => [normal([2, 3, 4])]);
add('crossEntropy', '[4,5]', (x) => x.crossEntropy([0, 4, 2, 2]), () => [normal([4, 5]).mul(2)]);
add('crossEntropy', 'large logits', (x) => T.crossEntropy(x, tensor([1, 0])), () => [normal([2, 3]).add(tensor([0, 300, -200]))]);
add('mse', '[3,4]', (p, t) => p.mse(t), () => [normal([3, 4]), normal([3, 4])]);
add('bce', '[6]', (p, t) => p.bce(t), () => [probs([6]), probs([6])]);
add('bceWithLogits', '[2,3]', (x, t) => x.bceWithLogits(t), () => [normal([2, 3]).mul(3), probs([2, 3])]);

// ---- customOp ----
add('customOp', 'square', (x) => customOp('square', x.data.map((v) => v * v), x.shape, [x], (g) => [g.map((v, i) => 2 * v * x.data[i])]), () => [normal([4])]);

/** Exported functions that are not differentiable ops (creation, control, kernels, helpers). */
const NOT_OPS = new Set([
  'Tensor', 'tensor', 'zeros', 'ones', 'full', 'zerosLike', 'onesLike', 'randn', 'rand', 'arange', 'eye',
  'noGrad', 'isGradEnabled', 'setCheckFinite', 'getCheckFinite', 'checkGrad', 'kernels', 'setKernels',
  'erf', 'sizeOf', 'broadcastShapes', 'wasmKernels', 'kernel', 'setNumThreads', 'numThreads', 'setThreadSpawner',
  'handOver', 'formatValues', 'residentArray', 'residentCopy', 'residentTypedArray', 'gradStore', 'setGradStore',
]);

/** The sweep runs on every backend: the default (WebAssembly SIMD when available) and the TS reference. */
const backends: [string, T.Kernels][] = [['ts-reference', T.referenceKernels]];
const wasm = T.wasmKernels();
if (wasm !== null) backends.unshift([wasm.name, wasm]);

describe('gradcheck sweep', () => {
  it('covers every exported op', () => {
    const exported = Object.entries(T).filter(([k, v]) => typeof v === 'function' && !NOT_OPS.has(k)).map(([k]) => k);
    const covered = new Set(cases.map((c) => c.op));
    expect(exported.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('runs on the WebAssembly backend by default in Node', () => {
    expect(wasm).not.toBeNull();
    expect(T.kernels()).toBe(wasm);
  });

  describe.each(backends)('on %s kernels', (_backend, k) => {
    it.each(cases.map((c) => [`${c.op} ${c.label}`, c] as const))('%s', (_name, c) => {
      const previous = T.kernels();
      T.setKernels(k);
      setCheckFinite(true); // tests are stricter than users
      try {
        const res = checkGrad(c.fn, c.inputs(), c.wrt === undefined ? {} : { wrt: c.wrt });
        expect(res.ok, res.worst).toBe(true);
      } finally {
        setCheckFinite(false);
        T.setKernels(previous);
      }
    });
  });

  it('can fail: a deliberately wrong backward is caught', () => {
    const x = normal([5]);
    // d(x²)/dx is 2x; this backward claims 2.1x, a 5% error, above rtol = 1%
    const wrong = (t: Tensor): Tensor => customOp('square', t.data.map((v) => v * v), t.shape, [t], (g) => [g.map((v, i) => 2.1 * v * t.data[i])]);
    const res = checkGrad(wrong, [x]);
    expect(res.ok).toBe(false);
    expect(res.maxRelErr).toBeGreaterThan(0.04);
    expect(res.worst).toMatch(/input 0 element \d+: autodiff/);
    const missing = (t: Tensor): Tensor => customOp('square', t.data.map((v) => v * v), t.shape, [t], () => [null]);
    expect(checkGrad(missing, [x]).ok).toBe(false);
  });
});

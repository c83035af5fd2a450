/**
 * neuromorph side of `npm run bench`: the same cases as bench/torch_bench.py.
 * Each case warms up, then takes the median of `repeats` timings of a block of
 * iterations (the machine is shared, so single timings are noisy).
 */
import { createRng, kernels, noGrad, randn, residentArray, zeros, type Tensor, type WasmKernels } from '../src/index.js';
import { tanh64 } from '../src/tensor/ops/fast-math.js';
import { median } from '../experiments/common/stats.js';
import { Adam, Conv2d, Flatten, Linear, MaxPool2d, ReLU, RNNCell, SGD, Sequential, type Module, type Optimizer } from '../src/nn/index.js';
import { TENSOR_CASES, type TensorCase } from './args.js';

export type CaseResult = Record<string, number>;

const warmUp = (fn: () => void, iters: number): void => {
  for (let i = 0; i < Math.max(2, iters >> 2); i++) fn();
};

/** Milliseconds per call of `fn` over one block of `iters` calls. */
function blockMs(fn: () => void, iters: number): number {
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) fn();
  return (performance.now() - t0) / iters;
}

/** Median milliseconds per call of `a` and of `b`, timed in alternating blocks (so both see the same machine state). */
function pairedMs(a: () => void, b: () => void, iters: number, repeats: number): [number, number] {
  warmUp(a, iters);
  warmUp(b, iters);
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < repeats; r++) {
    ta.push(blockMs(a, iters));
    tb.push(blockMs(b, iters));
  }
  return [median(ta), median(tb)];
}

/** Median milliseconds per call of `fn` over `repeats` blocks of `iters` calls. */
export function medianMs(fn: () => void, iters: number, repeats: number): number {
  warmUp(fn, iters);
  return median(Array.from({ length: repeats }, () => blockMs(fn, iters)));
}

const rng = createRng(0);

function gemm(m: number, k: number, n: number, iters: number, repeats: number): CaseResult {
  const a = rng.fillNormal(new Float32Array(m * k)) as Float32Array;
  const b = rng.fillNormal(new Float32Array(k * n)) as Float32Array;
  const c = new Float32Array(m * n);
  const ms = medianMs(() => kernels().gemm({ m, n, k, a, b, c }), iters, repeats);
  // what the wasm backend's per-call copies cost: A and B into the heap, C out
  const heap = new Float32Array(m * k + k * n + m * n);
  const copyMs = medianMs(() => {
    heap.set(a, 0);
    heap.set(b, m * k);
    c.set(heap.subarray(m * k + k * n));
  }, iters, repeats);
  // the same GEMM on operands resident in the kernel memory (residentArray): no copies at all
  const [ra, rb, rc] = [m * k, k * n, m * n].map((len) => residentArray(len));
  ra.set(a);
  rb.set(b);
  const residentMs = medianMs(() => kernels().gemm({ m, n, k, a: ra, b: rb, c: rc }), iters, repeats);
  return { ms, gflops: (2 * m * n * k) / ms / 1e6, copyMs, residentGflops: (2 * m * n * k) / residentMs / 1e6 };
}

function trainStep(model: Module, x: Tensor, y: number[], opt: Optimizer): () => void {
  return () => {
    opt.zeroGrad();
    model.forward(x).crossEntropy(y).backward();
    opt.step();
  };
}

function mlp(sizes: number[], iters: number, repeats: number, optim: 'sgd' | 'adam' = 'sgd'): CaseResult {
  const layers: Module[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1], { rng }));
    if (i + 2 < sizes.length) layers.push(new ReLU());
  }
  const model = new Sequential(...layers);
  const x = randn([128, sizes[0]], { rng });
  const y = Array.from({ length: 128 }, () => rng.int(0, sizes[sizes.length - 1]));
  const opt = optim === 'adam' ? new Adam(model.parameters(), { lr: 1e-3 }) : new SGD(model.parameters(), { lr: 0.01 });
  return { ms: medianMs(trainStep(model, x, y, opt), iters, repeats) };
}

function cnn(iters: number, repeats: number): CaseResult {
  const model = new Sequential(
    new Conv2d(1, 8, 3, { rng, padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(8, 16, 3, { rng, padding: 1 }), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(16 * 7 * 7, 10, { rng }),
  );
  const x = randn([32, 1, 28, 28], { rng });
  const y = Array.from({ length: 32 }, () => rng.int(0, 10));
  return { ms: medianMs(trainStep(model, x, y, new SGD(model.parameters(), { lr: 0.01 })), iters, repeats) };
}

/**
 * RNN cell h' = tanh(x·W + h·U + b), batch 16, hidden 64, as 5 tensor ops; the
 * same 5 kernels called directly on Float32Arrays (what the ops compute, without
 * Tensor objects, shape checks or dispatch); and one fused plain JS loop.
 * Overhead per op = (tensor ops − raw kernels) / 5.
 */
function rnn(iters: number, repeats: number): CaseResult {
  const B = 16, H = 64;
  const w = randn([H, H], { rng }).mul(0.1), u = randn([H, H], { rng }).mul(0.1), b = zeros([H]);
  const x = randn([B, H], { rng }), h = zeros([B, H]);
  const ops = (): void => void noGrad(() => x.matmul(w).add(h.matmul(u)).add(b).tanh());
  const xd = x.data, wd = w.data, hd = h.data, ud = u.data, bd = b.data;
  const xw = new Float32Array(B * H), hu = new Float32Array(B * H), s1 = new Float32Array(B * H), s2 = new Float32Array(B * H);
  const out = new Float32Array(B * H);
  const raw = (): void => {
    kernels().gemm({ m: B, n: H, k: H, a: xd, b: wd, c: xw });
    kernels().gemm({ m: B, n: H, k: H, a: hd, b: ud, c: hu });
    for (let i = 0; i < B * H; i++) s1[i] = xw[i] + hu[i];
    for (let i = 0; i < B * H; i++) s2[i] = s1[i] + bd[i % H];
    for (let i = 0; i < B * H; i++) out[i] = tanh64(s2[i]); // the tanh op's own scalar function
  };
  const [opsMs, rawMs] = pairedMs(ops, raw, iters, 2 * repeats);
  const us = opsMs * 1e3, rawUs = rawMs * 1e3;
  const plain = (): void => {
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < H; j++) {
        let s = bd[j];
        for (let q = 0; q < H; q++) s += xd[i * H + q] * wd[q * H + j] + hd[i * H + q] * ud[q * H + j];
        out[i * H + j] = Math.tanh(s);
      }
    }
  };
  const plainUs = medianMs(plain, iters, repeats) * 1e3;
  return { us, rawUs, plainUs, overheadUsPerOp: (us - rawUs) / 5 };
}

/**
 * The same step as one op: `RNNCell` (PyTorch layout, both biases), against
 * PyTorch's `nn.RNNCell` (ATen's fused `rnn_tanh_cell`), no autograd on either side.
 */
function rnnCellCase(iters: number, repeats: number): CaseResult {
  const B = 16, H = 64;
  const cell = new RNNCell(H, H, { rng });
  const x = randn([B, H], { rng }), h = zeros([B, H]);
  return { us: medianMs(() => void noGrad(() => cell.forward(x, h)), iters, repeats) * 1e3 };
}

/**
 * The GEMM micro-kernel alone on L1-resident panels (no packing, no memory
 * traffic), one thread: the per-thread ceiling of every GEMM on this backend.
 */
function kernelPeak(repeats: number): CaseResult {
  const k = kernels() as Partial<WasmKernels>;
  if (k.microKernel === undefined) return {};
  const micro = k.microKernel.bind(k);
  let flops = 0;
  const ms = medianMs(() => (flops = micro(20_000)), 1, repeats);
  return { gflops: flops / ms / 1e6 };
}

/** Each case at `repeats` (its own iteration count is fixed, as in bench/torch_bench.py). */
const CASES: Readonly<Record<TensorCase, (repeats: number) => CaseResult>> = {
  gemm_128x784x256: (r) => gemm(128, 784, 256, 50, r),
  gemm_512: (r) => gemm(512, 512, 512, 10, r),
  mlp_784_256_10: (r) => mlp([784, 256, 10], 30, r),
  mlp_784_1000_1000_10: (r) => mlp([784, 1000, 1000, 10], 5, r),
  mnist_epoch: (r) => ({ s: (mlp([784, 256, 10], 20, r, 'adam').ms * 469) / 1e3 }),
  cnn_step: (r) => cnn(10, r),
  rnn_step: (r) => rnn(2000, r),
  rnn_cell: (r) => rnnCellCase(2000, r),
  kernel_peak: (r) => kernelPeak(r),
};

/** The cases in `only` (all by default), in the order of the table. */
export function runCases(repeats: number, only: readonly string[] = TENSOR_CASES): Record<string, CaseResult> {
  const out: Record<string, CaseResult> = {};
  for (const key of TENSOR_CASES) if (only.includes(key)) out[key] = CASES[key](repeats);
  return out;
}

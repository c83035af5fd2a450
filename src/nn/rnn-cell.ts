/**
 * Elman RNN cell `h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)` as one op (PyTorch's
 * `nn.RNNCell` with tanh, same parameter layout), for small recurrent work where
 * the cost of five separate ops (two products, two adds, a tanh) outweighs the
 * arithmetic: two GEMMs into one buffer (the first with the summed biases as
 * its epilogue), one vectorised tanh, and one backward closure.
 */
import { customOp, gradStore, handOver, kernel, kernels, zeros, type Tensor } from '../tensor/index.js';
import { ArgumentError, ShapeError, defaultRng, type Rng } from '../util/index.js';
import { Module } from './module.js';
import { uniformInit } from './init.js';

/**
 * One step of a tanh RNN.
 * @param x `[batch, in]`
 * @param h `[batch, hidden]`
 * @param wIh `[hidden, in]`
 * @param wHh `[hidden, hidden]`
 * @param bIh `[hidden]` or null
 * @param bHh `[hidden]` or null
 * @returns h' `[batch, hidden]`
 */
export function rnnCell(x: Tensor, h: Tensor, wIh: Tensor, wHh: Tensor, bIh: Tensor | null = null, bHh: Tensor | null = null): Tensor {
  const where = 'rnnCell(x, h, wIh, wHh, bIh, bHh)';
  if (wIh.ndim !== 2 || wHh.ndim !== 2 || wHh.shape[0] !== wHh.shape[1] || wHh.shape[0] !== wIh.shape[0]) {
    throw new ShapeError(where, { what: 'weights must be wIh [hidden, in] and wHh [hidden, hidden]', expected: '[H, I] and [H, H]', received: [wIh.shape, wHh.shape] });
  }
  const [H, I] = wIh.shape as [number, number];
  if (x.ndim !== 2 || x.shape[1] !== I) throw new ShapeError(where, { what: 'x must be [batch, in]', expected: [-1, I], received: x.shape });
  const B = x.shape[0];
  if (h.ndim !== 2 || h.shape[0] !== B || h.shape[1] !== H) throw new ShapeError(where, { what: 'h must be [batch, hidden]', expected: [B, H], received: h.shape });
  for (const [name, b] of [['bIh', bIh], ['bHh', bHh]] as const) {
    if (b !== null && (b.ndim !== 1 || b.shape[0] !== H)) throw new ShapeError(where, { what: `${name} must be [hidden]`, expected: [H], received: b.shape });
  }
  let bias: Float32Array | null = null;
  if (bIh !== null || bHh !== null) {
    bias = new Float32Array(H);
    for (let j = 0; j < H; j++) bias[j] = (bIh === null ? 0 : bIh.data[j]) + (bHh === null ? 0 : bHh.data[j]);
  }
  const xd = x.data, hd = h.data, wi = wIh.data, wh = wHh.data;
  const out = new Float32Array(B * H);
  const gemm = kernels().gemm;
  gemm({ m: B, n: H, k: I, a: xd, b: wi, c: out, transB: true, bias });
  gemm({ m: B, n: H, k: H, a: hd, b: wh, c: out, transB: true, accumulate: true });
  kernel('tanh')(out, out);
  const parents = [x, h, wIh, wHh, ...(bIh === null ? [] : [bIh]), ...(bHh === null ? [] : [bHh])];
  return customOp('rnnCell', out, [B, H], parents, (g) => {
    const gp = new Float32Array(B * H); // ∂L/∂pre = g·(1 − h'²)
    for (let i = 0; i < gp.length; i++) gp[i] = g[i] * (1 - out[i] * out[i]);
    const gm = kernels().gemm;
    const own = (t: Tensor, f: () => Float32Array): Float32Array | null => (t.requiresGrad ? handOver(f()) : null);
    const dx = own(x, () => {
      const d = new Float32Array(B * I);
      gm({ m: B, n: I, k: H, a: gp, b: wi, c: d });
      return d;
    });
    const dh = own(h, () => {
      const d = new Float32Array(B * H);
      gm({ m: B, n: H, k: H, a: gp, b: wh, c: d });
      return d;
    });
    const dwi = own(wIh, () => {
      const d = gradStore(wIh);
      gm({ m: H, n: I, k: B, a: gp, b: xd, c: d, transA: true });
      return d;
    });
    const dwh = own(wHh, () => {
      const d = gradStore(wHh);
      gm({ m: H, n: H, k: B, a: gp, b: hd, c: d, transA: true });
      return d;
    });
    const db = (t: Tensor | null): Float32Array[] => {
      if (t === null) return [];
      const d = new Float32Array(H);
      kernel('colSums')(gp, B, H, d);
      return [handOver(d)];
    };
    return [dx, dh, dwi, dwh, ...db(bIh), ...db(bHh)];
  });
}

/** Options of {@link RNNCell}. */
export interface RNNCellOptions {
  /** Random stream for the initial weights (PyTorch's U(±1/√hidden) for all four; default: the generator of `manualSeed`). */
  rng?: Rng;
  /** Learn the two biases (default true). */
  bias?: boolean;
}

/**
 * Elman RNN cell with tanh, PyTorch layout (`weightIh` [hidden, in], `weightHh`
 * [hidden, hidden], `biasIh`, `biasHh`).
 * @example
 * const cell = new RNNCell(3, 16, { rng: createRng(0) });
 * let h = zeros([8, 16]);
 * h = cell.forward(x, h);
 */
export class RNNCell extends Module<[Tensor, Tensor], Tensor> {
  readonly weightIh: Tensor;
  readonly weightHh: Tensor;
  readonly biasIh: Tensor | null;
  readonly biasHh: Tensor | null;

  /**
   * @param inputSize size of x's last axis
   * @param hiddenSize size of h's last axis
   * @param opts rng, bias
   */
  constructor(readonly inputSize: number, readonly hiddenSize: number, opts: RNNCellOptions = {}) {
    super();
    for (const [k, v] of [['inputSize', inputSize], ['hiddenSize', hiddenSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`RNNCell(${k})`, { what: 'must be a positive integer', expected: '>= 1', received: v });
    }
    const bound = 1 / Math.sqrt(hiddenSize);
    const make = (shape: number[]): Tensor => {
      const t = zeros(shape);
      uniformInit(t, { rng: opts.rng ?? defaultRng(), low: -bound, high: bound });
      t.requiresGrad = true;
      return t;
    };
    this.weightIh = make([hiddenSize, inputSize]);
    this.weightHh = make([hiddenSize, hiddenSize]);
    const bias = opts.bias ?? true;
    this.biasIh = bias ? make([hiddenSize]) : null;
    this.biasHh = bias ? make([hiddenSize]) : null;
  }

  /**
   * @param x `[batch, inputSize]`
   * @param h `[batch, hiddenSize]`
   * @returns the next hidden state `[batch, hiddenSize]`
   */
  forward(x: Tensor, h: Tensor): Tensor {
    return rnnCell(x, h, this.weightIh, this.weightHh, this.biasIh, this.biasHh);
  }
}

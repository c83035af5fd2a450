/**
 * Fully connected layer `y = x Wᵀ + b`, with the weight stored `[out, in]` like
 * PyTorch so state dicts are interchangeable. The functional {@link linear} is one
 * custom op on top of the gemm kernel: `transB` reads W as Wᵀ without copying, and the
 * bias is added by the GEMM's epilogue (in the wasm heap, before the result is copied out).
 */
import { customOp, gradStore, handOver, kernel, kernels, zeros, type Tensor } from '../tensor/index.js';
import { ArgumentError, ShapeError, defaultRng, type Rng } from '../util/index.js';
import { Module } from './module.js';
import { initLayer, type WeightInit } from './init.js';

/**
 * Affine map over the last axis.
 * @param x `[..., in]`
 * @param weight `[out, in]`
 * @param bias `[out]` or null
 * @param activation `'relu'`: `relu(x Wᵀ + b)` as one op (the GEMM's epilogue applies it,
 *   and the backward masks the gradient by the output), the same values and gradients
 *   as `linear` then `relu`, one pass over the output fewer each way
 * @returns `[..., out]`
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null, activation: 'none' | 'relu' = 'none'): Tensor {
  const where = 'linear(x, weight, bias)';
  if (weight.ndim !== 2) throw new ShapeError(where, { what: 'weight must be 2-D', expected: '[out, in]', received: weight.shape });
  const [outF, inF] = weight.shape as [number, number];
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new ShapeError(where, { what: 'last axis of x must equal in_features', expected: [-1, inF], received: x.shape });
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(where, { what: 'bias must be [out]', expected: [outF], received: bias.shape });
  }
  const rows = x.size / inF;
  const xd = x.data, wd = weight.data;
  const out = new Float32Array(rows * outF);
  const relu = activation === 'relu';
  kernels().gemm({ m: rows, n: outF, k: inF, a: xd, b: wd, c: out, transB: true, bias: bias?.data ?? null, activation });
  const parents = bias === null ? [x, weight] : [x, weight, bias];
  return customOp(relu ? 'linearRelu' : 'linear', out, [...x.shape.slice(0, -1), outF], parents, (gOut) => {
    // ReLU's backward from the output: y > 0 exactly where the pre-activation was > 0
    let g = gOut;
    if (relu) kernel('reluBackward')(out, gOut, (g = new Float32Array(gOut.length)));
    let dx: Float32Array | null = null, dw: Float32Array | null = null, db: Float32Array | null = null;
    if (x.requiresGrad) {
      dx = new Float32Array(rows * inF); // g [rows, out] · W [out, in]
      kernels().gemm({ m: rows, n: inF, k: outF, a: g, b: wd, c: dx });
    }
    if (weight.requiresGrad) {
      dw = gradStore(weight); // gᵀ [out, rows] · x [rows, in], into the optimizer's store where it has one
      kernels().gemm({ m: outF, n: inF, k: rows, a: g, b: xd, c: dw, transA: true });
    }
    if (bias?.requiresGrad) {
      db = new Float32Array(outF);
      kernel('colSums')(g, rows, outF, db);
    }
    // fresh buffers, returned once: the engine keeps them as the leaves' grads without copying
    if (dx !== null) handOver(dx);
    if (dw !== null) handOver(dw);
    if (db !== null) handOver(db);
    return bias === null ? [dx, dw] : [dx, dw, db];
  });
}

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Random stream for the initial weights (default: the generator of `manualSeed`). */
  rng?: Rng;
  /** Learn an additive bias (default true, like PyTorch). */
  bias?: boolean;
  /** Weight init (default PyTorch's: U(±1/√in) for weight and bias). */
  init?: WeightInit;
}

/**
 * Fully connected layer.
 * @example
 * const fc = new Linear(784, 128, { rng: createRng(0) });
 * fc.forward(zeros([32, 784])).shape; // [32, 128]
 */
export class Linear extends Module {
  /** `[out, in]`, PyTorch layout. */
  readonly weight: Tensor;
  /** `[out]`, or null when built with `bias: false`. */
  readonly bias: Tensor | null;

  /**
   * @param inFeatures size of the input's last axis
   * @param outFeatures size of the output's last axis
   * @param opts rng, bias, init
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: LinearOptions = {},
  ) {
    super();
    for (const [k, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`Linear(${k})`, { what: 'must be a positive integer', expected: '>= 1', received: v });
    }
    this.weight = zeros([outFeatures, inFeatures]);
    this.bias = (opts.bias ?? true) ? zeros([outFeatures]) : null;
    initLayer(this.weight, this.bias, opts.rng ?? defaultRng(), opts.init);
    this.weight.requiresGrad = true;
    if (this.bias) this.bias.requiresGrad = true;
  }

  /**
   * @param x `[..., inFeatures]`
   * @returns `[..., outFeatures]`
   */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

/**
 * LoRA (low-rank adaptation) for `Linear` layers: a frozen weight W plus a trainable
 * low-rank update ΔW = (α/r)·B·A, with A `[r, in]` random and B `[out, r]` zero at
 * the start (so training starts from the base model).
 * Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models" (2021),
 * https://arxiv.org/abs/2106.09685
 */
import { zeros, mul, add, noGrad, matmul, type Tensor } from '../tensor/index.js';
import { ArgumentError, createRng, defaultRng, type Rng } from '../util/index.js';
import { Module } from './module.js';
import { Linear, linear } from './linear.js';
import { Sequential } from './sequential.js';
import { kaimingUniform } from './init.js';

/** Options of {@link LoraLinear} and {@link applyLora}. */
export interface LoraOptions {
  /** Rank r of the update (≥ 1). */
  rank: number;
  /** Scale α; the update is multiplied by α/r (default α = r, i.e. scale 1). */
  alpha?: number;
  /** Random stream for A (default: the generator of `manualSeed`). */
  rng?: Rng;
}

/**
 * A frozen `Linear` plus a trainable low-rank update:
 * `y = x Wᵀ + b + (α/r)·(x Aᵀ) Bᵀ`.
 * @example
 * const l = new LoraLinear(new Linear(784, 256, { rng }), { rank: 4, rng });
 * l.numParameters('trainable'); // 4 · (784 + 256) = 4160
 */
export class LoraLinear extends Module {
  /** The wrapped layer; frozen by the constructor and never modified. */
  readonly base: Linear;
  /** A, `[r, in]`, Kaiming-uniform like the reference implementation. */
  readonly loraA: Tensor;
  /** B, `[out, r]`, zero at the start. */
  readonly loraB: Tensor;
  /** α / r. */
  readonly scale: number;

  /**
   * @param base the layer to adapt (its parameters are frozen)
   * @param opts rank, alpha, rng
   */
  constructor(base: Linear, opts: LoraOptions) {
    super();
    if (!Number.isInteger(opts.rank) || opts.rank < 1) throw new ArgumentError('LoraLinear(opts.rank)', { what: 'must be a positive integer', expected: '>= 1', received: opts.rank });
    this.base = base.freeze();
    this.loraA = zeros([opts.rank, base.inFeatures]);
    kaimingUniform(this.loraA, { rng: opts.rng ?? defaultRng(), a: Math.sqrt(5) });
    this.loraA.requiresGrad = true;
    this.loraB = zeros([base.outFeatures, opts.rank], { requiresGrad: true });
    this.scale = (opts.alpha ?? opts.rank) / opts.rank;
  }

  /** @param x `[..., in]` @returns `[..., out]` */
  forward(x: Tensor): Tensor {
    return add(this.base.forward(x), mul(linear(linear(x, this.loraA), this.loraB), this.scale));
  }

  /** @returns W + (α/r)·B·A, `[out, in]` (a new tensor, no gradient) */
  mergedWeight(): Tensor {
    return noGrad(() => add(this.base.weight, mul(matmul(this.loraB, this.loraA), this.scale)));
  }

  /** @returns a plain `Linear` with the merged weight and the base bias (same outputs, no extra cost) */
  merge(): Linear {
    const l = new Linear(this.base.inFeatures, this.base.outFeatures, { rng: createRng(0), bias: this.base.bias !== null });
    l.weight.data.set(this.mergedWeight().data);
    if (this.base.bias && l.bias) l.bias.data.set(this.base.bias.data);
    return l;
  }
}

/**
 * Trainable LoRA parameters of one adapted layer: r·(in + out).
 * @param inFeatures layer input size
 * @param outFeatures layer output size
 * @param rank r
 * @returns the count
 */
export function loraParameterCount(inFeatures: number, outFeatures: number, rank: number): number {
  return rank * (inFeatures + outFeatures);
}

/**
 * A new `Sequential` whose `Linear` children are wrapped in {@link LoraLinear}
 * (sharing, and freezing, the original layers); other children are kept as they are.
 * @param model a Sequential (not modified apart from freezing)
 * @param opts rank, alpha, rng
 * @returns the adapted model; only A and B are trainable
 * @example applyLora(mlp, { rank: 4, rng }).numParameters('trainable'); // 4 · Σ(in + out)
 */
export function applyLora(model: Sequential, opts: LoraOptions): Sequential {
  model.freeze();
  return new Sequential(...(model.children() as unknown as Module[]).map((m) => (m instanceof Linear ? new LoraLinear(m, opts) : m)));
}

/**
 * Merged inference: a new `Sequential` with every {@link LoraLinear} replaced by its merged `Linear`.
 * @param model from {@link applyLora}
 * @returns a plain model with the same outputs (up to float rounding)
 */
export function mergeLora(model: Sequential): Sequential {
  return new Sequential(...(model.children() as unknown as Module[]).map((m) => (m instanceof LoraLinear ? m.merge() : m)));
}

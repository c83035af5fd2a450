/**
 * Adam and AdamW with PyTorch's update (`torch.optim.Adam` / `AdamW`, single-tensor
 * path, amsgrad off). Per parameter, at step t:
 *
 *     AdamW only:  θ ← θ·(1 − lr·λ)                  (decoupled decay)
 *     Adam only:   g ← ∇ + λ·θ                        (L2 in the gradient)
 *     m ← m + (1 − β₁)(g − m)                         (lerp, as PyTorch)
 *     v ← β₂·v + (1 − β₂)·g²
 *     θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 *
 * @see https://arxiv.org/abs/1412.6980 (Adam)
 * @see https://arxiv.org/abs/1711.05101 (AdamW)
 */
import { kernels, referenceKernels, type Tensor } from '../../tensor/index.js';
import { checkRange, Optimizer, type ParamState } from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates (β₁, β₂) of the first and second moments (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Weight decay λ: L2 in the gradient for Adam (default 0), decoupled for AdamW (default 0.01). */
  weightDecay?: number;
}

/**
 * Adam optimizer (L2 weight decay folded into the gradient).
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer {
  /** First-moment decay β₁. */
  readonly beta1: number;
  /** Second-moment decay β₂. */
  readonly beta2: number;
  /** Denominator stabiliser ε. */
  readonly eps: number;
  /** Weight decay λ (L2 for Adam, decoupled for AdamW). */
  readonly weightDecay: number;
  /** How weight decay is applied: into the gradient (Adam) or to the weights (AdamW). */
  protected readonly decay: 'l2' | 'decoupled' = 'l2';

  /**
   * @param params parameters to optimize
   * @param opts lr, betas, eps, weightDecay
   */
  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params, opts.lr ?? 1e-3);
    const name = new.target.name;
    const [b1, b2] = opts.betas ?? [0.9, 0.999];
    this.beta1 = checkRange(`${name}(opts.betas[0])`, b1, 0, 1, true);
    this.beta2 = checkRange(`${name}(opts.betas[1])`, b2, 0, 1, true);
    this.eps = checkRange(`${name}(opts.eps)`, opts.eps ?? 1e-8, 0);
    this.weightDecay = checkRange(`${name}(opts.weightDecay)`, opts.weightDecay ?? this.defaultWeightDecay(), 0);
  }

  /** Default λ (0 for Adam). */
  protected defaultWeightDecay(): number {
    return 0;
  }

  protected override bufferNames(): readonly string[] {
    return ['expAvg', 'expAvgSq'];
  }

  protected override update(p: Tensor, grad: Float32Array, st: ParamState): void {
    // float64 arithmetic, float32 storage; the wasm kernel is bit-identical to the reference
    const step = kernels().adamStep ?? referenceKernels.adamStep!;
    step({
      theta: p.data, grad, m: st.buffers.expAvg!, v: st.buffers.expAvgSq!, lr: this.lr, beta1: this.beta1, beta2: this.beta2,
      eps: this.eps, weightDecay: this.weightDecay, decoupled: this.decay === 'decoupled', step: st.step,
    });
  }
}

/**
 * AdamW: Adam with decoupled weight decay `θ ← θ·(1 − lr·λ)` (default λ = 0.01).
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  protected override readonly decay = 'decoupled' as const;

  protected override defaultWeightDecay(): number {
    return 0.01;
  }
}

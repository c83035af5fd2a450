/**
 * Stochastic gradient descent with momentum, dampening, Nesterov and L2 weight
 * decay, with PyTorch's exact update (`torch.optim.SGD`):
 *
 *     g ← ∇ + λ·θ
 *     b ← g (first step), else μ·b + (1 − τ)·g
 *     g ← g + μ·b (Nesterov) or b
 *     θ ← θ − lr·g
 *
 * @see https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
 */
import { kernels, referenceKernels, type Tensor } from '../../tensor/index.js';
import { ConfigError } from '../../util/index.js';
import { checkRange, Optimizer, type ParamState } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SgdOptions {
  /** Learning rate. */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum?: number;
  /** Dampening τ of the momentum's gradient term (default 0). */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0; default false, like PyTorch). */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * SGD optimizer.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * loss.backward(); opt.step(); opt.zeroGrad();
 */
export class SGD extends Optimizer {
  /** Momentum factor μ. */
  readonly momentum: number;
  /** Dampening τ. */
  readonly dampening: number;
  /** Whether the Nesterov variant is used. */
  readonly nesterov: boolean;
  /** L2 penalty λ. */
  readonly weightDecay: number;

  /**
   * @param params parameters to optimize
   * @param opts lr, momentum, dampening, nesterov, weightDecay
   */
  constructor(params: Iterable<Tensor>, opts: SgdOptions) {
    super(params, opts.lr);
    this.momentum = checkRange('SGD(opts.momentum)', opts.momentum ?? 0, 0);
    this.dampening = checkRange('SGD(opts.dampening)', opts.dampening ?? 0, 0, 1);
    this.weightDecay = checkRange('SGD(opts.weightDecay)', opts.weightDecay ?? 0, 0);
    this.nesterov = opts.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new ConfigError('SGD(opts.nesterov)', { what: 'Nesterov momentum needs momentum > 0 and dampening 0', expected: { momentum: '> 0', dampening: 0 }, received: { momentum: this.momentum, dampening: this.dampening } });
    }
  }

  protected override bufferNames(): readonly string[] {
    return this.momentum !== 0 ? ['momentumBuffer'] : [];
  }

  protected override update(p: Tensor, grad: Float32Array, st: ParamState): void {
    // float64 arithmetic, float32 storage; the wasm kernel is bit-identical to the reference
    const step = kernels().sgdStep ?? referenceKernels.sgdStep!;
    step({
      theta: p.data, grad, buf: st.buffers.momentumBuffer ?? null, lr: this.lr, weightDecay: this.weightDecay,
      momentum: this.momentum, dampening: this.dampening, nesterov: this.nesterov, first: st.step === 1,
    });
  }
}

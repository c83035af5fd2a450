/**
 * Reference optimizer updates (the oracle and fallback of the wasm versions in
 * assembly/optim.ts). Arithmetic is float64; buffers and parameters round to
 * float32 on store and are re-read rounded, so the wasm kernels, which repeat
 * the same IEEE operations in the same order, give bit-identical results.
 */

/** Arguments of `sgdReference`: SGD with optional momentum, PyTorch's formula. */
export interface SgdParams {
  theta: Float32Array;
  grad: Float32Array;
  /** Momentum buffer, or null without momentum. */
  buf: Float32Array | null;
  lr: number;
  weightDecay: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  /** First update of this parameter: the buffer starts as the gradient. */
  first: boolean;
}

/** Arguments of `adamReference`: Adam / AdamW, PyTorch's single-tensor path. */
export interface AdamParams {
  theta: Float32Array;
  grad: Float32Array;
  m: Float32Array;
  v: Float32Array;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  decoupled: boolean;
  /** Step count after this update (1 on the first). */
  step: number;
}

/**
 * g ← ∇ + λθ; b ← first ? g : μb + (1−τ)g; g ← nesterov ? g + μb : b; θ ← θ − lr·g.
 * @param p buffers (updated in place) and hyper-parameters.
 */
export function sgdReference(p: SgdParams): void {
  const { theta, grad, buf, lr, weightDecay: wd, momentum: mu, nesterov, first } = p;
  const oneMinusDamp = 1 - p.dampening;
  const n = theta.length;
  if (buf === null) {
    for (let i = 0; i < n; i++) theta[i] -= lr * (grad[i] + wd * theta[i]);
    return;
  }
  for (let i = 0; i < n; i++) {
    let g = grad[i] + wd * theta[i];
    buf[i] = first ? g : mu * buf[i] + oneMinusDamp * g;
    g = nesterov ? g + mu * buf[i] : buf[i];
    theta[i] -= lr * g;
  }
}

/** Bias corrections and folded constants shared by both Adam paths. */
export function adamConstants(p: AdamParams): { decay: number; oneMinusB1: number; oneMinusB2: number; stepSize: number; bc2Sqrt: number } {
  return {
    decay: 1 - p.lr * p.weightDecay,
    oneMinusB1: 1 - p.beta1,
    oneMinusB2: 1 - p.beta2,
    stepSize: p.lr / (1 - p.beta1 ** p.step),
    bc2Sqrt: Math.sqrt(1 - p.beta2 ** p.step),
  };
}

/**
 * AdamW: θ ← θ(1 − lr·λ); Adam: g ← ∇ + λθ. Then m ← m + (1−β₁)(g − m),
 * v ← β₂v + (1−β₂)g², θ ← θ − (lr/(1−β₁ᵗ))·m/(√v/√(1−β₂ᵗ) + ε).
 * @param p buffers (updated in place) and hyper-parameters.
 */
export function adamReference(p: AdamParams): void {
  const { theta, grad, m, v, beta2: b2, eps, weightDecay: wd } = p;
  const { decay, oneMinusB1, oneMinusB2, stepSize, bc2Sqrt } = adamConstants(p);
  const n = theta.length;
  if (p.decoupled) {
    for (let i = 0; i < n; i++) {
      theta[i] *= decay;
      const g = grad[i];
      m[i] += oneMinusB1 * (g - m[i]);
      v[i] = b2 * v[i] + oneMinusB2 * g * g;
      theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const g = grad[i] + wd * theta[i];
    m[i] += oneMinusB1 * (g - m[i]);
    v[i] = b2 * v[i] + oneMinusB2 * g * g;
    theta[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + eps);
  }
}

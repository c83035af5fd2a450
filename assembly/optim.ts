/**
 * Optimizer updates over whole parameter buffers, in float64 arithmetic with
 * float32 storage, replicating the TypeScript reference (src/tensor/kernels/
 * optim.ts) operation by operation: every product, sum, quotient and square
 * root is an IEEE float64 operation in the same order, and every store rounds
 * to float32 and is re-read rounded, exactly as a JS Float32Array does. The
 * two paths therefore give bit-identical parameters and state (a resumed run
 * equals an uninterrupted one whichever backend ran each step).
 * Pointers are byte offsets into the (imported) memory.
 */

// @ts-ignore: decorator
@inline function ld(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function st(p: usize, i: i32, v: f64): void {
  store<f32>(p + (<usize>i << 2), <f32>v);
}

// @ts-ignore: decorator
@inline function ld2(p: usize, i: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p + (<usize>i << 2)));
}

// @ts-ignore: decorator
@inline function st2(p: usize, i: i32, v: v128): void {
  v128.store64_lane(p + (<usize>i << 2), f32x4.demote_f64x2_zero(v), 0);
}

/**
 * SGD with optional momentum (PyTorch's formula):
 * g ← ∇ + λθ; b ← first ? g : μb + (1−τ)g; g ← nesterov ? g + μb : b; θ ← θ − lr·g.
 * Two lanes at a time (f64x2), then a scalar tail: the same IEEE operations per
 * element either way. Scalar, this loop took 6–13% of an MLP step.
 * @param oneMinusDamp 1 − τ, computed by the caller in float64
 */
export function sgdStep(theta: usize, grad: usize, buf: usize, n: i32, lr: f64, wd: f64, mu: f64, oneMinusDamp: f64,
  nesterov: i32, first: i32, hasBuf: i32): void {
  const vLr = f64x2.splat(lr), vWd = f64x2.splat(wd), vMu = f64x2.splat(mu), vOmd = f64x2.splat(oneMinusDamp);
  let i = 0;
  if (hasBuf == 0) {
    for (; i + 2 <= n; i += 2) {
      const t = ld2(theta, i);
      st2(theta, i, f64x2.sub(t, f64x2.mul(vLr, f64x2.add(ld2(grad, i), f64x2.mul(vWd, t)))));
    }
  } else {
    for (; i + 2 <= n; i += 2) {
      const g = f64x2.add(ld2(grad, i), f64x2.mul(vWd, ld2(theta, i)));
      st2(buf, i, first != 0 ? g : f64x2.add(f64x2.mul(vMu, ld2(buf, i)), f64x2.mul(vOmd, g)));
      const u = nesterov != 0 ? f64x2.add(g, f64x2.mul(vMu, ld2(buf, i))) : ld2(buf, i);
      st2(theta, i, f64x2.sub(ld2(theta, i), f64x2.mul(vLr, u)));
    }
  }
  for (; i < n; i++) {
    let g = ld(grad, i) + wd * ld(theta, i);
    if (hasBuf != 0) {
      st(buf, i, first != 0 ? g : mu * ld(buf, i) + oneMinusDamp * g);
      g = nesterov != 0 ? g + mu * ld(buf, i) : ld(buf, i);
    }
    st(theta, i, ld(theta, i) - lr * g);
  }
}

/**
 * Adam / AdamW (PyTorch's single-tensor path): see src/nn/optim/adam.ts.
 * @param decay 1 − lr·λ (AdamW), computed by the caller
 * @param oneMinusB1 1 − β₁ and @param oneMinusB2 1 − β₂, computed by the caller
 */
export function adamStep(theta: usize, grad: usize, m: usize, v: usize, n: i32, wd: f64, decay: f64, b2: f64,
  oneMinusB1: f64, oneMinusB2: f64, eps: f64, stepSize: f64, bc2Sqrt: f64, decoupled: i32): void {
  // two lanes at a time: the same IEEE operations per lane as the scalar tail below
  const vWd = f64x2.splat(wd), vDecay = f64x2.splat(decay), vB2 = f64x2.splat(b2), vB1m = f64x2.splat(oneMinusB1);
  const vB2m = f64x2.splat(oneMinusB2), vEps = f64x2.splat(eps), vStep = f64x2.splat(stepSize), vBc = f64x2.splat(bc2Sqrt);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    if (decoupled != 0) st2(theta, i, f64x2.mul(ld2(theta, i), vDecay));
    const g = decoupled != 0 ? ld2(grad, i) : f64x2.add(ld2(grad, i), f64x2.mul(vWd, ld2(theta, i)));
    const mi = ld2(m, i);
    st2(m, i, f64x2.add(mi, f64x2.mul(vB1m, f64x2.sub(g, mi))));
    st2(v, i, f64x2.add(f64x2.mul(vB2, ld2(v, i)), f64x2.mul(f64x2.mul(vB2m, g), g)));
    const den = f64x2.add(f64x2.div(f64x2.sqrt(ld2(v, i)), vBc), vEps);
    st2(theta, i, f64x2.sub(ld2(theta, i), f64x2.div(f64x2.mul(vStep, ld2(m, i)), den)));
  }
  for (; i < n; i++) {
    if (decoupled != 0) st(theta, i, ld(theta, i) * decay);
    const g = decoupled != 0 ? ld(grad, i) : ld(grad, i) + wd * ld(theta, i);
    const mi = ld(m, i);
    st(m, i, mi + oneMinusB1 * (g - mi));
    st(v, i, b2 * ld(v, i) + oneMinusB2 * g * g);
    st(theta, i, ld(theta, i) - (stepSize * ld(m, i)) / (Math.sqrt(ld(v, i)) / bc2Sqrt + eps));
  }
}

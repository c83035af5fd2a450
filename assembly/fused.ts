/**
 * Fused elementwise, reduction and softmax kernels (WebAssembly SIMD128). Each
 * mirrors a TypeScript reference (src/tensor/kernels/fused.ts) and runs on the
 * calling thread, so its result never depends on the thread count. Pointers are
 * byte offsets into the imported memory; `n`, `rows`, `cols` count floats.
 */

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * c[r, j] ← act(c[r, j] + bias[j]) in place (the GEMM epilogue of a linear layer).
 * @param bias 0 for none
 * @param act 0 identity, 1 ReLU (`x > 0 ? x : 0`, NaN stays NaN as in PyTorch, −0 gives +0; like the reference)
 */
export function biasAct(c: usize, bias: usize, rows: i32, cols: i32, act: i32): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const row = at(c, r * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      let v = v128.load(at(row, j));
      if (bias != 0) v = f32x4.add(v, v128.load(at(bias, j)));
      if (act == 1) v = v128.bitselect(v, f32x4.pmax(zero, v), f32x4.ne(v, v)); // NaN lanes keep v, others 0 < v ? v : 0
      v128.store(at(row, j), v);
    }
    for (; j < cols; j++) {
      let v = load<f32>(at(row, j));
      if (bias != 0) v += load<f32>(at(bias, j));
      if (act == 1) v = v > 0 || v != v ? v : 0;
      store<f32>(at(row, j), v);
    }
  }
}

/** out[i] ← x[i] > 0 ? g[i] : 0 (ReLU backward; NaN inputs pass no gradient). */
export function reluBackward(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(out, i), v128.and(v128.load(at(g, i)), f32x4.gt(v128.load(at(x, i)), zero)));
  for (; i < n; i++) store<f32>(at(out, i), load<f32>(at(x, i)) > 0 ? load<f32>(at(g, i)) : 0);
}

/**
 * out[j] += Σ_r g[r, j] (bias gradient), float32 adds in row order: the same
 * roundings as the reference's `db[j] += g[r, j]`, so bit-identical.
 */
export function colSums(g: usize, rows: i32, cols: i32, out: usize): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    let s = v128.load(at(out, j));
    for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(at(g, r * cols + j)));
    v128.store(at(out, j), s);
  }
  for (; j < cols; j++) {
    let s = load<f32>(at(out, j));
    for (let r = 0; r < rows; r++) s += load<f32>(at(g, r * cols + j));
    store<f32>(at(out, j), s);
  }
}

/** out[r] += Σ_j x[r, j], float32 adds in order (the conv bias gradient; bit-identical to the reference). */
export function rowSumsF32(x: usize, rows: i32, n: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    let s = load<f32>(at(out, r));
    const row = at(x, r * n);
    for (let j = 0; j < n; j++) s += load<f32>(at(row, j));
    store<f32>(at(out, r), s);
  }
}

/** out[r] = Σ_j x[r, j] accumulated in float64 (two interleaved partial sums), rounded to float32. */
export function sumRows(x: usize, rows: i32, n: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * n);
    let acc = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const v = v128.load(at(row, j));
      acc = f64x2.add(acc, f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
    }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; j < n; j++) s += <f64>load<f32>(at(row, j));
    store<f32>(at(out, r), <f32>s);
  }
}

/**
 * out[r] = max_j x[r, j] and arg[r] = its first index, with the reference's
 * semantics: a NaN counts only as the first element (`v > best` never holds for
 * NaN). `pmax` (b > a ? b : a) keeps exactly that, then the first equal index wins.
 */
export function maxRows(x: usize, rows: i32, n: i32, out: usize, arg: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * n);
    let best = load<f32>(row);
    let j = 1;
    if (n >= 8) {
      let acc = f32x4.splat(best);
      for (; j + 4 <= n; j += 4) acc = f32x4.pmax(acc, v128.load(at(row, j)));
      for (let l = 0; l < 4; l++) {
        const v = f32x4.extract_lane(acc, 0);
        if (v > best) best = v;
        acc = i32x4.shuffle(acc, acc, 1, 2, 3, 0);
      }
    }
    for (; j < n; j++) {
      const v = load<f32>(at(row, j));
      if (v > best) best = v;
    }
    let idx = 0;
    if (best == best) while (load<f32>(at(row, idx)) != best) idx++;
    store<f32>(at(out, r), load<f32>(at(row, idx)));
    store<i32>(at(arg, r), idx);
  }
}

/**
 * Row-wise log-softmax (`log` = 1) or softmax (0) of x [rows, n] into out, in
 * float64 like the reference: m = max, s = Σ exp(x − m), lse = m + log s.
 */
export function softmaxRows(x: usize, out: usize, rows: i32, n: i32, log: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = at(x, r * n), dst = at(out, r * n);
    let mx = -Infinity;
    for (let j = 0; j < n; j++) mx = Math.max(mx, <f64>load<f32>(at(row, j)));
    let s = 0.0;
    for (let j = 0; j < n; j++) s += Math.exp(<f64>load<f32>(at(row, j)) - mx);
    const lse = mx + Math.log(s);
    if (log != 0) for (let j = 0; j < n; j++) store<f32>(at(dst, j), <f32>(<f64>load<f32>(at(row, j)) - lse));
    else for (let j = 0; j < n; j++) store<f32>(at(dst, j), <f32>Math.exp(<f64><f32>(<f64>load<f32>(at(row, j)) - lse)));
  }
}

/**
 * Softmax cross-entropy over logits [rows, n] with int32 labels: writes the
 * probabilities (the backward pass needs `softmax − onehot`) and returns the
 * summed loss Σ_r −log p[r, label_r] (float64, from the float32 log-probabilities).
 */
export function crossEntropyRows(x: usize, labels: usize, rows: i32, n: i32, probs: usize): f64 {
  softmaxRows(x, probs, rows, n, 1);
  let loss = 0.0;
  for (let r = 0; r < rows; r++) loss -= <f64>load<f32>(at(probs, r * n + load<i32>(at(labels, r))));
  const total = rows * n;
  for (let i = 0; i < total; i++) store<f32>(at(probs, i), <f32>Math.exp(<f64>load<f32>(at(probs, i))));
  return loss;
}

/** out = a ∘ b elementwise over n floats; op 0 add, 1 sub, 2 mul, 3 div (IEEE float32, like the JS loops). */
export function binarySame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(at(a, i)), y = v128.load(at(b, i));
    const v = op == 0 ? f32x4.add(x, y) : op == 1 ? f32x4.sub(x, y) : op == 2 ? f32x4.mul(x, y) : f32x4.div(x, y);
    v128.store(at(out, i), v);
  }
  for (; i < n; i++) {
    const x = load<f32>(at(a, i)), y = load<f32>(at(b, i));
    store<f32>(at(out, i), op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y);
  }
}

// Cephes' tanhf / expf coefficients (single-precision minimax fits).
const T1: f32 = -3.33332819422e-1, T2: f32 = 1.33314422036e-1, T3: f32 = -5.37397155531e-2, T4: f32 = 2.06390887954e-2, T5: f32 = -5.70498872745e-3;
const E0: f32 = 5.0000001201e-1, E1: f32 = 1.6666665459e-1, E2: f32 = 4.1665795894e-2, E3: f32 = 8.3334519073e-3, E4: f32 = 1.3981999507e-3, E5: f32 = 1.9875691500e-4;
const LOG2E: f32 = 1.44269504088896341, C1: f32 = 0.693359375, C2: f32 = -2.12194440e-4;

/** tanh of one float32 lane group: the formula of {@link tanhF32}. */
// @ts-ignore: decorator
@inline function tanh4(v: v128): v128 {
  const a = f32x4.abs(v);
  // |x| < 0.625: x + x·z·P(z), z = x²
  const z = f32x4.mul(v, v);
  let p = f32x4.add(f32x4.splat(T4), f32x4.mul(z, f32x4.splat(T5)));
  p = f32x4.add(f32x4.splat(T3), f32x4.mul(z, p));
  p = f32x4.add(f32x4.splat(T2), f32x4.mul(z, p));
  p = f32x4.add(f32x4.splat(T1), f32x4.mul(z, p));
  const small = f32x4.add(v, f32x4.mul(f32x4.mul(v, z), p));
  // else 1 − 2/(e^{2|x|} + 1), e^y = 2^k·e^r, k = round(y·log2 e), r = y − k·ln2 (two-part ln2)
  const ac = f32x4.min(a, f32x4.splat(10)); // tanh rounds to 1 in float32 from about 9.01 on; keeps ±Infinity finite
  const y = f32x4.add(ac, ac);
  const k = f32x4.nearest(f32x4.mul(y, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(y, f32x4.mul(k, f32x4.splat(C1))), f32x4.mul(k, f32x4.splat(C2)));
  const r2 = f32x4.mul(r, r);
  let e = f32x4.add(f32x4.splat(E4), f32x4.mul(r, f32x4.splat(E5)));
  e = f32x4.add(f32x4.splat(E3), f32x4.mul(r, e));
  e = f32x4.add(f32x4.splat(E2), f32x4.mul(r, e));
  e = f32x4.add(f32x4.splat(E1), f32x4.mul(r, e));
  e = f32x4.add(f32x4.splat(E0), f32x4.mul(r, e));
  e = f32x4.add(f32x4.add(f32x4.mul(r2, e), r), f32x4.splat(1));
  const p2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  const one = f32x4.splat(1);
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(f32x4.mul(e, p2), one)));
  // magnitude from either branch, then x's sign (so tanh(−0) = −0)
  const mag = v128.bitselect(f32x4.abs(small), big, f32x4.lt(a, f32x4.splat(0.625)));
  const res = v128.or(mag, v128.and(v, i32x4.splat(0x80000000)));
  return v128.bitselect(res, v, f32x4.eq(v, v)); // NaN lanes: the input
}

/**
 * out[i] ← tanh(x[i]) in float32, four lanes at a time (Cephes' tanhf scheme:
 * an odd polynomial below |x| = 0.625, else 1 − 2/(e^{2|x|} + 1) with a
 * polynomial e^r), within 2 ulp of the float64 reference; ±0 and NaN pass
 * through, ±Infinity gives ±1. The tail (n mod 4) goes through a padded vector.
 */
export function tanhF32(x: usize, out: usize, n: i32, tmp: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(out, i), tanh4(v128.load(at(x, i))));
  if (i < n) {
    v128.store(tmp, f32x4.splat(0));
    for (let j = i; j < n; j++) store<f32>(at(tmp, j - i), load<f32>(at(x, j)));
    v128.store(tmp, tanh4(v128.load(tmp)));
    for (let j = i; j < n; j++) store<f32>(at(out, j), load<f32>(at(tmp, j - i)));
  }
}

/**
 * The conv2d / max-pool data movement (WebAssembly), mirroring the TypeScript
 * reference in src/tensor/kernels/conv.ts loop for loop: im2col, its adjoint
 * col2im, the [O, S·L] ↔ [S, O, L] channel shuffles around the GEMM, and max
 * pooling with first-maximum argmax. Pure copies, adds of the same operands in
 * the same order and comparisons: results are bit-identical to the reference.
 * Geometry arguments: C, H, W input; kh, kw kernel; sh, sw stride; ph, pw
 * padding; oh, ow output. Pointers are byte offsets.
 */

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

// @ts-ignore: decorator
@inline function firstValid(stride: i32, pad: i32, t: i32): i32 {
  return pad - t <= 0 ? 0 : (pad - t + stride - 1) / stride;
}

// @ts-ignore: decorator
@inline function endValid(len: i32, stride: i32, pad: i32, t: i32, size: i32): i32 {
  const top = size - 1 + pad - t; // last valid o satisfies o·stride <= top
  return top < 0 ? 0 : min(len, top / stride + 1);
}

/** Copies n floats (v128 steps: memory.copy costs a call, too much for rows of ~28 floats). */
// @ts-ignore: decorator
@inline function copyF32(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(dst, i), v128.load(at(src, i)));
  for (; i < n; i++) store<f32>(at(dst, i), load<f32>(at(src, i)));
}

/** Zeroes n floats. */
// @ts-ignore: decorator
@inline function zeroF32(dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(dst, i), f32x4.splat(0));
  for (; i < n; i++) store<f32>(at(dst, i), 0);
}

/** Unfolds one sample [C, H, W] at x into columns colOff.. of cols [C·kh·kw, ld]. */
export function im2col(x: usize, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  oh: i32, ow: i32, cols: usize, ld: i32, colOff: i32): void {
  let row = 0;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        const lo = min(ow, firstValid(sw, pw, j)), hi = max(lo, endValid(ow, sw, pw, j, w));
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - ph + i;
          const dst = at(cols, row * ld + colOff + oy * ow);
          if (iy < 0 || iy >= h) {
            zeroF32(dst, ow);
            continue;
          }
          const src = at(x, (ch * h + iy) * w + j - pw); // + ox·sw
          zeroF32(dst, lo);
          if (sw == 1) copyF32(at(dst, lo), at(src, lo), hi - lo);
          else for (let ox = lo; ox < hi; ox++) store<f32>(at(dst, ox), load<f32>(at(src, ox * sw)));
          zeroF32(at(dst, hi), ow - hi);
        }
      }
    }
  }
}

/** Adjoint of {@link im2col}: adds one sample's columns into dx [C, H, W]. */
export function col2im(cols: usize, ld: i32, colOff: i32, c: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  ph: i32, pw: i32, oh: i32, ow: i32, dx: usize): void {
  let row = 0;
  for (let ch = 0; ch < c; ch++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++, row++) {
        const lo = firstValid(sw, pw, j), hi = endValid(ow, sw, pw, j, w);
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh - ph + i;
          if (iy < 0 || iy >= h) continue;
          const src = at(cols, row * ld + colOff + oy * ow);
          const dst = at(dx, (ch * h + iy) * w + j - pw);
          let ox = lo;
          if (sw == 1) {
            for (; ox + 4 <= hi; ox += 4) v128.store(at(dst, ox), f32x4.add(v128.load(at(dst, ox)), v128.load(at(src, ox))));
          }
          for (; ox < hi; ox++) store<f32>(at(dst, ox * sw), load<f32>(at(dst, ox * sw)) + load<f32>(at(src, ox)));
        }
      }
    }
  }
}

/**
 * GEMM output [O, S·L] → NCHW [S, O, L], plus bias[o] (bias 0: none).
 * The reference's `tmp + b` is one float32 add, as here.
 */
export function channelsOut(src: usize, bias: usize, o: i32, s: i32, l: i32, out: usize): void {
  for (let si = 0; si < s; si++) {
    for (let oc = 0; oc < o; oc++) {
      const from = at(src, oc * s * l + si * l), to = at(out, (si * o + oc) * l);
      const b = f32x4.splat(bias == 0 ? 0 : load<f32>(at(bias, oc)));
      let q = 0;
      for (; q + 4 <= l; q += 4) v128.store(at(to, q), f32x4.add(v128.load(at(from, q)), b));
      const bs = f32x4.extract_lane(b, 0);
      for (; q < l; q++) store<f32>(at(to, q), load<f32>(at(from, q)) + bs);
    }
  }
}

/** NCHW gradient [S, O, L] → [O, S·L] (the GEMM layout). */
export function channelsIn(g: usize, o: i32, s: i32, l: i32, dst: usize): void {
  for (let si = 0; si < s; si++) {
    for (let oc = 0; oc < o; oc++) memory.copy(at(dst, oc * s * l + si * l), at(g, (si * o + oc) * l), <usize>l << 2);
  }
}

/**
 * Max pooling over `planes` planes [H, W]: out and arg (flat input index of the
 * first maximum; a NaN wins and stops the window, like the reference). Branch-free
 * selects, since random data makes the compare unpredictable.
 */
export function maxPool(x: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, oh: i32, ow: i32,
  out: usize, arg: usize): void {
  const pairs = kh == 2 && kw == 2 && sh == 2 && sw == 2;
  let k = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      // 2×2, stride 2 (the common case): four windows at a time
      const simd = pairs ? min(ow, w >> 1) & ~3 : 0; // a group reads 8 floats of each row
      if (simd > 0) pool2x2Row(x, base + 2 * oy * w, w, simd, at(out, k), at(arg, k));
      k += simd;
      for (let ox = simd; ox < ow; ox++, k++) {
        let best: f32 = -Infinity;
        let bestIdx = base + oy * sh * w + ox * sw;
        for (let i = 0; i < kh; i++) {
          const rowStart = base + (oy * sh + i) * w + ox * sw;
          for (let j = 0; j < kw; j++) {
            const v = load<f32>(at(x, rowStart + j));
            const take = (v > best || v != v) && best == best;
            best = select<f32>(v, best, take);
            bestIdx = select<i32>(rowStart + j, bestIdx, take);
          }
        }
        store<f32>(at(out, k), best);
        store<i32>(at(arg, k), bestIdx);
      }
    }
  }
}

/**
 * Four 2×2 windows per step over one output row: the same four candidates in
 * the same order as the scalar loop, with lane-wise selects.
 */
function pool2x2Row(x: usize, r0: i32, w: i32, count: i32, out: usize, arg: usize): void {
  const stepIdx = i32x4(0, 2, 4, 6);
  for (let ox = 0; ox < count; ox += 4) {
    const s0 = r0 + 2 * ox, s1 = s0 + w;
    const a0 = v128.load(at(x, s0)), a1 = v128.load(at(x, s0 + 4));
    const b0 = v128.load(at(x, s1)), b1 = v128.load(at(x, s1 + 4));
    const i0 = i32x4.add(i32x4.splat(s0), stepIdx);
    let best = f32x4.splat(-Infinity), idx = i0;
    // candidates in the scalar loop's order: row 0 left, row 0 right, row 1 left, row 1 right
    let v = i32x4.shuffle(a0, a1, 0, 2, 4, 6);
    let take = v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
    best = v128.bitselect(v, best, take);
    v = i32x4.shuffle(a0, a1, 1, 3, 5, 7);
    take = v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
    best = v128.bitselect(v, best, take);
    idx = v128.bitselect(i32x4.add(i0, i32x4.splat(1)), idx, take);
    v = i32x4.shuffle(b0, b1, 0, 2, 4, 6);
    take = v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
    best = v128.bitselect(v, best, take);
    idx = v128.bitselect(i32x4.add(i0, i32x4.splat(w)), idx, take);
    v = i32x4.shuffle(b0, b1, 1, 3, 5, 7);
    take = v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
    best = v128.bitselect(v, best, take);
    idx = v128.bitselect(i32x4.add(i0, i32x4.splat(w + 1)), idx, take);
    v128.store(at(out, ox), best);
    v128.store(at(arg, ox), idx);
  }
}

/** dx[arg[i]] += g[i] for i < n (max-pool backward; dx zeroed by the caller). */
export function maxPoolBackward(g: usize, arg: usize, n: i32, dx: usize): void {
  for (let i = 0; i < n; i++) {
    const d = at(dx, load<i32>(at(arg, i)));
    store<f32>(d, load<f32>(d) + load<f32>(at(g, i)));
  }
}

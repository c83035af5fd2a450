/**
 * Packed GEMM with a 4×8 f32x4 micro-kernel (WebAssembly SIMD128).
 *
 * C[m×n] = op(A)·op(B) (+ C), row-major float32, all pointers are byte offsets
 * into the module's (imported) memory. One call computes the output columns
 * [j0, j1): threads split C by columns, so each element's summation order is
 * the same whatever the split (bit-identical results for any thread count).
 *
 * Goto/BLIS loop order: columns in NC blocks → k in KC blocks (pack B into
 * 8-column panels) → rows in MC blocks (pack A into 4-row panels) → micro-
 * kernel over 4×8 tiles. Transposes are absorbed by the packing routines, so
 * Aᵀ and Bᵀ cost only the different gather pattern. The micro-kernel keeps 8
 * accumulators: more (4×12, 6×8) spill in V8 and run at half speed.
 *
 * Each k-block's partial sum is built in registers from zero and then stored
 * (first block, no accumulate) or added to C, in fixed k order: the result of
 * an element depends only on (m, n, k), not on tiling position or thread.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 1024;

/** Floats needed for one thread's packed-A buffer. */
export function packASize(): i32 {
  return MC * KC;
}

/** Floats needed for one thread's packed-B buffer. */
export function packBSize(): i32 {
  return KC * NC;
}

/** FLOPs of one micro-kernel call in microRepeat: 2·MR·NR·KC. */
export function microFlops(): i32 {
  return 2 * MR * NR * KC;
}

/**
 * Stores the 4×4 transpose of rows r0..r3 (4 floats each) at d, d + step, d + 2·step,
 * d + 3·step: output q holds element q of every row. Two rounds of lane shuffles.
 */
// @ts-ignore: decorator
@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, d: usize, step: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(d, i64x2.shuffle(t0, t2, 0, 2));
  v128.store(d + step, i64x2.shuffle(t0, t2, 1, 3));
  v128.store(d + 2 * step, i64x2.shuffle(t1, t3, 0, 2));
  v128.store(d + 3 * step, i64x2.shuffle(t1, t3, 1, 3));
}

/** B(kc rows from pc, nc cols from jc) → 8-column panels [panel][kk][8], zero padded. */
function packB(b: usize, n: i32, k: i32, transB: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = min(NR, nc - jp);
    const base = dst + (<usize>(jp * kc) << 2);
    if (transB == 0) {
      // B stored [k, n]: each k row of the panel is 8 contiguous floats
      let src = b + (<usize>(pc * n + jc + jp) << 2);
      const stride = <usize>n << 2;
      if (cols == NR) {
        for (let kk = 0; kk < kc; kk++) {
          const d = base + (<usize>(kk * NR) << 2);
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
          src += stride;
        }
      } else {
        for (let kk = 0; kk < kc; kk++) {
          const d = base + (<usize>(kk * NR) << 2);
          v128.store(d, f32x4.splat(0));
          v128.store(d, f32x4.splat(0), 16);
          for (let j = 0; j < cols; j++) store<f32>(d + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
          src += stride;
        }
      }
    } else if (cols == NR) {
      // B stored [n, k]: the panel's 8 columns are 8 rows of B; transpose 4×4 blocks
      const src = b + (<usize>((jc + jp) * k + pc) << 2);
      const ld = <usize>k << 2;
      const step = <usize>NR << 2;
      let kk = 0;
      for (; kk + 4 <= kc; kk += 4) {
        const s0 = src + (<usize>kk << 2);
        const d = base + (<usize>(kk * NR) << 2);
        transpose4(v128.load(s0), v128.load(s0 + ld), v128.load(s0 + 2 * ld), v128.load(s0 + 3 * ld), d, step);
        const s4 = s0 + 4 * ld;
        transpose4(v128.load(s4), v128.load(s4 + ld), v128.load(s4 + 2 * ld), v128.load(s4 + 3 * ld), d + 16, step);
      }
      for (; kk < kc; kk++) {
        const d = base + (<usize>(kk * NR) << 2);
        for (let j = 0; j < NR; j++) store<f32>(d + (<usize>j << 2), load<f32>(src + <usize>j * ld + (<usize>kk << 2)));
      }
    } else {
      // partial panel, B stored [n, k]: read each column's k run contiguously, scatter into the panel
      for (let j = 0; j < NR; j++) {
        let d = base + (<usize>j << 2);
        if (j < cols) {
          let src = b + (<usize>((jc + jp + j) * k + pc) << 2);
          for (let kk = 0; kk < kc; kk++) {
            store<f32>(d, load<f32>(src));
            src += 4;
            d += NR << 2;
          }
        } else {
          for (let kk = 0; kk < kc; kk++) {
            store<f32>(d, 0);
            d += NR << 2;
          }
        }
      }
    }
  }
}

/** A(mc rows from ic, kc cols from pc) → 4-row panels [panel][kk][4], zero padded. */
function packA(a: usize, m: i32, k: i32, transA: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = min(MR, mc - ip);
    const base = dst + (<usize>(ip * kc) << 2);
    if (transA != 0) {
      // A stored [k, m]: the panel's 4 rows at one k are contiguous
      let src = a + (<usize>(pc * m + ic + ip) << 2);
      const stride = <usize>m << 2;
      if (rows == MR) {
        for (let kk = 0; kk < kc; kk++) {
          v128.store(base + (<usize>(kk * MR) << 2), v128.load(src));
          src += stride;
        }
      } else {
        for (let kk = 0; kk < kc; kk++) {
          const d = base + (<usize>(kk * MR) << 2);
          v128.store(d, f32x4.splat(0));
          for (let r = 0; r < rows; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
          src += stride;
        }
      }
    } else if (rows == MR) {
      // A stored [m, k]: transpose 4×4 blocks of the panel's 4 rows
      const src = a + (<usize>((ic + ip) * k + pc) << 2);
      const ld = <usize>k << 2;
      const step = <usize>MR << 2;
      let kk = 0;
      for (; kk + 4 <= kc; kk += 4) {
        const s0 = src + (<usize>kk << 2);
        transpose4(v128.load(s0), v128.load(s0 + ld), v128.load(s0 + 2 * ld), v128.load(s0 + 3 * ld), base + (<usize>(kk * MR) << 2), step);
      }
      for (; kk < kc; kk++) {
        const d = base + (<usize>(kk * MR) << 2);
        for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + <usize>r * ld + (<usize>kk << 2)));
      }
    } else {
      // partial panel, A stored [m, k]: read each row's k run contiguously, scatter into the panel
      for (let r = 0; r < MR; r++) {
        let d = base + (<usize>r << 2);
        if (r < rows) {
          let src = a + (<usize>((ic + ip + r) * k + pc) << 2);
          for (let kk = 0; kk < kc; kk++) {
            store<f32>(d, load<f32>(src));
            src += 4;
            d += MR << 2;
          }
        } else {
          for (let kk = 0; kk < kc; kk++) {
            store<f32>(d, 0);
            d += MR << 2;
          }
        }
      }
    }
  }
}

/** Adds (or stores, when `first`) one 4-wide accumulator into C at c. */
// @ts-ignore: decorator
@inline function put(c: usize, acc: v128, first: bool): void {
  v128.store(c, first ? acc : f32x4.add(v128.load(c), acc));
}

/**
 * 4×8 tile: C[rows×cols at c] (+)= Ap[kc×4]ᵀ · Bp[kc×8]. Partial tiles go through
 * `tmp` (32 floats) so nothing outside the tile is touched.
 *
 * `@inline` is worth about 20% (38 → 45 GFLOP/s on one thread, 72 → 85–90 on two,
 * measured on Node 20 / V8 11.3): as a function of its own, the k-loop sits at
 * loop depth 0 and V8's unrolling size rule never unrolls it, so every
 * iteration keeps a stack check and its address arithmetic; inlined into the
 * blocking loops it is unrolled. Node 24–26 run the non-inlined kernel as fast.
 */
// @ts-ignore: decorator
@inline function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, first: bool, rows: i32, cols: i32, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // One A broadcast live at a time and an end-pointer loop: 11 live vectors,
  // about 9% faster than four broadcasts up front with a counter (measured
  // interleaved, L1-resident panels, V8 11.3).
  const end = ap + (<usize>kc << 4);
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  if (rows == MR && cols == NR) {
    put(c, c00, first);
    put(c + 16, c01, first);
    c += ldc;
    put(c, c10, first);
    put(c + 16, c11, first);
    c += ldc;
    put(c, c20, first);
    put(c + 16, c21, first);
    c += ldc;
    put(c, c30, first);
    put(c + 16, c31, first);
    return;
  }
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  for (let r = 0; r < rows; r++) {
    const row = c + <usize>r * ldc;
    const t = tmp + (<usize>(r * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const p = row + (<usize>j << 2);
      const v = load<f32>(t + (<usize>j << 2));
      store<f32>(p, first ? v : load<f32>(p) + v);
    }
  }
}

/**
 * Bench hook: `reps` calls of the micro-kernel on one KC-deep 4×8 tile whose
 * panels sit at `buf` (L1-resident): the GEMM's ceiling without packing or
 * memory traffic. `buf` needs 4·(KC·(MR + NR) + 64) bytes of normal floats.
 */
export function microRepeat(reps: i32, buf: usize): void {
  const bp = buf + (<usize>(KC * MR) << 2);
  const c = bp + (<usize>(KC * NR) << 2);
  for (let r = 0; r < reps; r++) micro(KC, buf, bp, c, <usize>NR << 2, true, MR, NR, c + 128);
}

/**
 * Columns [j0, j1) of C = op(A)·op(B) (+ C when accumulate).
 * @param packA scratch of packASize() floats, private to the calling thread
 * @param packB scratch of packBSize() floats, private to the calling thread
 * @param tmp scratch of 32 floats, private to the calling thread
 */
export function gemm(
  m: i32, n: i32, k: i32, a: usize, b: usize, c: usize,
  transA: i32, transB: i32, accumulate: i32, j0: i32, j1: i32,
  packA_: usize, packB_: usize, tmp: usize,
): void {
  if (m <= 0 || j1 <= j0) return;
  const ldc = <usize>n << 2;
  if (k <= 0) {
    if (accumulate == 0) {
      for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc + (<usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
    }
    return;
  }
  // Balanced k-blocks (784 = 3·262 - 2, not 256 + 256 + 256 + 16): a thin last block
  // pays the tile stores and the packing of a full one for little work. Depends on
  // k alone, so the summation order stays independent of the thread split.
  const kBlocks = (k + KC - 1) / KC;
  const kStep = (k + kBlocks - 1) / kBlocks;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += kStep) {
      const kc = min(kStep, k - pc);
      const first = pc == 0 && accumulate == 0;
      packB(b, n, k, transB, pc, kc, jc, nc, packB_);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, m, k, transA, ic, mc, pc, kc, packA_);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = packB_ + (<usize>(jr * kc) << 2);
          let cp = c + <usize>ic * ldc + (<usize>(jc + jr) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            micro(kc, packA_ + (<usize>(ir * kc) << 2), bp, cp, ldc, first, min(MR, mc - ir), cols, tmp);
            cp += ldc << 2;
          }
        }
      }
    }
  }
}

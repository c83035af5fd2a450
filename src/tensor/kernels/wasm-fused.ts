/**
 * The fused and conv kernels of the WebAssembly backend (assembly/fused.ts,
 * assembly/conv.ts), on the same per-call staging as the GEMM: operands are
 * copied into the heap, the kernel runs, results are copied back. Each falls
 * back to its TS reference below a size where the copies cost more than the
 * loop saves. The conv path keeps its whole pipeline in the heap: im2col writes
 * the columns where the GEMM reads them, and the GEMM's output is reshuffled to
 * NCHW (plus bias) there, so only x, W and the output cross the boundary.
 */
import {
  binarySameReference, colSumsReference, crossEntropyReference, maxRowsReference, reluBackwardReference, reluReference, softmaxRowsReference, sumRowsReference,
  tanhReference,
} from './fused.js';
import { chunkSamples, maxPoolBackwardReference, maxPoolReference } from './conv.js';
import { reluRnnBackwardReference, reluRnnForwardReference, reluRnnGradWhReference } from './rnn.js';
import type { Conv2dBackwardParams, Conv2dForwardParams, FusedKernelName, GemmParams, Kernels, MaxPoolParams, RnnSeqParams } from './types.js';
import { align, type KernelExports } from './wasm-exports.js';

/** What the fused kernels need from the backend. */
export interface HeapContext {
  ex: KernelExports;
  /** First free byte of the heap. */
  heapStart: number;
  /** Grows the memory to at least `bytes`; @returns the current float view. */
  ensure(bytes: number): Float32Array;
  /** The backend's GEMM (for the TS fallbacks). */
  gemm(p: GemmParams): void;
  /** GEMM scratch of one thread at byte `at`: packed A, packed B, tile; and the first byte after it. */
  scratch(at: number): { packA: number; packB: number; tmp: number; end: number };
  /** Whether a GEMM of `macs` multiply-adds runs in wasm on the calling thread alone (not in JS, not split). */
  singleThreadGemm(macs: number): boolean;
  /** Heap-resident GEMM (threads split large ones); scratch goes at `sOff`. */
  gemmAt(m: number, n: number, k: number, aOff: number, bOff: number, cOff: number, ta: number, tb: number, ac: number, sOff: number): void;
}

/**
 * Below this many floats ReLU, softmax and max-pool stay in JS: the copies cost
 * more than the loop saves (measured, loaded machine: relu 256 floats JS 1.3 µs,
 * wasm 1.8; 1024: JS 6.2, wasm 2.1; softmax cross-entropy 128×10: JS 76, wasm 51).
 */
const SMALL = 1024;
/** tanh stays in JS below this many floats (a JS tanh64 costs ~10 ns, the copies ~1 µs). */
const SMALL_TANH = 128;
/** Row kernels (sums, maxima, column sums) stay in JS below this many floats (128×10: JS 2–3.5 µs, wasm 3–7.5 µs; 128×1000: JS 460–800 µs, wasm 80–145 µs). */
const SMALL_ROWS = 4096;

/** Byte offsets of consecutive 64-byte-aligned regions of the given float counts, and their end. */
function layout(start: number, floats: readonly number[]): { offs: number[]; end: number } {
  const offs: number[] = [];
  let off = start;
  for (const f of floats) {
    offs.push(off);
    off += align(4 * f);
  }
  return { offs, end: off };
}

type Fused = Required<Pick<Kernels, FusedKernelName>>;

/** @returns the fused kernels over the context's heap. */
export function fusedWasmKernels(ctx: HeapContext): Fused {
  const { ex } = ctx;
  const get = (h: Float32Array, off: number, n: number): Float32Array => h.subarray(off >> 2, (off >> 2) + n);
  const i32 = (h: Float32Array, off: number, n: number): Int32Array => new Int32Array(h.buffer, off, n);

  const OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;
  const binarySame = (op: keyof typeof OPS, a: Float32Array, b: Float32Array, out: Float32Array): void => {
    const n = out.length;
    if (n < SMALL) return binarySameReference(op, a, b, out);
    const { offs: [ao, bo], end } = layout(ctx.heapStart, [n, n]);
    const h = ctx.ensure(end);
    h.set(a.subarray(0, n), ao >> 2);
    h.set(b.subarray(0, n), bo >> 2);
    ex.binarySame(OPS[op], ao, bo, ao, n);
    out.set(get(h, ao, n));
  };

  const relu = (x: Float32Array, out: Float32Array): void => {
    const n = out.length;
    if (n < SMALL) return reluReference(x, out);
    const off = ctx.heapStart, h = ctx.ensure(off + 4 * n);
    h.set(x.subarray(0, n), off >> 2);
    ex.biasAct(off, 0, 1, n, 1);
    out.set(get(h, off, n));
  };

  const tanh = (x: Float32Array, out: Float32Array): void => {
    const n = out.length;
    if (n < SMALL_TANH) return tanhReference(x, out);
    const off = ctx.heapStart, tmp = off + align(4 * n), h = ctx.ensure(tmp + 16);
    h.set(x.subarray(0, n), off >> 2);
    ex.tanhF32(off, off, n, tmp);
    out.set(get(h, off, n));
  };

  const reluBackward = (x: Float32Array, g: Float32Array, out: Float32Array): void => {
    const n = out.length;
    if (n < SMALL) return reluBackwardReference(x, g, out);
    const { offs: [xo, go], end } = layout(ctx.heapStart, [n, n]);
    const h = ctx.ensure(end);
    h.set(x.subarray(0, n), xo >> 2);
    h.set(g.subarray(0, n), go >> 2);
    ex.reluBackward(xo, go, go, n);
    out.set(get(h, go, n));
  };

  const colSums = (g: Float32Array, rows: number, cols: number, out: Float32Array): void => {
    if (rows * cols < SMALL_ROWS) return colSumsReference(g, rows, cols, out);
    const { offs: [go, oo], end } = layout(ctx.heapStart, [rows * cols, cols]);
    const h = ctx.ensure(end);
    h.set(g.subarray(0, rows * cols), go >> 2);
    h.set(out.subarray(0, cols), oo >> 2);
    ex.colSums(go, rows, cols, oo);
    out.set(get(h, oo, cols));
  };

  const sumRows = (x: Float32Array, rows: number, n: number, out: Float32Array): void => {
    if (rows * n < SMALL_ROWS) return sumRowsReference(x, rows, n, out);
    const { offs: [xo, oo], end } = layout(ctx.heapStart, [rows * n, rows]);
    const h = ctx.ensure(end);
    h.set(x.subarray(0, rows * n), xo >> 2);
    ex.sumRows(xo, rows, n, oo);
    out.set(get(h, oo, rows));
  };

  const maxRows = (x: Float32Array, rows: number, n: number, out: Float32Array, arg: Int32Array): void => {
    if (rows * n < SMALL_ROWS || n === 0) return maxRowsReference(x, rows, n, out, arg);
    const { offs: [xo, oo, ao], end } = layout(ctx.heapStart, [rows * n, rows, rows]);
    const h = ctx.ensure(end);
    h.set(x.subarray(0, rows * n), xo >> 2);
    ex.maxRows(xo, rows, n, oo, ao);
    out.set(get(h, oo, rows));
    arg.set(i32(h, ao, rows));
  };

  const softmaxRows = (x: Float32Array, out: Float32Array, rows: number, n: number, log: boolean): void => {
    if (rows * n < SMALL) return softmaxRowsReference(x, out, rows, n, log);
    const off = ctx.heapStart, h = ctx.ensure(off + 4 * rows * n);
    h.set(x.subarray(0, rows * n), off >> 2);
    ex.softmaxRows(off, off, rows, n, log ? 1 : 0);
    out.set(get(h, off, rows * n));
  };

  const crossEntropy = (x: Float32Array, labels: Int32Array, rows: number, n: number, probs: Float32Array): number => {
    if (rows * n < SMALL) return crossEntropyReference(x, labels, rows, n, probs);
    const { offs: [xo, lo], end } = layout(ctx.heapStart, [rows * n, rows]);
    const h = ctx.ensure(end);
    h.set(x.subarray(0, rows * n), xo >> 2);
    i32(h, lo, rows).set(labels.subarray(0, rows));
    const loss = ex.crossEntropyRows(xo, lo, rows, n, xo);
    probs.set(get(h, xo, rows * n));
    return loss;
  };

  const maxPool = (p: MaxPoolParams): void => {
    const nIn = p.planes * p.h * p.w, nOut = p.out.length;
    if (nIn < SMALL) return maxPoolReference(p);
    const { offs: [xo, oo, ao], end } = layout(ctx.heapStart, [nIn, nOut, nOut]);
    const h = ctx.ensure(end);
    h.set(p.x.subarray(0, nIn), xo >> 2);
    ex.maxPool(xo, p.planes, p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.oh, p.ow, oo, ao);
    p.out.set(get(h, oo, nOut));
    p.arg.set(i32(h, ao, nOut));
  };

  const maxPoolBackward = (g: Float32Array, arg: Int32Array, dx: Float32Array): void => {
    if (dx.length < SMALL) return maxPoolBackwardReference(g, arg, dx);
    const { offs: [go, ao, dxo], end } = layout(ctx.heapStart, [g.length, g.length, dx.length]);
    const h = ctx.ensure(end);
    h.set(g, go >> 2);
    i32(h, ao, arg.length).set(arg);
    h.set(dx, dxo >> 2);
    ex.maxPoolBackward(go, ao, g.length, dxo);
    dx.set(get(h, dxo, dx.length));
  };

  return {
    binarySame, relu, tanh, reluBackward, colSums, sumRows, maxRows, softmaxRows, crossEntropy, maxPool, maxPoolBackward,
    ...convWasmKernels(ctx),
    ...rnnWasmKernels(ctx),
  };
}

/**
 * The RNN sequence kernels in one wasm call each, where the reference's per-step
 * GEMMs would run in wasm on this thread anyway (so the bits are the same); the
 * TS reference elsewhere (tiny GEMMs run in JS, large ones split over threads).
 */
function rnnWasmKernels(ctx: HeapContext): Pick<Fused, 'reluRnnForward' | 'reluRnnBackward' | 'reluRnnGradWh'> {
  const { ex } = ctx;
  const ok = (p: RnnSeqParams): boolean => p.steps > 0 && ctx.singleThreadGemm(p.nb * p.n * p.n);
  /** Copies `[buffer, floats]` pairs into the heap, then one thread's GEMM scratch; @returns their offsets. */
  const inHeap = (bufs: [Float32Array, number][]) => {
    const { offs, end } = layout(ctx.heapStart, bufs.map(([, n]) => n));
    const s = ctx.scratch(end);
    const heap = ctx.ensure(s.end);
    bufs.forEach(([b, n], i) => heap.set(b.subarray(0, n), offs[i]! >> 2));
    return { offs, s, back: (b: Float32Array, i: number, n: number): void => b.set(heap.subarray(offs[i]! >> 2, (offs[i]! >> 2) + n)) };
  };
  const reluRnnForward = (h: Float32Array, wHt: Float32Array, p: RnnSeqParams): void => {
    if (!ok(p)) return reluRnnForwardReference(ctx.gemm, h, wHt, p);
    const len = p.steps * p.nb * p.n;
    const { offs: [ho, wo], s, back } = inHeap([[h, len], [wHt, p.n * p.n]]);
    ex.reluRnnForward(ho!, wo!, p.steps, p.nb, p.n, p.alpha, s.packA, s.packB, s.tmp);
    back(h, 0, len);
  };
  const reluRnnBackward = (g: Float32Array, h: Float32Array, wH: Float32Array, p: RnnSeqParams): void => {
    if (!ok(p)) return reluRnnBackwardReference(ctx.gemm, g, h, wH, p);
    const len = p.steps * p.nb * p.n;
    const { offs: [go, ho, wo], s, back } = inHeap([[g, len], [h, len], [wH, p.n * p.n]]);
    ex.reluRnnBackward(go!, ho!, wo!, p.steps, p.nb, p.n, p.alpha, s.packA, s.packB, s.tmp);
    back(g, 0, len);
  };
  const reluRnnGradWh = (g: Float32Array, h: Float32Array, gH: Float32Array, p: RnnSeqParams): void => {
    if (!ok(p)) return reluRnnGradWhReference(ctx.gemm, g, h, gH, p);
    const len = p.steps * p.nb * p.n;
    const { offs: [go, ho, gho], s, back } = inHeap([[g, len], [h, len], [gH, p.n * p.n]]);
    ex.reluRnnGradWh(go!, ho!, gho!, p.steps, p.nb, p.n, s.packA, s.packB, s.tmp);
    back(gH, 2, p.n * p.n);
  };
  return { reluRnnForward, reluRnnBackward, reluRnnGradWh };
}

/** conv2d forward and backward with im2col, GEMM, col2im and the channel shuffles all in the heap. */
function convWasmKernels(ctx: HeapContext): Pick<Fused, 'conv2dForward' | 'conv2dBackward'> {
  const { ex } = ctx;
  const sizes = (p: Conv2dForwardParams | Conv2dBackwardParams) => {
    const { g, n, o } = p;
    const L = g.oh * g.ow, ckk = g.c * g.kh * g.kw, xs = g.c * g.h * g.w;
    return { L, ckk, xs, S: chunkSamples(g, n), o };
  };
  const unfold = (g: Conv2dForwardParams['g'], xo: number, xs: number, cols: number, cnt: number, L: number): void => {
    for (let s = 0; s < cnt; s++) ex.im2col(xo + 4 * s * xs, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow, cols, cnt * L, s * L);
  };

  const conv2dForward = (p: Conv2dForwardParams): void => {
    const { g, n, x, weight, bias, out } = p;
    const { L, ckk, xs, S, o } = sizes(p);
    // W, bias, x chunk, cols [CKK, S·L], GEMM out [O, S·L], NCHW out chunk [S, O, L], then GEMM scratch
    const { offs: [wo, bo, xo, co, to, oo], end } = layout(ctx.heapStart, [o * ckk, o, S * xs, ckk * S * L, o * S * L, S * o * L]);
    let h = ctx.ensure(end);
    h.set(weight.subarray(0, o * ckk), wo >> 2);
    if (bias !== null) h.set(bias.subarray(0, o), bo >> 2);
    for (let s0 = 0; s0 < n; s0 += S) {
      const cnt = Math.min(S, n - s0), ld = cnt * L;
      h.set(x.subarray(s0 * xs, (s0 + cnt) * xs), xo >> 2);
      unfold(g, xo, xs, co, cnt, L);
      ctx.gemmAt(o, ld, ckk, wo, co, to, 0, 0, 0, end);
      ex.channelsOut(to, bias === null ? 0 : bo, o, cnt, L, oo);
      h = ctx.ensure(end);
      out.set(h.subarray(oo >> 2, (oo >> 2) + cnt * o * L), s0 * o * L);
    }
  };

  const conv2dBackward = (p: Conv2dBackwardParams): void => {
    const { g, n, x, weight, gOut, dx, dw, db } = p;
    const { L, ckk, xs, S, o } = sizes(p);
    // W, dW, db, x chunk, gOut chunk, gO [O, S·L], cols / dcols [CKK, S·L], dx chunk, then GEMM scratch
    const { offs: [wo, dwo, dbo, xo, go, gto, co, dxo], end } = layout(ctx.heapStart, [o * ckk, o * ckk, o, S * xs, S * o * L, o * S * L, ckk * S * L, S * xs]);
    let h = ctx.ensure(end);
    h.set(weight.subarray(0, o * ckk), wo >> 2);
    if (dw !== null) h.set(dw.subarray(0, o * ckk), dwo >> 2);
    if (db !== null) h.set(db.subarray(0, o), dbo >> 2);
    for (let s0 = 0; s0 < n; s0 += S) {
      const cnt = Math.min(S, n - s0), ld = cnt * L;
      h.set(gOut.subarray(s0 * o * L, (s0 + cnt) * o * L), go >> 2);
      ex.channelsIn(go, o, cnt, L, gto);
      if (db !== null) ex.rowSumsF32(gto, o, ld, dbo);
      if (dw !== null) {
        h.set(x.subarray(s0 * xs, (s0 + cnt) * xs), xo >> 2);
        unfold(g, xo, xs, co, cnt, L);
        ctx.gemmAt(o, ckk, ld, gto, co, dwo, 0, 1, 1, end);
      }
      if (dx !== null) {
        ctx.gemmAt(ckk, ld, o, wo, gto, co, 1, 0, 0, end); // Wᵀ [CKK, O] · gO → dcols
        h = ctx.ensure(end);
        h.set(dx.subarray(s0 * xs, (s0 + cnt) * xs), dxo >> 2);
        for (let s = 0; s < cnt; s++) ex.col2im(co, ld, s * L, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.oh, g.ow, dxo + 4 * s * xs);
        dx.set(h.subarray(dxo >> 2, (dxo >> 2) + cnt * xs), s0 * xs);
      }
      h = ctx.ensure(end);
    }
    if (dw !== null) dw.set(h.subarray(dwo >> 2, (dwo >> 2) + o * ckk));
    if (db !== null) db.set(h.subarray(dbo >> 2, (dbo >> 2) + o));
  };

  return { conv2dForward, conv2dBackward };
}

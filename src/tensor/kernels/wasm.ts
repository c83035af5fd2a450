/**
 * WebAssembly SIMD backend (kernels in `assembly/`, bytes embedded by
 * `scripts/build-wasm.mjs`). Tensors stay JS Float32Arrays; each GEMM copies A,
 * B (and C when accumulating) into the kernel heap, runs, and copies C back.
 * The copies are O(mk + kn + mn) against O(mnk) work: about 5–10% at MLP sizes
 * (bench/ measures it), and they keep every tensor valid across heap growth, since
 * no tensor ever aliases wasm memory. The heap views are re-created whenever the
 * memory has grown (a grown memory detaches or outdates old views).
 *
 * Large GEMMs are split by output columns over a {@link WorkerPool} when the host
 * can start workers (see threads.ts); the memory is shared then.
 */
import { WASM_MAX_PAGES, WASM_PLAIN_BASE64, WASM_SHARED_BASE64 } from './wasm-bytes.generated.js';
import { gemmReference } from './gemm.js';
import { CONTROL_BYTES, MAX_TASKS, WorkerPool } from './pool.js';
import { numThreads, threadSpawner } from './threads.js';
import { adamConstants, adamReference, sgdReference, type AdamParams, type SgdParams } from './optim.js';
import type { GemmParams, Kernels, LifStepParams } from './types.js';
import { fusedWasmKernels } from './wasm-fused.js';
import { align, type KernelExports } from './wasm-exports.js';
import { ResidentHeap, type ResidentType, type ResidentView } from './resident.js';

const PAGE = 65536;
/** Page 0 is left to the module's own static data; the control block and heap follow. */
const CTL_BYTE = PAGE;
const HEAP_BYTE = CTL_BYTE + CONTROL_BYTES;
/** Column panel width of the micro-kernel: thread splits are multiples of it. */
const NR = 8;
/** Below this many multiply-adds a GEMM stays on the calling thread (a wake-up costs ~10–50 µs). */
const PARALLEL_MIN_MACS = 1 << 19;
/**
 * At or below this many multiply-adds the plain-JS GEMM runs instead: the copies
 * into the heap and the packing cost more than the work (measured: 4×4×4 1.5 vs
 * 6.5 µs, 8×16×16 1.7 vs 2.4 µs; from 16×32×32 on wasm wins, most for transposes).
 */
const SMALL_MACS = 4096;
/** Most bytes of resident storage at once (the shared memory is capped at 2 GiB; staging needs the rest). */
const RESIDENT_MAX_BYTES = 512 * 2 ** 20;
/** Optimizer updates below this many elements stay in JS (same results; the copies would dominate). */
const SMALL_UPDATE = 2048;
/** LIF populations below this size step in JS (the call and the residency checks cost more than the loop). */
const SMALL_LIF = 64;

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}


/** The WebAssembly backend; `gemm` is a bound function, so `const g = k.gemm; g(p)` works. */
export interface WasmKernels extends Kernels {
  readonly name: string;
  /** The kernel memory (shared when workers can be used). */
  readonly memory: WebAssembly.Memory;
  /** Threads the last GEMM ran on (for tests and benchmarks). */
  readonly lastThreads: number;
  /** Runs raw gemm tasks on the workers only (tests: error injection; word 15 = -1 fails). Needs a spawner. */
  debugRunTasks(tasks: number[][]): void;
  /**
   * A zeroed array of `n` floats resident in {@link memory} (kernels use it in
   * place, no copies), or null where the memory is not shared or the resident
   * budget (512 MiB) is spent. Its block is reused once the array is collected.
   */
  residentArray(n: number): Float32Array | null;
  /** The same for another array type (e.g. the spiking simulator's float64 state). */
  residentTyped<T extends ResidentView>(type: ResidentType<T>, n: number): T | null;
  /** @returns whether `a` lives in the kernel memory */
  isResident(a: ArrayBufferView): boolean;
  /** Stops the workers (they restart on demand). */
  disposeThreads(): void;
  /**
   * Benchmarks: runs the GEMM micro-kernel `reps` times on L1-resident panels
   * (no packing, no memory traffic) on this thread; @returns the FLOPs done.
   * Timing it gives the per-thread ceiling of every GEMM here.
   */
  microKernel(reps: number): number;
}

/**
 * Creates the backend synchronously (the module is ~2 KB, under browsers'
 * main-thread compile limit).
 * @param opts `shared`: use the shared-memory build (default: whenever SharedArrayBuffer is usable)
 * @returns the backend, or null when WebAssembly SIMD is unavailable here
 */
export function createWasmKernels(opts: { shared?: boolean } = {}): WasmKernels | null {
  const g = globalThis as { WebAssembly?: typeof WebAssembly; SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  if (g.WebAssembly === undefined) return null;
  const canShare = g.SharedArrayBuffer !== undefined && g.crossOriginIsolated !== false;
  const shared = opts.shared ?? canShare;
  let module: WebAssembly.Module, memory: WebAssembly.Memory, ex: KernelExports;
  try {
    module = new WebAssembly.Module(decodeBase64(shared ? WASM_SHARED_BASE64 : WASM_PLAIN_BASE64) as Uint8Array<ArrayBuffer>);
    memory = new WebAssembly.Memory({ initial: 32, maximum: WASM_MAX_PAGES, shared });
    ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
  } catch {
    return null; // no SIMD (or no shared memory): the TS reference stays in charge
  }
  const scratchBytes = align(4 * (ex.packASize() + ex.packBSize()) + 128);
  let heap = new Float32Array(memory.buffer);
  let pool: WorkerPool | null = null;
  const resident = shared ? new ResidentHeap(memory, HEAP_BYTE, RESIDENT_MAX_BYTES) : null;
  let lastThreads = 1;

  const ensure = (bytes: number): void => {
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
    if (heap.buffer !== memory.buffer || heap.length * 4 !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer);
  };

  const getPool = (threads: number): WorkerPool | null => {
    if (!shared || threads < 2) return null;
    if (pool !== null && pool.size === threads) return pool;
    pool?.dispose();
    const spawn = threadSpawner();
    pool = spawn === null ? null : new WorkerPool(module, memory, CTL_BYTE, threads, spawn);
    return pool;
  };

  /**
   * C = op(A)·op(B) (+ C) on operands already in the heap (byte offsets), split
   * by output columns over the workers when large; scratch goes at `sOff`.
   */
  const gemmAt = (m: number, n: number, k: number, aOff: number, bOff: number, cOff: number, ta: number, tb: number, ac: number, sOff: number): void => {
    const macs = m * n * k;
    const panels = Math.ceil(n / NR);
    let threads = macs >= PARALLEL_MIN_MACS ? Math.min(numThreads(), panels, MAX_TASKS) : 1;
    const pl = threads > 1 ? getPool(threads) : null;
    if (pl === null) threads = 1;
    lastThreads = threads;
    ensure(sOff + threads * scratchBytes);
    const task = (j0: number, j1: number, t: number): number[] => {
      const s = sOff + t * scratchBytes;
      return [m, n, k, aOff, bOff, cOff, ta, tb, ac, j0, j1, s, s + 4 * ex.packASize(), s + 4 * (ex.packASize() + ex.packBSize())];
    };
    if (pl === null) {
      const t = task(0, n, 0);
      ex.gemm(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13]);
    } else {
      const per = Math.ceil(panels / threads) * NR;
      const tasks: number[][] = [];
      for (let t = 0; t * per < n; t++) tasks.push(task(t * per, Math.min(n, (t + 1) * per), t));
      pl.run(tasks, (t) => ex.gemm(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13]));
    }
  };

  /** Where staging starts: above the resident blocks. */
  const stageStart = (): number => (resident === null ? HEAP_BYTE : resident.top);
  /** Byte offset of a resident operand (used in place), or -1. */
  const at = (x: ArrayBufferView): number => (resident === null ? -1 : resident.offsetOf(x));
  /**
   * Places operands for one call: a resident one where it lives, any other in the
   * next staging slot (copied in only when `copyIn`). `end` is the first free byte.
   */
  const placer = () => {
    let end = stageStart();
    return {
      get end(): number {
        return end;
      },
      place(x: Float32Array, floats: number, copyIn: boolean): { off: number; staged: boolean } {
        const r = at(x);
        if (r >= 0) return { off: r, staged: false };
        const off = end;
        end += align(4 * floats);
        ensure(end);
        if (copyIn) heap.set(x.length === floats ? x : x.subarray(0, floats), off >> 2);
        return { off, staged: true };
      },
    };
  };

  const gemm = (p: GemmParams): void => {
    const { m, n, k, a, b, c } = p;
    const acc = p.accumulate === true, bias = p.bias ?? null, act = p.activation === 'relu' ? 1 : 0;
    if (m === 0 || n === 0) return;
    if (k === 0 || m * n * k <= SMALL_MACS) {
      gemmReference(p);
      lastThreads = 1;
      return;
    }
    // Resident operands are read (and C written) in place; the rest are staged.
    const pl = placer();
    const aOff = pl.place(a, m * k, true).off, bOff = pl.place(b, k * n, true).off;
    const cAt = pl.place(c, m * n, acc);
    const biasOff = bias === null ? 0 : pl.place(bias, n, true).off;
    gemmAt(m, n, k, aOff, bOff, cAt.off, p.transA === true ? 1 : 0, p.transB === true ? 1 : 0, acc ? 1 : 0, pl.end);
    if (bias !== null || act !== 0) ex.biasAct(cAt.off, biasOff, m, n, act);
    if (cAt.staged) c.set(heap.subarray(cAt.off >> 2, (cAt.off >> 2) + m * n));
  };

  /** Offsets of `bufs` in the heap: resident ones in place, the rest copied into staging. */
  const stage = (bufs: Float32Array[]): number[] => {
    const pl = placer();
    return bufs.map((b) => pl.place(b, b.length, true).off);
  };
  const unstage = (b: Float32Array, off: number): void => {
    if (at(b) < 0) b.set(heap.subarray(off >> 2, (off >> 2) + b.length));
  };

  const sgdStep = (p: SgdParams): void => {
    const n = p.theta.length;
    if (n < SMALL_UPDATE) return sgdReference(p);
    const buf = p.buf;
    const [t, g, b] = stage(buf === null ? [p.theta, p.grad] : [p.theta, p.grad, buf]);
    ex.sgdStep(t, g, b ?? 0, n, p.lr, p.weightDecay, p.momentum, 1 - p.dampening, p.nesterov ? 1 : 0, p.first ? 1 : 0, buf === null ? 0 : 1);
    unstage(p.theta, t);
    if (buf !== null) unstage(buf, b);
  };

  const adamStep = (p: AdamParams): void => {
    const n = p.theta.length;
    if (n < SMALL_UPDATE) return adamReference(p);
    const c = adamConstants(p);
    const [t, g, m, v] = stage([p.theta, p.grad, p.m, p.v]);
    ex.adamStep(t, g, m, v, n, p.weightDecay, c.decay, p.beta2, c.oneMinusB1, c.oneMinusB2, p.eps, c.stepSize, c.bc2Sqrt, p.decoupled ? 1 : 0);
    unstage(p.theta, t);
    unstage(p.m, m);
    unstage(p.v, v);
  };

  /** In place on resident state only: staging the whole state each step would cost more than the loop. */
  const lifStep = (p: LifStepParams): number => {
    if (p.n < SMALL_LIF) return -1;
    const offs = [p.v, p.gE, p.gI, p.refr, p.theta, p.inE, p.inI, p.spiked, p.spikeIdx].map(at);
    if (offs.some((o) => o < 0)) return -1;
    const [v, gE, gI, refr, theta, inE, inI, spiked, spikeIdx] = offs as [number, number, number, number, number, number, number, number, number];
    return ex.lifStep(p.clearInputs ? 1 : 0, p.delta ? 1 : 0, p.adaptive ? 1 : 0, p.n, v, gE, gI, refr, theta, inE, inI, spiked, spikeIdx, p.p22, p.vInf,
      p.p21E, p.p21I, p.pE, p.pI, p.refracSteps, p.vThreshMv, p.vResetMv, p.thetaDecay, p.thetaDrop, p.thetaInc);
  };

  const fused = fusedWasmKernels({
    ex,
    get heapStart() {
      return stageStart();
    },
    ensure: (bytes) => {
      ensure(bytes);
      return heap;
    },
    gemmAt,
    gemm,
    scratch: (at0: number) => {
      const packA = align(at0), packB = packA + 4 * ex.packASize(), tmp = packB + 4 * ex.packBSize();
      return { packA, packB, tmp, end: tmp + 128 };
    },
    singleThreadGemm: (macs: number) => macs > SMALL_MACS && (macs < PARALLEL_MIN_MACS || numThreads() === 1),
  });

  return {
    name: shared ? 'wasm-simd-shared' : 'wasm-simd',
    memory,
    gemm,
    sgdStep,
    adamStep,
    lifStep,
    ...fused,
    get lastThreads() {
      return lastThreads;
    },
    debugRunTasks(tasks: number[][]): void {
      const pl = getPool(Math.max(2, numThreads()));
      if (pl === null) throw new Error('debugRunTasks: no worker pool here');
      pl.run(tasks, null);
    },
    residentArray(n: number): Float32Array | null {
      return resident === null ? null : resident.alloc(n, ensure);
    },
    residentTyped<T extends ResidentView>(type: ResidentType<T>, n: number): T | null {
      return resident === null ? null : resident.alloc(n, ensure, type);
    },
    isResident(a: ArrayBufferView): boolean {
      return at(a) >= 0;
    },
    disposeThreads(): void {
      pool?.dispose();
      pool = null;
    },
    microKernel(reps: number): number {
      const kc = ex.microFlops() / (2 * 4 * NR); // microFlops = 2·MR·NR·KC with a 4×NR tile
      const floats = kc * (4 + NR) + 64; // A and B panels, then the tile and its scratch
      const base = stageStart();
      ensure(base + 4 * floats);
      heap.fill(0.5, base >> 2, (base >> 2) + floats); // normal values: subnormals would slow it
      ex.microRepeat(reps, base);
      return reps * ex.microFlops();
    },
  };
}

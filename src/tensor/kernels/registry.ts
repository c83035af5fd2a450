/**
 * The active kernel backend: WebAssembly SIMD when this host can run it, else
 * the TS reference. `setKernels(referenceKernels)` switches back (tests use the
 * reference as the oracle for the fast path).
 */
import { gemmReference } from './gemm.js';
import { adamReference, sgdReference } from './optim.js';
import {
  binarySameReference, colSumsReference, crossEntropyReference, maxRowsReference, reluBackwardReference, reluReference, softmaxRowsReference, sumRowsReference,
  tanhReference,
} from './fused.js';
import { reluRnnBackwardReference, reluRnnForwardReference, reluRnnGradWhReference } from './rnn.js';
import { conv2dBackwardReference, conv2dForwardReference, maxPoolBackwardReference, maxPoolReference } from './conv.js';
import type { FusedKernelName, Kernels, RnnSeqParams } from './types.js';
import { createWasmKernels, type WasmKernels } from './wasm.js';
import type { ResidentType, ResidentView } from './resident.js';

/** Plain-TypeScript kernels; always available, used to check faster backends. */
export const referenceKernels: Kernels & Required<Pick<Kernels, FusedKernelName>> = Object.freeze({
  name: 'ts-reference',
  gemm: gemmReference,
  sgdStep: sgdReference,
  adamStep: adamReference,
  binarySame: binarySameReference,
  relu: reluReference,
  tanh: tanhReference,
  reluBackward: reluBackwardReference,
  colSums: colSumsReference,
  sumRows: sumRowsReference,
  maxRows: maxRowsReference,
  softmaxRows: softmaxRowsReference,
  crossEntropy: crossEntropyReference,
  conv2dForward: conv2dForwardReference,
  conv2dBackward: conv2dBackwardReference,
  maxPool: maxPoolReference,
  maxPoolBackward: maxPoolBackwardReference,
  // over the active backend's GEMM, like the ops that call them
  reluRnnForward: (h: Float32Array, wHt: Float32Array, p: RnnSeqParams) => reluRnnForwardReference(current.gemm, h, wHt, p),
  reluRnnBackward: (g: Float32Array, h: Float32Array, wH: Float32Array, p: RnnSeqParams) => reluRnnBackwardReference(current.gemm, g, h, wH, p),
  reluRnnGradWh: (g: Float32Array, h: Float32Array, gH: Float32Array, p: RnnSeqParams) => reluRnnGradWhReference(current.gemm, g, h, gH, p),
});

let wasm: WasmKernels | null | undefined;

/** @returns the WebAssembly SIMD backend (created on first use), or null where WebAssembly SIMD is unavailable. */
export function wasmKernels(): WasmKernels | null {
  if (wasm === undefined) wasm = createWasmKernels();
  return wasm;
}

let current: Kernels = wasmKernels() ?? referenceKernels;

/** @returns the kernel backend every op uses now. */
export function kernels(): Kernels {
  return current;
}

/**
 * One optional kernel of the active backend, or its TS reference where the backend lacks it.
 * @param name kernel name
 * @returns a function safe to call detached
 */
export function kernel<K extends FusedKernelName>(name: K): NonNullable<Kernels[K]> {
  return (current[name] ?? referenceKernels[name]) as NonNullable<Kernels[K]>;
}

/**
 * Installs a kernel backend (e.g. WebAssembly SIMD) for all subsequent ops.
 * @param k the backend; must give the same results as {@link referenceKernels} up to float rounding.
 */
export function setKernels(k: Kernels): void {
  current = k;
}

/**
 * Storage for long-lived tensors (parameters, optimizer state): resident in the
 * WebAssembly kernels' shared memory when the active backend has one, so kernels
 * read and update it in place; otherwise an ordinary Float32Array. Zero-filled.
 * Not for per-op results: a resident block returns to the pool only when its
 * array is collected, which a long synchronous loop never lets happen.
 * @param n floats
 */
export function residentArray(n: number): Float32Array {
  return residentTypedArray(Float32Array, n);
}

/**
 * {@link residentArray} for another array type: e.g. `residentTypedArray(Float64Array, n)`
 * for state that a kernel steps in place (the spiking simulator's).
 */
export function residentTypedArray<T extends ResidentView>(type: ResidentType<T>, n: number): T {
  const w = current === wasm ? wasm : null;
  return w?.residentTyped(type, n) ?? new type(new ArrayBuffer(type.BYTES_PER_ELEMENT * n), 0, n);
}

/** @returns `src` when it is already resident (or residency is unavailable), else a resident copy of it */
export function residentCopy(src: Float32Array): Float32Array {
  const w = current === wasm ? wasm : null;
  if (w === null || w === undefined || w.isResident(src)) return src;
  const r = w.residentArray(src.length);
  if (r === null) return src;
  r.set(src);
  return r;
}

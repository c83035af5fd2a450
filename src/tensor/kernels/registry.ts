/**
 * The active kernel backend: WebAssembly SIMD when this host can run it, else
 * the TS reference. `setKernels(referenceKernels)` switches back (tests use the
 * reference as the oracle for the fast path).
 */
import { gemmReference } from './gemm.js';
import { adamReference, sgdReference } from './optim.js';
import {
  binarySameReference, colSumsReference, crossEntropyReference, maxRowsReference, reluBackwardReference, reluReference, softmaxRowsReference, sumRowsReference,
} from './fused.js';
import { conv2dBackwardReference, conv2dForwardReference, maxPoolBackwardReference, maxPoolReference } from './conv.js';
import type { FusedKernelName, Kernels } from './types.js';
import { createWasmKernels, type WasmKernels } from './wasm.js';

/** Plain-TypeScript kernels; always available, used to check faster backends. */
export const referenceKernels: Kernels & Required<Pick<Kernels, FusedKernelName>> = Object.freeze({
  name: 'ts-reference',
  gemm: gemmReference,
  sgdStep: sgdReference,
  adamStep: adamReference,
  binarySame: binarySameReference,
  relu: reluReference,
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

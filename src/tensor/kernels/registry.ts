/** The active kernel backend: the TS reference until something faster is installed. */
import { gemmReference } from './gemm.js';
import type { Kernels } from './types.js';

/** Plain-TypeScript kernels; always available, used to check faster backends. */
export const referenceKernels: Kernels = Object.freeze({ name: 'ts-reference', gemm: gemmReference });

let current: Kernels = referenceKernels;

/** @returns the kernel backend every op uses now. */
export function kernels(): Kernels {
  return current;
}

/**
 * Installs a kernel backend (e.g. WebAssembly SIMD) for all subsequent ops.
 * @param k the backend; must give the same results as {@link referenceKernels} up to float rounding.
 */
export function setKernels(k: Kernels): void {
  current = k;
}

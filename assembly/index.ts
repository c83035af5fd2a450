// Entry of the WebAssembly kernels (AssemblyScript). See gemm.ts and optim.ts.
export { gemm, packASize, packBSize } from './gemm';
export { sgdStep, adamStep } from './optim';

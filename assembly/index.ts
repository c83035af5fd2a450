// Entry of the WebAssembly kernels (AssemblyScript). See gemm.ts.
export { gemm, packASize, packBSize } from './gemm';

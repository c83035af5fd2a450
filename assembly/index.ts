// Entry of the WebAssembly kernels (AssemblyScript). See gemm.ts, optim.ts, fused.ts, conv.ts, rnn.ts and lif.ts.
export { gemm, packASize, packBSize, microRepeat, microFlops } from './gemm';
export { sgdStep, adamStep } from './optim';
export { biasAct, reluBackward, colSums, rowSumsF32, sumRows, maxRows, softmaxRows, crossEntropyRows, binarySame, tanhF32 } from './fused';
export { im2col, col2im, channelsOut, channelsIn, maxPool, maxPoolBackward } from './conv';
export { reluRnnForward, reluRnnBackward, reluRnnGradWh } from './rnn';
export { lifStep } from './lif';

/** The WebAssembly module's exported kernels and heap helpers shared by wasm.ts and wasm-fused.ts. */

/** Rounds a byte count up to 64 (cache line; keeps every staged buffer v128-aligned). */
export const align = (x: number): number => (x + 63) & ~63;

/** The module's exports (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  gemm(m: number, n: number, k: number, a: number, b: number, c: number, transA: number, transB: number, accumulate: number,
    j0: number, j1: number, packA: number, packB: number, tmp: number): void;
  packASize(): number;
  packBSize(): number;
  microRepeat(reps: number, buf: number): void;
  microFlops(): number;
  sgdStep(theta: number, grad: number, buf: number, n: number, lr: number, wd: number, mu: number, oneMinusDamp: number,
    nesterov: number, first: number, hasBuf: number): void;
  adamStep(theta: number, grad: number, m: number, v: number, n: number, wd: number, decay: number, b2: number,
    oneMinusB1: number, oneMinusB2: number, eps: number, stepSize: number, bc2Sqrt: number, decoupled: number): void;
  biasAct(c: number, bias: number, rows: number, cols: number, act: number): void;
  reluBackward(x: number, g: number, out: number, n: number): void;
  colSums(g: number, rows: number, cols: number, out: number): void;
  rowSumsF32(x: number, rows: number, n: number, out: number): void;
  sumRows(x: number, rows: number, n: number, out: number): void;
  maxRows(x: number, rows: number, n: number, out: number, arg: number): void;
  softmaxRows(x: number, out: number, rows: number, n: number, log: number): void;
  crossEntropyRows(x: number, labels: number, rows: number, n: number, probs: number): number;
  tanhF32(x: number, out: number, n: number, tmp: number): void;
  binarySame(op: number, a: number, b: number, out: number, n: number): void;
  im2col(x: number, c: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number, ph: number, pw: number,
    oh: number, ow: number, cols: number, ld: number, colOff: number): void;
  col2im(cols: number, ld: number, colOff: number, c: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number,
    ph: number, pw: number, oh: number, ow: number, dx: number): void;
  channelsOut(src: number, bias: number, o: number, s: number, l: number, out: number): void;
  channelsIn(g: number, o: number, s: number, l: number, dst: number): void;
  maxPool(x: number, planes: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number, oh: number, ow: number,
    out: number, arg: number): void;
  maxPoolBackward(g: number, arg: number, n: number, dx: number): void;
  reluRnnForward(h: number, wHt: number, steps: number, nb: number, n: number, alpha: number, packA: number, packB: number, tmp: number): void;
  reluRnnBackward(g: number, h: number, wH: number, steps: number, nb: number, n: number, alpha: number, packA: number, packB: number, tmp: number): void;
  lifStep(clear: number, delta: number, adaptive: number, n: number, v: number, gE: number, gI: number, refr: number, theta: number,
    inE: number, inI: number, spiked: number, spikeIdx: number, p22: number, vInf: number, p21E: number, p21I: number, pE: number,
    pI: number, refracSteps: number, vThresh: number, vReset: number, thetaDecay: number, thetaDrop: number, thetaInc: number): number;
  reluRnnGradWh(g: number, h: number, gH: number, steps: number, nb: number, n: number, packA: number, packB: number, tmp: number): void;
}

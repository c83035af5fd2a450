import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { numThreads, referenceKernels, setNumThreads, wasmKernels } from '../tensor/index.js';
import './index.js'; // installs the worker_threads spawner

const rng = createRng(5);
const w = wasmKernels()!;

function run(threads: number, m: number, n: number, k: number, ta: boolean, tb: boolean, a: Float32Array, b: Float32Array): Float32Array {
  setNumThreads(threads);
  const c = new Float32Array(m * n);
  w.gemm({ m, n, k, a, b, c, transA: ta, transB: tb });
  expect(w.lastThreads).toBe(threads);
  return c;
}

describe('wasm gemm on worker threads', () => {
  afterAll(() => {
    w.disposeThreads();
  });

  it('defaults to the cores once the Node adapter is imported', () => {
    expect(numThreads()).toBeGreaterThanOrEqual(1);
  });

  it('gives bit-identical results on 1, 2 and 3 threads, equal to the reference up to rounding', () => {
    for (const [m, n, k] of [[128, 256, 784], [67, 301, 129], [256, 784, 128]] as const) {
      for (const [ta, tb] of [[false, false], [false, true], [true, false], [true, true]] as const) {
        const a = rng.fillNormal(new Float32Array(m * k)) as Float32Array;
        const b = rng.fillNormal(new Float32Array(k * n)) as Float32Array;
        const one = run(1, m, n, k, ta, tb, a, b);
        const two = run(2, m, n, k, ta, tb, a, b);
        const three = run(3, m, n, k, ta, tb, a, b);
        expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
        expect(Buffer.from(three.buffer).equals(Buffer.from(one.buffer))).toBe(true);
        const ref = new Float32Array(m * n);
        referenceKernels.gemm({ m, n, k, a, b, c: ref, transA: ta, transB: tb });
        let worst = 0;
        for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(one[i] - ref[i]));
        expect(worst).toBeLessThan(2e-6 * k + 1e-5);
      }
    }
    setNumThreads(2);
  });

  it('surfaces a worker error as a thrown error, then keeps working', () => {
    setNumThreads(2);
    const task = (flag: number): number[] => [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, flag];
    expect(() => w.debugRunTasks([task(-1)])).toThrow(/worker pool: task failed in worker 1: injected worker failure/);
    // a real trap inside the wasm kernel: pointers far outside the memory
    const oob = [4, 8, 4, 0x7ff00000, 0x7ff00000, 0x7ff00000, 0, 0, 0, 0, 8, 0x7ff00000, 0x7ff00000, 0x7ff00000];
    expect(() => w.debugRunTasks([oob])).toThrow(/worker pool: task failed in worker 1: .*out of bounds/);
    w.debugRunTasks([task(0)]);
    const m = 128, n = 128, k = 64;
    const a = rng.fillNormal(new Float32Array(m * k)) as Float32Array;
    const b = rng.fillNormal(new Float32Array(k * n)) as Float32Array;
    expect(Array.from(run(2, m, n, k, false, false, a, b))).toEqual(Array.from(run(1, m, n, k, false, false, a, b)));
  });
});

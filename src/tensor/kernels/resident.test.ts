import { describe, expect, it } from 'vitest';
import { createRng } from '../../util/index.js';
import { referenceKernels } from './registry.js';
import { ResidentHeap } from './resident.js';
import { createWasmKernels } from './wasm.js';

const rng = createRng(11);
const rand = (n: number): Float32Array => rng.fillNormal(new Float32Array(n)) as Float32Array;
const canShare = typeof SharedArrayBuffer !== 'undefined';

describe.skipIf(!canShare)('ResidentHeap', () => {
  const memory = (): WebAssembly.Memory => new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true });
  const grower = (m: WebAssembly.Memory) => (bytes: number): void => {
    const have = m.buffer.byteLength;
    if (bytes > have) m.grow(Math.ceil((bytes - have) / 65536));
  };

  it('hands out zeroed views of the memory, in power-of-two blocks above the start', () => {
    const m = memory(), h = new ResidentHeap(m, 4096, 1 << 24);
    const a = h.alloc(100, grower(m))!;
    const b = h.alloc(100, grower(m))!;
    expect(a.length).toBe(100);
    expect(h.offsetOf(a)).toBe(4096);
    expect(h.offsetOf(b)).toBe(4096 + 512); // 400 bytes → a 512-byte block
    expect(h.top).toBe(4096 + 1024);
    expect(h.liveBytes).toBe(1024);
    expect(h.offsetOf(new Float32Array(4))).toBe(-1);
    expect([...a].every((v) => v === 0)).toBe(true);
  });

  it('keeps old views valid when the memory grows, and reuses freed blocks zeroed', () => {
    const m = memory(), h = new ResidentHeap(m, 0, 1 << 26);
    const a = h.alloc(16, grower(m))!;
    a.fill(7);
    const big = h.alloc(300_000, grower(m))!; // grows the memory past its first page
    expect(m.buffer.byteLength).toBeGreaterThan(65536);
    expect(a[3]).toBe(7);
    expect(h.offsetOf(big)).toBeGreaterThan(0);
    const off = h.offsetOf(a);
    h.free(a);
    h.free(a); // a second free is ignored
    const c = h.alloc(10, grower(m))!;
    expect(h.offsetOf(c)).toBe(off);
    expect([...c].every((v) => v === 0)).toBe(true);
    expect(h.liveBytes).toBe(64 + 2 ** 21);
  });

  it('hands out other array types by their byte size, and frees them by it', () => {
    const m = memory(), h = new ResidentHeap(m, 0, 1 << 24);
    const d = h.alloc(100, grower(m), Float64Array)!;
    const u = h.alloc(65, grower(m), Uint8Array)!;
    expect(d).toBeInstanceOf(Float64Array);
    expect(d.length).toBe(100);
    expect(h.offsetOf(u)).toBe(1024); // 800 bytes → a 1024-byte block
    expect(h.liveBytes).toBe(1024 + 128); // 65 bytes → 128
    d.fill(3);
    h.free(d);
    const i = h.alloc(256, grower(m), Int32Array)!; // 1024 bytes: d's block, zeroed
    expect(h.offsetOf(i)).toBe(0);
    expect([...i].every((v) => v === 0)).toBe(true);
  });

  it('refuses past its budget instead of growing without bound', () => {
    const m = memory(), h = new ResidentHeap(m, 0, 4096);
    expect(h.alloc(1024, grower(m))).not.toBeNull();
    expect(h.alloc(1, grower(m))).toBeNull();
  });
});

describe.skipIf(!canShare)('wasm kernels on resident operands', () => {
  const w = createWasmKernels({ shared: true })!;

  it('GEMM reads resident A, B, bias and writes resident C in place, as the reference does', () => {
    const m = 37, n = 70, k = 129;
    const a = rand(m * k), b = rand(n * k), bias = rand(n);
    const ra = w.residentArray(m * k)!, rb = w.residentArray(n * k)!, rc = w.residentArray(m * n)!, rbias = w.residentArray(n)!;
    ra.set(a);
    rb.set(b);
    rbias.set(bias);
    expect(w.isResident(rc) && !w.isResident(a)).toBe(true);
    const ref = new Float32Array(m * n);
    referenceKernels.gemm({ m, n, k, a, b, c: ref, transB: true, bias, activation: 'relu' });
    w.gemm({ m, n, k, a: ra, b: rb, c: rc, transB: true, bias: rbias, activation: 'relu' });
    let err = 0;
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(rc[i] - ref[i]));
    expect(err).toBeLessThan(1e-4);
    // accumulate into resident C, with a plain (staged) B
    w.gemm({ m, n, k, a: ra, b, c: rc, transB: true, accumulate: true });
    referenceKernels.gemm({ m, n, k, a, b, c: ref, transB: true, accumulate: true });
    for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(rc[i] - ref[i]));
    expect(err).toBeLessThan(1e-3);
  });

  it('SGD and Adam update resident parameters and state in place, bit-identical to the reference', () => {
    const n = 5001;
    const theta = rand(n), grad = rand(n), buf = rand(n);
    const rt = w.residentArray(n)!, rbuf = w.residentArray(n)!;
    rt.set(theta);
    rbuf.set(buf);
    const p = { lr: 0.1, weightDecay: 0.01, momentum: 0.9, dampening: 0, nesterov: true, first: false };
    w.sgdStep!({ ...p, theta: rt, grad, buf: rbuf });
    referenceKernels.sgdStep!({ ...p, theta, grad, buf });
    expect(new Uint32Array(rt.buffer, rt.byteOffset, n)).toEqual(new Uint32Array(theta.buffer));
    expect(new Uint32Array(rbuf.buffer, rbuf.byteOffset, n)).toEqual(new Uint32Array(buf.buffer));
    const mm = w.residentArray(n)!, vv = w.residentArray(n)!;
    const m0 = new Float32Array(n), v0 = new Float32Array(n);
    const q = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: true, step: 1 };
    w.adamStep!({ ...q, theta: rt, grad, m: mm, v: vv });
    referenceKernels.adamStep!({ ...q, theta, grad, m: m0, v: v0 });
    expect(new Uint32Array(rt.buffer, rt.byteOffset, n)).toEqual(new Uint32Array(theta.buffer));
    expect(new Uint32Array(vv.buffer, vv.byteOffset, n)).toEqual(new Uint32Array(v0.buffer));
  });
});

import { describe, expect, it } from 'vitest';
import { createRng } from '../util/index.js';
import { gradStore, randn, setGradStore, type Tensor } from './index.js';

const rng = createRng(8);
const leaf = (shape: number[]): Tensor => {
  const t = randn(shape, { rng });
  t.requiresGrad = true;
  return t;
};

describe('gradient stores', () => {
  it('the weight gradient is written into the store and becomes .grad without a copy; zeroGrad frees it again', () => {
    const x = leaf([5, 7]), w = leaf([7, 3]);
    const store = new Float32Array(w.size);
    setGradStore(w, store);
    x.matmul(w).sum().backward();
    expect(w.grad!.data).toBe(store);
    const first = Array.from(store);
    // a second backward without zeroGrad accumulates: a fresh buffer is added into the store
    x.matmul(w).sum().backward();
    expect(w.grad!.data).toBe(store);
    expect(Array.from(store)).toEqual(first.map((v) => Math.fround(v + v)));
    w.zeroGrad();
    x.mul(2).matmul(w).sum().backward();
    expect(w.grad!.data).toBe(store);
    for (let i = 0; i < store.length; i++) expect(store[i]).toBeCloseTo(2 * first[i]!, 4);
  });

  it('a weight used twice in one graph gets the sum of both contributions', () => {
    const x = leaf([4, 6]), w = leaf([6, 6]);
    const ref = leaf([6, 6]);
    ref.data.set(w.data);
    setGradStore(w, new Float32Array(w.size));
    x.matmul(w).matmul(w).sum().backward();
    x.matmul(ref).matmul(ref).sum().backward();
    expect(Array.from(w.grad!.data)).toEqual(Array.from(ref.grad!.data));
  });

  it('hands the store out once per zeroGrad and checks its length', () => {
    const w = leaf([3, 2]);
    expect(gradStore(w)).not.toBe(gradStore(w)); // no store: fresh arrays
    const s = new Float32Array(6);
    setGradStore(w, s);
    expect(gradStore(w)).toBe(s);
    expect(gradStore(w)).not.toBe(s); // taken
    w.zeroGrad();
    expect(gradStore(w)).toBe(s);
    expect(() => setGradStore(w, new Float32Array(5))).toThrow(/store length/);
  });
});

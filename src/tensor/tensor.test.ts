import { describe, expect, it } from 'vitest';
import { ArgumentError, createRng, NonFiniteError, ShapeError } from '../util/index.js';
import { arange, customOp, eye, full, isGradEnabled, noGrad, ones, rand, randn, setCheckFinite, Tensor, tensor, zeros, zerosLike } from './index.js';

describe('creation', () => {
  it('infers shapes from nested arrays and copies data', () => {
    const src = [[1, 2, 3], [4, 5, 6]];
    const t = tensor(src);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(t.toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    src[0][0] = 100;
    expect(t.data[0]).toBe(1);
    expect(tensor(5).shape).toEqual([]);
    expect(tensor(5).item()).toBe(5);
    expect(tensor([1, 2, 3, 4], [2, 2]).shape).toEqual([2, 2]);
    expect(tensor(new Float32Array([1, 2])).shape).toEqual([2]);
  });

  it('takes an options bag as the last argument', () => {
    expect(tensor([1, 2], { requiresGrad: true }).requiresGrad).toBe(true);
    const t = tensor([1, 2, 3, 4], [2, 2], { requiresGrad: true, name: 'w' });
    expect([t.requiresGrad, t.name]).toEqual([true, 'w']);
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('rejects ragged arrays and wrong sizes with ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(/tensor\(data, shape\): data length does not match shape, expected 4, received 3/);
  });

  it('fills, ranges and identities', () => {
    expect(zeros([2, 2]).toArray()).toEqual([0, 0, 0, 0]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(zerosLike(ones([2, 3])).shape).toEqual([2, 3]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(eye(2).toArray()).toEqual([1, 0, 0, 1]);
  });

  it('random creation is reproducible from the seed and respects ranges', () => {
    const a = randn([100], { rng: createRng(3), mean: 2, std: 0.1 });
    const b = randn([100], { rng: createRng(3), mean: 2, std: 0.1 });
    expect(a.toArray()).toEqual(b.toArray());
    const u = rand([1000], { rng: createRng(4), low: -1, high: 1 });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u.data)).toBeLessThan(1);
  });
});

describe('autodiff semantics (like PyTorch)', () => {
  it('computes gradients of a simple expression', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const w = tensor([1, -1, 2], { requiresGrad: true });
    const y = x.mul(w).sum();
    y.backward();
    expect(y.item()).toBe(16);
    expect(x.grad?.toArray()).toEqual([1, -1, 2, 1, -1, 2]);
    expect(w.grad?.toArray()).toEqual([5, 7, 9]);
    expect(x.grad?.shape).toEqual([2, 3]);
  });

  it('two backward calls add into .grad; zeroGrad clears', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    y.backward();
    expect(x.grad?.toArray()).toEqual([4, 8]);
    x.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([7, 11]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
  });

  it('sums over shared subexpressions and keeps grads only on leaves', () => {
    const x = tensor([3], { requiresGrad: true });
    const y = x.mul(x); // x used twice
    const z = y.add(y).sum(); // y used twice
    z.backward();
    expect(x.grad?.toArray()).toEqual([12]); // d(2x²)/dx = 4x
    expect(y.requiresGrad).toBe(true);
    expect(y.grad).toBeNull();
    expect(z.grad).toBeNull();
  });

  it('detach cuts the graph and shares data', () => {
    const x = tensor([2, 3], { requiresGrad: true });
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).toBe(x.data);
    d.mul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([2, 3]);
  });

  it('noGrad records nothing and restores the mode even on throw', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('results require grad only if an input does; no-grad branches get no gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = tensor([5, 6]);
    expect(c.add(1).requiresGrad).toBe(false);
    x.mul(c).sum().backward();
    expect(c.grad).toBeNull();
  });

  it('backward needs a one-element tensor or an explicit grad of the same shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(ShapeError);
    expect(() => y.backward(tensor([1, 2, 3]))).toThrow(ShapeError);
    const g = tensor([1, 10]);
    y.backward(g);
    expect(x.grad?.toArray()).toEqual([2, 20]);
    expect(() => tensor([1]).backward()).toThrow(ArgumentError);
  });

  it('a leaf .grad never aliases the seed buffer', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const g = tensor([1, 1]);
    x.backward(g);
    expect(x.grad?.data).not.toBe(g.data);
    x.grad!.data[0] = 5;
    expect(g.data[0]).toBe(1);
  });

  it('handles deep graphs without recursion limits', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20_000; i++) y = y.add(1);
    y.sum().backward();
    expect(x.grad?.toArray()).toEqual([1]);
  });

  it('clone copies data and passes gradients through', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const c = x.clone();
    expect(c.data).not.toBe(x.data);
    c.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 3]);
  });

  it('item and toArray', () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(() => tensor([1, 2]).item()).toThrow(/Tensor.item\(\): tensor has more than one element/);
    expect(new Tensor(new Float32Array([1, 2]), [2]).toString()).toBe('Tensor([2])');
  });
});

describe('customOp', () => {
  const double = (x: Tensor): Tensor => customOp('double', x.data.map((v) => 2 * v), x.shape, [x], (g) => [g.map((v) => 2 * v)]);

  it('records a differentiable op and accumulates its gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = double(x).add(x).sum();
    y.backward();
    expect(x.grad?.toArray()).toEqual([3, 3]);
    expect(noGrad(() => double(x)).requiresGrad).toBe(false);
  });

  it('validates data and gradient lengths', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => customOp('bad', new Float32Array(3), [2], [x], () => [null])).toThrow(/customOp\(bad\): data length/);
    const y = customOp('short', new Float32Array(2), [2], [x], () => [new Float32Array(1)]);
    expect(() => y.sum().backward()).toThrow(/customOp\(short\).backward: gradient 0 has the wrong length, expected 2, received 1/);
    const z = customOp('none', new Float32Array(2), [2], [x], () => [null]);
    x.zeroGrad();
    z.sum().backward();
    expect(x.grad).toBeNull();
  });
});

describe('setCheckFinite', () => {
  it('checks gradients in backward too, naming the op, the argument and its shape', () => {
    setCheckFinite(true);
    try {
      const x = tensor([0, 4], { requiresGrad: true, name: 'w' });
      const y = x.sqrt().sum(); // finite forward; d sqrt / dx at 0 is +Infinity
      expect(() => y.backward()).toThrow(/^backward of sqrt\(w \[2\]\): the gradient for argument w has Infinity at index 0/);
      const nan = tensor([NaN, 1]);
      expect(() => nan.exp()).toThrow(/non-finite input: x/);
    } finally {
      setCheckFinite(false);
    }
  });

  it('names the op and inputs when a result is not finite', () => {
    setCheckFinite(true);
    try {
      const x = tensor([1, 100]);
      expect(() => x.exp()).toThrow(NonFiniteError);
      expect(() => x.exp()).toThrow(/^exp\(x \[2\]\): result has Infinity at index 1 \(all inputs finite\) at step 1 \(after 0 backward passes since the check was enabled\), expected finite values$/);
      const logits = tensor([-1, 2], { name: 'logits' });
      try {
        logits.log();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(NonFiniteError);
        expect((e as NonFiniteError).code).toBe('non_finite');
        expect((e as NonFiniteError).path).toBe('log(logits [2])');
      }
      expect(() => tensor([1]).div(tensor([0]))).toThrow(/^div\(a \[1\], b \[1\]\)/);
    } finally {
      setCheckFinite(false);
    }
    expect(tensor([100]).exp().data[0]).toBe(Infinity); // off by default: no scan
  });

  it('names the step: backward passes since the check was switched on', () => {
    const w = tensor([0.5, -0.25], { requiresGrad: true, name: 'w' });
    const step = (x: Tensor): void => {
      w.zeroGrad();
      x.mul(w).sum().log().backward();
    };
    const messageOf = (fn: () => void): string => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(NonFiniteError);
        return (e as Error).message;
      }
      return expect.unreachable() as never;
    };
    setCheckFinite(true);
    try {
      for (let i = 1; i < 38; i++) step(tensor([4, 1]));
      // Step 38's input carries a NaN: the forward op that meets it names step 38.
      expect(messageOf(() => step(tensor([NaN, 1], { name: 'x' })))).toMatch(/^mul\(x \[2\], w \[2\]\): result has NaN at index 0 \(non-finite input: x\) at step 38 \(after 37 backward passes since the check was enabled\), expected finite values$/);
      // A pass that fails is not counted, and a gradient failure names its pass (d sqrt / dx at 0 is Infinity).
      const zero = tensor([0], { requiresGrad: true, name: 'z' });
      expect(messageOf(() => zero.sqrt().sum().backward())).toMatch(/^backward of sqrt\(z \[1\]\): the gradient for argument z has Infinity at index 0 \(all inputs finite\) in backward pass 38 since the check was enabled, expected finite values$/);
      step(tensor([4, 1]));
      expect(messageOf(() => tensor([1]).div(tensor([0])))).toContain('at step 39 (after 38 backward passes');
      // Switching it on again restarts the count.
      setCheckFinite(true);
      step(tensor([4, 1]));
      expect(messageOf(() => tensor([1]).div(tensor([0])))).toContain('at step 2 (after 1 backward pass since');
    } finally {
      setCheckFinite(false);
    }
  });
});

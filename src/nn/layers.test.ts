import { describe, expect, it } from 'vitest';
import { checkGrad, mul, randn, relu, sum, tensor, type Tensor } from '../tensor/index.js';
import { ReLU } from './activation.js';
import { Sequential } from './sequential.js';
import { createRng, defaultRng, manualSeed, ShapeError, type Rng } from '../util/index.js';
import { Conv2d, conv2d } from './conv.js';
import { Linear, linear } from './linear.js';
import { MaxPool2d, maxPool2d } from './pool.js';

const param = (shape: number[], rng: Rng): Tensor => {
  const t = randn(shape, { rng });
  t.requiresGrad = true;
  return t;
};

function gradOk(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = checkGrad(fn, inputs, { atol: 1e-3, rtol: 1e-2 });
  expect(r.ok, `worst: ${r.worst} abs ${r.maxAbsErr} rel ${r.maxRelErr}`).toBe(true);
}

describe('linear', () => {
  it('computes x Wᵀ + b with W stored [out, in]', () => {
    const x = tensor([[1, 2, 3], [-1, 0, 1]]);
    const w = tensor([[1, 0, -1], [0.5, 0.5, 0.5]]);
    const b = tensor([10, 20]);
    expect(linear(x, w, b).toArray()).toEqual([1 - 3 + 10, 3 + 20, -1 - 1 + 10, 0 + 20]);
    expect(linear(x, w).shape).toEqual([2, 2]);
  });

  it('maps any leading axes', () => {
    const rng = createRng(0);
    const fc = new Linear(3, 5, { rng });
    expect(fc.forward(randn([2, 4, 3], { rng })).shape).toEqual([2, 4, 5]);
    expect(fc.forward(randn([3], { rng })).shape).toEqual([5]);
  });

  it('has correct gradients for x, W and b', () => {
    const rng = createRng(1);
    const x = param([4, 3], rng), w = param([2, 3], rng), b = param([2], rng);
    // checkGrad weights the outputs itself and sums in float64: pass the raw output.
    gradOk((x, w, b) => linear(x!, w!, b!), [x, w, b]);
    gradOk((x, w) => linear(x!, w!), [x, w]);
  });

  it("uses PyTorch's default init: U(±1/√in) for weight and bias", () => {
    const fc = new Linear(16, 300, { rng: createRng(2) });
    const bound = 1 / 4;
    for (const t of [fc.weight, fc.bias!]) {
      const v = Array.from(t.data);
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      expect(Math.max(...v)).toBeGreaterThan(0.9 * bound);
    }
    expect(fc.weight.requiresGrad && fc.bias!.requiresGrad).toBe(true);
    const same = new Linear(16, 300, { rng: createRng(2) });
    expect(Array.from(same.weight.data)).toEqual(Array.from(fc.weight.data));
  });

  it('rejects a wrong input width with a ShapeError', () => {
    const fc = new Linear(3, 2, { rng: createRng(0) });
    expect(() => fc.forward(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => fc.forward(tensor([[1, 2]]))).toThrow(/linear\(x, weight, bias\): last axis of x must equal in_features, expected \[-1, 3\], received \[1, 2\]/);
    expect(() => new Linear(0, 2, { rng: createRng(0) })).toThrow(/positive integer/);
  });
});

/** Straightforward loop convolution (PyTorch semantics) as the reference. */
function naiveConv(x: Tensor, w: Tensor, b: Tensor | null, s: [number, number], p: [number, number]): number[] {
  const [n, c, h, wd] = x.shape as number[];
  const [o, , kh, kw] = w.shape as number[];
  const oh = Math.floor((h! + 2 * p[0] - kh!) / s[0]) + 1, ow = Math.floor((wd! + 2 * p[1] - kw!) / s[1]) + 1;
  const out: number[] = [];
  for (let ni = 0; ni < n!; ni++)
    for (let oc = 0; oc < o!; oc++)
      for (let y = 0; y < oh; y++)
        for (let z = 0; z < ow; z++) {
          let acc = b ? b.data[oc]! : 0;
          for (let ci = 0; ci < c!; ci++)
            for (let i = 0; i < kh!; i++)
              for (let j = 0; j < kw!; j++) {
                const iy = y * s[0] - p[0] + i, ix = z * s[1] - p[1] + j;
                if (iy >= 0 && iy < h! && ix >= 0 && ix < wd!) acc += x.data[((ni * c! + ci) * h! + iy) * wd! + ix]! * w.data[((oc * c! + ci) * kh! + i) * kw! + j]!;
              }
          out.push(acc);
        }
  return out;
}

describe('conv2d', () => {
  it('matches a hand-computed 2×2 kernel example', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = tensor([1, 0, 0, -1], [1, 1, 2, 2]);
    const y = conv2d(x, w, tensor([0.5]));
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(y.toArray()).toEqual([1 - 5 + 0.5, 2 - 6 + 0.5, 4 - 8 + 0.5, 5 - 9 + 0.5]);
  });

  const cases: { name: string; x: number[]; w: number[]; stride: [number, number]; padding: [number, number] }[] = [
    { name: 'stride 1, no padding', x: [2, 3, 5, 5], w: [4, 3, 3, 3], stride: [1, 1], padding: [0, 0] },
    { name: 'stride 2, padding 1', x: [2, 2, 6, 7], w: [3, 2, 3, 3], stride: [2, 2], padding: [1, 1] },
    { name: 'rectangular kernel, stride (1,2), padding (2,0)', x: [1, 2, 5, 6], w: [2, 2, 2, 3], stride: [1, 2], padding: [2, 0] },
  ];
  for (const cs of cases) {
    it(`matches naive loops and has correct gradients: ${cs.name}`, () => {
      const rng = createRng(3);
      const x = param(cs.x, rng), w = param(cs.w, rng), b = param([cs.w[0]!], rng);
      const y = conv2d(x, w, b, { stride: cs.stride, padding: cs.padding });
      const ref = naiveConv(x, w, b, cs.stride, cs.padding);
      y.toArray().forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 4));
      gradOk((x, w, b) => conv2d(x!, w!, b!, { stride: cs.stride, padding: cs.padding }), [x, w, b]);
    });
  }

  it('Conv2d module: PyTorch layout, output shape, no-bias option', () => {
    const conv = new Conv2d(3, 8, [3, 5], { stride: 2, padding: [1, 2], rng: createRng(0) });
    expect(conv.weight.shape).toEqual([8, 3, 3, 5]);
    expect(conv.namedParameters().map(([n]) => n)).toEqual(['weight', 'bias']);
    expect(conv.forward(randn([2, 3, 9, 9], { rng: createRng(1) })).shape).toEqual([2, 8, 5, 5]);
    const bound = 1 / Math.sqrt(3 * 3 * 5);
    expect(Math.max(...Array.from(conv.weight.data).map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(new Conv2d(1, 2, 3, { rng: createRng(0), bias: false }).bias).toBeNull();
  });

  it('rejects mismatched channels and too-small inputs', () => {
    const rng = createRng(0);
    expect(() => conv2d(randn([1, 2, 4, 4], { rng }), randn([1, 3, 3, 3], { rng }))).toThrow(ShapeError);
    expect(() => conv2d(randn([1, 1, 2, 2], { rng }), randn([1, 1, 3, 3], { rng }))).toThrow(/kernel larger than padded input/);
    expect(() => conv2d(randn([1, 4, 4], { rng }), randn([1, 1, 3, 3], { rng }))).toThrow(/x must be 4-D/);
  });
});

describe('maxPool2d', () => {
  it('takes window maxima (hand-computed) and routes gradients to the argmax', () => {
    const x = tensor([1, 5, 2, 0, 3, 4, 9, 1, 7, 8, 6, 2, 0, 1, 3, 4], [1, 1, 4, 4]);
    x.requiresGrad = true;
    const y = maxPool2d(x, 2);
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(y.toArray()).toEqual([5, 9, 8, 6]);
    sum(mul(y, tensor([1, 2, 3, 4], [1, 1, 2, 2]))).backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0, 0, 0, 0, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
  });

  it('supports overlapping windows (stride < kernel) and passes checkGrad', () => {
    const rng = createRng(4);
    // A permutation keeps values distinct, so the max is never tied (finite differences need that).
    const perm = Array.from(rng.permutation(2 * 3 * 5 * 6), (v) => v * 0.1);
    const x = tensor(perm, [2, 3, 5, 6]);
    x.requiresGrad = true;
    const y = maxPool2d(x, [3, 2], [2, 1]);
    expect(y.shape).toEqual([2, 3, 2, 5]);
    const ref: number[] = [];
    for (let p = 0; p < 6; p++)
      for (let oy = 0; oy < 2; oy++)
        for (let ox = 0; ox < 5; ox++) {
          let m = -Infinity;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) m = Math.max(m, x.data[p * 30 + (oy * 2 + i) * 6 + ox + j]!);
          ref.push(m);
        }
    expect(y.toArray()).toEqual(ref);
    gradOk((x) => maxPool2d(x!, [3, 2], [2, 1]), [x]);
  });

  it('MaxPool2d module defaults the stride to the kernel', () => {
    expect(new MaxPool2d(2).forward(randn([1, 3, 28, 28], { rng: createRng(0) })).shape).toEqual([1, 3, 14, 14]);
    expect(() => maxPool2d(randn([1, 1, 1, 1], { rng: createRng(0) }), 2)).toThrow(/kernel larger than input/);
  });
});

describe('fused linear + ReLU', () => {
  it('gives the values and gradients of linear then relu, in Sequential too', () => {
    const rng = createRng(21);
    const lin = new Linear(70, 40, { rng });
    const x = randn([33, 70], { rng });
    x.requiresGrad = true;
    const run = (fused: boolean): Float32Array[] => {
      for (const p of [x, ...lin.parameters()]) p.grad = null;
      const y = fused ? new Sequential(lin, new ReLU()).forward(x) : relu(linear(x, lin.weight, lin.bias));
      y.mul(y).sum().backward();
      return [y.data, x.grad!.data, lin.weight.grad!.data, lin.bias!.grad!.data];
    };
    const sep = run(false), fused = run(true);
    expect(sep[0].some((v) => v === 0) && sep[0].some((v) => v > 0)).toBe(true);
    for (let i = 0; i < 4; i++) expect(Array.from(fused[i])).toEqual(Array.from(sep[i]));
  });
});

describe('layers without an explicit rng', () => {
  it('draw from the manualSeed generator: the same seed gives the same weights, another seed others', () => {
    manualSeed(7);
    const a = new Linear(20, 5);
    const c1 = new Conv2d(1, 2, 3);
    manualSeed(7);
    const b = new Linear(20, 5);
    const c2 = new Conv2d(1, 2, 3);
    expect(Array.from(b.weight.data)).toEqual(Array.from(a.weight.data));
    expect(Array.from(c2.weight.data)).toEqual(Array.from(c1.weight.data));
    // the same draws as an explicit generator with that seed
    expect(Array.from(new Linear(20, 5, { rng: createRng(7) }).weight.data)).toEqual(Array.from(a.weight.data));
    manualSeed(8);
    expect(Array.from(new Linear(20, 5).weight.data)).not.toEqual(Array.from(a.weight.data));
    expect(defaultRng()).toBeDefined();
    manualSeed(0);
  });
});

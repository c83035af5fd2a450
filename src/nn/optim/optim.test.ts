import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '../../tensor/index.js';
import { ArgumentError, ConfigError, createRng } from '../../util/index.js';
import { Linear } from '../linear.js';
import { Adam, AdamW } from './adam.js';
import { type Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

/** A parameter with a given value; gradients are set by hand per step. */
function leaf(values: number[]): Tensor {
  const t = tensor(values);
  t.requiresGrad = true;
  return t;
}

const GRADS = [[1, -0.5], [2, 0.25], [-1, 3]];

/** Runs three steps with fixed gradients and returns the parameter after each. */
function run(opt: Optimizer, p: Tensor): number[][] {
  return GRADS.map((g) => {
    p.grad = tensor(g);
    opt.step();
    return p.toArray();
  });
}

function expectClose(got: number[][], want: number[][]): void {
  got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 6)));
}

describe('SGD', () => {
  it('plain: θ ← θ − lr·g', () => {
    const p = leaf([1, 2]);
    expectClose(run(new SGD([p], { lr: 0.1 }), p), [[0.9, 2.05], [0.7, 2.025], [0.8, 1.725]]);
  });

  it('momentum + dampening + weight decay, hand-computed (PyTorch formula)', () => {
    // θ=1, g=1,2,−1, lr .1, μ .9, τ .1, λ .01:
    // s1: g=1.01, b=1.01, θ=.899; s2: g=2.00899, b=.9·1.01+.9·2.00899=2.717091, θ=.6272909;
    // s3: g=−.993727091, b=.9·2.717091+.9·g=1.5510275181, θ=.47218814819.
    const p = leaf([1]);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 });
    const got = [1, 2, -1].map((g) => {
      p.grad = tensor([g]);
      opt.step();
      return p.toArray()[0]!;
    });
    expect(got[0]).toBeCloseTo(0.899, 6);
    expect(got[1]).toBeCloseTo(0.6272909, 6);
    expect(got[2]).toBeCloseTo(0.47218814819, 6);
  });

  it('Nesterov: g ← g + μ·b', () => {
    const p = leaf([1, 2]);
    const mu = 0.9, lr = 0.05;
    const want: number[][] = [];
    const theta = [1, 2], buf = [0, 0];
    GRADS.forEach((g, s) => {
      for (let j = 0; j < 2; j++) {
        buf[j] = s === 0 ? g[j]! : mu * buf[j]! + g[j]!;
        theta[j] = theta[j]! - lr * (g[j]! + mu * buf[j]!);
      }
      want.push([...theta]);
    });
    expectClose(run(new SGD([p], { lr, momentum: mu, nesterov: true }), p), want);
  });

  it('validates options', () => {
    const p = leaf([1]);
    expect(() => new SGD([p], { lr: -1 })).toThrow(ConfigError);
    expect(() => new SGD([p], { lr: 0.1, nesterov: true })).toThrow(/Nesterov momentum needs momentum > 0/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(ArgumentError);
    expect(() => new SGD([p, p], { lr: 0.1 })).toThrow(/appears twice/);
  });

  it('skips parameters without a gradient or with requiresGrad off, and lr is settable', () => {
    const a = leaf([1]), b = leaf([1]), c = leaf([1]);
    const opt = new SGD([a, b, c], { lr: 0.5 });
    a.grad = tensor([1]);
    c.grad = tensor([1]);
    c.requiresGrad = false;
    opt.step();
    expect([a.toArray()[0], b.toArray()[0], c.toArray()[0]]).toEqual([0.5, 1, 1]);
    opt.lr = 0;
    opt.step();
    expect(a.toArray()[0]).toBe(0.5);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

/** Textbook Adam (Kingma & Ba, Alg. 1 with ε outside the bias-corrected root), as the reference. */
function referenceAdam(theta: number[], opts: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean }): number[][] {
  const m = theta.map(() => 0), v = theta.map(() => 0), out: number[][] = [];
  GRADS.forEach((g, s) => {
    const t = s + 1;
    for (let j = 0; j < theta.length; j++) {
      if (opts.decoupled) theta[j] = theta[j]! * (1 - opts.lr * opts.wd);
      const gj = opts.decoupled ? g[j]! : g[j]! + opts.wd * theta[j]!;
      m[j] = opts.b1 * m[j]! + (1 - opts.b1) * gj;
      v[j] = opts.b2 * v[j]! + (1 - opts.b2) * gj * gj;
      const mHat = m[j]! / (1 - opts.b1 ** t), vHat = v[j]! / (1 - opts.b2 ** t);
      theta[j] = theta[j]! - (opts.lr * mHat) / (Math.sqrt(vHat) + opts.eps);
    }
    out.push([...theta]);
  });
  return out;
}

describe('Adam / AdamW', () => {
  it('Adam step 1 moves every coordinate by lr (bias correction), then follows the reference', () => {
    const p = leaf([1, 2]);
    const got = run(new Adam([p], { lr: 0.1 }), p);
    expect(got[0]![0]).toBeCloseTo(0.9, 6);
    expect(got[0]![1]).toBeCloseTo(2.1, 6);
    expectClose(got, referenceAdam([1, 2], { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false }));
  });

  it('Adam with L2 weight decay and custom betas/eps', () => {
    const p = leaf([1, 2]);
    const got = run(new Adam([p], { lr: 0.01, betas: [0.8, 0.99], eps: 1e-3, weightDecay: 0.1 }), p);
    expectClose(got, referenceAdam([1, 2], { lr: 0.01, b1: 0.8, b2: 0.99, eps: 1e-3, wd: 0.1, decoupled: false }));
  });

  it('AdamW decays weights decoupled (default λ = 0.01)', () => {
    const p = leaf([1, 2]);
    const opt = new AdamW([p], { lr: 0.1 });
    expect(opt.weightDecay).toBe(0.01);
    expectClose(run(opt, p), referenceAdam([1, 2], { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01, decoupled: true }));
    expect(new Adam([leaf([1])]).weightDecay).toBe(0);
  });

  it('rejects betas outside [0, 1)', () => {
    expect(() => new Adam([leaf([1])], { betas: [1, 0.999] })).toThrow(/Adam\(opts\.betas\[0\]\): out of range/);
  });
});

describe('optimizer state dict', () => {
  function setup(seed: number, kind: 'sgd' | 'adamw') {
    const model = new Linear(3, 2, { rng: createRng(seed) });
    const params = model.parameters();
    const opt = kind === 'sgd' ? new SGD(params, { lr: 0.1, momentum: 0.9 }) : new AdamW(params, { lr: 0.05 });
    return { model, opt };
  }
  const x = tensor([[1, -2, 0.5], [0.3, 0.1, -1]]);
  const trainStep = (s: ReturnType<typeof setup>) => {
    s.opt.zeroGrad();
    s.model.forward(x).mul(s.model.forward(x)).sum().backward();
    s.opt.step();
  };

  for (const kind of ['sgd', 'adamw'] as const) {
    it(`${kind}: save after 2 steps, resume in a fresh model, and match an uninterrupted run bit for bit`, () => {
      const ref = setup(0, kind);
      for (let i = 0; i < 5; i++) trainStep(ref);
      const a = setup(0, kind);
      for (let i = 0; i < 2; i++) trainStep(a);
      const modelSd = a.model.stateDict();
      const optSd = a.opt.stateDict();
      a.opt.lr = 123; // the snapshot is a copy
      const b = setup(7, kind);
      b.model.loadStateDict(modelSd);
      b.opt.loadStateDict(optSd);
      for (let i = 0; i < 3; i++) trainStep(b);
      expect(b.model.stateDict()).toEqual(ref.model.stateDict());
      expect(b.opt.stateDict()).toEqual(ref.opt.stateDict());
    });
  }

  it('refuses a state dict of another optimizer type or size', () => {
    const sgd = setup(0, 'sgd'), adam = setup(0, 'adamw');
    expect(() => sgd.opt.loadStateDict(adam.opt.stateDict())).toThrow(/optimizer type differs, expected SGD, received "AdamW"/);
    const small = new SGD([leaf([1])], { lr: 1, momentum: 0.9 });
    expect(() => small.loadStateDict(sgd.opt.stateDict())).toThrow(/parameter count differs/);
  });
});

import { describe, expect, it } from 'vitest';
import { createRng, NeuroError, type Rng } from '../../util/index.js';
import { evaluate, readout, type Vec } from '../../dynamics/index.js';
import { initLearner, learner, numericLearner, par, parVec, seq, seqVec, type Learner, type NumericLearner } from './learner.js';
import { fanOutLearner, gradientLearner, neuronLearner } from './learner-gradient.js';
import { learnerAsMachine } from './learner-machine.js';

const v = (...xs: number[]): Vec => Float64Array.from(xs);
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(tol);
};

/** y = W a + c as a gradient learner; parameters [W row-major, c]. */
function affine(nIn: number, nOut: number, lr: number, name = 'affine'): NumericLearner {
  return gradientLearner({
    name,
    nParams: nOut * nIn + nOut,
    nIn,
    nOut,
    lr,
    implement: (p, a) => {
      const y = new Float64Array(nOut);
      for (let k = 0; k < nOut; k++) {
        let s = p[nOut * nIn + k]!;
        for (let i = 0; i < nIn; i++) s += p[k * nIn + i]! * a[i]!;
        y[k] = s;
      }
      return y;
    },
    vjp: (p, a, _y, g) => {
      const dp = new Float64Array(nOut * nIn + nOut);
      const da = new Float64Array(nIn);
      for (let k = 0; k < nOut; k++) {
        for (let i = 0; i < nIn; i++) {
          dp[k * nIn + i] = g[k]! * a[i]!;
          da[i] += g[k]! * p[k * nIn + i]!;
        }
        dp[nOut * nIn + k] = g[k]!;
      }
      return { dp, da };
    },
    init: (rng) => Float64Array.from({ length: nOut * nIn + nOut }, () => rng.uniform(-1, 1)),
  });
}

const randVec = (rng: Rng, n: number): Vec => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));

describe('neuronLearner', () => {
  it("reproduces the paper note's one-neuron step exactly", () => {
    const n = neuronLearner({ nIn: 2, activation: 'linear', lr: 0.1 });
    const p = v(0.5, -0.5, 0);
    const a = v(1, 2);
    const b = v(1);
    close(n.implement(p, a), [-0.5]);
    close(n.update(p, a, b), [0.65, -0.2, 0.15], 1e-15);
    close(n.request(p, a, b), [1.75, 1.25], 1e-15); // a − err·w with the old w
    close(p, [0.5, -0.5, 0], 0); // inputs untouched
  });

  it('sigmoid and tanh updates follow the analytic gradient (finite differences)', () => {
    for (const activation of ['sigmoid', 'tanh'] as const) {
      const lr = 0.3;
      const n = neuronLearner({ nIn: 3, activation, lr });
      const rng = createRng(activation);
      const p = randVec(rng, 4);
      const a = randVec(rng, 3);
      const b = v(0.7);
      const E = (pp: Vec, aa: Vec): number => 0.5 * (n.implement(pp, aa)[0]! - b[0]!) ** 2;
      const fd = (f: (x: Vec) => number, x: Vec): Vec => x.map((_, i) => {
        const h = 1e-6;
        const xp = x.slice(); xp[i] += h;
        const xm = x.slice(); xm[i] -= h;
        return (f(xp) - f(xm)) / (2 * h);
      });
      close(n.update(p, a, b), p.map((pi, i) => pi - lr * fd((pp) => E(pp, a), p)[i]!), 1e-9);
      close(n.request(p, a, b), a.map((ai, i) => ai - fd((aa) => E(p, aa), a)[i]!), 1e-9);
    }
  });

  it('validates its options and argument lengths', () => {
    expect(() => neuronLearner({ nIn: 0, activation: 'tanh', lr: 0.1 })).toThrow(NeuroError);
    expect(() => neuronLearner({ nIn: 2, activation: 'relu' as 'tanh', lr: 0.1 })).toThrow(/unknown activation/);
    expect(() => neuronLearner({ nIn: 2, activation: 'tanh', lr: -1 })).toThrow(/step size/);
    const n = neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.1 });
    expect(() => n.implement(v(1, 2), v(1, 2))).toThrow(/wrong parameter count/);
    expect(() => n.update(v(1, 2, 3), v(1), v(0))).toThrow(/wrong input length/);
  });

  it('init draws weights from the rng and zero bias', () => {
    const n = neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.1 });
    const p = initLearner(n, createRng(1));
    expect(p.length).toBe(3);
    expect(p[2]).toBe(0);
    close(initLearner(n, createRng(1)), p, 0);
    expect(Math.max(Math.abs(p[0]!), Math.abs(p[1]!))).toBeLessThanOrEqual(1 / Math.SQRT2);
  });
});

describe('seq and par', () => {
  it('seq of two scalar gain learners is the hand-derived chain rule', () => {
    const lr = 0.05;
    const gain = (name: string): Learner<number, number, number> =>
      learner({ name, implement: (p, a) => p * a, update: (p, a, b) => p - lr * (p * a - b) * a, request: (p, a, b) => a - (p * a - b) * p });
    const fg = seq(gain('f'), gain('g'));
    const [p, q, a, c] = [0.8, -1.3, 0.6, 2];
    const err = q * p * a - c; // composite error dE/dz for E = ½(qpa − c)²
    expect(fg.implement([p, q], a)).toBeCloseTo(q * p * a, 15);
    const [p2, q2] = fg.update([p, q], a, c);
    expect(p2).toBeCloseTo(p - lr * err * q * a, 14);
    expect(q2).toBeCloseTo(q - lr * err * p * a, 14);
    expect(fg.request([p, q], a, c)).toBeCloseTo(a - err * q * p, 14);
  });

  it('seqVec of gradient learners equals backprop through the composite (finite differences)', () => {
    const lr = 0.2;
    const rng = createRng('backprop');
    const hidden = seqVec(fanOutLearner({ nIn: 2, copies: 2 }), parVec(neuronLearner({ nIn: 2, activation: 'tanh', lr }), neuronLearner({ nIn: 2, activation: 'sigmoid', lr })));
    const net = seqVec(hidden, neuronLearner({ nIn: 2, activation: 'sigmoid', lr }), affine(1, 2, lr));
    expect([net.nParams, net.nIn, net.nOut]).toEqual([6 + 3 + 4, 2, 2]);
    const theta = randVec(rng, net.nParams);
    const a = randVec(rng, 2);
    const b = randVec(rng, 2);
    const E = (th: Vec, aa: Vec): number => {
      const y = net.implement(th, aa);
      return 0.5 * ((y[0]! - b[0]!) ** 2 + (y[1]! - b[1]!) ** 2);
    };
    const h = 1e-6;
    const grad = (f: (x: Vec) => number, x: Vec): Vec => x.map((_, i) => {
      const xp = x.slice(); xp[i] += h;
      const xm = x.slice(); xm[i] -= h;
      return (f(xp) - f(xm)) / (2 * h);
    });
    const gTheta = grad((th) => E(th, a), theta);
    close(net.update(theta, a, b), theta.map((t, i) => t - lr * gTheta[i]!), 1e-9);
    const gA = grad((aa) => E(theta, aa), a);
    close(net.request(theta, a, b), a.map((ai, i) => ai - gA[i]!), 1e-9);
  });

  it('seq is associative up to re-bracketing the state (random learners)', () => {
    const rng = createRng('assoc');
    for (let trial = 0; trial < 20; trial++) {
      const [n0, n1, n2, n3] = [1, 2, 3, 4].map(() => rng.int(1, 4)) as [number, number, number, number];
      const [f, g, h] = [affine(n0, n1, 0.1, 'f'), affine(n1, n2, 0.2, 'g'), affine(n2, n3, 0.3, 'h')] as const;
      const [p, q, r] = [initLearner(f, rng), initLearner(g, rng), initLearner(h, rng)];
      const a = randVec(rng, n0);
      const d = randVec(rng, n3);
      const left = seq(seq(f, g), h);
      const right = seq(f, seq(g, h));
      close(left.implement([[p, q], r], a), right.implement([p, [q, r]], a));
      close(left.request([[p, q], r], a, d), right.request([p, [q, r]], a, d));
      const [[pl, ql], rl] = left.update([[p, q], r], a, d);
      const [pr, [qr, rr]] = right.update([p, [q, r]], a, d);
      close(pl, pr);
      close(ql, qr);
      close(rl, rr);
      // The numeric composite (concatenated state) agrees with both bracketings.
      const flat = seqVec(f, g, h);
      const theta = Float64Array.from([...p, ...q, ...r]);
      close(flat.update(theta, a, d), [...pl, ...ql, ...rl]);
      close(flat.request(theta, a, d), right.request([p, [q, r]], a, d));
      close(seqVec(f, seqVec(g, h)).update(theta, a, d), flat.update(theta, a, d), 0);
    }
  });

  it('par trains each side on its own half, and parVec concatenates', () => {
    const rng = createRng('par');
    const f = affine(2, 1, 0.1);
    const g = affine(1, 3, 0.2);
    const [p, q] = [initLearner(f, rng), initLearner(g, rng)];
    const [a, c, b, d] = [randVec(rng, 2), randVec(rng, 1), randVec(rng, 1), randVec(rng, 3)];
    const fg = par(f, g);
    const [pu, qu] = fg.update([p, q], [a, c], [b, d]);
    close(pu, f.update(p, a, b), 0);
    close(qu, g.update(q, c, d), 0);
    const [ra, rc] = fg.request([p, q], [a, c], [b, d]);
    close(ra, f.request(p, a, b), 0);
    const flat = parVec(f, g);
    const theta = Float64Array.from([...p, ...q]);
    close(flat.implement(theta, v(...a, ...c)), [...f.implement(p, a), ...g.implement(q, c)], 0);
    close(flat.update(theta, v(...a, ...c), v(...b, ...d)), [...pu, ...qu], 0);
    close(flat.request(theta, v(...a, ...c), v(...b, ...d)), [...ra, ...rc], 0);
  });

  it('fanOutLearner sums the feedback of its copies', () => {
    const fan = fanOutLearner({ nIn: 2, copies: 3 });
    close(fan.implement(v(), v(1, 2)), [1, 2, 1, 2, 1, 2]);
    // r = a − Σ (a − b_k) = Σ b_k − 2a
    close(fan.request(v(), v(1, 2), v(0, 0, 1, 1, 2, 2)), [3 - 2, 3 - 4]);
    expect(fan.update(v(), v(1, 2), v(0, 0, 0, 0, 0, 0)).length).toBe(0);
  });

  it('rejects mismatched composites and bad specs', () => {
    expect(() => seqVec(affine(2, 3, 0.1), affine(2, 1, 0.1))).toThrow(/output length/);
    expect(() => seqVec()).toThrow(NeuroError);
    expect(() => learner({ implement: () => 0, update: 3, request: () => 0 } as never)).toThrow(/not a function/);
    expect(() => numericLearner({ nParams: -1, nIn: 1, nOut: 1, implement: () => [0], update: () => [], request: () => [0] })).toThrow(/dimension/);
    const bad = numericLearner({ nParams: 0, nIn: 1, nOut: 1, implement: () => [0, 1], update: () => [], request: () => [0] });
    expect(() => bad.implement(v(), v(1))).toThrow(/wrong length/);
  });
});

describe('learnerAsMachine', () => {
  const neuron = neuronLearner({ nIn: 2, activation: 'linear', lr: 0.1 });

  it("mealy: one step is one learner step; outputs are the forward value and request", () => {
    const m = learnerAsMachine(neuron);
    expect([m.kind, m.nIn, m.nOut, m.nStates]).toEqual(['discrete', 3, 3, 3]);
    expect(m.feedthrough.length).toBeGreaterThan(0);
    close(evaluate(m, [0.5, -0.5, 0], [1, 2, 1], undefined), [0.65, -0.2, 0.15], 1e-15);
    close(readout(m, [0.5, -0.5, 0], undefined, 0, [1, 2, 1]), [-0.5, 1.75, 1.25], 1e-15);
  });

  it('stepping a composite learner machine equals repeated update', () => {
    const rng = createRng('steps');
    const net = seqVec(fanOutLearner({ nIn: 2, copies: 2 }), parVec(neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.5 }), neuronLearner({ nIn: 2, activation: 'tanh', lr: 0.5 })), neuronLearner({ nIn: 2, activation: 'sigmoid', lr: 0.5 }));
    const m = learnerAsMachine(net);
    let u = m.init!(undefined, rng.fold('init'));
    let p = initLearner(net, rng.fold('init'));
    close(u, p, 0);
    for (let n = 0; n < 50; n++) {
      const a = randVec(rng, 2);
      const b = v(rng.bernoulli(0.5) ? 1 : 0);
      close(readout(m, u, undefined, n, [...a, ...b]), [...net.implement(p, a), ...net.request(p, a, b)], 0);
      u = evaluate(m, u, [...a, ...b], undefined, n);
      p = net.update(p, a, b);
      close(u, p, 0);
    }
  });

  it('moore: outputs lag one step and there is no feedthrough', () => {
    const m = learnerAsMachine(neuron, { readout: 'moore' });
    expect([m.nStates, m.feedthrough.length]).toEqual([3 + 1 + 2, 0]);
    const u0 = v(0.5, -0.5, 0, 0, 0, 0);
    close(readout(m, u0, undefined), [0, 0, 0]);
    const u1 = evaluate(m, u0, [1, 2, 1], undefined);
    close(u1, [0.65, -0.2, 0.15, -0.5, 1.75, 1.25], 1e-15);
    close(readout(m, u1, undefined), [-0.5, 1.75, 1.25], 1e-15);
    expect(() => learnerAsMachine(neuron, { readout: 'both' as 'moore' })).toThrow(/unknown readout/);
  });
});

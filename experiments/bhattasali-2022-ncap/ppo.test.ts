import { describe, expect, it } from 'vitest';
import { noGrad, tensor } from '../../src/tensor/index.js';
import { ncapSwimmer } from '../../src/mechanisms/ncap/index.js';
import { createRng } from '../../src/util/index.js';
import { mlpInit, mlpPolicy } from './mlp.js';
import { clippedSurrogate, gae, ppo, ppoLearner, type PpoOptions, type Trajectory } from './ppo.js';
import { mlpActor, ncapActor, valueNet, type FlatActor } from './ppo-actors.js';

describe('PPO', () => {
  it('computes GAE(λ) as by hand, with and without bootstrapping', () => {
    // δ = r + γ V' − V: δ2 = 2 + 0.9·2 − 0.5 = 3.3, δ1 = 0.45 − 1 = −0.55, δ0 = 1 + 0.9 − 0.5 = 1.4
    const r = [1, 0, 2];
    const v = [0.5, 1, 0.5, 2];
    const boot = gae(r, v, false, 0.9, 0.8);
    const expected = [1.4 + 0.72 * (-0.55 + 0.72 * 3.3), -0.55 + 0.72 * 3.3, 3.3];
    expected.forEach((a, t) => {
      expect(boot.advantages[t]).toBeCloseTo(a, 12);
      expect(boot.returns[t]).toBeCloseTo(a + v[t]!, 12);
    });
    // terminated: V(s_T) = 0, so δ2 = 2 − 0.5 = 1.5
    const term = gae(r, v, true, 0.9, 0.8);
    expect(Array.from(term.advantages).map((a) => +a.toFixed(10))).toEqual([1.7816, 0.53, 1.5]);
  });

  it('passes no gradient through samples whose ratio is clipped in the advantage’s favour', () => {
    const ratios = [1.5, 0.5, 1.05, 0.95, 0.5, 1.5];
    const adv = [1, -1, 1, -1, 1, -1];
    const logp = tensor(ratios.map(Math.log), [6], { requiresGrad: true });
    clippedSurrogate(logp, tensor([0, 0, 0, 0, 0, 0], [6]), tensor(adv, [6]), 0.2).backward();
    const g = Array.from(logp.grad!.data);
    // outside [0.8, 1.2] with the clipped term the minimum: zero gradient
    expect(g[0]).toBe(0);
    expect(g[1]).toBe(0);
    // inside the range: d/dlogp of −ρA/6 = −ρA/6
    expect(g[2]).toBeCloseTo((-1.05 * 1) / 6, 6);
    expect(g[3]).toBeCloseTo((-0.95 * -1) / 6, 6);
    // outside the range but against the advantage: the unclipped (pessimistic) term keeps its gradient
    expect(g[4]).toBeCloseTo(-0.5 / 6, 6);
    expect(g[5]).toBeCloseTo(1.5 / 6, 6);
  });

  it('NCAP as tensor ops matches the wired circuit step by step, and has a gradient', () => {
    const rng = createRng(3);
    for (const theta of [[1, 1, 1, -1], [0.7, 1.3, 0.4, -0.8], [-0.2, 0.6, 1.1, 0.3]]) {
      const ref = ncapSwimmer({ nJoints: 5 }).policy(theta);
      const actor = ncapActor(5, theta, 23, 0.1);
      ref.reset();
      const T = 130;
      const obs = new Float64Array(T * 23).map(() => rng.uniform(-1.3, 1.3));
      const want = new Float64Array(T * 5);
      for (let t = 0; t < T; t++) ref.act(obs.subarray(t * 23, (t + 1) * 23), want.subarray(t * 5, (t + 1) * 5));
      const got = noGrad(() => actor.mean(tensor(Float32Array.from(obs), [T, 23]), Int32Array.from({ length: T }, (_, t) => t)).data);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    }
    const actor = ncapActor(5, [0.7, 1.3, 0.4, -0.8], 23, 0.1);
    const obs = tensor(Float32Array.from({ length: 40 * 23 }, () => rng.uniform(-0.5, 0.5)), [40, 23]);
    actor.mean(obs, Int32Array.from({ length: 40 }, (_, t) => t * 3)).sum().backward();
    expect(actor.parameters()[0]!.grad!.data.some((v) => v !== 0)).toBe(true);
  });

  it('hands the MLP to the workers in mlp.ts layout', () => {
    const sizes = [23, 64, 64, 5];
    const p = mlpInit(sizes, createRng(4));
    const actor = mlpActor(sizes, p, 0.5, 'learned');
    const o = Float64Array.from({ length: 23 }, (_, i) => Math.sin(i));
    const want = new Float64Array(5);
    mlpPolicy(sizes, p).act(o, want);
    const got = noGrad(() => actor.mean(tensor(Float32Array.from(o), [1, 23]), Int32Array.of(0)).data);
    for (let i = 0; i < 5; i++) expect(got[i]).toBeCloseTo(want[i]!, 5);
    expect(actor.flat().length).toBe(p.length);
    expect(actor.parameters().length).toBe(7);
  });

  it('improves the return of a tiny deterministic task', async () => {
    // obs = [1, t/T]; reward 1 − (a − 0.6)²; 16 steps; the best return is 16
    const T = 16;
    const sizes = [2, 8, 1];
    const actor = mlpActor(sizes, mlpInit(sizes, createRng(5)), 0.3, 'learned');
    const obsAt = (t: number): number[] => [1, t / T];
    const greedyReturn = (a: FlatActor): number => {
      const mu = noGrad(() => a.mean(tensor(Array.from({ length: T }, (_, t) => obsAt(t)).flat(), [T, 2]), new Int32Array(T)).data);
      return Array.from(mu).reduce((s, m) => s + 1 - (Math.max(-1, Math.min(1, m)) - 0.6) ** 2, 0);
    };
    const noise = createRng(6);
    const collect = async (): Promise<Trajectory[]> =>
      Array.from({ length: 8 }, () => {
        const mu = noGrad(() => actor.mean(tensor(Array.from({ length: T }, (_, t) => obsAt(t)).flat(), [T, 2]), new Int32Array(T)).data);
        const std = Math.exp(actor.logStd.data[0]!);
        const actions = Float64Array.from(mu, (m) => m + std * noise.normal());
        const rewards = actions.map((a) => 1 - (Math.max(-1, Math.min(1, a)) - 0.6) ** 2);
        return { obs: Float64Array.from(Array.from({ length: T + 1 }, (_, t) => obsAt(t)).flat()), actions, rewards, terminated: true };
      });
    const opts: PpoOptions = { iterations: 25, epochs: 4, minibatch: 32, gamma: 0.9, lambda: 0.95, clip: 0.2, actorLr: 0.01, criticLr: 0.01 };
    const before = greedyReturn(actor);
    await ppo(ppoLearner(actor, valueNet(2, 7, [16]), opts), opts, collect, createRng(8), async () => undefined);
    const after = greedyReturn(actor);
    expect(before).toBeLessThan(14);
    expect(after).toBeGreaterThan(15.5);
    expect(after).toBeGreaterThan(before + 1.5);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadMujoco } from '../node/index.js';
import { NeuroError } from '../util/index.js';
import { rollout, swimmerEnv, swimmerMjcf, type PhysicsBackend, type Policy } from './index.js';

let physics: PhysicsBackend;
beforeAll(async () => {
  physics = await loadMujoco();
});

const zero: Policy = { reset: () => undefined, act: (_o, a) => void a.fill(0) };

function wave(): Policy {
  let k = 0;
  return {
    reset: () => void (k = 0),
    act: (_o, a) => {
      for (let j = 0; j < a.length; j++) a[j] = Math.sin((2 * Math.PI * k) / 60 - j);
      k++;
    },
  };
}

describe('swimmerMjcf', () => {
  it('compiles for 3–14 links with the right sizes and the dm_control timing', () => {
    for (let n = 3; n <= 14; n++) {
      const sim = physics.load(swimmerMjcf(n));
      expect([sim.nq, sim.nv, sim.nu, sim.nbody, sim.nsensordata]).toEqual([n + 2, n + 2, n - 1, n + 2, 12 + 6 * n]);
      expect(sim.timestepS).toBe(0.002);
      expect(sim.id('body', 'head')).toBe(2);
      expect(sim.id('body', 'nothing')).toBe(-1);
      sim.free();
      sim.free();
    }
    expect(swimmerMjcf(12)).toContain('range="-30 30"');
  });

  it('rejects unsupported bodies and reports engine errors as ParseError', () => {
    for (const n of [2, 15, 4.5]) expect(() => swimmerMjcf(n)).toThrow(/swimmerMjcf\(nLinks\): unsupported number of links, expected an integer in \[3, 14\]/);
    expect(() => physics.load('<mujoco><worldbody><geom type="nonsense"/></worldbody></mujoco>')).toThrow(/mujoco.load\(mjcf\): MuJoCo could not compile/);
  });
});

describe('swimmerEnv', () => {
  it('has the paper observation sizes (23 for swimmer6 swim, 25 for target)', () => {
    const env = swimmerEnv(physics);
    expect([env.nJoints, env.observationSize]).toEqual([5, 23]);
    env.close();
    const target = swimmerEnv(physics, { task: 'target' });
    expect(target.observationSize).toBe(25);
    const { observation, info } = target.reset(3);
    expect(Math.hypot(observation[23]!, observation[24]!)).toBeCloseTo(info.targetDistanceM, 6);
    const r = target.step(new Float64Array(5));
    expect(r.reward).toBeGreaterThan(0);
    expect(r.reward).toBeLessThanOrEqual(1);
    target.close();
  });

  it('starts from seeded random headings and joint angles within the limits', () => {
    const env = swimmerEnv(physics, { nLinks: 6 });
    const a = Float64Array.from(env.reset(1).observation);
    const b = Float64Array.from(env.reset(1).observation);
    const c = Float64Array.from(env.reset(2).observation);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(Array.from(a.slice(0, 5)).every((q) => Math.abs(q) <= Math.PI / 3)).toBe(true);
    expect(Array.from(a.slice(5)).every((v) => v === 0)).toBe(true);
    env.close();
  });

  it('truncates after episodeSteps and gives no reward for standing still', () => {
    const env = swimmerEnv(physics, { episodeSteps: 50 });
    const r = rollout(env, zero, { seed: 0, recordEvery: 10 });
    expect(r.steps).toBe(50);
    expect(r.episodeReturn).toBe(0);
    expect(r.frames.length).toBe(6);
    expect(r.frames[0]!.length).toBe(12);
    env.close();
  });

  it('swims forward under a travelling wave; rewards in [0, 1]; deterministic per seed', () => {
    const env = swimmerEnv(physics, { episodeSteps: 300 });
    const rewards: number[] = [];
    const policy = wave();
    policy.reset();
    let obs = env.reset(4).observation;
    const a = new Float64Array(5);
    for (let t = 0; t < 300; t++) {
      policy.act(obs, a);
      const r = env.step(a);
      obs = r.observation;
      rewards.push(r.reward);
      expect(r.terminated).toBe(false);
      expect(r.truncated).toBe(t === 299);
    }
    expect(rewards.every((r) => r >= 0 && r <= 1)).toBe(true);
    expect(rewards.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
    const again = rollout(env, wave(), { seed: 4 });
    expect(again.episodeReturn).toBe(rewards.reduce((s, v) => s + v, 0));
    env.close();
  });

  it('throws typed errors: wrong action length, non-finite, before reset, after done, after close', () => {
    const env = swimmerEnv(physics, { episodeSteps: 2 });
    expect(() => env.step(new Float64Array(5))).toThrow(/swimmerEnv.step\(action\): no episode in progress, expected reset\(seed\) first/);
    env.reset(0);
    try {
      env.step(new Float64Array(4));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NeuroError);
      expect((e as NeuroError).code).toBe('shape_mismatch');
      expect((e as NeuroError).message).toBe('swimmerEnv.step(action): one action per joint, expected 5, received 4');
    }
    expect(() => env.step([0, 0, Number.NaN, 0, 0])).toThrow(expect.objectContaining({ code: 'non_finite' }));
    env.step([0, 0, 0, 0, 0]);
    expect(env.step([0, 0, 0, 0, 0]).truncated).toBe(true);
    expect(() => env.step([0, 0, 0, 0, 0])).toThrow(/no episode in progress, expected reset\(seed\) first, received "step 2 after the episode ended"/);
    expect(() => env.reset(0.5)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    env.close();
    expect(() => env.reset(0)).toThrow(/environment is closed/);
    expect(() => swimmerEnv(physics, { task: 'fly' as 'swim' })).toThrow(/unknown task/);
    expect(() => swimmerEnv(physics, { substeps: 0 })).toThrow(/substeps/);
  });
});

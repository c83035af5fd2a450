import { describe, expect, it } from 'vitest';
import { createRunContext, mergeUnits, parseConfig, planUnits, resolveRun, runExperiment, runUnit } from '../../src/experiment/index.js';
import type { PhysicsProvider } from '../../src/envs/index.js';
import { mujocoPool, nodePhysics } from '../../src/node/index.js';
import experiment from './experiment.js';
import { createRng } from '../../src/util/index.js';
import { ncapSwimmer } from '../../src/mechanisms/ncap/index.js';
import type { EpisodeOutcome, EpisodeTask } from './episode.js';
import { centredRanks, openaiEs } from './es.js';
import { mlpInit, mlpParamCount, mlpPolicy } from './mlp.js';

const EPISODE = { module: new URL('./episode.ts', import.meta.url).href, name: 'runEpisode' };

describe('bhattasali-2022-ncap parts', () => {
  it('counts MLP parameters as the paper does', () => {
    expect(mlpParamCount([23, 64, 64, 5])).toBe(6021);
    expect(mlpParamCount([23, 256, 256, 5])).toBe(73_221);
    expect(mlpParamCount([24, 256, 256, 5])).toBe(73_477);
    const p = mlpInit([23, 64, 64, 5], createRng(0));
    const a = new Float64Array(5);
    mlpPolicy([23, 64, 64, 5], p).act(new Float64Array(23).fill(0.5), a);
    expect(a.every((v) => Math.abs(v) < 1)).toBe(true);
  });

  it('ranks scores into [−0.5, 0.5] and ES climbs a quadratic', async () => {
    expect(Array.from(centredRanks([3, 1, 2]))).toEqual([0.5, -0.5, 0]);
    const target = [0.3, -0.2];
    const score = async (thetas: Float64Array[]): Promise<number[]> => thetas.map((t) => -((t[0]! - target[0]!) ** 2) - (t[1]! - target[1]!) ** 2);
    const theta = await openaiEs(new Float64Array(2), { popSize: 8, sigma: 0.02, lr: 0.01, weightDecay: 0, iterations: 100 }, score, createRng(1), async () => undefined);
    expect(theta[0]).toBeCloseTo(0.3, 1);
    expect(theta[1]).toBeCloseTo(-0.2, 1);
  });

  it('gives identical episodes on 0 and 2 worker threads; NCAP swims untrained, a random MLP does not', async () => {
    const ncap = ncapSwimmer();
    const tasks: EpisodeTask[] = [
      { policy: { kind: 'ncap', ncap: {}, params: ncap.initParams(createRng(0)) }, nLinks: 6, seed: 7, episodeSteps: 1000, recordEvery: 0 },
      { policy: { kind: 'mlp', sizes: [23, 64, 64, 5], params: mlpInit([23, 64, 64, 5], createRng(2)) }, nLinks: 6, seed: 7, episodeSteps: 1000, recordEvery: 0 },
      { policy: { kind: 'ncap', ncap: { nJoints: 3 }, params: Float64Array.of(1, 1, 1, -1) }, nLinks: 4, seed: 1, episodeSteps: 200, recordEvery: 50 },
    ];
    const inThread = await mujocoPool<EpisodeTask, EpisodeOutcome>(EPISODE, 0);
    const threaded = await mujocoPool<EpisodeTask, EpisodeOutcome>(EPISODE, 2);
    try {
      const a = await inThread.map(tasks);
      const b = await threaded.map(tasks);
      expect(b).toEqual(a);
      expect(a[0]!.episodeReturn).toBeGreaterThanOrEqual(600);
      expect(a[1]!.episodeReturn).toBeLessThanOrEqual(150);
      expect(a[2]!.frames.length).toBe(5);
    } finally {
      await threaded.close();
      await inThread.close();
    }
  }, 60_000);

  it('collects seeded PPO episodes (noisy actions, T + 1 observations) on a worker', async () => {
    const pool = await mujocoPool<EpisodeTask, EpisodeOutcome>(EPISODE, 0);
    try {
      const task: EpisodeTask = { policy: { kind: 'ncap', ncap: {}, params: Float64Array.of(1, 1, 1, -1) }, nLinks: 6, seed: 3, episodeSteps: 50, recordEvery: 0, explore: { std: [0.1, 0.1, 0.1, 0.1, 0.1] } };
      const [a, b, quiet] = await pool.map([task, task, { ...task, explore: { std: [0, 0, 0, 0, 0] } }]);
      const tr = a!.trajectory!;
      expect(b).toEqual(a);
      expect([tr.obs.length, tr.actions.length, tr.rewards.length, tr.terminated]).toEqual([51 * 23, 50 * 5, 50, false]);
      expect(tr.rewards.reduce((s, r) => s + r, 0)).toBeCloseTo(a!.episodeReturn, 9);
      const { explore: _unused, ...plainTask } = task;
      const [plain] = await pool.map([plainTask]);
      expect(quiet!.episodeReturn).toBeCloseTo(plain!.episodeReturn, 9);
      expect(tr.actions.some((v, i) => v !== quiet!.trajectory!.actions[i])).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('runs the PPO baseline through the experiment (smoke scale, ppo on)', async () => {
    const out = await runExperiment(experiment, { scale: 'smoke', seed: 1, physics: nodePhysics(), overrides: { ppo: 'on' } });
    expect(out.metrics.ppoEnvSteps).toBe(2 * 60);
    expect(Number.isFinite(out.metrics.ppoNcapReturn) && Number.isFinite(out.metrics.ppoMlpReturn)).toBe(true);
    expect(Object.keys(out.series)).toContain('ppoLearningCurves');
  }, 60_000);

  it('esOff control: ES at lr 0 leaves NCAP at its init, so every per-seed gain is exactly 0', async () => {
    const out = await runExperiment(experiment, { scale: 'smoke', seed: 1, physics: nodePhysics(), overrides: { ...experiment.controls!.esOff!.overrides, esSeeds: 2 } });
    expect(out.samples?.ncapEsGain).toEqual([0, 0]);
    expect(out.samples?.ncapInitReturn).toHaveLength(1);
  }, 60_000);

  it('splits into units (untrained, ES seeds, ablations, PPO seeds); each closes its pool; a missing ES seed shrinks the samples', async () => {
    const count = (scale: 'defaults' | 'quick' | 'smoke'): number => planUnits(experiment, parseConfig(experiment, {}, scale)).length;
    // defaults: untrained + 10 ES seeds + 3 ablations + 1 PPO seed; quick: 1 + 3 + 3; smoke: 1 + 1 + 3.
    expect([count('defaults'), count('quick'), count('smoke')]).toEqual([15, 7, 5]);
    expect(() => planUnits(experiment, parseConfig(experiment, { ppo: 'on', ncapSign: 'free' }, 'smoke'))).toThrow(/PPO trains only/);
    const { config, seed } = resolveRun(experiment, { scale: 'smoke', seed: 1, overrides: { esSeeds: 2 } });
    const plan = planUnits(experiment, config);
    expect(plan.map((p) => p.key)).toEqual(['untrained', 'es-seed0', 'es-seed1', 'ablation0-no_sign_constraint', 'ablation1-uniform_init', 'ablation2-unshared']);
    const base = nodePhysics();
    let open = 0;
    const physics: PhysicsProvider = {
      backend: () => base.backend(),
      pool: async <T, R>(task: Parameters<PhysicsProvider['pool']>[0], workers: number) => {
        const pool = await base.pool<T, R>(task, workers);
        open++;
        return { ...pool, workers: pool.workers, map: (t: readonly T[]) => pool.map(t), close: async () => { open--; await pool.close(); } };
      },
    };
    const done = new Map<string, string>();
    for (const p of plan) if (p.key !== 'es-seed0') done.set(p.key, await runUnit(experiment, config, p, createRunContext({ seed, scale: 'smoke', physics })));
    expect(open).toBe(0);
    const r = mergeUnits(experiment, config, plan, done);
    expect(r.samples?.ncapEsGain).toHaveLength(1);
    expect(r.samples?.ncapInitReturn).toHaveLength(1);
    // The transfer, trajectory and trained weights need ES seed 0.
    expect(Object.keys(r.series).sort()).toEqual(['ablations', 'learningCurves']);
    expect(r.metrics.trained_w_osc).toBeUndefined();
    expect(Number.isFinite(r.metrics.ncapEsReturn)).toBe(true);
    expect(() => mergeUnits(experiment, config, plan, new Map())).toThrow(/no unit finished/);
    // A unit that fails still closes its pool.
    const failing: PhysicsProvider = { ...physics, pool: async <T, R>(task: Parameters<PhysicsProvider['pool']>[0], workers: number) => ({ ...(await physics.pool<T, R>(task, workers)), map: () => Promise.reject(new Error('episode failed')) }) };
    await expect(runUnit(experiment, config, plan[1]!, createRunContext({ seed, scale: 'smoke', physics: failing }))).rejects.toThrow('episode failed');
    expect(open).toBe(0);
  }, 60_000);
});

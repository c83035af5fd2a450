/**
 * Training and evaluation loops of the NCAP experiment on a physics pool:
 * evaluate a policy on fixed seeds, and run OpenAI-ES with a learning curve
 * (return of the mean parameters vs environment steps used for training).
 */
import type { PhysicsPool } from '../../src/envs/index.js';
import type { Rng } from '../../src/util/index.js';
import type { EpisodeOutcome, EpisodeTask, PolicySpec } from './episode.js';
import { openaiEs, type EsOptions } from './es.js';
import { ppo, ppoLearner, type PpoOptions, type Trajectory } from './ppo.js';
import { valueNet, type FlatActor } from './ppo-actors.js';

/** Seeds of evaluation episodes, disjoint from training seeds (< 2^30). */
export const EVAL_SEED_BASE = 1 << 30;

/** What the loops need: the pool, the body, and the episode length. */
export interface Arena {
  readonly pool: PhysicsPool<EpisodeTask, EpisodeOutcome>;
  readonly nLinks: number;
  readonly episodeSteps: number;
  /** Called between pool batches; throws when the run is cancelled. */
  readonly checkAbort: (where: string) => void;
}

/** Each policy's return on each of `episodes` fixed evaluation seeds (one batch): `[policy][episode]`. */
export async function evaluateEach(arena: Arena, policies: readonly PolicySpec[], episodes: number, nLinks = arena.nLinks): Promise<number[][]> {
  const tasks = policies.flatMap((policy) => Array.from({ length: episodes }, (_, e) => ({ policy, nLinks, seed: EVAL_SEED_BASE + e, episodeSteps: arena.episodeSteps, recordEvery: 0 })));
  const out = await arena.pool.map(tasks);
  return policies.map((_, i) => out.slice(i * episodes, (i + 1) * episodes).map((r) => r.episodeReturn));
}

/** Mean return of each policy over `episodes` fixed evaluation seeds (one batch). */
export async function evaluateMany(arena: Arena, policies: readonly PolicySpec[], episodes: number, nLinks = arena.nLinks): Promise<number[]> {
  return (await evaluateEach(arena, policies, episodes, nLinks)).map((rs) => rs.reduce((s, v) => s + v, 0) / episodes);
}

/** A learning curve: evaluation return at each recorded number of training env steps. */
export interface Curve {
  readonly steps: number[];
  readonly returns: number[];
  readonly final: Float64Array;
}

/** Options of {@link esCurve}. */
export interface EsRunOptions extends EsOptions {
  readonly evalEvery: number;
  readonly evalEpisodes: number;
}

/**
 * Trains `theta0` with OpenAI-ES; every member plays one episode with the
 * iteration's common seed. Evaluates the mean parameters at 0, every
 * `evalEvery` iterations and at the end.
 * @param spec builds the policy spec for a parameter vector.
 */
export async function esCurve(arena: Arena, theta0: Float64Array, spec: (theta: Float64Array) => PolicySpec, opts: EsRunOptions, rng: Rng, tick: () => void): Promise<Curve> {
  const steps = [0];
  const returns = await evaluateMany(arena, [spec(theta0)], opts.evalEpisodes);
  const seedRng = rng.fold('episode-seeds');
  const noiseRng = rng.fold('noise');
  const score = async (thetas: Float64Array[]): Promise<number[]> => {
    arena.checkAbort('bhattasali-2022-ncap ES');
    const seed = seedRng.int(0, EVAL_SEED_BASE);
    const out = await arena.pool.map(thetas.map((t) => ({ policy: spec(t), nLinks: arena.nLinks, seed, episodeSteps: arena.episodeSteps, recordEvery: 0 })));
    return out.map((r) => r.episodeReturn);
  };
  const final = await openaiEs(theta0, opts, score, noiseRng, async (iter, theta) => {
    tick();
    if (iter % opts.evalEvery === 0 || iter === opts.iterations) {
      steps.push(iter * 2 * Math.floor(opts.popSize / 2) * arena.episodeSteps);
      returns.push((await evaluateMany(arena, [spec(theta)], opts.evalEpisodes))[0]!);
    }
  });
  return { steps, returns, final };
}

/** Options of {@link ppoCurve}. */
export interface PpoRunOptions extends PpoOptions {
  /** Episodes collected per PPO iteration (run in parallel on the pool). */
  readonly episodesPerIteration: number;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
}

/**
 * Trains `actor` with PPO; each iteration's episodes are sampled on the pool
 * (Gaussian noise around the worker's copy of the actor's mean, seeded per
 * episode). Evaluates the noise-free mean policy at 0, every `evalEvery`
 * iterations and at the end.
 * @param spec builds the worker's policy spec from the actor's flat weights.
 */
export async function ppoCurve(arena: Arena, actor: FlatActor, spec: (flat: Float64Array) => PolicySpec, opts: PpoRunOptions, rng: Rng, tick: () => void): Promise<Curve> {
  const learner = ppoLearner(actor, valueNet(actor.obsDim, rng.fold('critic').int(0, EVAL_SEED_BASE)), opts);
  const steps = [0];
  const returns = await evaluateMany(arena, [spec(actor.flat())], opts.evalEpisodes);
  const seedRng = rng.fold('episode-seeds');
  const collect = async (): Promise<Trajectory[]> => {
    arena.checkAbort('bhattasali-2022-ncap PPO');
    const std = Array.from(actor.logStd.data, Math.exp);
    const policy = spec(actor.flat());
    const tasks = Array.from({ length: opts.episodesPerIteration }, () => ({ policy, nLinks: arena.nLinks, seed: seedRng.int(0, EVAL_SEED_BASE), episodeSteps: arena.episodeSteps, recordEvery: 0, explore: { std } }));
    return (await arena.pool.map(tasks)).map((r) => r.trajectory!);
  };
  await ppo(learner, opts, collect, rng.fold('minibatches'), async (p) => {
    tick();
    if (p.iteration % opts.evalEvery === 0 || p.iteration === opts.iterations) {
      steps.push(p.envSteps);
      returns.push((await evaluateMany(arena, [spec(actor.flat())], opts.evalEpisodes))[0]!);
    }
  });
  return { steps, returns, final: actor.flat() };
}

/** Pointwise mean, min and max of equally sampled curves. */
export function spread(curves: readonly Pick<Curve, 'returns'>[]): { mean: number[]; min: number[]; max: number[] } {
  const at = (j: number): number[] => curves.map((c) => c.returns[j]!);
  const idx = curves[0]!.returns.map((_, j) => j);
  return {
    mean: idx.map((j) => at(j).reduce((s, v) => s + v, 0) / curves.length),
    min: idx.map((j) => Math.min(...at(j))),
    max: idx.map((j) => Math.max(...at(j))),
  };
}

/**
 * One swimmer episode as a self-contained, structured-clonable task: the unit
 * of work the physics pool sends to worker threads (and that runs in-thread when
 * `workers` is 0). A task names its policy by data (`PolicySpec`), so the same
 * seeded task gives the same result on any thread.
 */
import { rollout, swimmerEnv, type PhysicsBackend, type Policy, type SwimmerEnv } from '../../src/envs/index.js';
import { ncapSwimmer, type NcapSwimmerConfig } from '../../src/mechanisms/ncap/index.js';
import { createRng } from '../../src/util/index.js';
import { mlpPolicy } from './mlp.js';
import type { Trajectory } from './ppo.js';

/** A policy described by data. */
export type PolicySpec =
  | { readonly kind: 'ncap'; readonly ncap: Partial<NcapSwimmerConfig>; readonly params: Float64Array }
  | { readonly kind: 'mlp'; readonly sizes: readonly number[]; readonly params: Float64Array }
  | { readonly kind: 'zero' };

/** One episode to run. */
export interface EpisodeTask {
  readonly policy: PolicySpec;
  readonly nLinks: number;
  readonly seed: number;
  readonly episodeSteps: number;
  /** Record link positions every this many steps (0: none). */
  readonly recordEvery: number;
  /** PPO collection: add N(0, std²) noise to every action and return the transitions. */
  readonly explore?: { readonly std: readonly number[] };
}

/** What one episode returns. */
export interface EpisodeOutcome {
  readonly episodeReturn: number;
  readonly steps: number;
  readonly meanSpeedMS: number;
  readonly frames: Float64Array[];
  /** With `explore`: the episode's observations, sampled actions and rewards. */
  readonly trajectory?: Trajectory;
}

/** Builds the policy a spec describes. */
export function makePolicy(spec: PolicySpec): Policy {
  if (spec.kind === 'ncap') return ncapSwimmer(spec.ncap).policy(spec.params);
  if (spec.kind === 'mlp') return mlpPolicy(spec.sizes, spec.params);
  return { reset: () => undefined, act: (_o, a) => void a.fill(0) };
}

// One env (one MjData) per body shape per backend, reused across episodes:
// allocating an MjData per episode would exhaust the wasm heap.
const envs = new WeakMap<PhysicsBackend, Map<string, SwimmerEnv>>();

function envFor(backend: PhysicsBackend, nLinks: number, episodeSteps: number): SwimmerEnv {
  let byKey = envs.get(backend);
  if (!byKey) envs.set(backend, (byKey = new Map()));
  const key = `${nLinks}/${episodeSteps}`;
  let env = byKey.get(key);
  if (!env) byKey.set(key, (env = swimmerEnv(backend, { nLinks, task: 'swim', episodeSteps })));
  return env;
}

/**
 * Runs one `swim` episode (the pool's task function).
 * @param backend this thread's physics engine.
 * @param task policy, body, seed, length and recording.
 * @returns return, steps, mean speed, frames.
 */
export function runEpisode(backend: PhysicsBackend, task: EpisodeTask): EpisodeOutcome {
  const env = envFor(backend, task.nLinks, task.episodeSteps);
  if (task.explore) return exploreEpisode(env, makePolicy(task.policy), task.seed, task.explore.std);
  const r = rollout(env, makePolicy(task.policy), { seed: task.seed, recordEvery: task.recordEvery });
  return { episodeReturn: r.episodeReturn, steps: r.steps, meanSpeedMS: r.meanSpeedMS, frames: r.frames };
}

/** A stochastic episode for PPO: a ~ N(policy(o), diag std²), seeded by the episode seed. */
function exploreEpisode(env: SwimmerEnv, policy: Policy, seed: number, std: readonly number[]): EpisodeOutcome {
  const rng = createRng(seed).fold('ppo-noise');
  const T = env.config.episodeSteps;
  const n = env.nJoints;
  const dim = env.observationSize;
  const obs = new Float64Array((T + 1) * dim);
  const actions = new Float64Array(T * n);
  const rewards = new Float64Array(T);
  const a = new Float64Array(n);
  policy.reset();
  let { observation } = env.reset(seed);
  let speed = 0;
  let t = 0;
  let terminated = false;
  for (;;) {
    obs.set(observation, t * dim);
    policy.act(observation, a);
    for (let i = 0; i < n; i++) a[i] = a[i]! + std[i]! * rng.normal();
    actions.set(a, t * n);
    const r = env.step(a);
    observation = r.observation;
    rewards[t] = r.reward;
    speed += r.info.forwardSpeedMS;
    t++;
    if (r.terminated || r.truncated) {
      terminated = r.terminated;
      break;
    }
  }
  obs.set(observation, t * dim);
  const trajectory: Trajectory = { obs: obs.slice(0, (t + 1) * dim), actions: actions.slice(0, t * n), rewards: rewards.slice(0, t), terminated };
  return { episodeReturn: rewards.reduce((s, r) => s + r, 0), steps: t, meanSpeedMS: speed / t, frames: [], trajectory };
}

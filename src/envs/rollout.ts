/**
 * Episodes: a {@link Policy} acting in a {@link SwimmerEnv} from a seed, with an
 * optional record of link positions (for plots and animations).
 */
import { ArgumentError } from '../util/index.js';
import type { SwimmerEnv } from './swimmer.js';

/**
 * A controller: `reset()` at episode start, then `act(observation, out)` once
 * per control step, writing one action per joint into `out`. Any object of this
 * shape works (NCAP's and the MLP baselines' policies are).
 */
export interface Policy {
  reset(): void;
  act(observation: Float64Array, out: Float64Array): void;
}

/** Options of {@link rollout}. */
export interface RolloutOptions {
  /** Episode seed (initial heading, joints, target). */
  readonly seed: number;
  /** Record link positions every `recordEvery` steps (0: no record; default 0). */
  readonly recordEvery?: number;
}

/** What an episode produced. */
export interface RolloutResult {
  /** Sum of rewards (≤ episodeSteps). */
  readonly episodeReturn: number;
  readonly steps: number;
  /** Mean forward speed of the head in m/s. */
  readonly meanSpeedMS: number;
  /** Recorded frames: `[frames][nLinks * 2]` link (x, y) in metres, head first; empty without recording. */
  readonly frames: Float64Array[];
}

/**
 * Runs one full episode.
 * @param env the environment (reset here with `options.seed`).
 * @param policy the controller (reset here).
 * @returns return, step count, mean forward speed and recorded frames.
 * @example
 * const zero = { reset() {}, act(_o: Float64Array, a: Float64Array) { a.fill(0); } };
 * rollout(env, zero, { seed: 0 }).episodeReturn; // ≈ 0: a still swimmer does not move
 */
export function rollout(env: SwimmerEnv, policy: Policy, options: RolloutOptions): RolloutResult {
  const every = options.recordEvery ?? 0;
  if (!Number.isInteger(every) || every < 0) throw new ArgumentError('rollout(options).recordEvery', { what: 'not a count', expected: 'an integer >= 0', received: every });
  const action = new Float64Array(env.nJoints);
  const frames: Float64Array[] = [];
  policy.reset();
  let { observation } = env.reset(options.seed);
  if (every > 0) frames.push(env.linkPositions());
  let total = 0;
  let speed = 0;
  let steps = 0;
  for (;;) {
    policy.act(observation, action);
    const r = env.step(action);
    observation = r.observation;
    total += r.reward;
    speed += r.info.forwardSpeedMS;
    steps++;
    if (every > 0 && steps % every === 0) frames.push(env.linkPositions());
    if (r.terminated || r.truncated) break;
  }
  return { episodeReturn: total, steps, meanSpeedMS: speed / steps, frames };
}

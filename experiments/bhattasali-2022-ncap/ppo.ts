/**
 * PPO (Schulman et al. 2017, https://arxiv.org/abs/1707.06347), the NCAP paper's
 * RL baseline, on the tensor engine: clipped surrogate objective, GAE(λ) with a
 * separate value network (64×64 tanh, as the paper's PPO critic), several epochs
 * of shuffled minibatches per batch of episodes, Adam.
 *
 * Policies are diagonal Gaussians around a differentiable mean (see `ppo-actors.ts`):
 * the MLP's tanh output with a learned log-std, or NCAP's output with a fixed
 * std (0.1 in the paper) so PPO's policy gradient trains only NCAP's 4 weights.
 * Episodes come from a caller-supplied `collect` (MuJoCo workers for the swimmer,
 * a plain loop in tests); the old log-probabilities are recomputed here from the
 * stored actions with the pre-update networks.
 *
 * Time limits: an episode that ends by truncation bootstraps from V(s_T);
 * one that terminates does not.
 */
import { Adam, type Module } from '../../src/nn/index.js';
import { clamp, exp, minimum, mean, mul, noGrad, sub, sum, tensor, type Tensor } from '../../src/tensor/index.js';
import type { Rng } from '../../src/util/index.js';

/** One episode as collected: T steps, T + 1 observations (the last is s_T). */
export interface Trajectory {
  /** `[(T + 1) · obsDim]`, row-major. */
  readonly obs: Float64Array;
  /** `[T · actDim]`: the sampled (unclipped) actions. */
  readonly actions: Float64Array;
  /** `[T]`. */
  readonly rewards: Float64Array;
  /** True when the episode ended in a terminal state (no bootstrap); false for a time limit. */
  readonly terminated: boolean;
}

/** A Gaussian policy whose mean is a differentiable function of (observation, step in episode). */
export interface GaussianActor {
  readonly obsDim: number;
  readonly actDim: number;
  /** Trainable tensors (the mean's parameters, plus log-std when learned). */
  parameters(): Tensor[];
  /**
   * @param obs `[B, obsDim]`
   * @param steps `[B]` control step within the episode (NCAP's oscillator clock)
   * @returns `[B, actDim]`
   */
  mean(obs: Tensor, steps: Int32Array): Tensor;
  /** `[actDim]` log standard deviation (a leaf; requiresGrad when learned). */
  readonly logStd: Tensor;
}

/** PPO hyper-parameters. */
export interface PpoOptions {
  /** PPO iterations (collect, then update). */
  readonly iterations: number;
  /** Passes over each batch. */
  readonly epochs: number;
  /** Samples per minibatch. */
  readonly minibatch: number;
  readonly gamma: number;
  readonly lambda: number;
  /** Clip range ε of the probability ratio. */
  readonly clip: number;
  readonly actorLr: number;
  readonly criticLr: number;
}

/**
 * GAE(λ) for one episode: δ_t = r_t + γ V(s_{t+1}) − V(s_t), A_t = Σ_k (γλ)^k δ_{t+k},
 * with V(s_T) = 0 when the episode terminated.
 * @param rewards `[T]`
 * @param values `[T + 1]`: V(s_0) … V(s_T)
 * @returns advantages `[T]` and value targets (returns) A_t + V(s_t) `[T]`
 */
export function gae(rewards: ArrayLike<number>, values: ArrayLike<number>, terminated: boolean, gamma: number, lambda: number): { advantages: Float64Array; returns: Float64Array } {
  const T = rewards.length;
  const advantages = new Float64Array(T);
  const returns = new Float64Array(T);
  let acc = 0;
  for (let t = T - 1; t >= 0; t--) {
    const next = t === T - 1 && terminated ? 0 : values[t + 1]!;
    const delta = rewards[t]! + gamma * next - values[t]!;
    acc = delta + gamma * lambda * acc;
    advantages[t] = acc;
    returns[t] = acc + values[t]!;
  }
  return { advantages, returns };
}

/**
 * log N(a; μ, diag σ²) summed over action dimensions.
 * @param mu `[B, n]`; @param logStd `[n]`; @param actions `[B, n]`
 * @returns `[B]`
 */
export function gaussianLogProb(mu: Tensor, logStd: Tensor, actions: Tensor): Tensor {
  const z = mul(sub(actions, mu), exp(mul(logStd, -1)));
  const perDim = sub(mul(mul(z, z), -0.5), logStd);
  return sub(sum(perDim, 1), 0.5 * mu.shape[1]! * Math.log(2 * Math.PI));
}

/**
 * The clipped surrogate loss −mean(min(ρ A, clip(ρ, 1 − ε, 1 + ε) A)), ρ = exp(logp − oldLogp).
 * Its gradient is zero for samples whose ratio is already clipped in A's favour.
 * @param logp `[B]` (differentiable); @param oldLogp `[B]`; @param adv `[B]`
 */
export function clippedSurrogate(logp: Tensor, oldLogp: Tensor, adv: Tensor, clip: number): Tensor {
  const ratio = exp(sub(logp, oldLogp));
  return mul(mean(minimum(mul(ratio, adv), mul(clamp(ratio, 1 - clip, 1 + clip), adv))), -1);
}

/** A flat batch of samples built from episodes. */
interface Batch {
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly steps: Int32Array;
  readonly advantages: Float64Array;
  readonly returns: Float64Array;
  readonly size: number;
}

function valuesOf(critic: Module, obs: Float64Array, rows: number, obsDim: number): Float32Array {
  return noGrad(() => critic.forward(tensor(Float32Array.from(obs), [rows, obsDim])).data);
}

/** Flattens episodes into samples with GAE advantages (normalized over the batch). */
function buildBatch(trajs: readonly Trajectory[], critic: Module, obsDim: number, actDim: number, o: PpoOptions): Batch {
  const size = trajs.reduce((s, t) => s + t.rewards.length, 0);
  const obs = new Float32Array(size * obsDim);
  const actions = new Float32Array(size * actDim);
  const steps = new Int32Array(size);
  const advantages = new Float64Array(size);
  const returns = new Float64Array(size);
  let k = 0;
  for (const tr of trajs) {
    const T = tr.rewards.length;
    const v = valuesOf(critic, tr.obs, T + 1, obsDim);
    const g = gae(tr.rewards, v, tr.terminated, o.gamma, o.lambda);
    obs.set(tr.obs.subarray(0, T * obsDim), k * obsDim);
    actions.set(tr.actions, k * actDim);
    for (let t = 0; t < T; t++) steps[k + t] = t;
    advantages.set(g.advantages, k);
    returns.set(g.returns, k);
    k += T;
  }
  const m = advantages.reduce((s, a) => s + a, 0) / size;
  const sd = Math.sqrt(advantages.reduce((s, a) => s + (a - m) ** 2, 0) / size) + 1e-8;
  for (let i = 0; i < size; i++) advantages[i] = (advantages[i]! - m) / sd;
  return { obs, actions, steps, advantages, returns, size };
}

function rows(src: Float32Array | Float64Array, idx: Int32Array, width: number): Float32Array {
  const out = new Float32Array(idx.length * width);
  for (let i = 0; i < idx.length; i++) out.set(src.subarray(idx[i]! * width, (idx[i]! + 1) * width), i * width);
  return out;
}

/** Shared state of a PPO learner: the networks and their optimizers. */
export interface PpoLearner {
  readonly actor: GaussianActor;
  readonly critic: Module;
  readonly actorOpt: Adam;
  readonly criticOpt: Adam;
}

/** Creates the Adam optimizers for an actor and a critic. */
export function ppoLearner(actor: GaussianActor, critic: Module, o: PpoOptions): PpoLearner {
  return { actor, critic, actorOpt: new Adam(actor.parameters(), { lr: o.actorLr }), criticOpt: new Adam(critic.parameters(), { lr: o.criticLr }) };
}

/**
 * One PPO update on a batch of episodes: `epochs` passes of shuffled minibatches,
 * each an Adam step on the clipped surrogate (actor) and on the value MSE (critic).
 * @returns the mean clipped fraction over the last epoch (a health signal).
 */
export function ppoUpdate(learner: PpoLearner, trajs: readonly Trajectory[], o: PpoOptions, rng: Rng): number {
  const { actor, critic, actorOpt, criticOpt } = learner;
  const { obsDim, actDim } = actor;
  const b = buildBatch(trajs, critic, obsDim, actDim, o);
  const allSteps = b.steps;
  const oldLogp = noGrad(() => gaussianLogProb(actor.mean(tensor(b.obs, [b.size, obsDim]), allSteps), actor.logStd, tensor(b.actions, [b.size, actDim])).data);
  let clipped = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const perm = rng.permutation(b.size);
    clipped = 0;
    for (let start = 0; start < b.size; start += o.minibatch) {
      const idx = perm.subarray(start, Math.min(start + o.minibatch, b.size));
      const n = idx.length;
      const obs = tensor(rows(b.obs, idx, obsDim), [n, obsDim]);
      const steps = Int32Array.from(idx, (i) => allSteps[i]!);
      const logp = gaussianLogProb(actor.mean(obs, steps), actor.logStd, tensor(rows(b.actions, idx, actDim), [n, actDim]));
      const old = tensor(Float32Array.from(idx, (i) => oldLogp[i]!), [n]);
      const loss = clippedSurrogate(logp, old, tensor(Float32Array.from(idx, (i) => b.advantages[i]!), [n]), o.clip);
      actorOpt.zeroGrad();
      loss.backward();
      actorOpt.step();
      for (let i = 0; i < n; i++) if (Math.abs(Math.exp(logp.data[i]! - old.data[i]!) - 1) > o.clip) clipped++;
      const err = sub(critic.forward(obs), tensor(Float32Array.from(idx, (i) => b.returns[i]!), [n, 1]));
      const vLoss = mean(mul(err, err));
      criticOpt.zeroGrad();
      vLoss.backward();
      criticOpt.step();
    }
  }
  return clipped / b.size;
}

/** One point per iteration: environment steps used so far and the caller's evaluation. */
export interface PpoProgress {
  readonly iteration: number;
  readonly envSteps: number;
  readonly clippedFraction: number;
}

/**
 * Runs PPO: for each iteration, `collect` episodes with the current actor, then {@link ppoUpdate}.
 * @param collect returns episodes sampled from the actor (any parallelism is the caller's).
 * @param onIteration called after each update (evaluate, log, record a curve).
 */
export async function ppo(learner: PpoLearner, o: PpoOptions, collect: (iteration: number) => Promise<Trajectory[]>, rng: Rng, onIteration: (p: PpoProgress) => Promise<void>): Promise<void> {
  let envSteps = 0;
  for (let it = 1; it <= o.iterations; it++) {
    const trajs = await collect(it);
    envSteps += trajs.reduce((s, t) => s + t.rewards.length, 0);
    const clippedFraction = ppoUpdate(learner, trajs, o, rng);
    await onIteration({ iteration: it, envSteps, clippedFraction });
  }
}

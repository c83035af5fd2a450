/**
 * The policies PPO trains, as differentiable tensor functions that match the
 * flat float64 policies the MuJoCo workers run (`mlp.ts`, `ncapSwimmer`):
 * - MLP: tanh layers, tanh mean, learned log-std (the paper's PPO-MLP);
 * - NCAP: the shared 4-weight circuit rebuilt from tensor ops (clamps, ReLU sign
 *   constraints), fixed std (the paper's NCAP-PPO: N(NCAP(o, t), 0.1²)).
 * Design choice: NCAP's forward is written with tensor ops rather than finite
 * differences, so autodiff gives the exact policy gradient of its 4 weights
 * (clamp and ReLU pass gradient inside their closed ranges, as PyTorch does);
 * a test checks it against `ncapSwimmer(...).policy` step by step.
 */
import { Linear, Sequential, Tanh, type Module } from '../../src/nn/index.js';
import { add, clamp, concat, full, mul, neg, relu, slice, sub, tensor, type Tensor } from '../../src/tensor/index.js';
import { NCAP_SWIMMER_DEFAULTS } from '../../src/mechanisms/ncap/index.js';
import { ArgumentError, createRng } from '../../src/util/index.js';
import type { GaussianActor } from './ppo.js';

/** A PPO actor that can hand its mean's weights to the workers as a flat vector. */
export interface FlatActor extends GaussianActor {
  /** The mean's parameters in the worker layout (`mlp.ts` / NCAP's weight order). */
  flat(): Float64Array;
}

/** Tanh MLP `sizes = [in, h…, out]` (tanh on every layer, the output included when `tanhOut`). */
export function tanhMlp(sizes: readonly number[], tanhOut: boolean, seed: number): Sequential {
  const rng = createRng(seed);
  const layers: Module[] = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push(new Linear(sizes[l - 1]!, sizes[l]!, { rng }));
    if (l < sizes.length - 1 || tanhOut) layers.push(new Tanh());
  }
  return new Sequential(...layers);
}

/**
 * Gaussian MLP actor from flat `mlp.ts` parameters.
 * @param sizes `[obsDim, h…, actDim]`
 * @param init flat weights, layer by layer `[W (out×in), b]`
 * @param std initial σ per action; learned when `learnStd`.
 */
export function mlpActor(sizes: readonly number[], init: ArrayLike<number>, std: number, learnStd: 'learned' | 'fixed'): FlatActor {
  const net = tanhMlp(sizes, true, 0);
  const linears = net.parameters();
  let k = 0;
  for (const p of linears) {
    for (let i = 0; i < p.size; i++) p.data[i] = init[k++]!;
  }
  if (k !== init.length) throw new ArgumentError('mlpActor(init)', { what: 'wrong parameter count', expected: k, received: init.length });
  const actDim = sizes.at(-1)!;
  const logStd = full([actDim], Math.log(std), { requiresGrad: learnStd === 'learned' });
  return {
    obsDim: sizes[0]!,
    actDim,
    logStd,
    parameters: () => (learnStd === 'learned' ? [...linears, logStd] : linears),
    mean: (obs) => net.forward(obs),
    flat: () => Float64Array.from(linears.flatMap((p) => Array.from(p.data))),
  };
}

/**
 * NCAP (shared weights, sign-constrained) as a tensor function of (q, t).
 * @param nJoints joints n; observations start with the n joint angles (rad).
 * @param theta0 `[w_osc, w_prop, w_ipsi, w_contra]`
 * @param obsDim observation size (only the first n entries are read).
 * @param std the fixed policy noise σ.
 */
export function ncapActor(nJoints: number, theta0: ArrayLike<number>, obsDim: number, std: number, periodSteps = NCAP_SWIMMER_DEFAULTS.oscillatorPeriodSteps): FlatActor {
  if (theta0.length !== 4) throw new ArgumentError('ncapActor(theta0)', { what: 'shared NCAP has 4 weights', expected: 4, received: theta0.length });
  const n = nJoints;
  const theta = tensor(Array.from(theta0), [4], { requiresGrad: true });
  const limitRad = (2 * Math.PI) / (n + 1);
  const logStd = full([n], Math.log(std));
  return {
    obsDim,
    actDim: n,
    logStd,
    parameters: () => [theta],
    flat: () => Float64Array.from(theta.data),
    mean(obs, steps) {
      const B = obs.shape[0]!;
      const w = (k: number): Tensor => slice(theta, 0, k, k + 1);
      const [wOsc, wProp, wIpsi] = [relu(w(0)), relu(w(1)), relu(w(2))];
      const wContra = neg(relu(neg(w(3))));
      const qHat = clamp(mul(slice(obs, 1, 0, n), 1 / limitRad), -1, 1);
      const [sD, sV] = [relu(qHat), relu(neg(qHat))];
      const oD = tensor(Float32Array.from(steps, (t) => (t % periodSteps < periodSteps / 2 ? 1 : 0)), [B, 1]);
      const oV = sub(1, oD);
      const drive = (o: Tensor, s: Tensor): Tensor => {
        const head = mul(o, wOsc);
        return clamp(n === 1 ? head : concat([head, mul(slice(s, 1, 0, n - 1), wProp)], 1), 0, 1);
      };
      const [bD, bV] = [drive(oD, sD), drive(oV, sV)];
      const mD = clamp(add(mul(bD, wIpsi), mul(bV, wContra)), 0, 1);
      const mV = clamp(add(mul(bV, wIpsi), mul(bD, wContra)), 0, 1);
      return sub(mD, mV);
    },
  };
}

/** The PPO critic: `obsDim → 64 → 64 → 1`, tanh (the paper's PPO critic). */
export function valueNet(obsDim: number, seed: number, hidden: readonly number[] = [64, 64]): Module {
  return tanhMlp([obsDim, ...hidden, 1], false, seed);
}

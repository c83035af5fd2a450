/**
 * The MLP baseline of the NCAP paper: tanh hidden layers on the raw observation,
 * tanh output (one action per joint). Parameters live in one flat Float64Array
 * (ES perturbs the whole vector); the forward pass is plain loops because a
 * 23→64→64→5 network per control step is far below the tensor engine's overhead.
 * Init: PyTorch's nn.Linear default, U(±1/√fan_in) for weights and biases.
 */
import { ShapeError, type Rng } from '../../src/util/index.js';
import type { Policy } from '../../src/envs/index.js';

/** Parameters of an MLP with layer sizes `[in, h1, …, out]`: Σ (fan_in + 1)·fan_out. */
export function mlpParamCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += (sizes[l - 1]! + 1) * sizes[l]!;
  return n;
}

/** Fresh MLP parameters, layer by layer `[W (out×in, row-major), b]`, U(±1/√fan_in). */
export function mlpInit(sizes: readonly number[], rng: Rng): Float64Array {
  const p = new Float64Array(mlpParamCount(sizes));
  let k = 0;
  for (let l = 1; l < sizes.length; l++) {
    const bound = 1 / Math.sqrt(sizes[l - 1]!);
    const count = (sizes[l - 1]! + 1) * sizes[l]!;
    for (let i = 0; i < count; i++) p[k++] = rng.uniform(-bound, bound);
  }
  return p;
}

/** A stateless MLP policy: a = tanh(W_L … tanh(W_1 o + b_1) … + b_L). */
export function mlpPolicy(sizes: readonly number[], params: ArrayLike<number>): Policy {
  const nParams = mlpParamCount(sizes);
  if (params.length !== nParams) throw new ShapeError('mlpPolicy(params)', { what: 'one value per weight', expected: nParams, received: params.length });
  const p = Float64Array.from(params);
  const acts = sizes.map((s) => new Float64Array(s));
  return {
    reset: () => undefined,
    act(observation, out) {
      acts[0]!.set(observation.subarray(0, sizes[0]!));
      let k = 0;
      for (let l = 1; l < sizes.length; l++) {
        const nIn = sizes[l - 1]!;
        const nOut = sizes[l]!;
        const x = acts[l - 1]!;
        const y = acts[l]!;
        const bOff = k + nIn * nOut;
        for (let o = 0; o < nOut; o++) {
          let s = p[bOff + o]!;
          const row = k + o * nIn;
          for (let i = 0; i < nIn; i++) s += p[row + i]! * x[i]!;
          y[o] = Math.tanh(s);
        }
        k = bOff + nOut;
      }
      out.set(acts[sizes.length - 1]!);
    },
  };
}

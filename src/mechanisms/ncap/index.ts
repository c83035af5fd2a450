/**
 * NCAP: a C. elegans locomotion circuit as a controller prior for a swimmer.
 *
 * Bhattasali, Zador & Engel, "Neural Circuit Architectural Priors for Embodied
 * Control", NeurIPS 2022. https://arxiv.org/abs/2201.05242
 *
 * For joints i = 0..n−1 (0 next to the head), per control step t:
 * - proprioception: q̂_i = clip(q_i / (2π/(n+1)), −1, 1); s^d_i = max(q̂_i, 0), s^v_i = max(−q̂_i, 0)
 * - head oscillator: o^d(t) = [(t mod T) < T/2], o^v = 1 − o^d (T = 60 steps = 1.8 s)
 * - B-neurons, σ(x) = clip(x, 0, 1): b^{d/v}_0 = σ(w_osc·o^{d/v}); b^{d/v}_i = σ(w_prop·s^{d/v}_{i−1})
 * - muscles: m^d_i = σ(w_ipsi·b^d_i + w_contra·b^v_i); m^v_i = σ(w_ipsi·b^v_i + w_contra·b^d_i)
 * - action: a_i = m^d_i − m^v_i ∈ [−1, 1]
 * - signs (option `sign: 'constrained'`): w_osc, w_prop, w_ipsi pass through max(w, 0),
 *   w_contra through min(w, 0), at use time (the raw parameter may leave its range).
 *
 * Built from `src/dynamics` boxes (oscillator, proprioception, B-neuron pairs,
 * muscle pairs) composed by `oapply`; the composite's only state is the clock.
 *
 * Deviations: the clock is the circuit's own counter (the paper's ES setting);
 * the PPO/DDPG variant reads t from a TimeFeature observation instead. The
 * optional navigation units (speed and turn neurons) of the authors' code are
 * not included: the paper's headline task (`swim`) does not use them.
 */
import { initialState, type Machine, type Vec, type WiringDiagram } from '../../dynamics/index.js';
import { ArgumentError, ShapeError, resolveConfig, type Rng } from '../../util/index.js';
import { clampSign, ncapCircuit, type JointWeights, type WeightRef, type WeightSign } from './circuit.js';

/** Options of {@link ncapSwimmer}. */
export interface NcapSwimmerConfig {
  /** Actuated joints n (links − 1). */
  readonly nJoints: number;
  /** Oscillator period T in control steps. */
  readonly oscillatorPeriodSteps: number;
  /** `shared`: 4 weights for any body; `unshared`: per-joint dorsal/ventral weights, 2(n−1) + 2 + 4n. */
  readonly sharing: 'shared' | 'unshared';
  /** `constrained`: excitatory ≥ 0, inhibitory ≤ 0 at use time; `free`: no clamps (ablation). */
  readonly sign: 'constrained' | 'free';
  /** `constant`: ±1 (free: random sign); `uniform`: U(0,1) / U(−1,0) (free: U(−1,1)). */
  readonly init: 'constant' | 'uniform';
}

/** Defaults: the paper's 4-parameter circuit on swimmer6. */
export const NCAP_SWIMMER_DEFAULTS: Readonly<NcapSwimmerConfig> = Object.freeze({
  /** swimmer6 (6 links, 5 joints), the body the paper trains on; transfer uses others. */
  nJoints: 5,
  /** 60 steps × 0.03 s = 1.8 s per stroke, the authors' setting for swimmer6. */
  oscillatorPeriodSteps: 60,
  /** Sharing across joints is what makes the circuit body-length independent (4 weights). */
  sharing: 'shared',
  /** The paper's ablation: without E/I signs learning fails, so constrained is the default. */
  sign: 'constrained',
  /** Constant ±1 init is what makes NCAP swim before training. */
  init: 'constant',
} as const);

/** An NCAP controller for one body: the wired system plus its parameter layout. */
export interface NcapSwimmer {
  readonly config: Readonly<NcapSwimmerConfig>;
  /** Number of trainable weights (4 shared; 2(n−1) + 2 + 4n unshared). */
  readonly nParams: number;
  /** One name per weight, e.g. `w_osc` or `w_ipsi_d[2]`. */
  readonly paramNames: readonly string[];
  /** The composed system: inputs q (n joint angles, rad), outputs a (n actions), state [t]; params = the weight vector. */
  readonly machine: Machine<Vec>;
  /** The wiring the machine was composed from. */
  readonly diagram: WiringDiagram;
  /** Initial weights per `config.init` / `config.sign` (draws from `rng` except for constrained constant init). */
  initParams(rng: Rng): Float64Array;
  /** The weights after sign clamps, as the circuit uses them. */
  effectiveParams(params: ArrayLike<number>): Float64Array;
  /**
   * A policy for `rollout`: reads the first n observation entries (joint angles),
   * writes n actions, advances the clock. The weights are copied.
   * @throws ShapeError when `params.length !== nParams`.
   */
  policy(params: ArrayLike<number>): { reset(): void; act(observation: Float64Array, out: Float64Array): void };
}

function checkConfig(c: NcapSwimmerConfig): void {
  const where = 'ncapSwimmer(config)';
  if (!Number.isInteger(c.nJoints) || c.nJoints < 1) throw new ArgumentError(`${where}.nJoints`, { what: 'not a joint count', expected: 'an integer >= 1', received: c.nJoints });
  if (!Number.isInteger(c.oscillatorPeriodSteps) || c.oscillatorPeriodSteps < 2) {
    throw new ArgumentError(`${where}.oscillatorPeriodSteps`, { what: 'bad period', expected: 'an integer >= 2', received: c.oscillatorPeriodSteps });
  }
  const opts = { sharing: ['shared', 'unshared'], sign: ['constrained', 'free'], init: ['constant', 'uniform'] } as const;
  for (const key of ['sharing', 'sign', 'init'] as const) {
    if (!(opts[key] as readonly string[]).includes(c[key])) throw new ArgumentError(`${where}.${key}`, { what: 'unknown option', expected: opts[key].join(' | '), received: c[key] });
  }
}

/** Parameter layout: names, sign rule of each parameter, and the per-joint references. */
function layout(c: NcapSwimmerConfig): { names: string[]; signs: WeightSign[]; joints: JointWeights[] } {
  const names: string[] = [];
  const signs: WeightSign[] = [];
  const add = (name: string, sign: WeightSign): WeightRef => {
    names.push(name);
    signs.push(c.sign === 'constrained' ? sign : 'free');
    return { index: names.length - 1, sign: signs[signs.length - 1]! };
  };
  const n = c.nJoints;
  if (c.sharing === 'shared') {
    const osc = add('w_osc', 'excitatory');
    const prop = add('w_prop', 'excitatory');
    const ipsi = add('w_ipsi', 'excitatory');
    const contra = add('w_contra', 'inhibitory');
    const joints = Array.from({ length: n }, (_, i) => {
      const drive = i === 0 ? osc : prop;
      return { driveD: drive, driveV: drive, ipsiD: ipsi, ipsiV: ipsi, contraD: contra, contraV: contra };
    });
    return { names, signs, joints };
  }
  const oscD = add('w_osc_d', 'excitatory');
  const oscV = add('w_osc_v', 'excitatory');
  const props = Array.from({ length: n - 1 }, (_, k) => [add(`w_prop_d[${k + 1}]`, 'excitatory'), add(`w_prop_v[${k + 1}]`, 'excitatory')] as const);
  const joints = Array.from({ length: n }, (_, i) => {
    const [driveD, driveV] = i === 0 ? [oscD, oscV] : props[i - 1]!;
    const ipsiD = add(`w_ipsi_d[${i}]`, 'excitatory');
    const ipsiV = add(`w_ipsi_v[${i}]`, 'excitatory');
    const contraD = add(`w_contra_d[${i}]`, 'inhibitory');
    const contraV = add(`w_contra_v[${i}]`, 'inhibitory');
    return { driveD, driveV, ipsiD, ipsiV, contraD, contraV };
  });
  return { names, signs, joints };
}

/**
 * Builds the NCAP circuit for a swimmer with `config.nJoints` joints.
 * @param config overrides of {@link NCAP_SWIMMER_DEFAULTS}.
 * @returns the composed machine, its diagram, parameter layout, init and a policy adapter.
 * @throws ArgumentError on a bad option.
 * @see https://arxiv.org/abs/2201.05242
 * @example
 * const ncap = ncapSwimmer({ nJoints: 5 });
 * const theta = ncap.initParams(createRng(0)); // [1, 1, 1, -1]
 * const policy = ncap.policy(theta);            // swims swimmer6 before any training
 */
export function ncapSwimmer(config: Partial<NcapSwimmerConfig> = {}): NcapSwimmer {
  const cfg: NcapSwimmerConfig = resolveConfig({ where: 'ncapSwimmer(config)', defaults: NCAP_SWIMMER_DEFAULTS }, config);
  checkConfig(cfg);
  const n = cfg.nJoints;
  const { names, signs, joints } = layout(cfg);
  const jointLimitRad = (2 * Math.PI) / (n + 1);
  const { machine, diagram } = ncapCircuit(n, cfg.oscillatorPeriodSteps, jointLimitRad, joints);
  const nParams = names.length;
  const checkParams = (where: string, p: ArrayLike<number>): Float64Array => {
    if (p?.length !== nParams) throw new ShapeError(where, { what: 'one value per circuit weight', expected: nParams, received: p?.length });
    return Float64Array.from(p);
  };
  return Object.freeze({
    config: cfg,
    nParams,
    paramNames: Object.freeze(names),
    machine,
    diagram,
    initParams(rng: Rng) {
      return Float64Array.from(signs, (s) => {
        if (cfg.init === 'constant') return s === 'excitatory' ? 1 : s === 'inhibitory' ? -1 : rng.bernoulli(0.5) ? 1 : -1;
        return s === 'excitatory' ? rng.uniform(0, 1) : s === 'inhibitory' ? rng.uniform(-1, 0) : rng.uniform(-1, 1);
      });
    },
    effectiveParams(p: ArrayLike<number>) {
      const theta = checkParams('ncapSwimmer.effectiveParams(params)', p);
      return theta.map((v, k) => clampSign(v, signs[k]!));
    },
    policy(p: ArrayLike<number>) {
      const theta = checkParams('ncapSwimmer.policy(params)', p);
      let u: Vec = initialState(machine, theta);
      let next: Vec = new Float64Array(machine.nStates);
      const q = new Float64Array(n);
      return {
        reset() {
          u = initialState(machine, theta);
        },
        act(observation: Float64Array, out: Float64Array) {
          for (let i = 0; i < n; i++) q[i] = observation[i]!;
          machine.readoutInto(u, q, theta, u[0]!, out);
          machine.evalInto(u, q, theta, u[0]!, next);
          [u, next] = [next, u];
        },
      };
    },
  });
}

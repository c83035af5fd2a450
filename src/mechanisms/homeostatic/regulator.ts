/**
 * The learning-rate homeostat: η as the single state variable of a discrete
 * `src/dynamics` machine, plus the take/leave decision that feeds its input.
 * See `index.ts` for the paper, the rule and the deviations.
 */
import { discreteMachine, type Machine } from '../../dynamics/index.js';
import { ArgumentError, ConfigError, type Rng } from '../../util/index.js';
import { adwin, type Adwin } from './adwin.js';

/**
 * How η is regulated: the homeostat, one of the paper's two baselines (LRR, LRC),
 * or a drift detector (ADWIN on the online errors) that bumps η when it fires.
 */
export type Regulation = 'homeostatic' | 'random' | 'constant' | 'detector';

/** Which weight step the take/leave comparison simulates (see {@link HomeostaticLrConfig.simulate}). */
export type SimulateMode = 'minibatchGrad' | 'memoryStep';

/** Configuration of {@link homeostaticLr}. */
export interface HomeostaticLrConfig {
  readonly regulation: Regulation;
  /** Initial learning rate η₀ (and the set point of the optional decay). */
  readonly lr0: number;
  /** Step Δ of one excitatory/inhibitory effect. */
  readonly delta: number;
  /** Effect of each (true or guessed) class on η: +1 excitatory, −1 inhibitory, 0 neutral. */
  readonly effects: readonly number[];
  /** A decision (or LRR coin flip) happens at sample i (0-based) when i % interval = 0… */
  readonly interval: number;
  /** …and i > warmup (more than `warmup` samples seen before it, so the memo is full). */
  readonly warmup: number;
  /** Size of the memory buffer the comparison is scored on (the learner keeps it). */
  readonly memorySize: number;
  /** Which step is simulated for "leave" (η) vs "take" (η + Δ·s(guess)). */
  readonly simulate: SimulateMode;
  /** η below zero is set to `minLr`. */
  readonly minLr: number;
  /** Upper clip on η. */
  readonly maxLr: number;
  /** Decay rate λ toward η₀ per sample: η += λ(η₀ − η). */
  readonly decay: number;
  /** Probability of applying the true-class effect at a decision point (random regulation). */
  readonly randomP: number;
  /** Detector regulation: η += detectorBump·Δ when ADWIN fires (pair with `decay` to relax back). */
  readonly detectorBump: number;
  /** Detector regulation: ADWIN's confidence δ. */
  readonly detectorDelta: number;
}

/** Homeostat state: η and the number of samples seen. */
export interface RegulatorState {
  readonly lr: number;
  readonly seen: number;
  /** Detector regulation only: the ADWIN window over online errors (updated in place). */
  readonly detector?: Adwin;
}

/** One labelled sample as the regulator sees it. */
export interface RegulatorInput {
  /** The learner's guess ĝ = argmax f(x_i) (made before training on it). */
  readonly guess: number;
  /** The true (currently mapped) label y_i. */
  readonly label: number;
}

/**
 * Scores a simulated step: the learner's accuracy on its memory buffer after a
 * weight step at learning rate `lr` (the step itself depends on the simulate mode).
 */
export type LrProbe = (lr: number) => number;

/** What a decision did, for logs and tests. */
export interface RegulatorStep {
  readonly u: RegulatorState;
  /** The signed effect applied this sample (0: none). */
  readonly effect: number;
  /** Whether a take/leave comparison (or coin flip) happened. */
  readonly decided: boolean;
}

/** A configured regulator: the η machine and the decision rule around it. */
export interface HomeostaticLr {
  readonly config: HomeostaticLrConfig;
  /** The η box: input = signed effect count, state = output = η. */
  readonly machine: Machine<HomeostaticLrConfig>;
  /** Initial state: η = η₀, nothing seen. */
  init(): RegulatorState;
  /**
   * One sample: counts it, decides at decision points, steps the η machine.
   * @param probe called (twice) only at homeostatic decision points
   * @param rng coin flips of random regulation
   */
  step(u: RegulatorState, x: RegulatorInput, probe: LrProbe, rng: Rng): RegulatorStep;
}

/** η_{n+1} = clip(η + Δ·e + λ(η₀ − η)); below zero → minLr, above maxLr → maxLr. */
function etaMachine(): Machine<HomeostaticLrConfig> {
  return discreteMachine<HomeostaticLrConfig>({
    name: 'homeostat',
    nIn: 1,
    nOut: 1,
    nStates: 1,
    inNames: ['effect'],
    outNames: ['lr'],
    stateNames: ['lr'],
    updateInto: (u, x, p, _t, out) => {
      const eta = u[0]! + p.delta * x[0]! + p.decay * (p.lr0 - u[0]!);
      out[0] = eta < 0 ? p.minLr : Math.min(eta, p.maxLr);
    },
    observe: [0],
    init: (p) => [p.lr0],
  });
}

function check(c: HomeostaticLrConfig): void {
  const where = 'homeostaticLr(config)';
  const bad = (key: string, expected: string, received: unknown): never => {
    throw new ConfigError(`${where}.${key}`, { what: 'invalid value', expected, received });
  };
  if (!['homeostatic', 'random', 'constant', 'detector'].includes(c.regulation)) bad('regulation', "'homeostatic' | 'random' | 'constant' | 'detector'", c.regulation);
  if (!Number.isFinite(c.detectorBump)) bad('detectorBump', 'a finite number', c.detectorBump);
  if (!(c.detectorDelta > 0 && c.detectorDelta < 1)) bad('detectorDelta', 'a number in (0, 1)', c.detectorDelta);
  if (!['minibatchGrad', 'memoryStep'].includes(c.simulate)) bad('simulate', "'minibatchGrad' | 'memoryStep'", c.simulate);
  if (!(c.lr0 > 0) || !Number.isFinite(c.lr0)) bad('lr0', 'a finite number > 0', c.lr0);
  if (!(c.delta >= 0) || !Number.isFinite(c.delta)) bad('delta', 'a finite number >= 0', c.delta);
  if (!Number.isInteger(c.interval) || c.interval < 1) bad('interval', 'an integer >= 1', c.interval);
  if (!Number.isInteger(c.warmup) || c.warmup < 0) bad('warmup', 'an integer >= 0', c.warmup);
  if (!Number.isInteger(c.memorySize) || c.memorySize < 1) bad('memorySize', 'an integer >= 1', c.memorySize);
  if (!(c.minLr >= 0) || !(c.maxLr >= c.minLr)) bad('minLr/maxLr', '0 <= minLr <= maxLr', [c.minLr, c.maxLr]);
  if (!(c.decay >= 0 && c.decay <= 1)) bad('decay', 'a number in [0, 1]', c.decay);
  if (!(c.randomP >= 0 && c.randomP <= 1)) bad('randomP', 'a number in [0, 1]', c.randomP);
  if (c.effects.length === 0 || c.effects.some((e) => !Number.isFinite(e))) bad('effects', 'one finite effect per class', c.effects);
}

/** Builds a regulator from a complete config (see `homeostaticLr` in `index.ts` for the defaults). */
export function makeRegulator(config: HomeostaticLrConfig): HomeostaticLr {
  check(config);
  const c = Object.freeze({ ...config, effects: Object.freeze([...config.effects]) });
  const machine = etaMachine();
  const uBuf = new Float64Array(1);
  const xBuf = new Float64Array(1);
  const out = new Float64Array(1);
  const effectOf = (cls: number): number => {
    if (!Number.isInteger(cls) || cls < 0 || cls >= c.effects.length) {
      throw new ArgumentError('homeostaticLr.step(x)', { what: 'class outside the effect map', expected: `an integer in [0, ${c.effects.length})`, received: cls });
    }
    return c.effects[cls]!;
  };
  return Object.freeze({
    config: c,
    machine,
    init: (): RegulatorState => ({
      lr: machine.init!(c)[0]!,
      seen: 0,
      ...(c.regulation === 'detector' && { detector: adwin({ delta: c.detectorDelta }) }),
    }),
    step(u: RegulatorState, x: RegulatorInput, probe: LrProbe, rng: Rng): RegulatorStep {
      // Sample i = u.seen (0-based): the authors' `i > nMemo and i % lrinterval == 0`.
      const seen = u.seen + 1;
      let decided = (c.regulation === 'homeostatic' || c.regulation === 'random') && u.seen > c.warmup && u.seen % c.interval === 0;
      let effect = 0;
      if (u.detector !== undefined) {
        decided = u.detector.update(x.guess === x.label ? 0 : 1);
        if (decided) effect = c.detectorBump;
      } else if (decided && c.regulation === 'random') {
        if (rng.bernoulli(c.randomP)) effect = effectOf(x.label);
      } else if (decided) {
        // Leave: a step at the current η; take: a step at η moved by the *guessed* class.
        const leave = probe(u.lr);
        const takeLr = Math.max(c.minLr, Math.min(c.maxLr, u.lr + c.delta * effectOf(x.guess)));
        const take = probe(takeLr);
        // The applied effect is the *true* class's: a misclassification moves η the wrong way.
        if (take > leave) effect = effectOf(x.label);
      }
      uBuf[0] = u.lr;
      xBuf[0] = effect;
      machine.evalInto(uBuf, xBuf, c, seen, out);
      return { u: { lr: out[0]!, seen, ...(u.detector !== undefined && { detector: u.detector }) }, effect, decided };
    },
  });
}

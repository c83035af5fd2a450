/**
 * Learning-rate schedulers that set `optimizer.lr`, with PyTorch's formulas
 * (the recursive "chainable" forms, so the sequence of lrs matches PyTorch's).
 * Call `step()` once per epoch after `optimizer.step()`. Each has a plain-object
 * state dict for checkpoints.
 */
import { ArgumentError, ConfigError } from '../../util/index.js';
import { checkRange, type Optimizer } from './optimizer.js';

/** Serializable scheduler state. */
export type SchedulerStateDict = Readonly<Record<string, number>>;

function restore(target: object, where: string, sd: SchedulerStateDict): void {
  const keys = Object.keys((target as { stateDict(): SchedulerStateDict }).stateDict()).sort();
  const got = Object.keys(sd).sort();
  if (keys.join() !== got.join()) throw new ArgumentError(where, { what: 'state keys differ', expected: keys, received: got });
  Object.assign(target, sd);
}

/**
 * Decays the lr by `gamma` every `stepSize` epochs: `lr = lr₀·γ^⌊epoch/stepSize⌋`.
 * @example
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 */
export class StepLR {
  /** Epochs completed (PyTorch's `last_epoch`). */
  lastEpoch = 0;
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Decay factor. */
  readonly gamma: number;

  /**
   * @param optimizer whose `lr` is set
   * @param opts stepSize (epochs, >= 1), gamma (default 0.1)
   */
  constructor(
    readonly optimizer: Optimizer,
    opts: { stepSize: number; gamma?: number },
  ) {
    if (!Number.isInteger(opts.stepSize) || opts.stepSize < 1) {
      throw new ConfigError('StepLR(opts.stepSize)', { what: 'must be a positive integer', expected: '>= 1', received: opts.stepSize });
    }
    this.stepSize = opts.stepSize;
    this.gamma = checkRange('StepLR(opts.gamma)', opts.gamma ?? 0.1, 0);
  }

  /** Advances one epoch and updates `optimizer.lr`. */
  step(): void {
    this.lastEpoch += 1;
    if (this.lastEpoch % this.stepSize === 0) this.optimizer.lr *= this.gamma;
  }

  /** @returns `{ lastEpoch }` */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch };
  }

  /** @param sd from {@link stateDict} (restore the optimizer's state too: it holds the lr) */
  loadStateDict(sd: SchedulerStateDict): void {
    restore(this, 'StepLR.loadStateDict(sd)', sd);
  }
}

/**
 * Cosine annealing from the base lr to `etaMin` over `tMax` epochs (SGDR without
 * restarts): `lr_t = η_min + (lr₀ − η_min)(1 + cos(π t / T_max)) / 2`, computed
 * recursively like PyTorch (so manual lr changes carry over); past `tMax` it
 * rises again along the cosine.
 * @see https://arxiv.org/abs/1608.03983
 * @example
 * const sched = new CosineAnnealingLR(opt, { tMax: 100 });
 */
export class CosineAnnealingLR {
  /** Epochs completed. */
  lastEpoch = 0;
  /** The lr at construction. */
  baseLr: number;
  /** Epochs from the base lr down to `etaMin`. */
  readonly tMax: number;
  /** Lowest lr. */
  readonly etaMin: number;

  /**
   * @param optimizer whose `lr` is set
   * @param opts tMax (epochs in a half period, >= 1), etaMin (default 0)
   */
  constructor(
    readonly optimizer: Optimizer,
    opts: { tMax: number; etaMin?: number },
  ) {
    if (!Number.isInteger(opts.tMax) || opts.tMax < 1) {
      throw new ConfigError('CosineAnnealingLR(opts.tMax)', { what: 'must be a positive integer', expected: '>= 1', received: opts.tMax });
    }
    this.tMax = opts.tMax;
    this.etaMin = checkRange('CosineAnnealingLR(opts.etaMin)', opts.etaMin ?? 0, 0);
    this.baseLr = optimizer.lr;
  }

  /** Advances one epoch and updates `optimizer.lr`. */
  step(): void {
    const t = ++this.lastEpoch;
    const { tMax: T, etaMin, baseLr } = this;
    const lr = this.optimizer.lr;
    if ((t - 1 - T) % (2 * T) === 0) {
      this.optimizer.lr = lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / T))) / 2;
    } else {
      this.optimizer.lr = ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (lr - etaMin) + etaMin;
    }
  }

  /** @returns `{ lastEpoch, baseLr }` */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLr: this.baseLr };
  }

  /** @param sd from {@link stateDict} */
  loadStateDict(sd: SchedulerStateDict): void {
    restore(this, 'CosineAnnealingLR.loadStateDict(sd)', sd);
  }
}

/** Options of {@link ReduceLROnPlateau} (PyTorch's defaults). */
export interface PlateauOptions {
  /** `'min'`: lower metric is better (a loss); `'max'`: higher is better (accuracy). Default `'min'`. */
  mode?: 'min' | 'max';
  /** Multiplier on reduction (default 0.1, must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Minimum change that counts as improvement (default 1e-4). */
  threshold?: number;
  /** `'rel'`: relative to the best (default); `'abs'`: absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr (default 0). */
  minLr?: number;
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the lr by `factor` when a metric stops improving for `patience` epochs.
 * @example
 * const sched = new ReduceLROnPlateau(opt, { mode: 'min', patience: 5 });
 * sched.step(valLoss);
 */
export class ReduceLROnPlateau {
  /** Epochs (metric values) seen. */
  lastEpoch = 0;
  /** Best metric so far (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left after a reduction. */
  cooldownCounter = 0;
  private readonly o: Required<PlateauOptions>;

  /**
   * @param optimizer whose `lr` is set
   * @param opts mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps
   */
  constructor(
    readonly optimizer: Optimizer,
    opts: PlateauOptions = {},
  ) {
    const w = (k: string) => `ReduceLROnPlateau(opts.${k})`;
    this.o = {
      mode: opts.mode ?? 'min',
      factor: checkRange(w('factor'), opts.factor ?? 0.1, 0, 1, true),
      patience: checkRange(w('patience'), opts.patience ?? 10, 0),
      threshold: checkRange(w('threshold'), opts.threshold ?? 1e-4, 0),
      thresholdMode: opts.thresholdMode ?? 'rel',
      cooldown: checkRange(w('cooldown'), opts.cooldown ?? 0, 0),
      minLr: checkRange(w('minLr'), opts.minLr ?? 0, 0),
      eps: checkRange(w('eps'), opts.eps ?? 1e-8, 0),
    };
    if (this.o.mode !== 'min' && this.o.mode !== 'max') throw new ConfigError(w('mode'), { what: 'unknown mode', expected: "'min' | 'max'", received: this.o.mode });
    if (this.o.thresholdMode !== 'rel' && this.o.thresholdMode !== 'abs') {
      throw new ConfigError(w('thresholdMode'), { what: 'unknown mode', expected: "'rel' | 'abs'", received: this.o.thresholdMode });
    }
    this.best = this.o.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(a: number): boolean {
    const { mode, thresholdMode: tm, threshold: th } = this.o;
    if (mode === 'min') return tm === 'rel' ? a < this.best * (1 - th) : a < this.best - th;
    return tm === 'rel' ? a > this.best * (th + 1) : a > this.best + th;
  }

  /**
   * Records one epoch's metric and reduces the lr if it has plateaued.
   * @param metric the monitored value (e.g. validation loss)
   */
  step(metric: number): void {
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.o.patience) {
      const old = this.optimizer.lr;
      const next = Math.max(old * this.o.factor, this.o.minLr);
      if (old - next > this.o.eps) this.optimizer.lr = next;
      this.cooldownCounter = this.o.cooldown;
      this.numBadEpochs = 0;
    }
  }

  /** @returns `{ lastEpoch, best, numBadEpochs, cooldownCounter }` */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter };
  }

  /** @param sd from {@link stateDict} */
  loadStateDict(sd: SchedulerStateDict): void {
    restore(this, 'ReduceLROnPlateau.loadStateDict(sd)', sd);
  }
}

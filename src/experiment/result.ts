/**
 * The results file schema (`results/<id>.json`): a run's outcome plus where it
 * came from (git commit, package and Node versions). The CLI writes it and the
 * web report reads it; both go through these types.
 */
import { ParseError } from '../util/index.js';
import { evaluateClaims } from './claims.js';
import type { RunOutcome } from './run.js';
import type { ClaimResult, Config, Experiment, Scale, SeriesData } from './types.js';

/** Version of the results file layout; bump when fields change meaning. */
export const RESULT_SCHEMA_VERSION = 2;

/** Where a run happened; gathered by the CLI (the library does no I/O). */
export interface Provenance {
  /** `git rev-parse HEAD`, or null outside a git checkout. */
  readonly gitCommit: string | null;
  readonly packageVersion: string | null;
  /** `process.version`, e.g. `v20.11.0`. */
  readonly nodeVersion: string | null;
}

/** A control run, as the results file keeps it. */
export interface ControlRunSummary {
  readonly description: string;
  readonly overrides: Config;
  readonly wallTimeS: number;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** One results file. */
export interface ResultRecord extends Provenance {
  readonly schemaVersion: number;
  readonly id: string;
  readonly paper: Experiment['paper'];
  readonly description: string | null;
  readonly scale: Scale;
  readonly config: Config;
  readonly seed: number;
  /** ISO time the run started. */
  readonly startedAt: string;
  readonly wallTimeS: number;
  /** Non-finite metrics are stored as null (JSON has no NaN). */
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly series: Readonly<Record<string, SeriesData>>;
  readonly claims: readonly ClaimResult[];
  /** The control runs behind `claims[].controls` (only when controls were run). */
  readonly controlRuns?: Readonly<Record<string, ControlRunSummary>>;
  /** Set when the run crashed; metrics and series are then empty and every claim is missed. */
  readonly error?: string;
  /** Set when `neuromorph sweep` produced the record from merged units. */
  readonly sweep?: SweepSummary;
}

/** How a sweep produced a record: its grid point, its units and any that are missing. */
export interface SweepSummary {
  /** The grid point (`lr=0.01,epochs=5`), or null without a grid. */
  readonly point: string | null;
  /** Units in the run's plan. */
  readonly units: number;
  /** Units whose stored result was reused (not run again). */
  readonly reused: number;
  /** Units that failed every attempt: the metrics are merged WITHOUT them (n shows it). */
  readonly missing: readonly { readonly key: string; readonly error: string }[];
  /** `local, 2 workers` or `redis://host:port (queue neuromorph-units)`. */
  readonly runner: string;
  /** Wall time of the whole sweep, seconds (the record's `wallTimeS` sums the units'). */
  readonly sweepWallTimeS: number;
}

export function finiteOrNull(metrics: Readonly<Record<string, number>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(metrics)) out[k] = Number.isFinite(v) ? v : null;
  return out;
}

/**
 * Builds the results record of a finished run.
 * @param experiment the experiment that ran (for its paper and description).
 * @param outcome what `runExperiment` returned.
 * @param provenance git commit and versions.
 * @param controlRuns the control runs, when `verify` ran them.
 */
export function toResultRecord(
  experiment: Experiment,
  outcome: RunOutcome,
  provenance: Provenance,
  controlRuns?: Readonly<Record<string, ControlRunSummary>>,
): ResultRecord {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: outcome.id,
    paper: experiment.paper,
    description: experiment.description ?? null,
    scale: outcome.scale,
    config: outcome.config,
    seed: outcome.seed,
    ...provenance,
    startedAt: outcome.startedAt,
    wallTimeS: outcome.wallTimeS,
    metrics: finiteOrNull(outcome.metrics),
    series: outcome.series,
    claims: outcome.claims,
    ...(controlRuns !== undefined && { controlRuns }),
  };
}

/**
 * The record of a run that crashed: no metrics, every claim at this scale missed.
 * @param run what was known before the crash (config, seed, start time, wall time).
 */
export function crashRecord(
  experiment: Experiment,
  run: { scale: Scale; config: Config; seed: number; startedAt: string; wallTimeS: number },
  error: string,
  provenance: Provenance,
): ResultRecord {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    id: experiment.id,
    paper: experiment.paper,
    description: experiment.description ?? null,
    ...run,
    ...provenance,
    metrics: {},
    series: {},
    claims: evaluateClaims(experiment, {}, run.scale),
    error,
  };
}

/**
 * Checks that parsed JSON looks like a {@link ResultRecord} (the fields the report needs).
 * @param where the file name, for the error.
 * @throws ParseError naming the first missing or mistyped field.
 */
export function assertResultRecord(json: unknown, where: string): asserts json is ResultRecord {
  const fail = (field: string, expected: string, received: unknown): never => {
    throw new ParseError(`${where}.${field}`, { what: 'not a results file', expected, received });
  };
  if (typeof json !== 'object' || json === null) fail('(root)', 'an object', json);
  const r = json as Record<string, unknown>;
  if (r.schemaVersion !== RESULT_SCHEMA_VERSION) fail('schemaVersion', `${RESULT_SCHEMA_VERSION} (a file written by another version of neuromorph: run it again)`, r.schemaVersion);
  if (typeof r.id !== 'string') fail('id', 'a string', r.id);
  if (typeof r.scale !== 'string') fail('scale', 'a string', r.scale);
  if (typeof r.paper !== 'object' || r.paper === null) fail('paper', 'an object', r.paper);
  for (const key of ['config', 'metrics', 'series'] as const) {
    if (typeof r[key] !== 'object' || r[key] === null) fail(key, 'an object', r[key]);
  }
  if (!Array.isArray(r.claims)) fail('claims', 'an array', r.claims);
}

/**
 * What a sweep runs: its runs (one per grid point, and per control with
 * `--controls`), each split into unit jobs. A job names everything a worker needs
 * (experiment id, scale, seed, the full parsed config, the unit's key) and nothing
 * about where it runs, so its result is the same on any worker; its hash keys the
 * stored result and the queue job.
 */
import { createHash } from 'node:crypto';
import { ArgumentError } from '../../src/util/index.js';
import { neededControls, parseSetArgs, planUnits, resolveRun } from '../../src/experiment/index.js';
import type { Config, Experiment, PlannedUnit, Scale } from '../../src/experiment/index.js';

/** Version of the job layout; a worker refuses a job of another version. */
export const JOB_VERSION = 1;

/** One unit of one run, as sent to a worker. */
export interface UnitJob {
  readonly v: number;
  readonly id: string;
  readonly scale: Scale;
  readonly seed: number;
  /** The full parsed config (every key), so a worker needs no overrides. */
  readonly config: Config;
  readonly key: string;
  /** The submitter's git commit (null outside git); a worker on another commit refuses the job. */
  readonly commit: string | null;
  /** sha256 of (id, scale, seed, config, key): the stored result's and the queue job's id. */
  readonly hash: string;
}

/** One run of a sweep: the experiment (or a control of it) at one grid point. */
export interface SweepRun {
  /** The grid point, e.g. `lr=0.01,epochs=5`; null without `--grid`. */
  readonly point: string | null;
  /** The control's name; null for the experiment itself. */
  readonly control: string | null;
  readonly config: Config;
  readonly seed: number;
  readonly scale: Scale;
  readonly plan: readonly PlannedUnit[];
  readonly jobs: readonly UnitJob[];
}

/** The hash of a unit: what fixes its result. */
export function unitHash(j: Pick<UnitJob, 'id' | 'scale' | 'seed' | 'config' | 'key'>): string {
  return createHash('sha256').update(JSON.stringify([JOB_VERSION, j.id, j.scale, j.seed, j.config, j.key])).digest('hex');
}

/**
 * Parses `--grid key=a,b,c` flags into their points (the Cartesian product, first
 * flag outermost). A list-valued key separates its values with `;` (`ranks=1,2;3,4`).
 * @throws ArgumentError for a malformed flag or a key given twice.
 */
export function parseGrid(experiment: Experiment, grids: readonly string[]): Record<string, string>[] {
  let points: Record<string, string>[] = [{}];
  const seen = new Set<string>();
  for (const g of grids) {
    const eq = g.indexOf('=');
    const key = g.slice(0, eq);
    if (eq <= 0 || eq === g.length - 1) throw new ArgumentError('neuromorph sweep --grid', { what: 'malformed grid', expected: 'key=a,b,c', received: g });
    if (seen.has(key)) throw new ArgumentError('neuromorph sweep --grid', { what: `key ${key} given twice`, expected: 'each key in one --grid', received: g });
    seen.add(key);
    const values = g.slice(eq + 1).split(Array.isArray(experiment.defaults[key]) ? ';' : ',');
    if (values.some((v) => v === '')) throw new ArgumentError('neuromorph sweep --grid', { what: 'empty grid value', expected: 'key=a,b,c', received: g });
    points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return points;
}

/** `lr=0.01,epochs=5`, or null for the empty point. */
export function pointLabel(point: Readonly<Record<string, string>>): string | null {
  const parts = Object.entries(point).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : null;
}

/** Options that fix a sweep's runs. */
export interface SweepPlanOptions {
  readonly scale: Scale;
  readonly sets: readonly string[];
  readonly grids: readonly string[];
  readonly seed?: number;
  /** Also run every control the claims at this scale name, at every grid point. */
  readonly controls: boolean;
  readonly commit: string | null;
  /** `allow` (`--allow-large`) lifts the declared limits of counts. */
  readonly large?: 'refuse' | 'allow';
}

/**
 * The runs of a sweep and their unit jobs.
 * @throws ConfigError for an unknown key or a bad value, LimitError for a count past
 *   its limit (before anything runs).
 */
export function planSweep(experiment: Experiment, options: SweepPlanOptions): SweepRun[] {
  const sets = parseSetArgs(options.sets);
  const runs: SweepRun[] = [];
  const controls = options.controls ? neededControls(experiment, options.scale) : [];
  for (const point of parseGrid(experiment, options.grids)) {
    for (const control of [null, ...controls]) {
      const overrides = { ...sets, ...point, ...(control === null ? {} : experiment.controls?.[control]?.overrides) };
      const { config, seed, scale } = resolveRun(experiment, { scale: options.scale, overrides, ...(options.large && { large: options.large }), ...(options.seed !== undefined && { seed: options.seed }) });
      const plan = planUnits(experiment, config);
      const jobs = plan.map((p) => {
        const base = { id: experiment.id, scale, seed, config, key: p.key };
        return { v: JOB_VERSION, ...base, commit: options.commit, hash: unitHash(base) };
      });
      runs.push({ point: pointLabel(point), control, config, seed, scale, plan, jobs });
    }
  }
  return runs;
}

/** The distinct jobs of a sweep (a control that changes nothing shares its units with the run). */
export function distinctJobs(runs: readonly SweepRun[]): UnitJob[] {
  const byHash = new Map<string, UnitJob>();
  for (const r of runs) for (const j of r.jobs) if (!byHash.has(j.hash)) byHash.set(j.hash, j);
  return [...byHash.values()];
}

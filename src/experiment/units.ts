/**
 * Units of work: an experiment's run split into independent pieces (seeds, arms,
 * datasets) that any process may run, and merged back into one run result.
 * This file holds what is the same wherever a unit runs: the plan, one unit's run
 * (with a fresh rng and its own checkpoint), the encoding of unit results, the
 * merge, and the in-process run that `runExperiment` uses for a split experiment.
 * No I/O: the CLI's local pool and the BullMQ worker call these from child processes.
 */
import { ConfigError, NeuroError, createRng } from '../util/index.js';
import { parseState, stringifyState } from './state.js';
import type { CheckpointStore, Config, Experiment, PlannedUnit, RunContext, RunResult, UnitDone, UnitSpec } from './types.js';

/** Allowed characters of a unit key (it names a file). */
export const UNIT_KEY_PATTERN = /^[A-Za-z0-9._=-]+$/;

/** The key of the one unit of an experiment that declares only `run`. */
export const WHOLE_RUN_KEY = 'all';

/**
 * The units of a run-only experiment: one unit, the whole run.
 * @param run the experiment's `run`.
 */
export function wholeRunUnits<C extends Config>(run: (config: Readonly<C>, ctx: RunContext) => RunResult | Promise<RunResult>): UnitSpec<C, null, RunResult> {
  return {
    plan: () => [{ key: WHOLE_RUN_KEY, unit: null }],
    run: (config, _unit, ctx) => run(config, ctx),
    merge: (_config, done) => {
      const whole = done[0];
      if (whole === undefined) throw new NeuroError('not_found', 'merge', { what: 'the run\'s only unit is missing', expected: `unit ${WHOLE_RUN_KEY}`, received: 'no finished unit' });
      return whole.result;
    },
  };
}

/**
 * The plan of a run, checked: keys are unique, file-safe strings.
 * @throws ConfigError when the plan is empty or a key is malformed or repeated.
 */
export function planUnits<C extends Config>(experiment: Experiment<C>, config: Readonly<C>): readonly PlannedUnit[] {
  const where = `${experiment.id}.units.plan()`;
  const plan = experiment.units.plan(config);
  if (!Array.isArray(plan) || plan.length === 0) throw new ConfigError(where, { what: 'no units to run', expected: 'at least one unit', received: plan });
  const seen = new Set<string>();
  for (const p of plan) {
    if (typeof p?.key !== 'string' || !UNIT_KEY_PATTERN.test(p.key)) throw new ConfigError(`${where} key`, { what: 'bad unit key', expected: `a string matching ${UNIT_KEY_PATTERN}`, received: p?.key });
    if (seen.has(p.key)) throw new ConfigError(`${where} key`, { what: 'repeated unit key', expected: 'unique keys', received: p.key });
    seen.add(p.key);
  }
  return plan;
}

/** A checkpoint store that keeps nothing (a unit that is not resumed). */
const NO_CHECKPOINT: CheckpointStore = { load: () => undefined, save: () => undefined };

/**
 * Runs one unit with a fresh rng from the run's seed (so its draws never depend on
 * which units ran before it, or where), and encodes its result as text.
 * @param ctx the run's context; its `rng` is replaced, its `checkpoint` is the unit's own
 *   (default: none).
 * @returns the result, encoded with the checkpoint encoding (typed arrays, NaN and ±∞ survive).
 */
export async function runUnit<C extends Config>(experiment: Experiment<C>, config: Readonly<C>, unit: PlannedUnit, ctx: RunContext, checkpoint: CheckpointStore = NO_CHECKPOINT): Promise<string> {
  const unitCtx: RunContext = { ...ctx, rng: createRng(ctx.seed), checkpoint };
  ctx.throwIfAborted(`${experiment.id} unit ${unit.key}`);
  const result = await experiment.units.run(config, unit.unit, unitCtx);
  return stringifyState(result);
}

/** Decodes a unit result written by {@link runUnit}. */
export function decodeUnitResult(text: string, where: string): unknown {
  return parseState(text, where);
}

/**
 * Merges finished units (any order; merged in plan order).
 * @param done unit key → encoded result; units of the plan that are absent are missing.
 */
export function mergeUnits<C extends Config>(experiment: Experiment<C>, config: Readonly<C>, plan: readonly PlannedUnit[], done: ReadonlyMap<string, string>): RunResult {
  const entries: UnitDone[] = [];
  for (const p of plan) {
    const text = done.get(p.key);
    if (text !== undefined) entries.push({ key: p.key, unit: p.unit, result: decodeUnitResult(text, `${experiment.id} unit ${p.key}`) });
  }
  return experiment.units.merge(config, entries);
}

/** What the in-process run keeps in the run's checkpoint: finished units, and the running one's state. */
interface UnitsCheckpoint {
  readonly done: Record<string, string>;
  readonly current?: { readonly key: string; readonly state: string };
}

/**
 * The `run` of a split experiment: each unit in turn in this process, then the merge.
 * The run's checkpoint keeps every finished unit's result and the running unit's own
 * state, so an interrupted run resumes at the unit (and inside it) where it stopped.
 */
export async function runUnitsInProcess<C extends Config>(experiment: Experiment<C>, config: Readonly<C>, ctx: RunContext): Promise<RunResult> {
  const plan = planUnits(experiment, config);
  const saved = ctx.checkpoint.load<UnitsCheckpoint>();
  const done: Record<string, string> = { ...(saved?.done ?? {}) };
  if (saved) ctx.log(`resuming: ${Object.keys(done).length} of ${plan.length} units already finished`);
  for (const p of plan) {
    if (done[p.key] !== undefined) continue;
    const resumed = saved?.current?.key === p.key ? saved.current.state : undefined;
    const store: CheckpointStore = {
      load: <T>() => (resumed === undefined ? undefined : parseState<T>(resumed, `${experiment.id} unit ${p.key} checkpoint`)),
      save: <T>(state: T) => ctx.checkpoint.save<UnitsCheckpoint>({ done, current: { key: p.key, state: stringifyState(state) } }),
    };
    done[p.key] = await runUnit(experiment, config, p, ctx, store);
    ctx.checkpoint.save<UnitsCheckpoint>({ done });
  }
  return mergeUnits(experiment, config, plan, new Map(Object.entries(done)));
}

/**
 * Verification: a claim is worth something only if it can fail. `verifyExperiment`
 * runs an experiment and then each control its claims name (the mechanism removed
 * or neutralised), and evaluates every claim under each: an effect claim is
 * reproduced when it is met and every one of its controls breaks it. A claim that
 * still holds under its control is a defect: it would hold without the mechanism.
 * No I/O, like {@link runExperiment}.
 */
import { claimTarget, evaluateClaim } from './claims.js';
import { finiteOrNull } from './result.js';
import { runExperiment } from './run.js';
import type { ControlRunSummary } from './result.js';
import type { RunOptions, RunOutcome } from './run.js';
import type { ClaimResult, Config, Control, ControlResult, Experiment, Scale } from './types.js';
import { NeuroError } from '../util/index.js';

/** What `verifyExperiment` found. */
export interface VerifyOutcome {
  /** The experiment's own run; its `claims` carry the controls' outcomes. */
  readonly outcome: RunOutcome;
  /** One summary per control that was run. */
  readonly controlRuns: Readonly<Record<string, ControlRunSummary>>;
  /** Effect claims evaluated at this scale. */
  readonly effects: number;
  /** Effect claims met and broken by every control they name (and naming at least one). */
  readonly reproduced: number;
  /** Effect claims that hold under one of their controls. */
  readonly defects: number;
  /** Effect claims that name no control. */
  readonly uncontrolled: number;
  /** Facts evaluated at this scale, and how many hold. */
  readonly facts: number;
  readonly factsHeld: number;
  /** True when every effect claim is reproduced (and every fact holds). */
  readonly verified: boolean;
}

/** Options of {@link verifyExperiment}: those of a run, plus per-control hooks. */
export interface VerifyOptions extends RunOptions {
  /** Options for one control's run (e.g. its own checkpoint store), merged over the rest. */
  readonly controlOptions?: (name: string, control: Control) => Partial<RunOptions>;
  /** Called before each run: `null` for the experiment itself, else the control's name. */
  readonly onRun?: (control: string | null) => void;
}

/** Whether an effect claim counts as reproduced: met, with at least one control, every one broken. */
export function isReproduced(c: ClaimResult): boolean {
  return c.kind === 'effect' && c.met && (c.controls?.length ?? 0) > 0 && (c.controls ?? []).every((k) => !k.met);
}

/** Whether a claim held under one of its controls. */
export function heldUnderControl(c: ClaimResult): boolean {
  return (c.controls ?? []).some((k) => k.met);
}

/**
 * Runs an experiment and the controls its claims name at this scale, and returns
 * the claims with each control's outcome.
 * @param experiment a `defineExperiment` result.
 * @param options as for `runExperiment`; control overrides go on top of `overrides`.
 * @returns the run, the control runs, and counts of reproduced claims and defects.
 * @example
 * const v = await verifyExperiment(experiment, { scale: 'smoke' });
 * v.defects; // 0 when every control breaks the claims it names
 */
export async function verifyExperiment<C extends Config>(experiment: Experiment<C>, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  options.onRun?.(null);
  const main = await runExperiment(experiment, options);
  const controls = (experiment.controls ?? {}) as Readonly<Record<string, Control<C>>>;
  const needed = neededControls(experiment as Experiment, main.scale);
  const controlOutcomes: Record<string, RunOutcome> = {};
  for (const name of needed) {
    const control = controls[name] as Control<C>;
    options.onRun?.(name);
    controlOutcomes[name] = await runExperiment(experiment, {
      ...options,
      ...options.controlOptions?.(name, control as Control),
      overrides: { ...options.overrides, ...control.overrides },
    });
  }
  return judgeControls(experiment, main, controlOutcomes);
}

/** The names of the controls that the claims evaluated at `scale` need, in first-use order. */
export function neededControls(experiment: Experiment, scale: Scale): string[] {
  const evaluated = experiment.claims.filter((c) => claimTarget(c, scale) !== undefined);
  return [...new Set(evaluated.flatMap((c) => c.controls ?? []))];
}

/**
 * Evaluates every claim of a finished run under each of its controls' finished runs
 * (however they were run: in turn, or as a sweep's merged units).
 * @param controlOutcomes control name → its run; must hold every control in {@link neededControls}.
 */
export function judgeControls<C extends Config>(experiment: Experiment<C>, main: RunOutcome, controlOutcomes: Readonly<Record<string, RunOutcome>>): VerifyOutcome {
  const scale = main.scale;
  const controls = (experiment.controls ?? {}) as Readonly<Record<string, Control<C>>>;
  const evaluated = experiment.claims.filter((c) => claimTarget(c, scale) !== undefined);
  const controlRuns: Record<string, ControlRunSummary> = {};
  for (const [name, run] of Object.entries(controlOutcomes)) {
    const control = controls[name] as Control<C>;
    controlRuns[name] = { description: control.description, overrides: control.overrides as Config, wallTimeS: run.wallTimeS, metrics: finiteOrNull(run.metrics) };
  }
  // main.claims holds, in declaration order, exactly the claims with a target at this scale.
  const claims = main.claims.map((result, i) => {
    const claim = evaluated[i] as (typeof evaluated)[number];
    const names = claim.controls ?? [];
    if (names.length === 0) return result;
    const outcomes: ControlResult[] = names.map((name) => {
      const run = controlOutcomes[name];
      if (run === undefined) throw new NeuroError('not_found', `${experiment.id} verify`, { what: `control ${name} did not run`, expected: `a run of every control in ${names.join(', ')}`, received: Object.keys(controlOutcomes) });
      const r = evaluateClaim(claim, result.value, run.metrics, run.samples, scale);
      return { name, met: r.met, n: r.n, mean: r.measured, ci: r.ci };
    });
    return { ...result, controls: outcomes };
  });
  const effects = claims.filter((c) => c.kind === 'effect');
  const facts = claims.filter((c) => c.kind === 'fact');
  const reproduced = effects.filter(isReproduced).length;
  const factsHeld = facts.filter((c) => c.met).length;
  return {
    outcome: { ...main, claims },
    controlRuns,
    effects: effects.length,
    reproduced,
    defects: effects.filter(heldUnderControl).length,
    uncontrolled: effects.filter((c) => (c.controls?.length ?? 0) === 0).length,
    facts: facts.length,
    factsHeld,
    verified: reproduced === effects.length && factsHeld === facts.length,
  };
}

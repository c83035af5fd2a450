/**
 * Claim evaluation: each claim is `metric op target`, judged over the metric's
 * per-seed samples: met only when the whole 95% interval of the mean clears the
 * target, which depends on the scale the run used (see {@link ScaleTargets}).
 */
import { summarizeSamples } from './stats.js';
import type { Claim, ClaimOp, ClaimResult, Experiment, Scale } from './types.js';

/**
 * The target of a claim at a scale.
 * @param claim the claim; a number `value` applies at every scale.
 * @param scale the run's scale.
 * @returns the target, or undefined when the claim has no target at this scale.
 * @example
 * claimTarget({ metric: 'acc', op: '>=', value: { defaults: 0.975, quick: 0.95 } }, 'quick'); // 0.95
 * claimTarget({ metric: 'acc', op: '>=', value: { defaults: 0.975 } }, 'smoke'); // undefined
 */
export function claimTarget(claim: Claim, scale: Scale): number | undefined {
  return typeof claim.value === 'number' ? claim.value : claim.value[scale];
}

/**
 * Compares a measured value with a target.
 * @param tolerance absolute tolerance used by `==` only.
 * @returns false for non-finite `measured`.
 */
export function compareClaim(measured: number, op: ClaimOp, target: number, tolerance = 0): boolean {
  if (!Number.isFinite(measured)) return false;
  switch (op) {
    case '>=':
      return measured >= target;
    case '<=':
      return measured <= target;
    case '>':
      return measured > target;
    case '<':
      return measured < target;
    case '==':
      return Math.abs(measured - target) <= tolerance;
  }
}

/**
 * Whether an interval clears a target: its lower end for `>` / `>=`, its upper end
 * for `<` / `<=`, both ends within `tolerance` for `==`.
 */
export function intervalClears(ci: readonly [number, number], op: ClaimOp, target: number, tolerance = 0): boolean {
  const [lo, hi] = ci;
  if (op === '>=' || op === '>') return compareClaim(lo, op, target);
  if (op === '<=' || op === '<') return compareClaim(hi, op, target);
  return compareClaim(lo, '==', target, tolerance) && compareClaim(hi, '==', target, tolerance);
}

/** The samples of a claim's metric: `samples[metric]` when the run gave them, else the one metric value. */
function claimSamples(claim: Claim, metrics: Readonly<Record<string, number | null>>, samples: Readonly<Record<string, readonly number[]>> | undefined): number[] | null {
  const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  if (samples !== undefined && own(samples, claim.metric)) {
    const xs = samples[claim.metric] as readonly number[];
    return xs.length > 0 && xs.every(Number.isFinite) ? [...xs] : null;
  }
  const raw = own(metrics, claim.metric) ? metrics[claim.metric] : null;
  return typeof raw === 'number' && Number.isFinite(raw) ? [raw] : null;
}

/**
 * Evaluates one claim at a scale: n, mean, std and 95% interval over its samples,
 * and `met` only when the whole interval clears the target. With one sample (and
 * no `exact` interval) the result says `single seed`, and at defaults it is never met.
 */
export function evaluateClaim(
  claim: Claim,
  target: number,
  metrics: Readonly<Record<string, number | null>>,
  samples: Readonly<Record<string, readonly number[]>> | undefined,
  scale: Scale,
): ClaimResult {
  const xs = claimSamples(claim, metrics, samples);
  const base = {
    metric: claim.metric,
    kind: claim.kind ?? 'effect',
    op: claim.op,
    value: target,
    paper: claim.paper ?? null,
    ...(claim.description !== undefined && { description: claim.description }),
  };
  if (xs === null) return { ...base, measured: null, n: 0, std: null, ci: null, interval: claim.interval ?? 't', met: false, note: 'not reported' };
  const s = summarizeSamples(xs, claim.interval ?? 't', claim.metric);
  const clears = intervalClears(s.ci, claim.op, target, claim.tolerance ?? 0);
  const singleAtDefaults = s.interval === 'single seed' && scale === 'defaults';
  const met = clears && !singleAtDefaults;
  let note: string | undefined;
  if (singleAtDefaults) note = 'single seed: not counted at defaults';
  else if (!clears && compareClaim(s.mean, claim.op, target, claim.tolerance ?? 0)) note = 'mean clears the target, the interval does not';
  else if (s.interval === 'single seed') note = 'single seed';
  return {
    ...base,
    measured: s.mean,
    n: s.n,
    std: s.std,
    ci: s.ci,
    interval: s.interval,
    ...(xs.length > 1 && { samples: xs }),
    met,
    ...(note !== undefined && { note }),
  };
}

/**
 * Evaluates an experiment's claims against the metrics (and per-seed samples) of a
 * run. Claims with no target at `scale` are left out. A missing or non-finite metric
 * gives `measured: null, met: false`.
 * @param experiment the experiment whose `claims` to evaluate.
 * @param metrics what `run` returned.
 * @param scale the scale the run used.
 * @param samples per-seed values of metrics (`RunResult.samples`).
 * @returns one result per claim evaluated at this scale, in declaration order.
 * @example
 * evaluateClaims(experiment, { gap: 0.5 }, 'quick', { gap: [0.4, 0.5, 0.6] });
 * // [{ metric: 'gap', n: 3, measured: 0.5, ci: [0.252, 0.748], met: true, … }]
 */
export function evaluateClaims(
  experiment: Pick<Experiment, 'claims'>,
  metrics: Readonly<Record<string, number | null>>,
  scale: Scale,
  samples?: Readonly<Record<string, readonly number[]>>,
): ClaimResult[] {
  const out: ClaimResult[] = [];
  for (const claim of experiment.claims) {
    const target = claimTarget(claim, scale);
    if (target === undefined) continue;
    out.push(evaluateClaim(claim, target, metrics, samples, scale));
  }
  return out;
}

/**
 * Claim evaluation: each claim is `metrics[metric] op target`, where the target
 * depends on the scale the run used (see {@link ScaleTargets}).
 */
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
 * Evaluates an experiment's claims against the metrics of a run. Claims with no
 * target at `scale` are left out. A missing or non-finite metric gives
 * `measured: null, met: false`.
 * @param experiment the experiment whose `claims` to evaluate.
 * @param metrics what `run` returned.
 * @param scale the scale the run used.
 * @returns one result per claim evaluated at this scale, in declaration order.
 * @example
 * evaluateClaims(experiment, { testAccuracy: 0.96 }, 'quick');
 * // [{ metric: 'testAccuracy', op: '>=', value: 0.95, measured: 0.96, met: true }]
 */
export function evaluateClaims(
  experiment: Pick<Experiment, 'claims'>,
  metrics: Readonly<Record<string, number | null>>,
  scale: Scale,
): ClaimResult[] {
  const out: ClaimResult[] = [];
  for (const claim of experiment.claims) {
    const target = claimTarget(claim, scale);
    if (target === undefined) continue;
    const raw = Object.prototype.hasOwnProperty.call(metrics, claim.metric) ? metrics[claim.metric] : null;
    const measured = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    const met = measured !== null && compareClaim(measured, claim.op, target, claim.tolerance ?? 0);
    const result: ClaimResult = { metric: claim.metric, op: claim.op, value: target, measured, met };
    out.push(claim.description === undefined ? result : { ...result, description: claim.description });
  }
  return out;
}

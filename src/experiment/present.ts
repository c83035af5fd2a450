/**
 * How a claim reads in a table: the same cells for the terminal (`start`,
 * `verify`, `check`) and the HTML report, so both show the paper's number beside
 * ours, the interval and n, and each control's outcome. Pure string formatting.
 */
import { heldUnderControl, isReproduced } from './verify.js';
import type { ClaimResult } from './types.js';

/** A number for tables: up to 4 significant digits, exponent form outside [1e-3, 1e6), `—` for null. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

/** The column names of {@link claimCells}. */
export const CLAIM_COLUMNS = ['claim', 'kind', 'paper', 'ours: mean [95% CI] (n)', 'vs paper', 'target', 'result', 'controls'] as const;

/** `0.41 [0.2, 0.62] (n=3, t)`, `0.96 (single seed)`, `4 (exact)`, `—`. */
export function formatOurs(c: ClaimResult): string {
  if (c.measured === null) return `— (${c.note ?? 'not reported'})`;
  if (c.interval === 'single seed') return `${formatNumber(c.measured)} (single seed)`;
  if (c.interval === 'exact' && c.n === 1) return `${formatNumber(c.measured)} (exact)`;
  const ci = c.ci ? ` [${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]` : '';
  return `${formatNumber(c.measured)}${ci} (n=${c.n}, ${c.interval})`;
}

/** `0.15 (Table 2)`, `— (Fig. 3)`, `not published`, `not recorded`. */
export function formatPaper(c: ClaimResult): string {
  if (c.paper === null) return 'not recorded';
  if (c.paper === 'not published') return 'not published';
  return `${formatNumber(c.paper.value)} (${c.paper.where})`;
}

/** Ours − paper and ours / paper, where the paper gives a number; empty otherwise. */
export function formatVsPaper(c: ClaimResult): string {
  if (c.paper === null || c.paper === 'not published' || c.paper.value === null || c.measured === null) return '';
  const d = c.measured - c.paper.value;
  const ratio = c.paper.value !== 0 ? `, ×${formatNumber(c.measured / c.paper.value)}` : '';
  return `${d >= 0 ? '+' : ''}${formatNumber(d)}${ratio}`;
}

/** `reproduced`, `met, HELD under control`, `met, no control`, `met (controls not run)`, `missed`; facts: `holds` / `FAILS`. */
export function verdict(c: ClaimResult): string {
  if (c.kind === 'fact') return c.met ? 'holds' : 'FAILS';
  if (!c.met) return 'missed';
  if (c.controls === undefined) return 'met (controls not run)';
  if (c.controls.length === 0) return 'met, no control';
  if (heldUnderControl(c)) return 'met, HELD under control: defect';
  return isReproduced(c) ? 'reproduced' : 'met';
}

/** `off: broke`, `off: HELD (defect)`, per control; `not run` / `none`. */
export function formatControls(c: ClaimResult): string {
  if (c.kind === 'fact') return '';
  if (c.controls === undefined) return 'not run';
  if (c.controls.length === 0) return 'none';
  return c.controls.map((k) => `${k.name}: ${k.met ? 'HELD (defect)' : 'broke'} (${formatNumber(k.mean)})`).join('; ');
}

/** One row of {@link CLAIM_COLUMNS} for a claim. */
export function claimCells(c: ClaimResult): string[] {
  return [`${c.metric} ${c.op}`, c.kind, formatPaper(c), formatOurs(c), formatVsPaper(c), formatNumber(c.value), verdict(c), formatControls(c)];
}

/**
 * The claims table the CLI prints (run, check, verify, sweep, start): effect
 * claims first, then facts, and one line of counts.
 */
import { CLAIM_COLUMNS, claimCells, heldUnderControl, isReproduced } from '../src/experiment/index.js';
import type { ClaimResult } from '../src/experiment/index.js';

function claimRows(id: string, claims: readonly ClaimResult[]): string[][] {
  return claims.map((c) => [id, ...claimCells(c)]);
}

export const CLAIM_HEADER = ['experiment', ...CLAIM_COLUMNS];

/** Effect claims first, then facts (shown apart: a fact is never a reproduction). */
export function sortedRows(id: string, claims: readonly ClaimResult[]): string[][] {
  return [...claimRows(id, claims.filter((c) => c.kind === 'effect')), ...claimRows(id, claims.filter((c) => c.kind === 'fact'))];
}

/** One line of counts: reproduced effects, defects, facts. */
export function countLine(claims: readonly ClaimResult[], controlsRun: boolean): string {
  const effects = claims.filter((c) => c.kind === 'effect');
  const facts = claims.filter((c) => c.kind === 'fact');
  const met = effects.filter((c) => c.met).length;
  const parts = [`${met} of ${effects.length} effect claims met`];
  if (controlsRun) {
    parts.push(`${effects.filter(isReproduced).length} reproduced (met and broken by every control)`);
    parts.push(`${effects.filter(heldUnderControl).length} held under a control (defects)`);
  }
  parts.push(`${facts.filter((c) => c.met).length} of ${facts.length} facts hold`);
  return `${parts.join('; ')}\n`;
}


/**
 * The falsification check at quick scale, for CI (`.ci/run`, after `npm test`):
 * every experiment with an effect claim that has a quick target but no smoke
 * target (the test suite checks those at smoke) runs `neuromorph verify <id>
 * --quick --defects-only`. It fails when a claim holds under one of its
 * controls; a claim that is honestly missed is reported, not a failure.
 * Usage: npx tsx cli/ci-verify.ts [id …]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimTarget } from '../src/experiment/index.js';
import { experiments } from '../experiments/index.js';
import { main } from './app.js';

const only = process.argv.slice(2);
const needQuick = experiments.filter(
  (e) => (only.length === 0 || only.includes(e.id)) && e.claims.some((c) => (c.kind ?? 'effect') === 'effect' && claimTarget(c, 'quick') !== undefined && claimTarget(c, 'smoke') === undefined),
);
const out = mkdtempSync(join(tmpdir(), 'nm-ci-verify-'));
let failed = 0;
for (const exp of needQuick) {
  const t0 = performance.now();
  const code = await main(['verify', exp.id, '--quick', '--defects-only', '--out', out]);
  process.stdout.write(`ci-verify ${exp.id}: ${code === 0 ? 'no defects' : 'FAILED'} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  if (code !== 0) failed++;
}
rmSync(out, { recursive: true, force: true });
process.stdout.write(`${needQuick.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;

/**
 * Files the CLI reads and writes: results JSON (`<dir>/<id>.json`), the HTML
 * report (`<dir>/index.html`), and the provenance of a run (git commit, package
 * and Node versions).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertResultRecord } from '../src/experiment/index.js';
import type { Provenance, ResultRecord } from '../src/experiment/index.js';
// Direct import (not ../src/node/index.js): keeps the report path free of the dataset loaders.
import { writeFileAtomic } from '../src/node/atomic-file.js';
import { renderReport } from '../web/report.js';

/** The folder holding neuromorph's package.json, found by walking up from this file (works from cli/ and dist/cli/). */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'neuromorph') return dir;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    dir = dirname(dir);
  }
  return null;
}

/** The package.json version, or null when it cannot be read. */
export function packageVersion(): string | null {
  const root = packageRoot();
  if (root === null) return null;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : null;
}

/** `git rev-parse HEAD` in `cwd`, or null when git or the repository is unavailable. */
export function gitCommit(cwd: string): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const sha = out.trim();
    return /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/**
 * Git commit (of the neuromorph checkout running, else of `cwd`), package version and Node version.
 */
export function gatherProvenance(cwd: string): Provenance {
  return { gitCommit: gitCommit(packageRoot() ?? cwd), packageVersion: packageVersion(), nodeVersion: process.version };
}

/** Writes `<dir>/<id>.json` atomically and returns its path. */
export function writeResultFile(dir: string, record: ResultRecord): string {
  const path = join(dir, `${record.id}.json`);
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

/**
 * Reads every `*.json` results file in `dir` (not `checkpoints/`).
 * @returns the records (sorted by id) and one message per file that was skipped.
 */
export function readResultFiles(dir: string): { records: ResultRecord[]; problems: string[] } {
  const records: ResultRecord[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { records, problems };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    try {
      const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
      assertResultRecord(json, path);
      records.push(json);
    } catch (err) {
      problems.push(`skipped ${path}: ${(err as Error).message}`);
    }
  }
  return { records, problems };
}

/**
 * Regenerates `<dir>/index.html` from the results files in `dir`.
 * @returns the report path and the files that were skipped.
 */
export function writeReportFile(dir: string): { path: string; count: number; problems: string[] } {
  const { records, problems } = readResultFiles(dir);
  const path = join(dir, 'index.html');
  writeFileAtomic(path, renderReport(records, { generatedAt: new Date().toISOString() }));
  return { path, count: records.length, problems };
}

/**
 * Files the CLI reads and writes: results JSON (`<dir>/<id>.json`), the HTML
 * report (`<dir>/index.html`), and the provenance of a run (git commit, package
 * and Node versions).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ArgumentError } from '../src/util/index.js';
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

/**
 * Checks, before any work, that results can be written to `dir`: it is created if
 * missing and a probe file is written and removed. Virtual file systems (/proc, /sys,
 * where a recursive mkdir can hang) are refused.
 * @throws ArgumentError naming the folder and why.
 */
export function checkOutDir(dir: string): void {
  const abs = resolve(dir);
  if (/^\/(proc|sys)(\/|$)/.test(abs)) throw new ArgumentError('--out', { what: 'a virtual file system, not a results folder', expected: 'a writable folder on disk', received: dir });
  try {
    mkdirSync(abs, { recursive: true });
    const probe = join(abs, `.neuromorph-write-check-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new ArgumentError('--out', { what: 'cannot write results there', expected: 'a writable folder', received: `${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
  }
}

/**
 * Checks that `dir` is an existing folder with results in it (for `report`).
 * @throws ArgumentError when it is missing, not a folder, or holds no results file.
 */
export function checkResultsDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ArgumentError('--out', { what: 'no such results folder', expected: 'a folder written by run, sweep or start', received: dir });
  }
  if (!isDir) throw new ArgumentError('--out', { what: 'not a folder', expected: 'a results folder', received: dir });
  if (!readdirSync(dir).some((n) => n.endsWith('.json'))) throw new ArgumentError('--out', { what: 'no results files (*.json) in the folder', expected: 'a folder written by run, sweep or start', received: dir });
}

/**
 * Writes `<dir>/<id>.json` (or `<dir>/<name>`) atomically and returns its path. When that write fails
 * (the disk filled up, the folder went away), the result is not lost: it goes to the
 * system's temporary folder, and the error says where.
 * @throws ArgumentError naming both paths when even the fallback write fails, else the fallback's path in the error.
 */
export function writeResultFile(dir: string, record: ResultRecord, name = `${record.id}.json`): string {
  const path = join(dir, name);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  try {
    writeFileAtomic(path, text);
    return path;
  } catch (err) {
    const fallback = join(tmpdir(), `neuromorph-${record.id}-${Date.now()}.json`);
    let saved = true;
    try {
      writeFileSync(fallback, text);
    } catch {
      saved = false;
    }
    throw new ArgumentError(path, {
      what: `cannot write the results file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      expected: 'a writable results folder',
      received: saved ? `the result was saved to ${fallback} instead` : 'the fallback in the temporary folder failed too',
    });
  }
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

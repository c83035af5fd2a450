/**
 * Finished units on disk: `<out>/<id>/units/<key>-<hash12>.json`, one file per
 * unit, written atomically when the unit finishes (by the local pool, or by the
 * submitter mirroring a queue job's result). A re-run of the same sweep reads them
 * back and runs only what is missing; a file whose job differs from the one asked
 * for (another config, seed or key) is never used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/node/atomic-file.js';
import type { UnitJob } from './jobs.js';

/** A stored unit result. */
export interface StoredUnit {
  readonly job: UnitJob;
  /** The unit's result, encoded as `runUnit` returns it. */
  readonly result: string;
  readonly wallTimeS: number;
  /** Which worker ran it (`local-2`, `host:pid`). */
  readonly worker: string;
  /** The git commit of the code that ran it. */
  readonly commit: string | null;
  readonly finishedAt: string;
}

/** Where a unit's result is stored. */
export function unitPath(outDir: string, job: Pick<UnitJob, 'id' | 'key' | 'hash'>): string {
  return join(outDir, job.id, 'units', `${job.key}-${job.hash.slice(0, 12)}.json`);
}

function sameJob(a: UnitJob, b: UnitJob): boolean {
  return a.hash === b.hash && a.id === b.id && a.key === b.key && a.scale === b.scale && a.seed === b.seed && JSON.stringify(a.config) === JSON.stringify(b.config);
}

/**
 * The stored result of `job`, or undefined when there is none (or the file is
 * unreadable or belongs to another job; such a file is left alone and rewritten
 * when the unit finishes).
 */
export function readStoredUnit(outDir: string, job: UnitJob): StoredUnit | undefined {
  const path = unitPath(outDir, job);
  if (!existsSync(path)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredUnit;
    return typeof stored.result === 'string' && sameJob(stored.job, job) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a finished unit atomically and returns its path. */
export function writeStoredUnit(outDir: string, unit: StoredUnit): string {
  const path = unitPath(outDir, unit.job);
  writeFileAtomic(path, JSON.stringify(unit));
  return path;
}

/**
 * Atomic file writes for the Node adapters: write a temporary file in the same
 * folder, then rename it over the target, so a reader (or a run resumed after a
 * crash) never sees a half-written file. Parent folders are created as needed.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

let tmpCounter = 0;

/** A temporary name beside `path`, unique within and across processes. */
function tmpPath(path: string): string {
  return `${path}.${process.pid}.${Date.now()}.${tmpCounter++}.tmp`;
}

/**
 * Writes `data` to `path` atomically (temp file + rename); the temp file is removed on failure.
 * @param path file to write; parent folders are created
 * @param data text (written as UTF-8) or bytes
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tmpPath(path);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The asynchronous form of {@link writeFileAtomic}. */
export async function writeFileAtomicAsync(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tmpPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
}

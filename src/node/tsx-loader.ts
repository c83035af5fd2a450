/**
 * Workers that run TypeScript sources (under tsx or vitest) must register tsx's
 * loader before importing them; built `.js` modules load directly.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** URL of tsx's ESM register API (only needed when a worker imports TypeScript source). */
export function tsxApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/** The tsx register URL a worker needs for any of `moduleUrls`, or undefined when all are built `.js`. */
export function tsxFor(...moduleUrls: readonly string[]): string | undefined {
  return moduleUrls.some((u) => /\.ts$/.test(u)) ? tsxApiUrl() : undefined;
}

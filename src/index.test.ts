/**
 * The root entry lists every name by hand (no `export *`): it must re-export
 * every runtime name of every part's face and nothing else, and each subpath of
 * package.json must point at a part whose face exists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { default: string }> };
const faces = Object.entries(PKG.exports)
  .filter(([k]) => k !== '.' && k !== './node')
  .map(([k, v]) => [k, v.default.replace(/^\.\/dist\/src\//, './').replace(/\.js$/, '.ts')] as const);

describe('public entries', () => {
  it('the root re-exports exactly the union of the faces', async () => {
    const root = Object.keys(await import('./index.js')).sort();
    const union = new Set<string>();
    for (const [, file] of faces) for (const k of Object.keys((await import(file)) as object)) union.add(k);
    expect(root, 'src/index.ts is out of date: run node scripts/gen-index.mjs').toEqual([...union].sort());
  });

  it('has a subpath per core part and per mechanism', () => {
    const names = faces.map(([k]) => k);
    for (const part of ['./tensor', './nn', './dynamics', './spiking', './circuit']) expect(names).toContain(part);
    for (const m of ['perforated', 'homeostatic', 'ncap', 'taugate', 'low-rank', 'sdr', 'stdp', 'nested', 'sfq']) expect(names).toContain(`./${m}`);
  });
});

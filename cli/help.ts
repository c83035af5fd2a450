/**
 * `neuromorph --version` and `neuromorph run <id> --help`: the package version,
 * and one experiment's config keys (paper-scale default, quick and smoke values,
 * range or choices), claims and controls, read from the experiment itself.
 */
import { readFileSync } from 'node:fs';
import type { Experiment } from '../src/experiment/index.js';
import { formatTable } from './table.js';

/** The package version, from the package.json above this file (source or built). */
export function packageVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'neuromorph' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not this one: try the next
    }
  }
  return 'unknown';
}

const show = (v: unknown): string => (v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v));

/** The help text of one experiment: what it is, its config keys, its claims and controls. */
export function experimentHelp(exp: Experiment): string {
  const ranges = (exp.ranges ?? {}) as Record<string, { integer?: boolean; min?: number; max?: number; limit?: number } | undefined>;
  const choices = (exp.choices ?? {}) as Record<string, readonly string[] | undefined>;
  const quick = exp.quick as Record<string, unknown>;
  const smoke = exp.smoke as Record<string, unknown>;
  const rows = Object.entries(exp.defaults).map(([k, d]) => {
    const r = ranges[k];
    const c = choices[k];
    const domain = c
      ? c.join(' | ')
      : r
        ? [r.integer ? 'integer' : 'number', r.min !== undefined ? `>= ${r.min}` : '', r.max !== undefined ? `<= ${r.max}` : '', r.limit !== undefined ? `(limit ${r.limit})` : ''].filter(Boolean).join(' ')
        : typeof d === 'boolean'
          ? 'true | false'
          : '';
    return [k, show(d), show(quick[k]), show(smoke[k]), domain];
  });
  const lines = [
    `${exp.id}: ${exp.paper.title}${exp.paper.year ? ` (${exp.paper.year})` : ''}`,
    exp.paper.url,
    ...(exp.description ? ['', exp.description] : []),
    '',
    `usage: neuromorph run ${exp.id} [--quick | --smoke] [--seed N] [--set key=value ...] (also check, verify, sweep)`,
    '',
    'config keys (--set key=value; lists as 1,2,3):',
    formatTable(['key', 'default (paper scale)', 'quick', 'smoke', 'allowed'], rows).trimEnd(),
  ];
  if (exp.claims.length) {
    lines.push('', 'claims:');
    for (const c of exp.claims) lines.push(`  ${c.metric} ${c.op} ${typeof c.value === 'number' ? c.value : Object.entries(c.value).map(([s, v]) => `${v} (${s})`).join(', ')}${c.description ? `: ${c.description}` : ''}`);
  }
  const controls = Object.entries(exp.controls ?? {});
  if (controls.length) {
    lines.push('', 'controls (verify runs them; each effect claim must break under the ones it names):');
    for (const [name, c] of controls) lines.push(`  ${name}: ${c.description}`);
  }
  return `${lines.join('\n')}\n`;
}

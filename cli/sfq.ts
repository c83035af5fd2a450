/**
 * `neuromorph sfq simulate FILE.cir [--json | --csv] [--seed N]`: runs a JoSIM /
 * WRspice netlist with the SFQ solver (src/mechanisms/sfq) and prints the
 * `.print` traces (CSV by default, JoSIM's layout) or JSON with fluxon counts.
 * File reading happens here, not in the library; `.include` paths resolve
 * against the netlist's folder. Exit codes: 0 ok, 2 bad arguments or a parse
 * error (printed with file, line and column).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ArgumentError } from '../src/util/index.js';
import { resultToCsv, resultToJson, sfqCircuit } from '../src/mechanisms/sfq/index.js';

/** Usage text of `neuromorph sfq`. */
export const SFQ_USAGE = `usage: neuromorph sfq simulate FILE.cir [--json | --csv] [--seed N]

Transient simulation of a JoSIM / WRspice netlist (phase-mode MNA, BDF2, JoSIM's predictor).
  --csv      time and every .print quantity, one row per output step (default)
  --json     { dtS, restarts, timeS, traces: { label: { unit, values } }, fluxons: [...] }
  --seed N   seed of the thermal-noise streams (used when the netlist sets .temp)
  --max-steps N     refuse a run of more than N time steps (default 10000000)
  --max-samples N   refuse to record more than N values, samples × traces (default 20000000)
`;

function bad(what: string, expected: string, received: unknown): never {
  throw new ArgumentError('neuromorph sfq', { what, expected, received });
}

/**
 * The `.include` reader: a path resolves against the including file's folder and must stay
 * inside the top netlist's folder tree; a missing file or a folder is an error that names the
 * path only (the library turns it into a ParseError at the `.include` line).
 */
function includeReader(topPath: string, topName: string): (p: string, from: string) => { text: string; file: string } {
  const root = dirname(topPath);
  const absOf = new Map([[topName, topPath]]);
  return (p, from) => {
    const abs = resolve(dirname(absOf.get(from) ?? topPath), p);
    const rel = relative(root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`outside the netlist's folder ${root}`);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new Error('no such file');
    }
    if (!st.isFile()) throw new Error('not a file');
    absOf.set(rel, abs);
    return { text: readFileSync(abs, 'utf8'), file: rel };
  };
}

/**
 * Runs `neuromorph sfq …` (argv after `sfq`), relative paths against `cwd`.
 * @returns 0; throws ArgumentError / ParseError (exit 2 in `main`).
 * @example
 * runSfq(['simulate', 'jtl.cir', '--json'], process.stdout, process.cwd());
 */
export function runSfq(argv: readonly string[], stdout: { write(s: string): unknown }, cwd: string): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    stdout.write(SFQ_USAGE);
    return 0;
  }
  if (sub !== 'simulate') bad('unknown subcommand', 'simulate', sub);
  let format: 'csv' | 'json' = 'csv';
  let seed = 0;
  const limits: { maxSteps?: number; maxRecorded?: number } = {};
  let file: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--json' || a === '--csv') format = a === '--json' ? 'json' : 'csv';
    else if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a.includes('=') ? a.slice(7) : rest[++i];
      const n = Number(v);
      if (v === undefined || v.trim() === '' || !Number.isInteger(n)) bad('bad --seed', 'an integer', v ?? 'end of arguments');
      seed = n;
    } else if (a === '--max-steps' || a === '--max-samples') {
      const v = rest[++i];
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) bad(`bad ${a}`, 'a positive integer', v ?? 'end of arguments');
      limits[a === '--max-steps' ? 'maxSteps' : 'maxRecorded'] = n;
    } else if (a.startsWith('-')) bad('unknown option', '--json, --csv, --seed N, --max-steps N or --max-samples N', a);
    else if (file === undefined) file = a;
    else bad('too many arguments', 'one netlist file', a);
  }
  if (file === undefined) bad('missing netlist', 'FILE.cir', 'nothing');
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    bad('cannot read the netlist', 'a readable file', file);
  }
  const res = sfqCircuit(text, {}, { file, include: includeReader(path, file) }).simulate({ seed, ...limits });
  stdout.write(format === 'json' ? `${JSON.stringify(resultToJson(res))}\n` : resultToCsv(res));
  return 0;
}

/**
 * `neuromorph sfq simulate FILE.cir [--json | --csv] [--stream] [--every N] [--seed N]`: runs a JoSIM /
 * WRspice netlist with the circuit engine (src/circuit) and prints the
 * `.print` traces (CSV by default, JoSIM's layout) or JSON with fluxon counts.
 * File reading happens here, not in the library; `.include` paths resolve
 * against the netlist's folder. Exit codes: 0 ok, 2 bad arguments or a parse
 * error (printed with file, line and column).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ArgumentError } from '../src/util/index.js';
import { resultToCsv, resultToJson, netlistCircuit, type SampleSink } from '../src/circuit/index.js';
import { parseFlags, type FlagDef } from './flags.js';

/** Usage text of `neuromorph sfq`. */
export const SFQ_USAGE = `usage: neuromorph sfq simulate FILE.cir [--json | --csv] [--stream] [--every N] [--seed N]

Transient simulation of a JoSIM / WRspice netlist (phase-mode MNA, BDF2, JoSIM's predictor).
  --csv      time and every .print quantity, one row per output step (default)
  --json     { dtS, restarts, timeS, traces: { label: { unit, values } }, fluxons: [...] }
  --seed N   seed of the thermal-noise streams (used when the netlist sets .temp)
  --every N  keep every Nth output step (decimation; default 1)
  --stream   write CSV rows while the run goes, holding none in memory (no --max-samples limit);
             if the solver must halve its step after rows were written, it stops and says which step to use
  --max-steps N     refuse a run of more than N time steps (default 10000000)
  --max-samples N   refuse to record more than N values, samples × traces (default 20000000)
  --max-fill N      refuse LU factors with more than N nonzeros (default 50000000)
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
  const INT_FLAGS = { 'max-steps': 'maxSteps', 'max-samples': 'maxRecorded', 'max-fill': 'maxLuNonzeros', every: 'every' } as const;
  const defs: Record<string, FlagDef> = { json: { type: 'boolean' }, csv: { type: 'boolean' }, stream: { type: 'boolean' }, seed: { type: 'string' } };
  for (const k of Object.keys(INT_FLAGS)) defs[k] = { type: 'string' };
  const { values: v, positionals } = parseFlags('neuromorph sfq simulate', rest, defs);
  // The last of --json / --csv wins, as before.
  const lastFormat = [...rest].reverse().find((a) => a === '--json' || a === '--csv');
  const format: 'csv' | 'json' = lastFormat === '--json' ? 'json' : 'csv';
  const stream = v.stream === true;
  let seed = 0;
  if (v.seed !== undefined) {
    const raw = v.seed as string;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n)) bad('bad --seed', 'an integer', raw);
    seed = n;
  }
  const limits: { maxSteps?: number; maxRecorded?: number; maxLuNonzeros?: number; every?: number } = {};
  for (const [flag, key] of Object.entries(INT_FLAGS) as [keyof typeof INT_FLAGS, (typeof INT_FLAGS)[keyof typeof INT_FLAGS]][]) {
    const raw = v[flag];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) bad(`bad --${flag}`, 'a positive integer', raw);
    limits[key] = n;
  }
  if (positionals.length > 1) bad('too many arguments', 'one netlist file', positionals[1]);
  const file = positionals[0];
  if (file === undefined) bad('missing netlist', 'FILE.cir', 'nothing');
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    bad('cannot read the netlist', 'a readable file', file);
  }
  if (stream && format === 'json') bad('--stream writes CSV', '--stream with --csv (the default)', '--json');
  const circuit = netlistCircuit(text, {}, { file, include: includeReader(path, file) });
  if (stream) {
    const sink = csvSink(stdout);
    circuit.simulate({ seed, ...limits, sink });
    sink.flush();
    return 0;
  }
  const res = circuit.simulate({ seed, ...limits });
  stdout.write(format === 'json' ? `${JSON.stringify(resultToJson(res))}\n` : resultToCsv(res));
  return 0;
}

/**
 * CSV rows written as they come, in chunks of about 64 kB. A restart (the solver halving its step)
 * before the first chunk went out just discards it; after, it is an error that names the step to use.
 */
function csvSink(stdout: { write(s: string): unknown }): SampleSink & { flush(): void } {
  let chunk: string[] = [];
  let size = 0;
  let rows = 0;
  let written = 0;
  const flush = (): void => {
    if (chunk.length) stdout.write(chunk.join(''));
    chunk = [];
    size = 0;
    written = rows;
  };
  return {
    begin(labels, dtS) {
      if (written > 0) {
        throw new ArgumentError('neuromorph sfq --stream', { what: `the solver had to halve its step to ${dtS} s after ${written} rows were written, so those rows are void`, expected: `a .tran step of at most ${dtS} s, or no --stream`, received: `${written} rows streamed` });
      }
      chunk = [`${['time', ...labels].join(',')}\n`];
      rows = 0;
    },
    sample(tS, values) {
      let line = tS.toExponential(9);
      for (let k = 0; k < values.length; k++) line += `,${values[k]!.toExponential(9)}`;
      chunk.push(`${line}\n`);
      rows++;
      size += line.length;
      if (size > 65536) flush();
    },
    flush,
  };
}

/**
 * `neuromorph sdr …`: the exact SDR theory (Ahmad & Hawkins 2016) from the
 * command line. Every probability is computed exactly (BigInt) and printed with
 * 10 significant digits, so values far below 1e-300 print correctly.
 * Exit codes: 0 ok, 2 bad arguments (θ > s, a > n, negative or non-integer values, …).
 */
import { ArgumentError } from '../src/util/index.js';
import { parseFlags, type FlagDef } from './flags.js';
import { expectedUnionSize, falseMatch, falseMatchUnion, falseNegative, type Probability } from '../src/mechanisms/sdr/index.js';

/** The `sdr` subcommands. */
export const SDR_SUBCOMMANDS = ['false-match', 'false-negative', 'union'] as const;

/** Usage text of `neuromorph sdr`. */
export const SDR_USAGE = `usage: neuromorph sdr <subcommand> [options] [--json]

subcommands (Ahmad & Hawkins 2016, exact):
  false-match    --n N --a A --s S --theta T              P_FP: a segment with S synapses and threshold T
                                                          matches a random input with A of N cells active
  false-negative --a A --s S --theta T --noise V          P_FN: fewer than T synapses stay active after V of
                                                          the pattern's A active cells move
  union          --n N --a A --s S --theta T --m M --mode synapses|inputs [--binomial gamma|integer]
                                                          P_FP when a segment stores M patterns (synapses) or
                                                          the input is a union of M patterns (inputs)

All values are integers >= 0 (M >= 1); A <= N, S <= N, T <= S (false-negative: S <= A, V <= A);
A and S (and the union's S_M or A_M) at most 20000, which keeps the exact BigInt sums under a second.
--json prints { "probability": "<decimal>", "log10": <number> } (log10 is null for an exact 0).
`;

const LIMIT = 1_000_000_000;
/** Sizes that set the cost of the BigInt binomials; larger ones would take minutes. */
const SIZE_LIMIT = 20_000;

interface Spec {
  readonly ints: readonly string[];
  readonly strings: Readonly<Record<string, readonly string[]>>;
}

const SPECS: Readonly<Record<(typeof SDR_SUBCOMMANDS)[number], Spec>> = {
  'false-match': { ints: ['n', 'a', 's', 'theta'], strings: {} },
  'false-negative': { ints: ['a', 's', 'theta', 'noise'], strings: {} },
  union: { ints: ['n', 'a', 's', 'theta', 'm'], strings: { mode: ['synapses', 'inputs'], binomial: ['gamma', 'integer'] } },
};

function bad(where: string, what: string, expected: string, received: unknown): never {
  throw new ArgumentError(where, { what, expected, received });
}

/** Parses `--key value` / `--key=value` flags of one subcommand (Node's parseArgs, ./flags.ts); every int flag is required. */
function parseSdrFlags(sub: string, spec: Spec, argv: readonly string[]): { ints: Record<string, number>; strings: Record<string, string>; json: boolean } {
  const where = `neuromorph sdr ${sub}`;
  const defs: Record<string, FlagDef> = { json: { type: 'boolean' } };
  for (const k of [...spec.ints, ...Object.keys(spec.strings)]) defs[k] = { type: 'string' };
  const { values } = parseFlags(where, argv, defs, false);
  const ints: Record<string, number> = {};
  const strings: Record<string, string> = {};
  for (const [key, choices] of Object.entries(spec.strings)) {
    const value = values[key];
    if (typeof value !== 'string') continue;
    if (!choices.includes(value)) bad(`${where} --${key}`, 'unknown value', `one of ${choices.join(', ')}`, value);
    strings[key] = value;
  }
  for (const key of spec.ints) {
    const value = values[key];
    if (typeof value !== 'string') bad(where, `missing --${key}`, `--${key} <integer>`, 'nothing');
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x)) bad(`${where} --${key}`, 'not a number', 'an integer >= 0', value);
    if (x < 0) bad(`${where} --${key}`, 'negative', 'an integer >= 0', value);
    if (!Number.isInteger(x)) bad(`${where} --${key}`, 'not an integer', 'an integer >= 0', value);
    if (x > LIMIT) bad(`${where} --${key}`, 'too large', `at most ${LIMIT}`, value);
    ints[key] = x;
  }
  if (spec.strings.mode && !('mode' in strings)) bad(where, 'missing --mode', '--mode synapses|inputs', 'nothing');
  return { ints, strings, json: values.json === true };
}

function atMost(where: string, name: string, v: number, boundName: string, bound: number): void {
  if (v > bound) bad(`${where} --${name}`, `greater than ${boundName}`, `${name} <= ${boundName} = ${bound}`, v);
}

function compute(sub: (typeof SDR_SUBCOMMANDS)[number], f: ReturnType<typeof parseSdrFlags>): { p: Probability; text: string } {
  const where = `neuromorph sdr ${sub}`;
  const { n = 0, a = 0, s = 0, theta = 0, noise = 0, m = 0 } = f.ints;
  for (const [k, v] of [['a', a], ['s', s]] as const) atMost(where, k, v, 'the size limit', SIZE_LIMIT);
  atMost(where, 'theta', theta, 's', s);
  if (sub === 'false-negative') {
    atMost(where, 's', s, 'a', a);
    atMost(where, 'noise', noise, 'a', a);
    return { p: falseNegative(a, s, theta, noise), text: `P_FN(a=${a}, s=${s}, θ=${theta}, v=${noise})` };
  }
  atMost(where, 'a', a, 'n', n);
  atMost(where, 's', s, 'n', n);
  if (sub === 'false-match') return { p: falseMatch(n, a, s, theta), text: `P_FP(n=${n}, a=${a}, s=${s}, θ=${theta})` };
  if (m < 1) bad(`${where} --m`, 'no patterns', 'an integer >= 1', m);
  atMost(where, 'm', m, 'the limit', 10_000);
  const mode = f.strings.mode as 'synapses' | 'inputs';
  const binomial = (f.strings.binomial ?? 'gamma') as 'gamma' | 'integer';
  const size = expectedUnionSize(n, mode === 'synapses' ? s : a, m);
  const sizeName = mode === 'synapses' ? 'S_M' : 'A_M';
  if (size > SIZE_LIMIT) bad(`${where} --m`, `${sizeName} exceeds the size limit`, `${sizeName} = n(1 - (1 - k/n)^M) <= ${SIZE_LIMIT}`, size);
  return { p: falseMatchUnion(n, a, s, theta, m, mode, binomial), text: `P_FP union ${mode} (n=${n}, a=${a}, s=${s}, θ=${theta}, M=${m}; ${sizeName}=${size.toFixed(3)}, ${binomial} binomials)` };
}

/**
 * Runs `neuromorph sdr <subcommand> …` (argv after `sdr`).
 * @returns the exit code: 0, or 2 for bad arguments (thrown as ArgumentError for `main` to report).
 * @throws ArgumentError for an unknown subcommand or option, or a value out of its domain.
 * @example
 * runSdr(['false-match', '--n', '2000', '--a', '40', '--s', '20', '--theta', '10', '--json'], process.stdout);
 */
export function runSdr(argv: readonly string[], stdout: { write(s: string): unknown }): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    stdout.write(SDR_USAGE);
    return 0;
  }
  if (!(SDR_SUBCOMMANDS as readonly string[]).includes(sub)) bad('neuromorph sdr', 'unknown subcommand', `one of ${SDR_SUBCOMMANDS.join(', ')}`, sub);
  const name = sub as (typeof SDR_SUBCOMMANDS)[number];
  const flags = parseSdrFlags(name, SPECS[name], rest);
  const { p, text } = compute(name, flags);
  const log10 = Number.isFinite(p.log10) ? p.log10 : null;
  stdout.write(flags.json ? `${JSON.stringify({ probability: p.decimal, log10 })}\n` : `${text} = ${p.decimal} (log10 ${log10 === null ? '-inf' : log10.toFixed(6)})\n`);
  return 0;
}

/**
 * Command-line parsing for `neuromorph`: a command, positionals and a small,
 * per-command set of flags. Hand-rolled (no dependency) so every unknown
 * command or flag is reported with the list of valid choices.
 */
import { ArgumentError } from '../src/util/index.js';
import type { Scale } from '../src/experiment/index.js';

/** The commands, in help order. */
export const COMMANDS = ['list', 'run', 'check', 'verify', 'start', 'report', 'sdr', 'sfq', 'help'] as const;

/** A CLI command. */
export type Command = (typeof COMMANDS)[number];

const RUN_FLAGS = ['--quick', '--smoke', '--seed', '--set', '--out', '--resume'] as const;
const FLAGS: Readonly<Record<Command, readonly string[]>> = {
  list: [],
  run: RUN_FLAGS,
  check: RUN_FLAGS,
  verify: [...RUN_FLAGS, '--json', '--defects-only'],
  start: ['--quick', '--smoke', '--seed', '--out'],
  report: ['--out'],
  // Parsed by cli/sdr.ts (its own subcommands and flags); listed so help and errors name it.
  sdr: [],
  // Parsed by cli/sfq.ts.
  sfq: [],
  help: [],
};
const VALUE_FLAGS = new Set(['--seed', '--set', '--out']);

/** Parsed command line. */
export interface ParsedArgs {
  readonly command: Command;
  readonly positionals: readonly string[];
  /** Set by `--quick` / `--smoke`; undefined means the command's default. */
  readonly scale: Scale | undefined;
  readonly seed: number | undefined;
  /** `key=value` strings from repeated `--set`. */
  readonly sets: readonly string[];
  readonly out: string | undefined;
  readonly resume: boolean;
  /** `verify --json`: one JSON object on stdout instead of the table. */
  readonly json: boolean;
  /** `verify --defects-only`: exit 1 only when a claim holds under its control. */
  readonly defectsOnly: boolean;
  readonly help: boolean;
}

/** Usage text. */
export const USAGE = `usage: neuromorph <command> [options]

commands:
  list                       list the registered experiments
  run <id> [options]         run one experiment (paper scale unless --quick/--smoke)
  check <id> [options]       run, then exit 1 if any claim is missed
  verify <id> [options] [--json] [--defects-only]
                             run the experiment and each control its claims name; per claim:
                             kind, paper, our mean [95% CI] (n), target, met, control outcomes.
                             Exit 0 when every effect claim is met and broken by its controls,
                             1 otherwise (--defects-only: only when a claim HOLDS under a control)
  start [--smoke] [--out D]  verify every experiment at its quick config (its run and its controls),
                             print the claims table, write results + report
  report [--out DIR]         regenerate DIR/index.html from DIR/*.json
  sdr <subcommand> [--json]  exact SDR probabilities (Ahmad & Hawkins 2016):
    false-match    --n N --a A --s S --theta T
    false-negative --a A --s S --theta T --noise V
    union          --n N --a A --s S --theta T --m M --mode synapses|inputs [--binomial gamma|integer]
                             (neuromorph sdr help for details)
  sfq simulate FILE.cir [--json|--csv] [--seed N]
                             simulate a JoSIM/WRspice netlist (SFQ circuits)

options (run, check, verify):
  --quick | --smoke          use the quick (~1 min) or smoke (seconds) config
  --seed N                   seed (default: the config's seed, else 0)
  --set key=value            override a config key (repeatable; lists as 1,2,3)
  --out DIR                  results folder (default results/)
  --resume                   continue from DIR/checkpoints/ if a checkpoint exists
`;

function fail(what: string, expected: string, received: unknown): never {
  throw new ArgumentError('neuromorph', { what, expected, received });
}

/**
 * Parses `argv` (without `node` and the script).
 * @throws ArgumentError (`invalid_argument`) for an unknown command or flag, a
 *   missing flag value, conflicting scales, or a non-integer seed.
 * @example
 * parseArgs(['run', 'mlp-mnist', '--quick', '--set', 'lr=0.01']);
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { ...empty('help'), help: true };
  if (!(COMMANDS as readonly string[]).includes(first)) fail('unknown command', `one of ${COMMANDS.join(', ')}`, first);
  const command = first as Command;
  const allowed = FLAGS[command];
  const positionals: string[] = [];
  const sets: string[] = [];
  let scale: Scale | undefined;
  let seed: number | undefined;
  let out: string | undefined;
  let resume = false;
  let json = false;
  let defectsOnly = false;
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!allowed.includes(name)) {
      fail(`unknown option for ${command}`, allowed.length ? `one of ${allowed.join(', ')}` : 'no options', arg);
    }
    let value: string | undefined;
    if (VALUE_FLAGS.has(name)) {
      value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined) fail(`${name} needs a value`, `${name} <value>`, 'end of arguments');
    } else if (eq > 0) {
      fail(`${name} takes no value`, name, arg);
    }
    if (name === '--quick' || name === '--smoke') {
      const s: Scale = name === '--quick' ? 'quick' : 'smoke';
      if (scale !== undefined && scale !== s) fail('conflicting scales', 'at most one of --quick, --smoke', `--${scale} and ${name}`);
      scale = s;
    } else if (name === '--seed') {
      const n = Number(value);
      if (!/^-?\d+$/.test(value as string) || !Number.isSafeInteger(n)) fail('bad --seed', 'an integer', value);
      seed = n;
    } else if (name === '--set') sets.push(value as string);
    else if (name === '--out') out = value;
    else if (name === '--resume') resume = true;
    else if (name === '--json') json = true;
    else if (name === '--defects-only') defectsOnly = true;
  }
  return { command, positionals, scale, seed, sets, out, resume, json, defectsOnly, help };
}

function empty(command: Command): ParsedArgs {
  return { command, positionals: [], scale: undefined, seed: undefined, sets: [], out: undefined, resume: false, json: false, defectsOnly: false, help: false };
}

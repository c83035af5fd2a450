/**
 * Command-line parsing for `neuromorph`: a command, positionals and a small,
 * per-command set of flags. Hand-rolled (no dependency) so every unknown
 * command or flag is reported with the list of valid choices.
 */
import { ArgumentError } from '../src/util/index.js';
import type { Scale } from '../src/experiment/index.js';

/** The commands, in help order. */
export const COMMANDS = ['list', 'run', 'check', 'verify', 'sweep', 'worker', 'start', 'report', 'sdr', 'sfq', 'help'] as const;

/** A CLI command. */
export type Command = (typeof COMMANDS)[number];

const RUN_FLAGS = ['--quick', '--smoke', '--seed', '--set', '--out', '--resume', '--check-finite', '--threads', '--allow-large'] as const;
const FLAGS: Readonly<Record<Command, readonly string[]>> = {
  list: [],
  run: RUN_FLAGS,
  check: RUN_FLAGS,
  verify: [...RUN_FLAGS, '--json', '--defects-only'],
  sweep: ['--quick', '--smoke', '--seed', '--set', '--out', '--grid', '--workers', '--queue', '--controls', '--attempts', '--threads', '--registry', '--check-finite', '--allow-large'],
  worker: ['--queue', '--workers', '--out', '--threads', '--registry', '--lock-seconds', '--check-finite'],
  start: ['--quick', '--smoke', '--seed', '--out', '--check-finite', '--threads', '--allow-large'],
  report: ['--out'],
  // Parsed by cli/sdr.ts (its own subcommands and flags); listed so help and errors name it.
  sdr: [],
  // Parsed by cli/sfq.ts.
  sfq: [],
  help: [],
};
const VALUE_FLAGS = new Set(['--seed', '--set', '--out', '--grid', '--workers', '--queue', '--attempts', '--threads', '--registry', '--lock-seconds']);
const COUNT_FLAGS = new Set(['--workers', '--attempts', '--threads', '--lock-seconds']);

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
  /** `sweep --grid key=a,b` strings, repeatable. */
  readonly grids: readonly string[];
  /** `sweep` / `worker`: positive integer flags (`--workers`, `--attempts`, `--threads`, `--lock-seconds`), when given. */
  readonly counts: Readonly<Record<string, number>>;
  /** `--queue redis://HOST:PORT`. */
  readonly queue: string | undefined;
  /** `sweep --controls`: also run the controls the claims name. */
  readonly controls: boolean;
  /** `--registry MODULE`: a module exporting `experiments` instead of the built-in registry. */
  readonly registry: string | undefined;
  /** `--check-finite`: every op result and gradient is checked for NaN / Inf. */
  readonly checkFinite: boolean;
  /** `--allow-large`: configs may pass the declared limits of counts (parsed with `large: 'allow'`). */
  readonly allowLarge: boolean;
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
  sweep <id> [options] [--grid k=a,b,c ...] [--workers N | --queue redis://HOST:PORT] [--controls]
                             run one experiment split into its units of work (seeds, arms, datasets)
                             on N local worker processes (default: the cores) or on a BullMQ queue
                             that \`neuromorph worker\` processes take from; finished units are kept in
                             DIR/<id>/units/ and reused when the same sweep runs again. Writes the
                             merged DIR/<id>.json (DIR/<id>@<point>.json per grid point) and the report.
                             --grid: one merged result per point (a list key separates values with ';')
                             --controls: also run the controls the claims name, and judge them (as verify)
                             --attempts N: tries per unit (default 3); --threads N: kernel threads per worker
                             Exit 1 when a unit failed every attempt (the others still merge).
  worker --queue redis://HOST:PORT [--workers N] [--out DIR]
                             take sweep units from the queue until interrupted, N at once (default 1)
                             --lock-seconds S: a unit whose worker vanished is handed on after S s (default 30)
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
  --threads N                (also start) kernel threads (default: the cores); results do not depend on it
  --check-finite             (also start, sweep, worker; or NEUROMORPH_CHECK_FINITE=1) stop at the first op result
                             or gradient that is NaN or infinite, naming the op, its inputs, their shapes and
                             the step (backward passes since the check was switched on)
  --allow-large              (also start, sweep) lift the declared limits of counts (epochs, seeds, sizes, …);
                             without it a value past a limit is refused (exit 2) before anything runs.
                             Minimums, domain maximums and integer-ness still hold
  --registry MODULE          (sweep, worker) a module exporting \`experiments\`, instead of the built-in ones
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
  let controls = false;
  let checkFinite = false;
  let allowLarge = false;
  let queue: string | undefined;
  let registry: string | undefined;
  const grids: string[] = [];
  const counts: Record<string, number> = {};
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
    else if (name === '--controls') controls = true;
    else if (name === '--check-finite') checkFinite = true;
    else if (name === '--allow-large') allowLarge = true;
    else if (name === '--grid') grids.push(value as string);
    else if (name === '--queue') queue = value;
    else if (name === '--registry') registry = value;
    else if (COUNT_FLAGS.has(name)) {
      const n = Number(value);
      if (!/^\d+$/.test(value as string) || !Number.isSafeInteger(n) || n < 1) fail(`bad ${name}`, 'a positive integer', value);
      counts[name.slice(2)] = n;
    }
  }
  return { command, positionals, scale, seed, sets, out, resume, json, defectsOnly, grids, counts, queue, controls, registry, checkFinite, allowLarge, help };
}

function empty(command: Command): ParsedArgs {
  return { command, positionals: [], scale: undefined, seed: undefined, sets: [], out: undefined, resume: false, json: false, defectsOnly: false, grids: [], counts: {}, queue: undefined, controls: false, registry: undefined, checkFinite: false, allowLarge: false, help: false };
}

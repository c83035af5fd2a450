/**
 * Command-line parsing for `neuromorph`: a command, positionals and a small,
 * per-command set of flags, parsed by Node's `util.parseArgs` (`./flags.ts`), so
 * every unknown command or flag is reported with the valid choices and the nearest.
 */
import { ArgumentError, didYouMean } from '../src/util/index.js';
import { parseFlags, type FlagDef, type FlagSpec } from './flags.js';
import type { Scale } from '../src/experiment/index.js';

/** The commands, in help order. */
export const COMMANDS = ['list', 'run', 'check', 'verify', 'sweep', 'worker', 'start', 'report', 'sdr', 'sfq', 'help', 'version'] as const;

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
  version: [],
};
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
  version (or --version)     print the version
  run <id> --help            that experiment's config keys (defaults, quick, smoke, allowed values),
                             claims and controls (also check, verify, sweep)
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

/** Every flag of every command: `--name` → its definition (help is `-h` / `--help` everywhere). */
const DEFS: FlagSpec = {
  quick: { type: 'boolean' },
  smoke: { type: 'boolean' },
  seed: { type: 'string' },
  set: { type: 'string', multiple: true },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  json: { type: 'boolean' },
  'defects-only': { type: 'boolean' },
  controls: { type: 'boolean' },
  'check-finite': { type: 'boolean' },
  'allow-large': { type: 'boolean' },
  grid: { type: 'string', multiple: true },
  queue: { type: 'string' },
  registry: { type: 'string' },
  workers: { type: 'string' },
  attempts: { type: 'string' },
  threads: { type: 'string' },
  'lock-seconds': { type: 'string' },
};

/**
 * Parses `argv` (without `node` and the script).
 * @throws ArgumentError (`invalid_argument`) for an unknown command or flag (naming the
 *   nearest valid one), a missing flag value, conflicting scales, or a non-integer seed.
 * @example
 * parseArgs(['run', 'mlp-mnist', '--quick', '--set', 'lr=0.01']);
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { ...empty('help'), help: true };
  if (first === '--version' || first === '-V') return { ...empty('version') };
  if (!(COMMANDS as readonly string[]).includes(first)) fail(`unknown command${didYouMean(first, COMMANDS, String)}`, `one of ${COMMANDS.join(', ')}`, first);
  const command = first as Command;
  const spec: Record<string, FlagDef> = { help: { type: 'boolean', short: 'h' } };
  for (const f of FLAGS[command]) spec[f.slice(2)] = DEFS[f.slice(2)]!;
  const { values: v, positionals } = parseFlags(`neuromorph ${command}`, rest, spec);
  if (v.quick && v.smoke) fail('conflicting scales', 'at most one of --quick, --smoke', '--quick and --smoke');
  const scale: Scale | undefined = v.quick ? 'quick' : v.smoke ? 'smoke' : undefined;
  let seed: number | undefined;
  if (typeof v.seed === 'string') {
    const n = Number(v.seed);
    if (!/^-?\d+$/.test(v.seed) || !Number.isSafeInteger(n)) fail('bad --seed', 'an integer', v.seed);
    seed = n;
  }
  const counts: Record<string, number> = {};
  for (const name of COUNT_FLAGS) {
    const raw = v[name.slice(2)];
    if (typeof raw !== 'string') continue;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) fail(`bad ${name}`, 'a positive integer', raw);
    counts[name.slice(2)] = n;
  }
  const str = (k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const list = (k: string): readonly string[] => (Array.isArray(v[k]) ? (v[k] as readonly string[]) : []);
  return {
    command,
    positionals,
    scale,
    seed,
    sets: list('set'),
    out: str('out'),
    resume: v.resume === true,
    json: v.json === true,
    defectsOnly: v['defects-only'] === true,
    grids: list('grid'),
    counts,
    queue: str('queue'),
    controls: v.controls === true,
    registry: str('registry'),
    checkFinite: v['check-finite'] === true,
    allowLarge: v['allow-large'] === true,
    help: v.help === true,
  };
}

function empty(command: Command): ParsedArgs {
  return { command, positionals: [], scale: undefined, seed: undefined, sets: [], out: undefined, resume: false, json: false, defectsOnly: false, grids: [], counts: {}, queue: undefined, controls: false, registry: undefined, checkFinite: false, allowLarge: false, help: false };
}

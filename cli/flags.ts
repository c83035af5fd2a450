/**
 * Flag parsing for every `neuromorph` command, on Node's own `util.parseArgs`
 * (tokens mode, so each problem is reported as a typed ArgumentError that names
 * the flag, lists the valid ones and suggests the nearest): unknown flags, a
 * missing value, a value given to a switch. `--name value` and `--name=value` both
 * work; a value flag takes the next argument whatever it looks like (`--seed -3`).
 */
import { parseArgs } from 'node:util';
import { ArgumentError, didYouMean } from '../src/util/index.js';

/** One flag: a switch, a value, or a repeatable value. */
export interface FlagDef {
  readonly type: 'boolean' | 'string';
  readonly multiple?: boolean;
  readonly short?: string;
}

/** Flags by name (without the dashes). */
export type FlagSpec = Readonly<Record<string, FlagDef>>;

/** What {@link parseFlags} returns: values by flag name (switches true, repeatables as lists) and the positionals. */
export interface ParsedFlags {
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
}

function fail(where: string, what: string, expected: string, received: unknown): never {
  throw new ArgumentError(where, { what, expected, received });
}

/** `--x`, `--y`, … for the flags of a spec. */
function validFlags(spec: FlagSpec): string[] {
  return Object.keys(spec).filter((k) => k !== 'help').map((k) => `--${k}`);
}

/**
 * Parses `argv` against `spec`.
 * @param where the command, for errors (e.g. `neuromorph run`).
 * @param allowPositionals whether bare arguments are allowed (else each is an error).
 * @throws ArgumentError (`invalid_argument`): unknown flag (with the valid ones and the nearest), missing value, value on a switch, stray argument.
 * @example
 * parseFlags('neuromorph sdr false-match', ['--n', '2000', '--json'], { n: { type: 'string' }, json: { type: 'boolean' } });
 */
export function parseFlags(where: string, argv: readonly string[], spec: FlagSpec, allowPositionals = true): ParsedFlags {
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = {};
  for (const [k, d] of Object.entries(spec)) options[k] = { type: d.type, ...(d.multiple && { multiple: true }), ...(d.short !== undefined && { short: d.short }) };
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const valid = validFlags(spec);
  for (const t of tokens) {
    if (t.kind === 'positional' && !allowPositionals) fail(where, 'unexpected argument', valid.length ? `one of ${valid.join(', ')}` : 'no arguments', t.value);
    if (t.kind !== 'option') continue;
    const def = spec[t.name];
    if (!def) {
      const what = `unknown option${didYouMean(t.rawName.replace(/^-+/, ''), Object.keys(spec), (s) => `--${s}`)}`;
      fail(where, what, valid.length ? `one of ${valid.join(', ')}` : 'no options', t.inlineValue ? `${t.rawName}=${t.value}` : t.rawName);
    }
    if (def.type === 'string' && t.value === undefined) fail(where, `${t.rawName} needs a value`, `${t.rawName} <value>`, 'end of arguments');
    if (def.type === 'boolean' && t.inlineValue) fail(where, `${t.rawName} takes no value`, t.rawName, `${t.rawName}=${t.value}`);
  }
  return { values: values as ParsedFlags['values'], positionals };
}

/**
 * Config parsing: `defaults` ← scale overrides (`quick` / `smoke`) ← user
 * overrides, with unknown keys and type mismatches reported as {@link ConfigError}s
 * (nanoGPT's configurator: "Unknown config key"). String overrides, as they come
 * from `--set key=value` or a URL query, are coerced to the type of the default.
 * A count past its declared `limit` is a {@link LimitError} unless limits are lifted.
 */
import { ConfigError, LimitError, describeValue, didYouMean } from '../util/index.js';
import type { Config, ConfigRange, ConfigValue, Experiment, Scale } from './types.js';

/** The parts of an experiment that config parsing needs. */
export type ConfigSource<C extends Config> = Pick<Experiment<C>, 'id' | 'defaults' | 'quick' | 'smoke' | 'choices'> & Partial<Pick<Experiment<C>, 'ranges'>>;

/** Result of {@link safeParseConfig}. */
export type SafeParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ConfigError | LimitError };

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /**
   * `refuse` (default): a value past a key's declared `limit` throws a {@link LimitError}.
   * `allow` lifts the limits (CLI `--allow-large`); `min`, `max` and integer-ness still hold.
   */
  readonly large?: 'refuse' | 'allow';
}

/** How a LimitError from parsing says to raise the limit. */
const RAISE_LIMIT = "large: 'allow' in the parse / run options (CLI: --allow-large)";

function typeName(v: ConfigValue): string {
  if (Array.isArray(v)) return 'a list of numbers';
  if (typeof v === 'number') return 'a finite number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

function coerceNumber(raw: string): number | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Checks (and, for strings, coerces) one override value against the type of its default.
 * @param path where the value lives, for the error (e.g. `mlp-mnist.config.lr`).
 * @param fallback the default, which fixes the type.
 * @param raw the override: a value of the default's type, or a string to coerce.
 * @returns the value, typed like the default.
 * @throws ConfigError `invalid_config` naming the expected type and the received value.
 * @example
 * coerceConfigValue('x.config.lr', 0.1, '0.01'); // 0.01
 * coerceConfigValue('x.config.sizes', [1, 2], '64,32'); // [64, 32]
 */
export function coerceConfigValue(path: string, fallback: ConfigValue, raw: unknown): ConfigValue {
  const fail = (): never => {
    throw new ConfigError(path, { what: 'wrong type', expected: typeName(fallback), received: raw });
  };
  if (Array.isArray(fallback)) {
    if (typeof raw === 'string') {
      if (raw.trim() === '') return [];
      const parts = raw.split(',').map(coerceNumber);
      return parts.every((p) => p !== undefined) ? (parts as number[]) : fail();
    }
    if (Array.isArray(raw) && raw.every((x) => typeof x === 'number' && Number.isFinite(x))) return [...(raw as number[])];
    return fail();
  }
  if (typeof fallback === 'number') {
    if (typeof raw === 'number') return Number.isFinite(raw) ? raw : fail();
    if (typeof raw === 'string') return coerceNumber(raw) ?? fail();
    return fail();
  }
  if (typeof fallback === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return fail();
  }
  return typeof raw === 'string' ? raw : fail();
}

/**
 * Applies `overrides` to `base` in place, checking keys and types.
 * @throws ConfigError `unknown_key` listing the valid keys, or `invalid_config`.
 */
function applyOverrides(
  where: string,
  defaults: Config,
  base: Record<string, ConfigValue>,
  overrides: Readonly<Record<string, unknown>>,
): void {
  const keys = Object.keys(defaults);
  for (const [key, raw] of Object.entries(overrides)) {
    if (raw === undefined) continue; // Partial<C> may carry explicit undefineds
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      throw new ConfigError(where, { what: `unknown key ${JSON.stringify(key)}${didYouMean(key, keys)}`, expected: `one of ${keys.join(', ')}`, received: key }, 'unknown_key');
    }
    base[key] = coerceConfigValue(`${where}.${key}`, defaults[key] as ConfigValue, raw);
  }
}

function checkRanges(where: string, config: Config, ranges: Readonly<Record<string, ConfigRange | undefined>> | undefined, large: 'refuse' | 'allow'): void {
  if (!ranges) return;
  for (const [key, r] of Object.entries(ranges)) {
    if (!r) continue;
    const v = config[key];
    const xs = typeof v === 'number' ? [v] : Array.isArray(v) ? v : [];
    for (const x of xs) {
      const bad = (r.integer === true && !Number.isInteger(x)) || (r.min !== undefined && x < r.min) || (r.max !== undefined && x > r.max);
      if (bad) {
        const want = [r.integer ? 'an integer' : 'a number', r.min !== undefined ? `≥ ${r.min}` : '', r.max !== undefined ? `≤ ${r.max}` : ''].filter(Boolean).join(' ');
        throw new ConfigError(`${where}.${key}`, { what: 'out of range', expected: want, received: v });
      }
      if (large === 'refuse' && r.limit !== undefined && x > r.limit) {
        throw new LimitError(`${where}.${key}`, { what: Array.isArray(v) ? `an element of ${key}` : key, limit: r.limit, requested: x, raise: RAISE_LIMIT });
      }
    }
  }
}

function checkChoices(where: string, config: Config, choices: Readonly<Record<string, readonly string[] | undefined>> | undefined): void {
  if (!choices) return;
  for (const [key, allowed] of Object.entries(choices)) {
    if (!allowed) continue;
    const v = config[key];
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new ConfigError(`${where}.${key}`, { what: 'not an allowed value', expected: `one of ${allowed.map((a) => describeValue(a)).join(', ')}`, received: v });
    }
  }
}

/**
 * Builds the config of a run: `defaults`, then the scale's overrides (`quick` or
 * `smoke`; none for `defaults`), then `overrides`.
 * @param experiment the experiment (or anything with its `id`, `defaults`, `quick`, `smoke`).
 * @param overrides user overrides; strings are coerced to the default's type
 *   (numbers, `true`/`false`, comma lists for number arrays).
 * @param scale which scale's overrides to apply first.
 * @param options `large: 'allow'` lifts the declared limits of counts (not their ranges).
 * @returns a frozen config of the experiment's config type.
 * @throws ConfigError `unknown_key` (listing the valid keys) or `invalid_config`;
 *   LimitError `limit_exceeded` for a count past its declared limit (naming the key, the
 *   limit, the value and how to raise it).
 * @example
 * const config = parseConfig(experiment, { lr: '0.01' }, 'quick');
 * const long = parseConfig(experiment, { epochs: 100_000 }, 'defaults', { large: 'allow' });
 */
export function parseConfig<C extends Config>(
  experiment: ConfigSource<C>,
  overrides: Readonly<Record<string, unknown>> = {},
  scale: Scale = 'defaults',
  options: ParseConfigOptions = {},
): C {
  const where = `${experiment.id}.config`;
  const out: Record<string, ConfigValue> = {};
  for (const [k, v] of Object.entries(experiment.defaults)) out[k] = Array.isArray(v) ? [...v] : v;
  if (scale !== 'defaults') applyOverrides(`${where}(${scale})`, experiment.defaults, out, experiment[scale]);
  applyOverrides(where, experiment.defaults, out, overrides);
  checkChoices(where, out, experiment.choices as Readonly<Record<string, readonly string[] | undefined>> | undefined);
  checkRanges(where, out, experiment.ranges as Readonly<Record<string, ConfigRange | undefined>> | undefined, options.large ?? 'refuse');
  for (const v of Object.values(out)) if (Array.isArray(v)) Object.freeze(v);
  return Object.freeze(out) as unknown as C;
}

/**
 * Like {@link parseConfig} but returns `{ ok: false, error }` instead of throwing.
 * @example
 * const r = safeParseConfig(experiment, { epochs: 'x' });
 * if (!r.ok) console.error(r.error.message);
 */
export function safeParseConfig<C extends Config>(
  experiment: ConfigSource<C>,
  overrides: Readonly<Record<string, unknown>> = {},
  scale: Scale = 'defaults',
  options: ParseConfigOptions = {},
): SafeParseResult<C> {
  try {
    return { ok: true, value: parseConfig(experiment, overrides, scale, options) };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof LimitError) return { ok: false, error: err };
    throw err;
  }
}

/**
 * Parses `key=value` strings (from repeated `--set` flags) into an overrides object.
 * Values stay strings; {@link parseConfig} coerces them.
 * @throws ConfigError `invalid_config` when an entry has no `=` or an empty key.
 * @example
 * parseSetArgs(['lr=0.01', 'hidden=128,64']); // { lr: '0.01', hidden: '128,64' }
 */
export function parseSetArgs(entries: readonly string[]): Record<string, string> {
  // Null prototype: `--set __proto__=1` is an unknown key, not a silent prototype change.
  const out = Object.create(null) as Record<string, string>;
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = entry.slice(0, Math.max(0, eq)).trim();
    if (eq <= 0 || key === '') throw new ConfigError('--set', { what: 'malformed override', expected: 'key=value', received: entry });
    out[key] = entry.slice(eq + 1);
  }
  return out;
}

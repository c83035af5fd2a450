/**
 * The one way options objects are resolved: defaults filled in, unknown keys
 * rejected with a {@link ConfigError} that lists the valid ones (and suggests the
 * nearest), aliases (e.g. PyNN's snake_case names) mapped or refused, and numeric
 * ranges and string choices validated. Every mechanism factory and every core
 * options object that has defaults goes through {@link resolveConfig}.
 */
import { ConfigError, describeValue } from './errors.js';

/** A numeric field's valid range. All bounds are optional; non-finite numbers always fail. */
export interface NumberRange {
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Exclusive lower bound (e.g. 0 for "> 0"). */
  readonly above?: number;
  /** Exclusive upper bound. */
  readonly below?: number;
  /** Allow ±Infinity (e.g. "no limit"); NaN still fails. */
  readonly infinite?: boolean;
}

/** How {@link resolveConfig} treats an option object for one factory. */
export interface ConfigSchema<T extends object> {
  /** Where the options are read, for errors: e.g. `stdp(config)`. */
  readonly where: string;
  /** The complete defaults; they fix the valid keys. */
  readonly defaults: Readonly<T>;
  /** Numeric ranges per key (applied to numbers and to each element of number arrays). */
  readonly ranges?: { readonly [K in keyof T]?: NumberRange };
  /** Allowed values per string-valued key. */
  readonly choices?: { readonly [K in keyof T]?: readonly string[] };
  /** Other spellings accepted for a key (`alias → key`), e.g. a library's snake_case names. */
  readonly aliases?: Readonly<Record<string, keyof T & string>>;
  /** Spellings refused with the name to use instead (e.g. PyNN's `v_thresh` → `vThreshMv` when units differ). */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Keys whose type is not checked here (several forms, e.g. a value or a [low, high] pair): the factory checks them. */
  readonly loose?: readonly (keyof T & string)[];
  /** Keys that may also be `null` (e.g. "off"). */
  readonly nullable?: readonly (keyof T & string)[];
  /** Keys that are valid in the options object but are not config (e.g. `rng`); left out of the result. */
  readonly extraKeys?: readonly string[];
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate nearest to `name` (edit distance with transpositions, case-insensitive,
 * `_`/`-` ignored), or undefined when none is within a third of the name's length
 * (at least 1 edit, and fewer edits than the name has letters).
 * @example
 * nearest('aplus', ['aPlus', 'aMinus']); // 'aPlus'
 * nearest('zzz', ['aPlus']); // undefined
 */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const strip = (s: string): string => s.replace(/[_-]/g, '');
  let best: string | undefined;
  const stripped = strip(name);
  let bestD = Math.min(Math.max(1, Math.floor(stripped.length / 3)), stripped.length - 1) + 1;
  for (const c of candidates) {
    const d = editDistance(stripped, strip(c));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * ` (did you mean X?)` for the candidate {@link nearest} to `name`, or `''` when none is close;
 * `show` renders the candidate (default: JSON-quoted).
 * @example
 * `unknown flag${didYouMean('quik', ['quick'], (s) => `--${s}`)}`; // 'unknown flag (did you mean --quick?)'
 */
export function didYouMean(name: string, candidates: readonly string[], show: (s: string) => string = (s) => JSON.stringify(s)): string {
  const near = nearest(name, candidates);
  return near === undefined ? '' : ` (did you mean ${show(near)}?)`;
}

/** The "unknown key" error: the valid keys, and the nearest one when there is one. */
export function unknownKeyError(where: string, key: string, valid: readonly string[]): ConfigError {
  const what = `unknown key ${JSON.stringify(key)}${didYouMean(key, valid)}`;
  return new ConfigError(`${where}.${key}`, { what, expected: `one of ${valid.join(', ')}`, received: key }, 'unknown_key');
}

function rangeText(r: NumberRange): string {
  const parts = [r.integer ? 'an integer' : 'a finite number'];
  if (r.min !== undefined) parts.push(`>= ${r.min}`);
  if (r.above !== undefined) parts.push(`> ${r.above}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  if (r.below !== undefined) parts.push(`< ${r.below}`);
  return parts.join(' ');
}

function inRange(x: unknown, r: NumberRange): boolean {
  if (typeof x !== 'number' || Number.isNaN(x)) return false;
  if (!Number.isFinite(x) && !r.infinite) return false;
  if (r.integer && Number.isFinite(x) && !Number.isInteger(x)) return false;
  return !((r.min !== undefined && x < r.min) || (r.max !== undefined && x > r.max) || (r.above !== undefined && x <= r.above) || (r.below !== undefined && x >= r.below));
}

/**
 * Resolves an options object against a schema: defaults ← `input`.
 * - an unknown key throws `ConfigError` `unknown_key` listing the valid keys (and the nearest);
 * - an alias is renamed to its key (or refused, naming the key to use, when in `renamed`);
 * - a value of another type than its default (number, boolean, string, array) throws `invalid_config`;
 *   a default of `null` or `undefined` accepts anything (the factory checks it);
 * - numbers must be finite and in `ranges`; strings must be in `choices`.
 * Explicit `undefined` values mean "use the default".
 * @returns the merged config, frozen (the extra keys left out).
 * @example
 * const c = resolveConfig({ where: 'f(config)', defaults: { n: 10, mode: 'a' }, ranges: { n: { integer: true, min: 1 } }, choices: { mode: ['a', 'b'] } }, { n: 3 });
 */
export function resolveConfig<T extends object>(schema: ConfigSchema<T>, input?: Readonly<Partial<T>>): Readonly<T> {
  input ??= {} as Readonly<Partial<T>>;
  const { where, defaults } = schema;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(where, { what: 'options must be an object', expected: 'an object (or nothing, for the defaults)', received: input });
  }
  const valid = Object.keys(defaults);
  const out: Record<string, unknown> = { ...defaults };
  for (const [rawKey, value] of Object.entries(input)) {
    if (schema.extraKeys?.includes(rawKey)) continue;
    let key = rawKey;
    if (!Object.prototype.hasOwnProperty.call(defaults, key)) {
      const renamed = schema.renamed?.[key];
      if (renamed !== undefined) {
        throw new ConfigError(`${where}.${key}`, { what: `${JSON.stringify(key)} is spelled ${JSON.stringify(renamed)} here`, expected: renamed, received: key }, 'unknown_key');
      }
      const alias = schema.aliases?.[key];
      if (alias === undefined) throw unknownKeyError(where, key, [...valid, ...(schema.extraKeys ?? [])]);
      if (Object.prototype.hasOwnProperty.call(input, alias)) {
        throw new ConfigError(`${where}.${key}`, { what: `both ${JSON.stringify(key)} and its name ${JSON.stringify(alias)} given`, expected: 'one of them', received: [key, alias] });
      }
      key = alias;
    }
    if (value === undefined) continue;
    const d = (defaults as Record<string, unknown>)[key];
    const k = key as keyof T & string;
    if (d !== null && d !== undefined && !schema.loose?.includes(k) && !(value === null && schema.nullable?.includes(k))) {
      const want = Array.isArray(d) ? 'array' : typeof d;
      const got = Array.isArray(value) ? 'array' : typeof value;
      if (want !== got && !(want === 'object' && got === 'object')) {
        throw new ConfigError(`${where}.${key}`, { what: 'wrong type', expected: want === 'array' ? 'a list' : `a ${want}`, received: value });
      }
    }
    if (typeof value === 'number' && !Number.isFinite(value) && !schema.ranges?.[key as keyof T]?.infinite) {
      throw new ConfigError(`${where}.${key}`, { what: 'not a finite number', expected: 'a finite number', received: value });
    }
    out[key] = value;
  }
  for (const [key, r] of Object.entries(schema.ranges ?? {}) as [string, NumberRange | undefined][]) {
    if (!r) continue;
    const v = out[key];
    if (v === null || v === undefined) continue;
    const xs = Array.isArray(v) ? v : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : [v];
    if (!xs.every((x) => inRange(x, r))) throw new ConfigError(`${where}.${key}`, { what: 'out of range', expected: rangeText(r), received: v });
  }
  for (const [key, allowed] of Object.entries(schema.choices ?? {}) as [string, readonly string[] | undefined][]) {
    if (!allowed) continue;
    const v = out[key];
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new ConfigError(`${where}.${key}`, { what: 'not an allowed value', expected: `one of ${allowed.map((a) => describeValue(a)).join(', ')}`, received: v });
    }
  }
  return Object.freeze(out) as Readonly<T>;
}

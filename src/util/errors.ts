/**
 * Typed errors for neuromorph. Every error the library throws on bad input is a
 * {@link NeuroError} with a stable `code`, the `path` where it happened, and what
 * was expected vs received. Messages read `<where>: <what>, expected <x>, received <y>`.
 */

/** Stable error codes; callers may switch on them. */
export type ErrorCode =
  | 'shape_mismatch'
  | 'invalid_config'
  | 'invalid_argument'
  | 'non_finite'
  | 'parse_error'
  | 'unknown_key'
  | 'unfilled_box'
  | 'algebraic_loop'
  | 'aborted'
  | 'not_found'
  | 'limit_exceeded'
  | 'internal';

/** Details every error carries besides its code. */
export interface ErrorDetails {
  /** What went wrong, in a few words (e.g. "inner dimensions differ"). */
  readonly what: string;
  /** The expected value or form, shown after "expected". */
  readonly expected?: unknown;
  /** The received value or form, shown after "received". */
  readonly received?: unknown;
}

/** Renders a value for an error message: arrays as `[2, 3]`, strings quoted, long values cut. */
export function describeValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'bigint') s = `${v}n`;
  else if (v === undefined) s = 'undefined';
  else if (typeof v === 'function') s = 'a function';
  else if (typeof v === 'number') s = String(v); // NaN and ±Infinity by name (JSON would say null)
  else if (ArrayBuffer.isView(v)) s = `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  else {
    try {
      // Non-finite numbers inside objects and arrays by name, not as null.
      s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `<${x}>` : x))?.replace(/"<(NaN|-?Infinity)>"/g, '$1') ?? String(v);
    } catch {
      s = String(v);
    }
    s = s.replace(/,/g, ', ');
  }
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

function formatMessage(path: string, d: ErrorDetails): string {
  let msg = `${path}: ${d.what}`;
  if ('expected' in d) msg += `, expected ${typeof d.expected === 'string' ? d.expected : describeValue(d.expected)}`;
  if ('received' in d) msg += `, received ${describeValue(d.received)}`;
  return msg;
}

/** Base class of every error neuromorph throws on purpose. */
export class NeuroError extends Error {
  readonly code: ErrorCode;
  /** Where the error happened, e.g. `Linear.forward(x)` or `config.lr`. */
  readonly path: string;
  readonly expected: unknown;
  readonly received: unknown;

  constructor(code: ErrorCode, path: string, details: ErrorDetails) {
    super(formatMessage(path, details));
    this.name = new.target.name;
    this.code = code;
    this.path = path;
    this.expected = details.expected;
    this.received = details.received;
  }
}

/** A tensor or array had the wrong shape. */
export class ShapeError extends NeuroError {
  constructor(path: string, details: { what?: string; expected: unknown; received: unknown }) {
    super('shape_mismatch', path, { what: details.what ?? 'shape mismatch', expected: details.expected, received: details.received });
  }
}

/** A configuration value was wrong (type, range, or unknown key). */
export class ConfigError extends NeuroError {
  constructor(path: string, details: ErrorDetails, code: 'invalid_config' | 'unknown_key' = 'invalid_config') {
    super(code, path, details);
  }
}

/** A value became NaN or infinite where finite numbers are required. */
export class NonFiniteError extends NeuroError {
  constructor(path: string, details: ErrorDetails) {
    super('non_finite', path, details);
  }
}

/** A file or text could not be parsed (truncated, corrupt, malformed). */
export class ParseError extends NeuroError {
  constructor(path: string, details: ErrorDetails) {
    super('parse_error', path, details);
  }
}

/**
 * An input asks for more than a documented limit (steps, samples, files, bytes):
 * refused before anything is allocated. The message names the quantity, the limit
 * and how to raise it.
 */
export class LimitError extends NeuroError {
  constructor(path: string, details: { what: string; limit: number; requested: number; raise: string }) {
    super('limit_exceeded', path, { what: `${details.what} exceeds the limit (raise it with ${details.raise})`, expected: `at most ${details.limit}`, received: details.requested });
  }
}

/** A function argument was out of its domain (not a shape problem). */
export class ArgumentError extends NeuroError {
  constructor(path: string, details: ErrorDetails) {
    super('invalid_argument', path, details);
  }
}

/** Throws an `internal` error when an invariant that should always hold does not. */
export function invariant(cond: unknown, path: string, what: string): asserts cond {
  if (!cond) throw new NeuroError('internal', path, { what });
}

/**
 * Values and `.param` expressions of the JoSIM / WRspice dialect: numbers with
 * SPICE SI suffixes (f p n u m k meg g t; trailing unit letters such as `mV`,
 * `pF`, `ohm` are ignored), parameter names, + − * / ^, parentheses and a few
 * functions. Errors name the source line and column.
 */
import { ParseError } from '../util/index.js';

/** A position in a netlist: 1-based line and column, and the file name (`<netlist>` for text). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** Scale factors of the SI suffixes (case-insensitive; `meg` is checked before `m`). */
const SUFFIX: Readonly<Record<string, number>> = { f: 1e-15, p: 1e-12, n: 1e-9, u: 1e-6, µ: 1e-6, m: 1e-3, k: 1e3, g: 1e9, t: 1e12 };

const FUNCS: Readonly<Record<string, (x: number) => number>> = {
  sqrt: Math.sqrt, sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, log: Math.log, ln: Math.log,
  log10: Math.log10, abs: Math.abs, asin: Math.asin, acos: Math.acos, atan: Math.atan,
};

/** Named constants usable in expressions (shadowed by `.param`s of the same name). */
const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, phi0: 2.067833848e-15 };

/** Throws a {@link ParseError} at `pos`: `file:line:col: what, expected …, received …`. */
export function parseFail(pos: SourcePos, what: string, expected: string, received: unknown): never {
  throw new ParseError(`${pos.file}:${pos.line}:${pos.col}`, { what, expected, received });
}

/** Splits a number literal with optional SI suffix and unit letters; null when `s` is not one. */
export function parseSiNumber(s: string): number | null {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-zµ]*)$/i.exec(s);
  if (!m) return null;
  const base = Number(m[1]);
  const rest = m[2]!.toLowerCase();
  if (rest === '') return base;
  if (rest.startsWith('meg')) return base * 1e6;
  if (rest.startsWith('mil')) return base * 25.4e-6;
  const f = SUFFIX[rest[0]!];
  return f === undefined ? base : base * f;
}

/** Resolves a parameter name (lower-case) to its value, or undefined when unknown. */
export type ParamLookup = (name: string) => number | undefined;

/** Deepest nesting of one expression: deep enough for any real netlist, far from the stack's limit. */
export const MAX_EXPR_DEPTH = 200;

/**
 * Evaluates an expression.
 * @param text the expression (braces or quotes around it are stripped).
 * @param pos where `text` starts in the netlist, for error messages.
 * @param lookup parameter values by lower-case name.
 * @returns the value in SI units.
 * @throws ParseError naming the line and column of the offending character.
 * @example
 * evalExpr('2*x + 1p', { file: 'a.cir', line: 1, col: 1 }, (n) => (n === 'x' ? 1e-12 : undefined)); // 3e-12
 */
export function evalExpr(text: string, pos: SourcePos, lookup: ParamLookup): number {
  let s = text;
  let off = 0;
  if ((s.startsWith('{') && s.endsWith('}')) || (s.startsWith("'") && s.endsWith("'"))) {
    s = s.slice(1, -1);
    off = 1;
  }
  let i = 0;
  const at = (k: number): SourcePos => ({ file: pos.file, line: pos.line, col: pos.col + off + k });
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const expr = (): number => {
    let v = term();
    for (ws(); s[i] === '+' || s[i] === '-'; ws()) v = s[i++] === '+' ? v + term() : v - term();
    return v;
  };
  const term = (): number => {
    let v = unary();
    for (ws(); s[i] === '*' || s[i] === '/'; ws()) v = s[i++] === '*' ? v * unary() : v / unary();
    return v;
  };
  // Every nesting (parentheses, unary signs, powers, function calls) passes through unary.
  let depth = 0;
  const unary = (): number => {
    if (++depth > MAX_EXPR_DEPTH) parseFail(at(i), 'expression nested too deeply', `at most ${MAX_EXPR_DEPTH} levels of (), unary signs and powers`, s.slice(i, i + 10));
    try {
      ws();
      if (s[i] === '-') return i++, -unary();
      if (s[i] === '+') return i++, unary();
      const b = primary();
      ws();
      if (s[i] === '^' || (s[i] === '*' && s[i + 1] === '*')) {
        i += s[i] === '^' ? 1 : 2;
        return b ** unary();
      }
      return b;
    } finally {
      depth--;
    }
  };
  const primary = (): number => {
    ws();
    const start = i;
    if (s[i] === '(') {
      i++;
      const v = expr();
      ws();
      if (s[i] !== ')') parseFail(at(i), 'unbalanced parenthesis', "')'", s[i] ?? 'end of expression');
      i++;
      return v;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?[a-zµ]*/i.exec(s.slice(i));
    if (num) {
      i += num[0].length;
      return parseSiNumber(num[0])!;
    }
    const id = /^[a-z_][a-z0-9_.]*/i.exec(s.slice(i));
    if (!id) parseFail(at(i), 'bad expression', 'a number, a parameter name or (', s.slice(i, i + 10) || 'end of expression');
    i += id[0].length;
    const name = id[0].toLowerCase();
    ws();
    if (s[i] === '(' && Object.hasOwn(FUNCS, name)) {
      i++;
      const v = expr();
      ws();
      if (s[i] !== ')') parseFail(at(i), `unclosed ${name}(`, "')'", s[i] ?? 'end of expression');
      i++;
      return FUNCS[name]!(v);
    }
    const v = lookup(name) ?? (Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined);
    if (v === undefined) parseFail(at(start), 'unknown parameter', 'a number or a name defined by .param', id[0]);
    return v;
  };
  const v = expr();
  ws();
  if (i < s.length) parseFail(at(i), 'unexpected text in expression', 'an operator or the end of the value', s.slice(i, i + 10));
  if (!Number.isFinite(v)) parseFail(pos, 'value is not finite', 'a finite number', text);
  return v;
}

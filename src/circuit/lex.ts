/**
 * Netlist lexing: physical lines → logical lines (comments removed, `+`
 * continuation lines joined) → fields (whitespace/comma separated at bracket
 * depth 0, `key=value` pairs grouped, `name (…)` glued). Every character keeps
 * its source line and column, so later errors point at the exact spot.
 */
import { parseFail, type SourcePos } from './expr.js';

/** One field of a statement: its text (original case) and where it starts. */
export interface Field {
  readonly text: string;
  readonly pos: SourcePos;
}

/** A `key=value` field. */
export interface KeyValue {
  /** Lower-case key. */
  readonly key: string;
  readonly value: Field;
  readonly pos: SourcePos;
}

/** A logical line: joined text and the source position of each character. */
export interface LogicalLine {
  readonly text: string;
  readonly at: readonly SourcePos[];
}

/** Strips an inline comment (`;`, `//`, or ` $`) outside quotes and braces. */
function stripComment(s: string): string {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") quote = !quote;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (!quote && depth === 0 && (c === ';' || (c === '/' && s[i + 1] === '/') || (c === '$' && (i === 0 || /\s/.test(s[i - 1]!))))) return s.slice(0, i);
  }
  return s;
}

/**
 * Splits netlist text into logical lines. `*` and `#` start comment lines; a
 * line starting with `+` continues the previous one. The first line is the
 * title when `title` is true (SPICE convention) and it does not start with `.`
 * or an element letter followed by a name and nodes.
 */
export function logicalLines(text: string, file: string): LogicalLine[] {
  const out: { text: string; at: SourcePos[] }[] = [];
  const phys = text.split(/\r\n|\n|\r/);
  phys.forEach((raw, li) => {
    const line = stripComment(raw);
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('*') || trimmed.startsWith('#')) return;
    const lead = line.length - trimmed.length;
    const cont = trimmed.startsWith('+');
    const body = cont ? trimmed.slice(1) : trimmed;
    const startCol = lead + (cont ? 2 : 1);
    const at = Array.from(body, (_, k) => ({ file, line: li + 1, col: startCol + k }));
    const prev = out[out.length - 1];
    if (cont && prev) {
      prev.text += ` ${body}`;
      prev.at.push(at[0] ?? { file, line: li + 1, col: startCol }, ...at);
    } else if (cont) {
      parseFail({ file, line: li + 1, col: lead + 1 }, 'continuation line with nothing to continue', 'a statement before a "+" line', trimmed.slice(0, 20));
    } else out.push({ text: body, at });
  });
  return out;
}

/**
 * Splits `text[from, to)` of a logical line into fields at depth 0; `(…)`,
 * `{…}` and `'…'` stay inside one field, and a field that starts with `(` is
 * glued to the one before it (`pwl (0 0 …)` ≡ `pwl(0 0 …)`). `=` is its own field.
 */
export function splitFields(line: LogicalLine, from = 0, to = line.text.length): Field[] {
  const s = line.text;
  const fields: Field[] = [];
  let i = from;
  while (i < to) {
    const c = s[i]!;
    if (/\s|,/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '=') i++;
    else {
      let depth = 0;
      let quote = false;
      for (; i < to; i++) {
        const d = s[i]!;
        if (d === "'") quote = !quote;
        else if (quote) continue;
        else if (d === '(' || d === '{') depth++;
        else if (d === ')' || d === '}') {
          depth--;
          if (depth < 0) parseFail(line.at[i]!, 'unbalanced bracket', 'a matching opening bracket', d);
        } else if (depth === 0 && (/\s|,/.test(d) || d === '=')) break;
      }
      if (depth > 0 || quote) parseFail(line.at[start]!, 'unclosed bracket or quote', 'a closing ) } or \'', s.slice(start, Math.min(to, start + 20)));
    }
    const f = { text: s.slice(start, i), pos: line.at[start]! };
    const prev = fields[fields.length - 1];
    if (f.text.startsWith('(') && prev && prev.text !== '=') fields[fields.length - 1] = { text: prev.text + f.text, pos: prev.pos };
    else fields.push(f);
  }
  return fields;
}

/** Separates positional fields from `key=value` pairs (keys lower-cased). */
export function groupKeyValues(fields: readonly Field[]): { positional: Field[]; kv: KeyValue[] } {
  const positional: Field[] = [];
  const kv: KeyValue[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.text === '=') parseFail(f.pos, 'misplaced "="', 'key=value', '=');
    if (fields[i + 1]?.text === '=') {
      const v = fields[i + 2];
      if (!v || v.text === '=') parseFail(fields[i + 1]!.pos, `missing value for ${f.text}`, `${f.text}=<value>`, v?.text ?? 'end of line');
      kv.push({ key: f.text.toLowerCase(), value: v, pos: f.pos });
      i += 2;
    } else positional.push(f);
  }
  return { positional, kv };
}

/** The inside of `name(…)`: the name (lower-case) and the fields of the argument list; null without parentheses. */
export function callArgs(line: LogicalLine, f: Field): { name: string; args: Field[] } | null {
  const open = f.text.indexOf('(');
  if (open < 0 || !f.text.endsWith(')')) return null;
  const base = line.at.indexOf(f.pos as SourcePos);
  const o = line.text.indexOf('(', base);
  let depth = 0;
  let close = o;
  for (; close < line.text.length; close++) {
    if (line.text[close] === '(') depth++;
    else if (line.text[close] === ')' && --depth === 0) break;
  }
  return { name: f.text.slice(0, open).trim().toLowerCase(), args: splitFields(line, o + 1, close) };
}

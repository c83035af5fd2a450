/**
 * Netlist parsing for the JoSIM / WRspice SPICE dialect (case-insensitive):
 * statements → a {@link Netlist} whose values are still expressions (they may
 * depend on `.param`s and subcircuit parameters; {@link elaborate} evaluates
 * them). Elements B L C R K I V P X; controls `.model`, `.param`, `.subckt` /
 * `.ends`, `.tran`, `.print`, `.temp`, `.neb`, `.include`, `.end`.
 */
import { parseFail, type SourcePos } from './expr.js';
import { callArgs, groupKeyValues, logicalLines, splitFields, type Field, type KeyValue, type LogicalLine } from './lex.js';

/** Element letters the simulator understands. */
export const ELEMENT_TYPES = ['B', 'L', 'C', 'R', 'K', 'I', 'V', 'P', 'X'] as const;

/** An element letter. */
export type ElementType = (typeof ELEMENT_TYPES)[number];

/** One element line, fields not yet evaluated. */
export interface RawElement {
  readonly type: ElementType;
  /** The name as written (e.g. `B01`). */
  readonly name: string;
  readonly positional: readonly Field[];
  readonly kv: readonly KeyValue[];
  readonly line: LogicalLine;
  readonly pos: SourcePos;
}

/** A `.param name=expr`. */
export interface ParamDef {
  readonly name: string;
  readonly value: Field;
}

/** A `.subckt name ports… [param=default…]` block. */
export interface SubcktDef {
  /** Lower-case name. */
  readonly name: string;
  readonly ports: readonly string[];
  readonly defaults: readonly KeyValue[];
  readonly elements: RawElement[];
  readonly params: ParamDef[];
  readonly pos: SourcePos;
}

/** A `.model name jj(key=value …)`. */
export interface ModelDef {
  readonly name: string;
  readonly params: readonly KeyValue[];
  readonly pos: SourcePos;
}

/** Output quantities: device voltage/current/phase, node voltage/phase (optionally between two nodes). */
export type PrintKind = 'devv' | 'devi' | 'phase' | 'nodev' | 'nodep';

/** One `.print` request. */
export interface PrintRequest {
  readonly kind: PrintKind;
  /** A device name, or one or two node names (lower-case). */
  readonly targets: readonly string[];
  readonly pos: SourcePos;
}

/** `.tran tstep tstop [pstart [pstep]] [DST]`. */
export interface TranDef {
  readonly step: Field;
  readonly stop: Field;
  readonly start?: Field;
  readonly printStep?: Field;
  /** `DST`: skip the settling pre-run. */
  readonly dst: boolean;
}

/** A parsed netlist; values are unevaluated fields (`Field`: the source text and its position). */
export interface Netlist {
  readonly file: string;
  readonly elements: RawElement[];
  readonly params: ParamDef[];
  readonly subckts: Map<string, SubcktDef>;
  readonly models: Map<string, ModelDef>;
  readonly prints: PrintRequest[];
  tran?: TranDef;
  temp?: Field;
  neb?: Field;
}

/** Options of {@link parseNetlist}. */
export interface ParseOptions {
  /** Name used in error positions (default `<netlist>`). */
  readonly file?: string;
  /**
   * Returns the text of an `.include`d file (src/ does no I/O); without it `.include` is an
   * error. `from` is the including file's name (the top file: `file`), so the reader can resolve
   * `path` against it; it may return `{ text, file }` to name the included file (e.g. its
   * resolved path), which later errors and nested includes then use. A reader that throws
   * gives a ParseError at the `.include`.
   */
  readonly include?: (path: string, from: string) => string | { readonly text: string; readonly file: string };
}

/** Most files one netlist may include in all (any depth): fan-out cannot blow up. */
export const MAX_INCLUDES = 256;

/** Deepest `.include` nesting. */
export const MAX_INCLUDE_DEPTH = 16;

const PRINT_FN: Readonly<Record<string, PrintKind>> = { v: 'nodev', p: 'nodep', i: 'devi' };
const PRINT_WORD: Readonly<Record<string, PrintKind>> = { devv: 'devv', devi: 'devi', phase: 'phase', devp: 'phase', nodev: 'nodev', nodep: 'nodep' };

function parsePrint(fields: readonly Field[], head: Field): PrintRequest[] {
  const first = fields[0];
  if (!first) parseFail(head.pos, 'empty .print', 'DEVV|DEVI|PHASE <device>, NODEV|NODEP <n1> [n2], or v(n) p(x) i(x)', 'nothing');
  const word = PRINT_WORD[first.text.toLowerCase()];
  if (word) {
    const targets = fields.slice(1).map((f) => f.text.toLowerCase());
    const max = word === 'nodev' || word === 'nodep' ? 2 : 1;
    if (targets.length < 1 || targets.length > max) parseFail(first.pos, `.print ${first.text} takes ${max === 2 ? 'one or two nodes' : 'one device'}`, max === 2 ? '<n1> [n2]' : '<device>', targets.length ? targets.join(' ') : 'nothing');
    return [{ kind: word, targets, pos: first.pos }];
  }
  return fields.map((f) => {
    const m = /^([vpi])\((.*)\)$/i.exec(f.text);
    if (!m) parseFail(f.pos, 'unknown .print quantity', 'DEVV, DEVI, PHASE, NODEV, NODEP, v(…), p(…) or i(…)', f.text);
    const targets = m[2]!.split(/[\s,]+/).filter(Boolean).map((t) => t.toLowerCase());
    const kind = PRINT_FN[m[1]!.toLowerCase()]!;
    // p(B01) / v(B01) with one name may name a device; elaboration checks devices first.
    if (targets.length === 0 || targets.length > 2) parseFail(f.pos, 'bad .print argument list', 'one or two names', m[2]);
    if (kind === 'devi' && targets.length !== 1) parseFail(f.pos, 'i(…) takes one device', 'i(<device>)', f.text);
    return { kind, targets, pos: f.pos };
  });
}

interface State {
  readonly net: Netlist;
  readonly opts: ParseOptions;
  sub: SubcktDef | null;
  ended: boolean;
  depth: number;
  /** Files included so far. */
  includes: number;
}

function controlLine(st: State, line: LogicalLine, fields: Field[]): void {
  const head = fields[0]!;
  const cmd = head.text.toLowerCase();
  const rest = fields.slice(1);
  const { net } = st;
  switch (cmd) {
    case '.end':
      st.ended = true;
      return;
    case '.param':
    case '.params': {
      const { positional, kv } = groupKeyValues(rest);
      if (positional.length) parseFail(positional[0]!.pos, 'bad .param', 'name=expression', positional[0]!.text);
      if (!kv.length) parseFail(head.pos, 'empty .param', 'name=expression', 'nothing');
      for (const p of kv) (st.sub ? st.sub.params : net.params).push({ name: p.key, value: p.value });
      return;
    }
    case '.model': {
      const [name, body] = rest;
      const call = body ? callArgs(line, body) : null;
      if (!name || !body) parseFail(head.pos, 'incomplete .model', '.model <name> jj(<key>=<value> …)', rest.map((f) => f.text).join(' ') || 'nothing');
      const type = call ? call.name : body.text.toLowerCase();
      if (type !== 'jj') parseFail(body.pos, 'unsupported model type', 'jj', type);
      const inner = call ? call.args : [];
      const { positional, kv } = groupKeyValues([...inner, ...rest.slice(2)]);
      if (positional.length) parseFail(positional[0]!.pos, 'bad model parameter', '<key>=<value>', positional[0]!.text);
      net.models.set(name.text.toLowerCase(), { name: name.text.toLowerCase(), params: kv, pos: head.pos });
      return;
    }
    case '.subckt': {
      if (st.sub) parseFail(head.pos, 'nested .subckt definition', '.ends before the next .subckt', head.text);
      const { positional, kv } = groupKeyValues(rest);
      const [name, ...ports] = positional;
      if (!name) parseFail(head.pos, 'unnamed .subckt', '.subckt <name> <ports…>', 'nothing');
      st.sub = { name: name.text.toLowerCase(), ports: ports.map((p) => p.text.toLowerCase()), defaults: kv, elements: [], params: [], pos: head.pos };
      return;
    }
    case '.ends':
      if (!st.sub) parseFail(head.pos, '.ends without .subckt', 'a matching .subckt', head.text);
      if (rest[0] && rest[0].text.toLowerCase() !== st.sub.name) parseFail(rest[0].pos, 'mismatched .ends', st.sub.name, rest[0].text);
      net.subckts.set(st.sub.name, st.sub);
      st.sub = null;
      return;
    case '.tran': {
      const pos = rest.filter((f) => f.text.toLowerCase() !== 'dst');
      if (pos.length < 2 || pos.length > 4) parseFail(head.pos, 'bad .tran', '.tran <tstep> <tstop> [<pstart> [<pstep>]] [DST]', rest.map((f) => f.text).join(' ') || 'nothing');
      net.tran = { step: pos[0]!, stop: pos[1]!, ...(pos[2] && { start: pos[2] }), ...(pos[3] && { printStep: pos[3] }), dst: pos.length < rest.length };
      return;
    }
    case '.print':
    case '.plot':
      net.prints.push(...parsePrint(rest, head));
      return;
    case '.temp':
    case '.neb':
      if (rest.length !== 1) parseFail(head.pos, `bad ${cmd}`, `${cmd} <value>`, rest.map((f) => f.text).join(' ') || 'nothing');
      if (cmd === '.temp') net.temp = rest[0]!;
      else net.neb = rest[0]!;
      return;
    case '.include':
    case '.inc': {
      const path = rest[0]?.text.replace(/^["']|["']$/g, '');
      if (!path) parseFail(head.pos, 'bad .include', '.include <file>', 'nothing');
      if (!st.opts.include) parseFail(head.pos, '.include needs a file reader', 'parseNetlist(text, { include }) (the CLI passes one)', path);
      if (st.depth > MAX_INCLUDE_DEPTH) parseFail(head.pos, 'includes nested too deeply', `at most ${MAX_INCLUDE_DEPTH} levels`, path);
      if (++st.includes > MAX_INCLUDES) parseFail(head.pos, 'too many included files', `at most ${MAX_INCLUDES} .include files per netlist`, path);
      let got: string | { readonly text: string; readonly file: string };
      try {
        got = st.opts.include(path, head.pos.file);
      } catch (err) {
        // The reader's own words (not the file's contents): why the file cannot be read.
        parseFail(head.pos, 'cannot read the included file', 'a readable file', `${path}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (typeof got === 'string') parseInto(st, got, path);
      else parseInto(st, got.text, got.file);
      return;
    }
    case '.options':
    case '.option':
    case '.control':
    case '.endc':
      return; // simulator options of other tools: ignored on purpose
    default:
      parseFail(head.pos, 'unknown control', '.model .param .subckt .ends .tran .print .temp .neb .include .end', head.text);
  }
}

function parseInto(st: State, text: string, file: string): void {
  st.depth++;
  for (const line of logicalLines(text, file)) {
    if (st.ended) break;
    const fields = splitFields(line);
    const head = fields[0];
    if (!head) continue;
    if (head.text.startsWith('.')) {
      controlLine(st, line, fields);
      continue;
    }
    const type = head.text[0]!.toUpperCase() as ElementType;
    if (!(ELEMENT_TYPES as readonly string[]).includes(type)) parseFail(head.pos, 'unknown element', `a name starting with one of ${ELEMENT_TYPES.join(' ')} (or a control line starting with .)`, head.text);
    const { positional, kv } = groupKeyValues(fields.slice(1));
    const el: RawElement = { type, name: head.text, positional, kv, line, pos: head.pos };
    (st.sub ? st.sub.elements : st.net.elements).push(el);
  }
  st.depth--;
}

/**
 * Parses a JoSIM / WRspice netlist. The first line is a title only when it
 * starts with `*` (a comment), as JoSIM reads it.
 * @param text the netlist.
 * @returns the statements, values unevaluated.
 * @throws ParseError `file:line:col: what, expected …, received …`.
 * @example
 * const net = parseNetlist('B1 1 0 jj1 area=1\n.model jj1 jj(icrit=0.1mA)\n.tran 0.25p 100p');
 */
export function parseNetlist(text: string, opts: ParseOptions = {}): Netlist {
  const file = opts.file ?? '<netlist>';
  const net: Netlist = { file, elements: [], params: [], subckts: new Map(), models: new Map(), prints: [] };
  const st: State = { net, opts, sub: null, ended: false, depth: 0, includes: 0 };
  parseInto(st, text, file);
  if (st.sub) parseFail(st.sub.pos, `.subckt ${st.sub.name} is never closed`, '.ends', 'end of netlist');
  return net;
}

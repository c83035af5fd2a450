/**
 * Elaboration: evaluates `.param` expressions (lazily, in scope, with cycle
 * detection), applies JoSIM's junction-model defaults, expands `X` instances
 * of nested `.subckt`s (inner names get `|instance`, as JoSIM prints them),
 * and resolves `.print` requests, giving a flat circuit in SI units.
 */
import { LimitError } from '../util/index.js';
import { evalExpr, parseFail, type SourcePos } from './expr.js';
import { callArgs, type Field, type KeyValue } from './lex.js';
import type { Netlist, PrintKind, RawElement, SubcktDef } from './netlist.js';
import { parseWaveform, type Waveform } from './waveform.js';

/** Junction model parameters after `area` scaling, SI units. */
export interface JjParams {
  /** 0: no quasiparticle branch (only an optional shunt); 1: piecewise-linear branch. */
  readonly rtype: 0 | 1;
  readonly icA: number;
  readonly capF: number;
  readonly rnOhm: number;
  readonly r0Ohm: number;
  readonly vgV: number;
  readonly delvV: number;
  readonly icfct: number;
}

/** JoSIM's `.model … jj(…)` defaults (per unit area), SI units. */
export const JJ_MODEL_DEFAULTS = Object.freeze({ rtype: 1, vg: 2.8e-3, icrit: 1e-3, rn: 5, r0: 30, cap: 2.5e-12, delv: 0.1e-3, icfct: Math.PI / 4 });

/** Model values that must be > 0 and finite. */
const POSITIVE_MODEL_KEYS = ['vg', 'icrit', 'rn', 'r0', 'cap', 'delv', 'icfct'];

const MODEL_KEYS = ['rtype', 'vg', 'icrit', 'ic', 'rn', 'r0', 'cap', 'c', 'delv', 'icfct', 'tc', 't', 'tau', 'd', 'phi'];

/** A flattened two-terminal element. `value`: R in Ω, L in H, C in F; unused for B, I, V, P. */
export interface FlatElement {
  readonly type: 'B' | 'L' | 'C' | 'R' | 'I' | 'V' | 'P';
  /** Lower-case hierarchical name, e.g. `b01|x1`. */
  readonly name: string;
  readonly nodes: readonly [string, string];
  readonly value: number;
  readonly jj?: JjParams;
  readonly wave?: Waveform;
  /** Per-device noise temperature (K), overriding `.temp`. */
  readonly tempK?: number;
}

/** Mutual inductance between two flattened inductors: M = k·√(L1·L2). */
export interface FlatMutual {
  readonly l1: string;
  readonly l2: string;
  readonly k: number;
}

/** A resolved output request. */
export interface FlatPrint {
  readonly kind: PrintKind;
  /** JoSIM-style column label, e.g. `P(B01)`, `V(3)`, `V(1,2)`. */
  readonly label: string;
  readonly device?: string;
  readonly nodes?: readonly [string, string];
}

/** A flat circuit ready to simulate. */
export interface FlatCircuit {
  readonly elements: readonly FlatElement[];
  readonly mutuals: readonly FlatMutual[];
  /** Non-ground node names in first-use order. */
  readonly nodes: readonly string[];
  readonly prints: readonly FlatPrint[];
  readonly tran?: { readonly stepS: number; readonly stopS: number; readonly startS: number; readonly printStepS: number; readonly dst: boolean };
  readonly tempK?: number;
  readonly nebHz?: number;
}

/** Ground node names. */
export const GROUND = new Set(['0', 'gnd']);

/** Longest chain of `.param`s each defined through the next (evaluation recurses along it). */
const MAX_PARAM_CHAIN = 500;

/** Most elements after expanding every `.subckt` instance: fan-out cannot exhaust memory. */
export const MAX_FLAT_ELEMENTS = 200_000;

class Scope {
  private readonly values = new Map<string, number>();
  private readonly pending = new Map<string, Field>();
  private readonly busy = new Set<string>();
  constructor(private readonly parent: Scope | null) {}
  define(name: string, value: Field | number): void {
    this.values.delete(name);
    if (typeof value === 'number') this.values.set(name, value);
    else this.pending.set(name, value);
  }
  readonly lookup = (name: string): number | undefined => {
    const v = this.values.get(name);
    if (v !== undefined) return v;
    const f = this.pending.get(name);
    if (!f) return this.parent?.lookup(name);
    if (this.busy.has(name)) parseFail(f.pos, 'circular .param definition', 'parameters that do not depend on themselves', name);
    if (this.busy.size >= MAX_PARAM_CHAIN) parseFail(f.pos, '.param definitions chained too deeply', `a chain of at most ${MAX_PARAM_CHAIN} parameters each defined by the next`, name);
    this.busy.add(name);
    const x = evalExpr(f.text, f.pos, this.lookup);
    this.busy.delete(name);
    this.pending.delete(name);
    this.values.set(name, x);
    return x;
  };
  eval(f: Field): number {
    return evalExpr(f.text, f.pos, this.lookup);
  }
}

function modelParams(net: Netlist, scope: Scope, name: Field, area: number, icA: number | undefined): JjParams {
  const model = net.models.get(name.text.toLowerCase());
  if (!model) parseFail(name.pos, 'unknown junction model', net.models.size ? `one of ${[...net.models.keys()].join(', ')}` : 'a name defined by .model … jj(…)', name.text);
  const p: Record<string, number> = { ...JJ_MODEL_DEFAULTS };
  for (const kv of model.params) {
    if (!MODEL_KEYS.includes(kv.key)) parseFail(kv.pos, 'unknown jj model parameter', MODEL_KEYS.join(', '), kv.key);
    const key = kv.key === 'ic' ? 'icrit' : kv.key === 'c' ? 'cap' : kv.key;
    const v = scope.eval(kv.value);
    // The RCSJ model needs positive, finite Ic, C, R and gap values; anything else diverges or is NaN.
    if (POSITIVE_MODEL_KEYS.includes(key) && !(v > 0 && Number.isFinite(v))) parseFail(kv.value.pos, `${model.name}: ${kv.key} must be positive and finite`, '> 0', v);
    p[key] = v;
  }
  if (p.rtype !== 0 && p.rtype !== 1) parseFail(model.pos, 'unsupported rtype', '0 or 1', p.rtype);
  const a = icA !== undefined ? icA / p.icrit! : area;
  return { rtype: p.rtype as 0 | 1, icA: p.icrit! * a, capF: p.cap! * a, rnOhm: p.rn! / a, r0Ohm: p.r0! / a, vgV: p.vg!, delvV: p.delv!, icfct: p.icfct! };
}

interface Ctx {
  readonly net: Netlist;
  readonly out: FlatElement[];
  readonly mutuals: FlatMutual[];
  readonly names: Set<string>;
  readonly depth: number;
}

function kvOf(el: RawElement, allowed: readonly string[]): Map<string, KeyValue> {
  const m = new Map<string, KeyValue>();
  for (const kv of el.kv) {
    if (!allowed.includes(kv.key)) parseFail(kv.pos, `unknown parameter of ${el.name}`, allowed.length ? allowed.join(', ') : 'no key=value parameters', kv.key);
    m.set(kv.key, kv);
  }
  return m;
}

function need(el: RawElement, n: number, form: string): void {
  if (el.positional.length < n) parseFail(el.pos, `${el.name}: too few fields`, form, el.positional.map((f) => f.text).join(' ') || 'nothing');
}

function instance(ctx: Ctx, el: RawElement, scope: Scope, node: (n: string) => string, suffix: string): void {
  const pos = el.positional;
  const firstIsSub = pos[0] && ctx.net.subckts.has(pos[0].text.toLowerCase());
  const subField = firstIsSub ? pos[0] : pos[pos.length - 1];
  const sub: SubcktDef | undefined = subField && ctx.net.subckts.get(subField.text.toLowerCase());
  if (!sub) parseFail(subField?.pos ?? el.pos, `${el.name}: unknown subcircuit`, ctx.net.subckts.size ? `one of ${[...ctx.net.subckts.keys()].join(', ')}` : 'a .subckt name', subField?.text ?? 'nothing');
  const ports = firstIsSub ? pos.slice(1) : pos.slice(0, -1);
  if (ports.length !== sub.ports.length) parseFail(el.pos, `${el.name}: wrong number of nodes for ${sub.name}`, `${sub.ports.length} (${sub.ports.join(' ')})`, ports.length);
  if (ctx.depth > 32) parseFail(el.pos, 'subcircuits nested too deeply (recursive?)', 'at most 32 levels', sub.name);
  if (ctx.out.length > MAX_FLAT_ELEMENTS) {
    throw new LimitError(`${el.pos.file}:${el.pos.line}:${el.pos.col}`, { what: `the circuit expanded from .subckt instances (at ${el.name})`, limit: MAX_FLAT_ELEMENTS, requested: ctx.out.length, raise: 'fewer instances (the limit guards against exponential fan-out)' });
  }
  const inner = new Scope(scope);
  for (const d of sub.defaults) inner.define(d.key, scope.eval(d.value));
  for (const kv of el.kv) {
    if (!sub.defaults.some((d) => d.key === kv.key)) parseFail(kv.pos, `${el.name}: unknown subcircuit parameter`, sub.defaults.map((d) => d.key).join(', ') || 'none', kv.key);
    inner.define(kv.key, scope.eval(kv.value));
  }
  for (const p of sub.params) inner.define(p.name, p.value);
  const map = new Map(sub.ports.map((p, i) => [p, node(ports[i]!.text)]));
  const innerSuffix = `|${el.name.toLowerCase()}${suffix}`;
  const innerNode = (n: string): string => {
    const l = n.toLowerCase();
    return GROUND.has(l) ? '0' : (map.get(l) ?? `${l}${innerSuffix}`);
  };
  flattenInto({ ...ctx, depth: ctx.depth + 1 }, sub.elements, inner, innerNode, innerSuffix);
}

function flattenInto(ctx: Ctx, elements: readonly RawElement[], scope: Scope, node: (n: string) => string, suffix: string): void {
  for (const el of elements) {
    const name = `${el.name.toLowerCase()}${suffix}`;
    if (el.type === 'X') {
      instance(ctx, el, scope, node, suffix);
      continue;
    }
    if (ctx.names.has(name)) parseFail(el.pos, 'duplicate element name', 'a unique name', el.name);
    ctx.names.add(name);
    if (el.type === 'K') {
      need(el, 3, `${el.name} <inductor1> <inductor2> <k>`);
      kvOf(el, []);
      const [a, b, k] = el.positional as [Field, Field, Field];
      const kv = scope.eval(k);
      if (!(Math.abs(kv) <= 1)) parseFail(k.pos, `${el.name}: coupling must satisfy |k| ≤ 1`, '-1 ≤ k ≤ 1', kv);
      ctx.mutuals.push({ l1: `${a.text.toLowerCase()}${suffix}`, l2: `${b.text.toLowerCase()}${suffix}`, k: kv });
      continue;
    }
    const nodes: [string, string] = [node(el.positional[0]?.text ?? ''), node(el.positional[1]?.text ?? '')];
    if (el.type === 'B') {
      need(el, 3, `${el.name} <n+> <n-> [<phase node>] <model> [area=<a>|ic=<I>] [temp=<K>]`);
      const kv = kvOf(el, ['area', 'ic', 'temp']);
      const rest = el.positional.slice(2);
      const mi = rest.findIndex((f) => ctx.net.models.has(f.text.toLowerCase()));
      const modelField = rest[mi < 0 ? 0 : mi]!;
      const areaField = mi >= 0 ? rest[mi + 1] : undefined;
      const area = kv.has('area') ? scope.eval(kv.get('area')!.value) : areaField ? scope.eval(areaField) : 1;
      const ic = kv.has('ic') ? scope.eval(kv.get('ic')!.value) : undefined;
      const areaPos = kv.get('area')?.value.pos ?? areaField?.pos ?? el.pos;
      if (!(area > 0 && Number.isFinite(area) && area < 1e6)) parseFail(areaPos, `${el.name}: area must be positive and finite`, '0 < area < 1e6', area);
      if (ic !== undefined && !(ic > 0 && Number.isFinite(ic))) parseFail(kv.get('ic')!.value.pos, `${el.name}: ic must be positive and finite`, '> 0', ic);
      const jj = modelParams(ctx.net, scope, modelField, area, ic);
      const temp = kv.get('temp');
      ctx.out.push({ type: 'B', name, nodes, value: 0, jj, ...(temp && { tempK: scope.eval(temp.value) }) });
    } else if (el.type === 'I' || el.type === 'V' || el.type === 'P') {
      need(el, 3, `${el.name} <n+> <n-> <value> | dc <v> | pwl(…) | pulse(…) | sin(…) | exp(…)`);
      kvOf(el, []);
      ctx.out.push({ type: el.type, name, nodes, value: 0, wave: parseWaveform(el, el.positional.slice(2), (f) => scope.eval(f), callArgs) });
    } else {
      need(el, 3, `${el.name} <n+> <n-> <value>`);
      const kv = kvOf(el, el.type === 'R' ? ['temp'] : el.type === 'L' ? ['ic'] : []);
      if (el.positional.length > 3) parseFail(el.positional[3]!.pos, `${el.name}: unexpected field`, 'end of line', el.positional[3]!.text);
      const value = scope.eval(el.positional[2]!);
      if (!(value > 0 && Number.isFinite(value))) parseFail(el.positional[2]!.pos, `${el.name}: value must be positive and finite`, '> 0', value);
      const temp = kv.get('temp');
      ctx.out.push({ type: el.type, name, nodes, value, ...(temp && { tempK: scope.eval(temp.value) }) });
    }
  }
}

function resolvePrints(net: Netlist, elements: readonly FlatElement[], nodes: ReadonlySet<string>): FlatPrint[] {
  const devices = new Set(elements.map((e) => e.name));
  const LABEL: Readonly<Record<PrintKind, string>> = { devv: 'V', nodev: 'V', devi: 'I', phase: 'P', nodep: 'P' };
  return net.prints.map((p) => {
    const [a, b] = p.targets as [string, string | undefined];
    const isDevice = p.kind === 'devv' || p.kind === 'devi' || p.kind === 'phase' || (b === undefined && devices.has(a) && !nodes.has(a));
    const label = `${LABEL[p.kind]}(${p.targets.join(',')})`;
    if (isDevice) {
      if (!devices.has(a)) parseFail(p.pos, 'unknown device in .print', 'an element name', a);
      const kind = p.kind === 'nodev' ? 'devv' : p.kind === 'nodep' ? 'phase' : p.kind;
      return { kind, label, device: a };
    }
    for (const n of [a, b]) if (n !== undefined && !GROUND.has(n) && !nodes.has(n)) parseFail(p.pos, 'unknown node in .print', 'a node of the circuit', n);
    const g = (n: string | undefined): string => (n === undefined || GROUND.has(n) ? '0' : n);
    return { kind: p.kind, label, nodes: [g(a), g(b)] as const };
  });
}

/**
 * Flattens a parsed netlist: parameters evaluated, subcircuits expanded, values in SI units.
 * @throws ParseError naming the line and column of a bad value, unknown model, subcircuit, node or device.
 * @example
 * const flat = elaborate(parseNetlist(text));
 */
export function elaborate(net: Netlist): FlatCircuit {
  const scope = new Scope(null);
  for (const p of net.params) scope.define(p.name, p.value);
  const ctx: Ctx = { net, out: [], mutuals: [], names: new Set(), depth: 0 };
  const topNode = (n: string): string => (GROUND.has(n.toLowerCase()) ? '0' : n.toLowerCase());
  flattenInto(ctx, net.elements, scope, topNode, '');
  if (ctx.out.length === 0) parseFail({ file: net.file, line: 1, col: 1 }, 'no circuit elements', 'at least one element (R, L, C, B, I, V, P, X)', 'an empty circuit');
  const nodes: string[] = [];
  const seen = new Set<string>();
  for (const e of ctx.out) for (const n of e.nodes) if (n !== '0' && !seen.has(n)) {
    seen.add(n);
    nodes.push(n);
  }
  const inductors = new Set(ctx.out.filter((e) => e.type === 'L').map((e) => e.name));
  for (const m of ctx.mutuals) for (const l of [m.l1, m.l2]) if (!inductors.has(l)) parseFail(net.elements[0]?.pos ?? { file: net.file, line: 1, col: 1 }, 'mutual inductance names an unknown inductor', 'an L element', l);
  const t = net.tran;
  const num = (f: Field | undefined, d: number): number => (f ? scope.eval(f) : d);
  const tran = t && { stepS: scope.eval(t.step), stopS: scope.eval(t.stop), startS: num(t.start, 0), printStepS: num(t.printStep, scope.eval(t.step)), dst: t.dst };
  if (tran && !(tran.stepS > 0 && tran.stopS > tran.stepS)) parseFail(t.step.pos, 'bad .tran times', '0 < tstep < tstop', [tran.stepS, tran.stopS]);
  return {
    elements: ctx.out,
    mutuals: ctx.mutuals,
    nodes,
    prints: resolvePrints(net, ctx.out, seen),
    ...(tran && { tran }),
    ...(net.temp && { tempK: scope.eval(net.temp) }),
    ...(net.neb && { nebHz: scope.eval(net.neb) }),
  };
}

/** Re-exported for positions in error messages of callers. */
export type { SourcePos };

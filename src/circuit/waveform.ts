/**
 * Independent-source waveforms (SPICE semantics): DC, `pwl(t0 v0 t1 v1 …)`,
 * `pulse(v1 v2 td tr tf pw per)`, `sin(vo va freq td theta)`,
 * `exp(v1 v2 td1 tau1 td2 tau2)`. Values in SI units (A, V or rad).
 */
import { parseFail } from './expr.js';
import type { Field, callArgs as CallArgs } from './lex.js';
import type { RawElement } from './netlist.js';

/** A source waveform; `waveformAt` evaluates it. */
export type Waveform =
  | { readonly kind: 'dc'; readonly value: number }
  | { readonly kind: 'pwl'; readonly t: readonly number[]; readonly v: readonly number[] }
  | { readonly kind: 'pulse'; readonly v1: number; readonly v2: number; readonly td: number; readonly tr: number; readonly tf: number; readonly pw: number; readonly per: number }
  | { readonly kind: 'sin'; readonly vo: number; readonly va: number; readonly freq: number; readonly td: number; readonly theta: number }
  | { readonly kind: 'exp'; readonly v1: number; readonly v2: number; readonly td1: number; readonly tau1: number; readonly td2: number; readonly tau2: number };

const ARITY: Readonly<Record<string, readonly [number, number, string]>> = {
  pulse: [2, 7, 'pulse(v1 v2 [td [tr [tf [pw [per]]]]])'],
  sin: [3, 5, 'sin(vo va freq [td [theta]])'],
  exp: [2, 6, 'exp(v1 v2 [td1 [tau1 [td2 [tau2]]]])'],
};

/**
 * Parses the source part of an I / V / P line.
 * @param el the element (for its line and name).
 * @param fields the fields after the two nodes.
 * @param ev evaluates one field in the element's parameter scope.
 * @param callArgs splits `name(…)` into its arguments.
 */
export function parseWaveform(el: RawElement, fields: readonly Field[], ev: (f: Field) => number, callArgs: typeof CallArgs): Waveform {
  const f = fields[0]!;
  if (f.text.toLowerCase() === 'dc') {
    if (!fields[1]) parseFail(f.pos, `${el.name}: dc without a value`, 'dc <value>', 'end of line');
    return { kind: 'dc', value: ev(fields[1]) };
  }
  if (fields.length > 1) parseFail(fields[1]!.pos, `${el.name}: unexpected field after the source`, 'end of line', fields[1]!.text);
  const call = callArgs(el.line, f);
  if (!call) return { kind: 'dc', value: ev(f) };
  const a = call.args.map(ev);
  if (call.name === 'pwl') {
    if (a.length < 2 || a.length % 2) parseFail(f.pos, `${el.name}: pwl needs time/value pairs`, 'pwl(t0 v0 [t1 v1 …])', `${a.length} numbers`);
    const t = a.filter((_, i) => i % 2 === 0);
    const v = a.filter((_, i) => i % 2 === 1);
    for (let i = 1; i < t.length; i++) if (t[i]! < t[i - 1]!) parseFail(call.args[2 * i]!.pos, `${el.name}: pwl times go backwards`, `a time >= ${t[i - 1]}`, t[i]);
    return { kind: 'pwl', t, v };
  }
  const ar = ARITY[call.name];
  if (!ar) parseFail(f.pos, `${el.name}: unknown source function`, 'a value, dc, pwl(…), pulse(…), sin(…) or exp(…)', call.name);
  if (a.length < ar[0] || a.length > ar[1]) parseFail(f.pos, `${el.name}: wrong number of ${call.name} arguments`, ar[2], a.length);
  const g = (i: number, d: number): number => a[i] ?? d;
  if (call.name === 'pulse') return { kind: 'pulse', v1: a[0]!, v2: a[1]!, td: g(2, 0), tr: g(3, 0), tf: g(4, 0), pw: g(5, Infinity), per: g(6, Infinity) };
  if (call.name === 'sin') return { kind: 'sin', vo: a[0]!, va: a[1]!, freq: a[2]!, td: g(3, 0), theta: g(4, 0) };
  return { kind: 'exp', v1: a[0]!, v2: a[1]!, td1: g(2, 0), tau1: g(3, 1e-12), td2: g(4, Infinity), tau2: g(5, 1e-12) };
}

/**
 * The waveform's value at time `tS` (seconds).
 * @example
 * waveformAt({ kind: 'pwl', t: [0, 1e-12], v: [0, 1] }, 0.5e-12); // 0.5
 */
export function waveformAt(w: Waveform, tS: number): number {
  switch (w.kind) {
    case 'dc':
      return w.value;
    case 'pwl': {
      const { t, v } = w;
      if (tS <= t[0]!) return v[0]!;
      const n = t.length;
      if (tS >= t[n - 1]!) return v[n - 1]!;
      let lo = 0;
      let hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (t[mid]! <= tS) lo = mid;
        else hi = mid;
      }
      const span = t[hi]! - t[lo]!;
      return span > 0 ? v[lo]! + ((v[hi]! - v[lo]!) * (tS - t[lo]!)) / span : v[hi]!;
    }
    case 'pulse': {
      if (tS < w.td) return w.v1;
      const tt = Number.isFinite(w.per) ? (tS - w.td) % w.per : tS - w.td;
      if (tt < w.tr) return w.v1 + ((w.v2 - w.v1) * tt) / w.tr;
      if (tt < w.tr + w.pw) return w.v2;
      if (tt < w.tr + w.pw + w.tf) return w.v2 + ((w.v1 - w.v2) * (tt - w.tr - w.pw)) / w.tf;
      return w.v1;
    }
    case 'sin':
      return tS < w.td ? w.vo : w.vo + w.va * Math.exp(-(tS - w.td) * w.theta) * Math.sin(2 * Math.PI * w.freq * (tS - w.td));
    case 'exp': {
      let v = w.v1;
      if (tS > w.td1) v += (w.v2 - w.v1) * (1 - Math.exp(-(tS - w.td1) / w.tau1));
      if (tS > w.td2) v += (w.v1 - w.v2) * (1 - Math.exp(-(tS - w.td2) / w.tau2));
      return v;
    }
  }
}

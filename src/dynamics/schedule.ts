/**
 * Port-level instantaneous dependencies of a filled wiring diagram (internal;
 * used by the compiled evaluator). Nodes are box OUTPUT ports; there is an edge
 * (A, o) → (B, o') when a wire carries (A, o) into an input (B, i) and B declares
 * (i → o') as feedthrough. Only a cycle in this graph is an algebraic loop: a
 * box-level cycle is fine when no port depends on itself (a learner box wired
 * forward h.y → o.a and backward o.r → h.b: y depends on a only).
 *
 * The readout schedule evaluates the outputs in port-topological order: Moore
 * boxes (no feedthrough) once, from the current state; then a list of Mealy
 * readout calls, each made when at least one more of that box's outputs has all
 * of its declared dependencies final. A box may therefore be called more than
 * once per evaluation with partially gathered inputs: the outputs it writes
 * early from stale inputs are rewritten by its later call, and every output that
 * is final when written depends (by its declaration) only on final inputs.
 */
import { NeuroError } from '../util/index.js';
import type { Feedthrough, Machine } from './machine.js';
import { boxLabel, type End, type WiringDiagram } from './wiring.js';

/** The evaluation order of box readouts. */
export interface ReadoutSchedule {
  /** Boxes without feedthrough (Moore), read out first from the current state. */
  readonly moore: Int32Array;
  /** Mealy readout calls in order, one box index per call (a box may repeat). */
  readonly calls: Int32Array;
}

interface PortGraph {
  /** Offsets of each box's outputs in the global output numbering. */
  readonly outOff: Int32Array;
  readonly boxOf: Int32Array;
  /** Direct predecessors of each output port, with the input port of its box that the wire enters. */
  readonly preds: { readonly from: number; readonly inPort: number }[][];
  readonly succs: number[][];
}

function portGraph(d: WiringDiagram, ms: readonly Machine<unknown>[]): PortGraph {
  const outOff = new Int32Array(ms.length + 1);
  ms.forEach((m, b) => (outOff[b + 1] = outOff[b]! + m.nOut));
  const n = outOff[ms.length]!;
  const boxOf = new Int32Array(n);
  ms.forEach((_, b) => boxOf.fill(b, outOff[b]!, outOff[b + 1]!));
  // Box outputs feeding each box input port (outer inputs are always ready, so they are no nodes).
  const feeds = ms.map((m) => Array.from({ length: m.nIn }, () => [] as number[]));
  for (const w of d.wires) {
    if (typeof w.from.box === 'number' && typeof w.to.box === 'number') feeds[w.to.box]![w.to.port]!.push(outOff[w.from.box]! + w.from.port);
  }
  const preds: { from: number; inPort: number }[][] = Array.from({ length: n }, () => []);
  const succs: number[][] = Array.from({ length: n }, () => []);
  ms.forEach((m, b) => {
    const seen = new Set<string>();
    for (const [i, o] of m.feedthrough) {
      const g = outOff[b]! + o;
      for (const h of feeds[b]![i]!) {
        const key = `${g}:${h}`;
        if (seen.has(key)) continue;
        seen.add(key);
        preds[g]!.push({ from: h, inPort: i });
        succs[h]!.push(g);
      }
    }
  });
  return { outOff, boxOf, preds, succs };
}

function portLabel(d: WiringDiagram, ms: readonly Machine<unknown>[], b: number, dir: 'input' | 'output', port: number): string {
  const names = dir === 'input' ? ms[b]!.inNames : ms[b]!.outNames;
  const name = names?.[port];
  return `${boxLabel(d, b)} ${dir} ${port}${name === undefined ? '' : ` (${name})`}`;
}

/** Throws `algebraic_loop` naming the boxes and ports of one cycle among the unfinished outputs. */
function throwCycle(d: WiringDiagram, ms: readonly Machine<unknown>[], g: PortGraph, done: Uint8Array, where: string): never {
  // Every unfinished output has an unfinished predecessor; walk back until a port repeats.
  let cur = done.indexOf(0);
  const pos = new Map<number, number>();
  const walk: { port: number; inPort: number }[] = [];
  while (!pos.has(cur)) {
    pos.set(cur, walk.length);
    const p = g.preds[cur]!.find((q) => done[q.from] === 0)!;
    walk.push({ port: cur, inPort: p.inPort });
    cur = p.from;
  }
  // walk[k] is fed by walk[k + 1]; reverse into flow order, starting at the lowest port.
  const loop = walk.slice(pos.get(cur)).reverse();
  const first0 = loop.reduce((best, c, k) => (c.port < loop[best]!.port ? k : best), 0);
  const cyc = [...loop.slice(first0), ...loop.slice(0, first0)];
  const steps: string[] = [];
  const received: { box: string | number; outPort: number; intoInPort: number }[] = [];
  cyc.forEach((c, k) => {
    const next = cyc[(k + 1) % cyc.length]!;
    const b = g.boxOf[c.port]!;
    const nb = g.boxOf[next.port]!;
    steps.push(`${portLabel(d, ms, b, 'output', c.port - g.outOff[b]!)} → ${portLabel(d, ms, nb, 'input', next.inPort)}`);
    received.push({ box: d.boxes[b]!.name ?? b, outPort: c.port - g.outOff[b]!, intoInPort: next.inPort });
  });
  const first = g.boxOf[cyc[0]!.port]!;
  throw new NeuroError('algebraic_loop', where, {
    what: `algebraic loop through instantaneous (Mealy) readouts: ${steps.join(' → ')} → ${portLabel(d, ms, first, 'output', cyc[0]!.port - g.outOff[first]!)}`,
    expected: 'no output port that depends instantaneously on itself',
    received,
  });
}

/**
 * Checks the port-level dependency graph for cycles and orders the readouts.
 * @param d - the diagram.
 * @param ms - one machine per box.
 * @param where - the call site for errors.
 * @returns the Moore boxes and the Mealy call list.
 * @throws NeuroError `algebraic_loop` naming every box and port on one cycle.
 */
export function readoutSchedule(d: WiringDiagram, ms: readonly Machine<unknown>[], where: string): ReadoutSchedule {
  const g = portGraph(d, ms);
  const n = g.outOff[ms.length]!;
  const pending = Int32Array.from(g.preds, (p) => p.length);
  const done = new Uint8Array(n);
  const finish = (port: number): void => {
    done[port] = 1;
    for (const s of g.succs[port]!) pending[s]!--;
  };
  const mealy: number[] = [];
  const moore: number[] = [];
  ms.forEach((m, b) => {
    if (m.feedthrough.length > 0) mealy.push(b);
    else {
      moore.push(b);
      for (let k = g.outOff[b]!; k < g.outOff[b + 1]!; k++) finish(k);
    }
  });
  const calls: number[] = [];
  const status = (b: number): { ready: number; left: number } => {
    let ready = 0;
    let left = 0;
    for (let k = g.outOff[b]!; k < g.outOff[b + 1]!; k++) {
      if (done[k] === 1) continue;
      left++;
      if (pending[k] === 0) ready++;
    }
    return { ready, left };
  };
  let open = mealy.filter((b) => status(b).left > 0);
  while (open.length > 0) {
    // A call that finishes a box is never wasted; otherwise make progress with the first box that can.
    let pick = -1;
    for (const b of open) {
      const s = status(b);
      if (s.ready === s.left) {
        pick = b;
        break;
      }
      if (s.ready > 0 && pick < 0) pick = b;
    }
    if (pick < 0) throwCycle(d, ms, g, done, where);
    const ready: number[] = [];
    for (let k = g.outOff[pick]!; k < g.outOff[pick + 1]!; k++) if (done[k] === 0 && pending[k] === 0) ready.push(k);
    ready.forEach(finish);
    calls.push(pick);
    open = open.filter((b) => status(b).left > 0);
  }
  return { moore: Int32Array.from(moore), calls: Int32Array.from(calls) };
}

/**
 * Outer input → outer output dependencies of the composite, by port-level
 * reachability through the boxes' declared feedthrough (exact, never box-level).
 */
export function compositeFeedthrough(d: WiringDiagram, ms: readonly Machine<unknown>[]): Feedthrough {
  const pairs: [number, number][] = [];
  for (let i = 0; i < d.outer.nIn; i++) {
    const seen = new Set<string>();
    const outs = new Set<number>();
    const frontier: End[] = [{ box: 'in', port: i }];
    while (frontier.length > 0) {
      const e = frontier.pop()!;
      for (const w of d.wires) {
        if (w.from.box !== e.box || w.from.port !== e.port) continue;
        const t = w.to;
        if (t.box === 'out') outs.add(t.port);
        else if (typeof t.box === 'number') {
          for (const [fi, fo] of ms[t.box]!.feedthrough) {
            const key = `${t.box}:${fo}`;
            if (fi === t.port && !seen.has(key)) {
              seen.add(key);
              frontier.push({ box: t.box, port: fo });
            }
          }
        }
      }
    }
    for (const o of [...outs].sort((a, b) => a - b)) pairs.push([i, o]);
  }
  return pairs;
}

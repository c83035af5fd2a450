/**
 * Connectors (PyNN's names) and compressed sparse row (CSR) synapse storage.
 * Synapses are sorted by presynaptic neuron: `rowPtr[j]..rowPtr[j+1]` index the
 * targets of neuron j, so delivering a spike is one contiguous scan. Storage per
 * synapse: int32 target, float64 weight, uint16 delay (steps): 14 bytes, so 10⁷
 * synapses take 140 MB. Fixed-probability rows are drawn by geometric skips,
 * O(synapses) rather than O(nPre·nPost).
 */
import { ArgumentError, ShapeError, type Rng } from '../util/index.js';

/** How a projection's synapses are chosen. */
export type Connector =
  | { readonly kind: 'oneToOne' }
  | { readonly kind: 'allToAll'; readonly allowSelfConnections: boolean }
  | { readonly kind: 'fixedProbability'; readonly pConnect: number; readonly allowSelfConnections: boolean }
  | { readonly kind: 'fromList'; readonly list: readonly (readonly [number, number, number?, number?])[] };

/** PyNN `OneToOneConnector`: neuron i → neuron i (equal sizes). */
export const oneToOne = (): Connector => ({ kind: 'oneToOne' });
/** PyNN `AllToAllConnector`. Self connections only matter when pre and post are one population. */
export const allToAll = (opts: { allowSelfConnections?: boolean } = {}): Connector => ({ kind: 'allToAll', allowSelfConnections: opts.allowSelfConnections ?? true });
/** PyNN `FixedProbabilityConnector`: each pair independently with probability pConnect (seeded by the network rng). */
export function fixedProbability(pConnect: number, opts: { allowSelfConnections?: boolean } = {}): Connector {
  if (!(pConnect >= 0 && pConnect <= 1)) throw new ArgumentError('fixedProbability(pConnect)', { what: 'not a probability', expected: 'in [0, 1]', received: pConnect });
  return { kind: 'fixedProbability', pConnect, allowSelfConnections: opts.allowSelfConnections ?? true };
}
/** PyNN `FromListConnector`: `[pre, post, weight?, delayMs?]` entries (missing weight/delay take the projection's). */
export const fromList = (list: readonly (readonly [number, number, number?, number?])[]): Connector => ({ kind: 'fromList', list });

/** Synapses of one projection in CSR order. */
export interface Csr {
  readonly nPre: number;
  readonly nPost: number;
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly weight: Float64Array;
  readonly delay: Uint16Array;
}

/** A growable int32 buffer (doubling). */
class IntBuf {
  data = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.n++] = v;
  }
}

/**
 * Builds the CSR synapse table. `same` says pre and post are one population
 * (self connections then exist). Weights/delays not given per synapse are
 * filled by `weight(k)` and `delaySteps`.
 */
export function buildCsr(where: string, c: Connector, nPre: number, nPost: number, same: boolean, rng: Rng, weight: (k: number) => number, delaySteps: number, dtMs: number): Csr {
  const rowPtr = new Int32Array(nPre + 1);
  if (c.kind === 'fromList') return fromListCsr(where, c.list, nPre, nPost, weight, delaySteps, dtMs);
  const cols = new IntBuf();
  if (c.kind === 'oneToOne' && nPre !== nPost) throw new ShapeError(`${where}: oneToOne`, { what: 'population sizes differ', expected: nPre, received: nPost });
  for (let j = 0; j < nPre; j++) {
    if (c.kind === 'oneToOne') cols.push(j);
    else if (c.kind === 'allToAll') {
      for (let i = 0; i < nPost; i++) if (c.allowSelfConnections || !same || i !== j) cols.push(i);
    } else if (c.pConnect > 0) {
      // Geometric skips: the gap to the next chosen target is Geometric(p).
      const lq = Math.log1p(-c.pConnect);
      let i = -1;
      for (;;) {
        i += c.pConnect === 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.next()) / lq);
        if (i >= nPost) break;
        if (c.allowSelfConnections || !same || i !== j) cols.push(i);
      }
    }
    rowPtr[j + 1] = cols.n;
  }
  const n = cols.n;
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = weight(k);
  return { nPre, nPost, rowPtr, col: cols.data.slice(0, n), weight: w, delay: new Uint16Array(n).fill(delaySteps) };
}

function fromListCsr(where: string, list: readonly (readonly [number, number, number?, number?])[], nPre: number, nPost: number, weight: (k: number) => number, delaySteps: number, dtMs: number): Csr {
  const order = list.map((_, k) => k);
  list.forEach((e, k) => {
    if (!Number.isInteger(e[0]) || !Number.isInteger(e[1]) || e[0] < 0 || e[0] >= nPre || e[1] < 0 || e[1] >= nPost) {
      throw new ArgumentError(`${where}: fromList[${k}]`, { what: 'neuron index out of range', expected: `[0..${nPre - 1}, 0..${nPost - 1}]`, received: [e[0], e[1]] });
    }
  });
  order.sort((a, b) => list[a]![0] - list[b]![0] || a - b);
  const n = list.length;
  const rowPtr = new Int32Array(nPre + 1);
  const col = new Int32Array(n);
  const w = new Float64Array(n);
  const d = new Uint16Array(n);
  order.forEach((src, k) => {
    const e = list[src]!;
    rowPtr[e[0] + 1]!++;
    col[k] = e[1];
    w[k] = e[2] ?? weight(k);
    d[k] = e[3] === undefined ? delaySteps : toDelaySteps(`${where}: fromList[${src}] delay`, e[3], dtMs);
  });
  for (let j = 0; j < nPre; j++) rowPtr[j + 1]! += rowPtr[j]!;
  return { nPre, nPost, rowPtr, col, weight: w, delay: d };
}

/** Delay in ms → steps (rounded, at least 1: spikes act on the next step at the earliest, as in NEST). */
export function toDelaySteps(where: string, delayMs: number, dtMs: number): number {
  const s = Math.max(1, Math.round(delayMs / dtMs));
  if (!Number.isFinite(delayMs) || delayMs < 0 || s > 65535) throw new ArgumentError(where, { what: 'bad delay', expected: `0..${65535 * dtMs} ms`, received: delayMs });
  return s;
}

/** Column (post-major) index of a CSR table: for each post i, the synapse ids targeting it. */
export function transposeIndex(csr: Csr): { readonly colPtr: Int32Array; readonly synIds: Int32Array; readonly preOf: Int32Array } {
  const { nPre, nPost, rowPtr, col } = csr;
  const colPtr = new Int32Array(nPost + 1);
  for (let k = 0; k < col.length; k++) colPtr[col[k]! + 1]!++;
  for (let i = 0; i < nPost; i++) colPtr[i + 1]! += colPtr[i]!;
  const fill = colPtr.slice(0, nPost);
  const synIds = new Int32Array(col.length);
  const preOf = new Int32Array(col.length);
  for (let j = 0; j < nPre; j++) {
    for (let k = rowPtr[j]!; k < rowPtr[j + 1]!; k++) {
      const slot = fill[col[k]!]!++;
      synIds[slot] = k;
      preOf[k] = j;
    }
  }
  return { colPtr, synIds, preOf };
}

/**
 * Runtime of one plastic projection: lazily decaying pre/post traces, a history
 * ring of presynaptic spikes for the (uniform) axonal delay, the STDP updates
 * of `stdp.ts`, and synaptic scaling. Traces count from the spike's arrival at
 * the synapse (pre) and the postsynaptic spike itself (post), as in Brian2's
 * `on_pre`/`on_post` with a synaptic delay.
 */
import { depress, potentiate, type StdpConfig, type SynapticScaling } from './stdp.js';
import type { Csr } from './connectors.js';

/** Traces, pending spikes and scaling state of a plastic projection. */
export class Plasticity {
  private readonly x: Float64Array;
  private readonly xLast: Float64Array;
  private readonly y: Float64Array;
  private readonly yLast: Float64Array;
  private readonly hist: Int32Array;
  private readonly histN: Int32Array;
  private readonly countsAtScale: Int32Array;
  private readonly kPlus: number;
  private readonly kMinus: number;
  private readonly scaleSteps: number;

  constructor(
    private readonly rule: StdpConfig,
    private readonly scaling: SynapticScaling | null,
    private readonly csr: Csr,
    private readonly t: { readonly colPtr: Int32Array; readonly synIds: Int32Array; readonly preOf: Int32Array },
    private readonly delaySteps: number,
    private readonly dtMs: number,
  ) {
    this.x = new Float64Array(csr.nPre);
    this.xLast = new Float64Array(csr.nPre);
    this.y = new Float64Array(csr.nPost);
    this.yLast = new Float64Array(csr.nPost);
    this.hist = new Int32Array((delaySteps + 1) * csr.nPre);
    this.histN = new Int32Array(delaySteps + 1);
    this.countsAtScale = new Int32Array(csr.nPost);
    this.kPlus = -dtMs / rule.tauPlusMs;
    this.kMinus = -dtMs / rule.tauMinusMs;
    this.scaleSteps = scaling ? Math.max(1, Math.round(scaling.intervalMs / dtMs)) : 0;
  }

  /** Clears traces and spikes in flight. */
  reset(): void {
    this.x.fill(0);
    this.xLast.fill(0);
    this.y.fill(0);
    this.yLast.fill(0);
    this.histN.fill(0);
    this.countsAtScale.fill(0);
  }

  /** Remembers the presynaptic spikes of step s until they arrive. */
  storePre(s: number, idx: Int32Array, n: number): void {
    const slot = s % (this.delaySteps + 1);
    this.hist.set(idx.subarray(0, n), slot * this.csr.nPre);
    this.histN[slot] = n;
  }

  /** Delivers the spikes arriving at step s into `buf[off + i]`, depressing first when learning. Returns the event count. */
  deliverArrivals(s: number, buf: Float64Array, off: number, learn: boolean): number {
    const D = this.delaySteps;
    if (s < D) return 0;
    const slot = (s - D) % (D + 1);
    const nArr = this.histN[slot]!;
    const { rowPtr, col, weight, nPre } = this.csr;
    const { x, xLast, y, yLast, rule, kPlus, kMinus } = this;
    let events = 0;
    for (let a = 0; a < nArr; a++) {
      const j = this.hist[slot * nPre + a]!;
      const r0 = rowPtr[j]!;
      const r1 = rowPtr[j + 1]!;
      events += r1 - r0;
      for (let k = r0; k < r1; k++) {
        const i = col[k]!;
        if (learn && y[i]! !== 0) weight[k] = depress(rule, weight[k]!, y[i]! * Math.exp((s - yLast[i]!) * kMinus));
        buf[off + i]! += weight[k]!;
      }
      if (learn) {
        const xj = x[j]! * Math.exp((s - xLast[j]!) * kPlus);
        x[j] = rule.pairing === 'nearest' ? 1 : xj + 1;
        xLast[j] = s;
      }
    }
    return events;
  }

  /** Potentiates the incoming synapses of the post neurons that spiked at step s, then bumps their traces. */
  onPost(s: number, idx: Int32Array, n: number): void {
    const { colPtr, synIds, preOf } = this.t;
    const { x, xLast, y, yLast, rule, kPlus, kMinus } = this;
    const w = this.csr.weight;
    for (let a = 0; a < n; a++) {
      const i = idx[a]!;
      for (let m = colPtr[i]!; m < colPtr[i + 1]!; m++) {
        const k = synIds[m]!;
        const j = preOf[k]!;
        if (x[j]! !== 0) w[k] = potentiate(rule, w[k]!, x[j]! * Math.exp((s - xLast[j]!) * kPlus));
      }
      const yi = y[i]! * Math.exp((s - yLast[i]!) * kMinus);
      y[i] = rule.pairing === 'nearest' ? 1 : yi + 1;
      yLast[i] = s;
    }
  }

  /** Applies synaptic scaling at the end of each interval. `counts`: post spike counts since reset. */
  maybeScale(s: number, counts: Int32Array): void {
    const sc = this.scaling;
    if (!sc || (s + 1) % this.scaleSteps !== 0) return;
    const { colPtr, synIds } = this.t;
    const w = this.csr.weight;
    const { wMin, wMax } = this.rule;
    const intervalS = (this.scaleSteps * this.dtMs) / 1000;
    for (let i = 0; i < this.csr.nPost; i++) {
      let f: number;
      if (sc.mode === 'sum') {
        let sum = 0;
        for (let m = colPtr[i]!; m < colPtr[i + 1]!; m++) sum += w[synIds[m]!]!;
        if (!(sum > 0)) continue;
        f = sc.targetSum / sum;
      } else {
        const rate = (counts[i]! - this.countsAtScale[i]!) / intervalS;
        this.countsAtScale[i] = counts[i]!;
        f = 1 + (sc.eta * (sc.targetRateHz - rate)) / sc.targetRateHz;
      }
      for (let m = colPtr[i]!; m < colPtr[i + 1]!; m++) {
        const k = synIds[m]!;
        const nw = w[k]! * f;
        w[k] = nw > wMax ? wMax : nw < wMin ? wMin : nw;
      }
    }
  }
}

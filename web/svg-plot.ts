/**
 * Tiny dependency-free SVG plots for the results report: line plots (optional
 * log y) and grouped bar charts, with axes, "nice" ticks, axis labels and a
 * legend. Output is a standalone `<svg>` string; nothing is fetched.
 */
import type { BarSeries, LineSeries, SeriesData } from '../src/experiment/index.js';

/** Size and colours of a plot. */
export interface PlotOptions {
  /** Width in px (default 520). */
  readonly width?: number;
  /** Height in px (default 300). */
  readonly height?: number;
  /** Series colours, cycled (default: a colour-blind-friendly palette). */
  readonly colors?: readonly string[];
}

/** Okabe–Ito palette: distinguishable under the common colour-vision deficiencies. */
export const PALETTE: readonly string[] = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

const MARGIN = { left: 62, right: 16, top: 30, bottom: 46 };

/** Escapes text for SVG / HTML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering [min, max].
 * @example
 * niceTicks(0, 0.93, 5); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  const start = Math.floor(min / step + 1e-9) * step;
  for (let v = start; v <= max + step * (1 - 1e-9); v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A short label for a tick value: `0.25`, `1.5k`, `2e-5`. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e6 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  if (a >= 1e4) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

interface Frame {
  readonly w: number;
  readonly h: number;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

function frame(opts: PlotOptions): Frame {
  const w = opts.width ?? 520;
  const h = opts.height ?? 300;
  return { w, h, x0: MARGIN.left, x1: w - MARGIN.right, y0: h - MARGIN.bottom, y1: MARGIN.top };
}

const fmt = (v: number): string => String(Math.round(v * 10) / 10);

function axes(f: Frame, s: { title?: string; xLabel?: string; yLabel?: string }, yTicks: { pos: number; label: string }[], xTicks: { pos: number; label: string }[]): string {
  const parts: string[] = [];
  for (const t of yTicks) {
    parts.push(`<line x1="${f.x0}" x2="${f.x1}" y1="${fmt(t.pos)}" y2="${fmt(t.pos)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${f.x0 - 6}" y="${fmt(t.pos + 4)}" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  for (const t of xTicks) {
    parts.push(`<line x1="${fmt(t.pos)}" x2="${fmt(t.pos)}" y1="${f.y0}" y2="${f.y0 + 5}" stroke="#333"/>`);
    parts.push(`<text x="${fmt(t.pos)}" y="${f.y0 + 18}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  parts.push(`<path d="M${f.x0} ${f.y1}V${f.y0}H${f.x1}" fill="none" stroke="#333"/>`);
  if (s.title) parts.push(`<text x="${(f.x0 + f.x1) / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeXml(s.title)}</text>`);
  if (s.xLabel) parts.push(`<text x="${(f.x0 + f.x1) / 2}" y="${f.h - 8}" text-anchor="middle">${escapeXml(s.xLabel)}</text>`);
  if (s.yLabel) {
    const cy = (f.y0 + f.y1) / 2;
    parts.push(`<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})">${escapeXml(s.yLabel)}</text>`);
  }
  return parts.join('');
}

function legend(f: Frame, labels: readonly string[], colors: readonly string[]): string {
  if (labels.length < 2) return '';
  const rowH = 16;
  const width = Math.min(200, 28 + 7 * Math.max(...labels.map((l) => l.length)));
  const x = f.x1 - width - 4;
  const parts = [`<g class="legend"><rect x="${x}" y="${f.y1 + 4}" width="${width}" height="${labels.length * rowH + 6}" fill="#fff" fill-opacity="0.85" stroke="#ccc"/>`];
  labels.forEach((label, i) => {
    const y = f.y1 + 4 + 4 + i * rowH + rowH / 2;
    parts.push(`<rect x="${x + 6}" y="${y - 5}" width="14" height="10" fill="${colors[i % colors.length]}"/>`);
    parts.push(`<text x="${x + 26}" y="${y + 4}">${escapeXml(label)}</text>`);
  });
  return `${parts.join('')}</g>`;
}

function svg(f: Frame, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f.w}" height="${f.h}" viewBox="0 0 ${f.w} ${f.h}" font-family="system-ui, sans-serif" font-size="11" role="img">${body}</svg>`;
}

function range(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/**
 * Renders a line plot. Non-finite points (and non-positive ones on a log axis) break the line.
 * @param s x values and one y list per legend label.
 * @returns an `<svg>` element as a string.
 * @example
 * linePlot({ kind: 'line', x: [1, 2, 3], ys: { train: [0.9, 0.5, 0.3] }, xLabel: 'epoch', yLabel: 'loss' });
 */
export function linePlot(s: LineSeries, opts: PlotOptions = {}): string {
  const f = frame(opts);
  const colors = opts.colors ?? PALETTE;
  const labels = Object.keys(s.ys);
  const ty = (v: number): number => (s.logY ? (v > 0 ? Math.log10(v) : NaN) : v);
  const [xmin, xmax] = range(s.x);
  const [ymin, ymax] = range(labels.flatMap((l) => (s.ys[l] as readonly number[]).map(ty)));
  const xt = niceTicks(xmin, xmax, 6);
  const yt = s.logY ? niceTicks(Math.floor(ymin), Math.ceil(ymax), 5).filter(Number.isInteger) : niceTicks(ymin, ymax, 5);
  const [xa, xb] = [Math.min(xt[0] ?? xmin, xmin), Math.max(xt[xt.length - 1] ?? xmax, xmax)];
  const [ya, yb] = [Math.min(yt[0] ?? ymin, ymin), Math.max(yt[yt.length - 1] ?? ymax, ymax)];
  const px = (v: number): number => f.x0 + ((v - xa) / (xb - xa || 1)) * (f.x1 - f.x0);
  const py = (v: number): number => f.y0 - ((v - ya) / (yb - ya || 1)) * (f.y0 - f.y1);
  const yTicks = yt.map((v) => ({ pos: py(v), label: s.logY ? formatTick(10 ** v) : formatTick(v) }));
  const xTicks = xt.map((v) => ({ pos: px(v), label: formatTick(v) }));
  const lines = labels.map((label, i) => {
    const ys = s.ys[label] as readonly number[];
    let d = '';
    let pen = false;
    for (let k = 0; k < s.x.length; k++) {
      const y = ty(ys[k] as number);
      const x = s.x[k] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${fmt(px(x))} ${fmt(py(y))}`;
      pen = true;
    }
    const color = colors[i % colors.length] as string;
    const dots = s.x.length <= 30 ? s.x.map((x, k) => (Number.isFinite(ty(ys[k] as number)) ? `<circle cx="${fmt(px(x))}" cy="${fmt(py(ty(ys[k] as number)))}" r="2.5" fill="${color}"/>` : '')).join('') : '';
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"><title>${escapeXml(label)}</title></path>${dots}`;
  });
  return svg(f, axes(f, s, yTicks, xTicks) + lines.join('') + legend(f, labels, colors));
}

/**
 * Renders a grouped bar chart (the y axis always includes 0).
 * @param s category labels and one value list per legend label.
 * @returns an `<svg>` element as a string.
 * @example
 * barPlot({ kind: 'bar', labels: ['MLP', 'CNN'], ys: { accuracy: [0.97, 0.99] } });
 */
export function barPlot(s: BarSeries, opts: PlotOptions = {}): string {
  const f = frame(opts);
  const colors = opts.colors ?? PALETTE;
  const names = Object.keys(s.ys);
  const [lo, hi] = range([0, ...names.flatMap((n) => s.ys[n] as readonly number[])]);
  const yt = niceTicks(lo, hi, 5);
  const [ya, yb] = [Math.min(yt[0] ?? lo, lo), Math.max(yt[yt.length - 1] ?? hi, hi)];
  const py = (v: number): number => f.y0 - ((v - ya) / (yb - ya || 1)) * (f.y0 - f.y1);
  const groupW = (f.x1 - f.x0) / Math.max(1, s.labels.length);
  const barW = (groupW * 0.8) / Math.max(1, names.length);
  const bars: string[] = [];
  s.labels.forEach((_, g) => {
    names.forEach((name, i) => {
      const v = (s.ys[name] as readonly number[])[g] as number;
      if (!Number.isFinite(v)) return;
      const x = f.x0 + g * groupW + groupW * 0.1 + i * barW;
      const [top, bottom] = [py(Math.max(v, 0)), py(Math.min(v, 0))];
      bars.push(`<rect x="${fmt(x)}" y="${fmt(top)}" width="${fmt(barW)}" height="${fmt(bottom - top)}" fill="${colors[i % colors.length]}"><title>${escapeXml(`${name}: ${v}`)}</title></rect>`);
    });
  });
  const yTicks = yt.map((v) => ({ pos: py(v), label: formatTick(v) }));
  const xTicks = s.labels.map((label, g) => ({ pos: f.x0 + (g + 0.5) * groupW, label }));
  return svg(f, axes(f, s, yTicks, xTicks) + bars.join('') + legend(f, names, colors));
}

/** Renders any {@link SeriesData} with the matching plot. */
export function plotSeries(s: SeriesData, opts: PlotOptions = {}): string {
  return s.kind === 'bar' ? barPlot(s, opts) : linePlot(s, opts);
}

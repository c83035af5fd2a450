/**
 * The results report: one self-contained HTML page (inline CSS and SVG, no
 * scripts, fonts or other fetched resources) with a summary table of every
 * claim and, per experiment, its plots, metrics, config and run info.
 * Pure: takes result records, returns a string; the CLI reads and writes files.
 */
import type { ClaimResult, ResultRecord } from '../src/experiment/index.js';
import { escapeXml, plotSeries } from './svg-plot.js';

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Page title (default "neuromorph results"). */
  readonly title?: string;
  /** When the page was generated (ISO string), shown in the header; omitted when absent. */
  readonly generatedAt?: string;
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.met{background:#e3f4e3;color:#135c13;font-weight:600}.missed{background:#fbe3e1;color:#8a1c12;font-weight:600}
.crash{background:#fbe3e1;border:1px solid #e0a39c;padding:6px 10px;white-space:pre-wrap}
.plots{display:flex;flex-wrap:wrap;gap:12px}.meta{color:#555}code{background:#f4f4f4;padding:0 3px}
`;

/** Formats a number for tables: up to 4 significant digits, `—` for null. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

function metCell(c: ClaimResult): string {
  return c.met ? '<td class="met">met</td>' : '<td class="missed">missed</td>';
}

function summary(records: readonly ResultRecord[]): string {
  const rows: string[] = [];
  for (const r of records) {
    const id = `<a href="#${escapeXml(r.id)}">${escapeXml(r.id)}</a>`;
    if (r.claims.length === 0) {
      rows.push(`<tr><td>${id}</td><td>${escapeXml(r.scale)}</td><td colspan="4">${r.error ? '<span class="missed">crashed</span>' : 'no claims at this scale'}</td></tr>`);
    }
    for (const c of r.claims) {
      rows.push(
        `<tr><td>${id}</td><td>${escapeXml(r.scale)}</td><td><code>${escapeXml(`${c.metric} ${c.op}`)}</code></td>` +
          `<td class="num">${formatNumber(c.value)}</td><td class="num">${formatNumber(c.measured)}</td>${metCell(c)}</tr>`,
      );
    }
  }
  return `<table><thead><tr><th>experiment</th><th>scale</th><th>claim</th><th>target</th><th>measured</th><th>result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function keyValueTable(entries: [string, string][]): string {
  return `<table>${entries.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('')}</table>`;
}

function section(r: ResultRecord): string {
  const paper = r.paper;
  const cite = [paper.authors, paper.year].filter((x) => x !== undefined).join(', ');
  const parts = [`<section id="${escapeXml(r.id)}"><h2>${escapeXml(r.id)}</h2>`];
  parts.push(`<p><a href="${escapeXml(paper.url)}">${escapeXml(paper.title)}</a>${cite ? ` — ${escapeXml(cite)}` : ''}</p>`);
  if (r.description) parts.push(`<p>${escapeXml(r.description)}</p>`);
  if (r.error) parts.push(`<div class="crash">crashed: ${escapeXml(r.error)}</div>`);
  const plots = Object.entries(r.series).map(([name, s]) => `<figure title="${escapeXml(name)}">${plotSeries(s.title ? s : { ...s, title: name })}</figure>`);
  if (plots.length) parts.push(`<div class="plots">${plots.join('')}</div>`);
  const claims = r.claims.map(
    (c) => `<tr><td><code>${escapeXml(`${c.metric} ${c.op} ${formatNumber(c.value)}`)}</code></td><td class="num">${formatNumber(c.measured)}</td>${metCell(c)}<td>${escapeXml(c.description ?? '')}</td></tr>`,
  );
  if (claims.length) parts.push(`<h3>Claims (${escapeXml(r.scale)} scale)</h3><table><tr><th>claim</th><th>measured</th><th>result</th><th>meaning</th></tr>${claims.join('')}</table>`);
  const metrics = Object.entries(r.metrics).map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td class="num">${formatNumber(v)}</td></tr>`);
  if (metrics.length) parts.push(`<h3>Metrics</h3><table>${metrics.join('')}</table>`);
  parts.push(`<details><summary>Config</summary>${keyValueTable(Object.entries(r.config).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]))}</details>`);
  parts.push(
    `<details><summary>Run info</summary>${keyValueTable([
      ['scale', r.scale],
      ['seed', String(r.seed)],
      ['started', r.startedAt],
      ['wall time', `${formatNumber(r.wallTimeS)} s`],
      ['git commit', r.gitCommit ?? 'unknown'],
      ['package version', r.packageVersion ?? 'unknown'],
      ['node', r.nodeVersion ?? 'unknown'],
    ])}</details></section>`,
  );
  return parts.join('\n');
}

/**
 * Renders the report page.
 * @param records one results record per experiment (sorted by id in the page).
 * @returns a complete HTML document that loads nothing from the network.
 * @example
 * writeFileSync('results/index.html', renderReport(records, { generatedAt: new Date().toISOString() }));
 */
export function renderReport(records: readonly ResultRecord[], options: ReportOptions = {}): string {
  const sorted = [...records].sort((a, b) => a.id.localeCompare(b.id));
  const claims = sorted.flatMap((r) => r.claims);
  const met = claims.filter((c) => c.met).length;
  const title = options.title ?? 'neuromorph results';
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeXml(title)}</title><style>${CSS}</style></head><body>`;
  const header = `<h1>${escapeXml(title)}</h1><p class="meta">${met} of ${claims.length} claims met across ${sorted.length} experiment${sorted.length === 1 ? '' : 's'}${options.generatedAt ? ` · generated ${escapeXml(options.generatedAt)}` : ''}</p>`;
  const body = sorted.length ? summary(sorted) + sorted.map(section).join('\n') : '<p>No results yet: run <code>npm start</code>.</p>';
  return `${head}${header}${body}</body></html>\n`;
}

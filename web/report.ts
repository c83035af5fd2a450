/**
 * The results report: one self-contained HTML page (inline CSS and SVG, no
 * scripts, fonts or other fetched resources) with a summary table of every
 * claim and, per experiment, its plots, metrics, config and run info.
 * Pure: takes result records, returns a string; the CLI reads and writes files.
 */
import { CLAIM_COLUMNS, claimCells, formatNumber, heldUnderControl, isReproduced } from '../src/experiment/index.js';
import type { ClaimResult, ResultRecord, SweepSummary } from '../src/experiment/index.js';
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
.met{background:#e3f4e3;color:#135c13;font-weight:600}.partial{background:#fdf3d8;color:#7a5a00;font-weight:600}.missed{background:#fbe3e1;color:#8a1c12;font-weight:600}
.crash{background:#fbe3e1;border:1px solid #e0a39c;padding:6px 10px;white-space:pre-wrap}
.plots{display:flex;flex-wrap:wrap;gap:12px}.meta{color:#555}code{background:#f4f4f4;padding:0 3px}
`;

export { formatNumber };

/** The result cell's class: green for a reproduction or a fact that holds, red for a miss or a defect, amber otherwise. */
function resultClass(c: ClaimResult): string {
  if (c.kind === 'fact') return c.met ? 'met' : 'missed';
  if (!c.met || heldUnderControl(c)) return 'missed';
  return isReproduced(c) ? 'met' : 'partial';
}

const NUMERIC = new Set([3, 4, 5]);

function claimRow(c: ClaimResult, lead: string): string {
  const cells = claimCells(c).map((text, i) => {
    if (i === 0) return `<td><code>${escapeXml(text)}</code></td>`;
    if (i === 6) return `<td class="${resultClass(c)}">${escapeXml(text)}</td>`;
    return `<td${NUMERIC.has(i) ? ' class="num"' : ''}>${escapeXml(text)}</td>`;
  });
  return `<tr>${lead}${cells.join('')}</tr>`;
}

const HEAD = CLAIM_COLUMNS.map((h) => `<th>${escapeXml(h)}</th>`).join('');

/** Effect claims first, then facts: a fact is never counted as a reproduction. */
function byKind(claims: readonly ClaimResult[]): ClaimResult[] {
  return [...claims.filter((c) => c.kind === 'effect'), ...claims.filter((c) => c.kind === 'fact')];
}

function summary(records: readonly ResultRecord[]): string {
  const rows: string[] = [];
  for (const r of records) {
    const id = `<a href="#${escapeXml(anchor(r))}">${escapeXml(anchor(r))}</a>`;
    const lead = `<td>${id}</td><td>${escapeXml(r.scale)}</td>`;
    if (r.claims.length === 0) {
      rows.push(`<tr>${lead}<td colspan="${CLAIM_COLUMNS.length}">${r.error ? '<span class="missed">crashed</span>' : 'no claims at this scale'}</td></tr>`);
    }
    for (const c of byKind(r.claims)) rows.push(claimRow(c, lead));
  }
  return `<table><thead><tr><th>experiment</th><th>scale</th>${HEAD}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The record's id, with its grid point when a sweep over a grid wrote it. */
function anchor(r: ResultRecord): string {
  return r.sweep?.point ? `${r.id}@${r.sweep.point}` : r.id;
}

function sweepNote(s: SweepSummary): string {
  const line = `<p>sweep: ${s.units} units (${s.reused} reused) on ${escapeXml(s.runner)}, ${formatNumber(s.sweepWallTimeS)} s wall</p>`;
  if (s.missing.length === 0) return line;
  const items = s.missing.map((m) => `<li><code>${escapeXml(m.key)}</code>: ${escapeXml(m.error)}</li>`).join('');
  return `${line}<div class="crash">${s.missing.length} of ${s.units} units missing: the metrics below are merged without them<ul>${items}</ul></div>`;
}

function keyValueTable(entries: [string, string][]): string {
  return `<table>${entries.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('')}</table>`;
}

function section(r: ResultRecord): string {
  const paper = r.paper;
  const cite = [paper.authors, paper.year].filter((x) => x !== undefined).join(', ');
  const parts = [`<section id="${escapeXml(anchor(r))}"><h2>${escapeXml(anchor(r))}</h2>`];
  parts.push(`<p><a href="${escapeXml(paper.url)}">${escapeXml(paper.title)}</a>${cite ? ` — ${escapeXml(cite)}` : ''}</p>`);
  if (r.description) parts.push(`<p>${escapeXml(r.description)}</p>`);
  if (r.error) parts.push(`<div class="crash">crashed: ${escapeXml(r.error)}</div>`);
  if (r.sweep) parts.push(sweepNote(r.sweep));
  const plots = Object.entries(r.series).map(([name, s]) => `<figure title="${escapeXml(name)}">${plotSeries(s.title ? s : { ...s, title: name })}</figure>`);
  if (plots.length) parts.push(`<div class="plots">${plots.join('')}</div>`);
  const claims = byKind(r.claims).map((c) => claimRow(c, '').replace('</tr>', `<td>${escapeXml(c.description ?? '')}${c.note ? ` <em>(${escapeXml(c.note)})</em>` : ''}</td></tr>`));
  if (claims.length) parts.push(`<h3>Claims (${escapeXml(r.scale)} scale)</h3><table><tr>${HEAD}<th>meaning</th></tr>${claims.join('')}</table>`);
  const controls = Object.entries(r.controlRuns ?? {}).map(
    ([name, k]) => `<tr><th>${escapeXml(name)}</th><td>${escapeXml(k.description)}</td><td><code>${escapeXml(Object.entries(k.overrides).map(([a, b]) => `${a}=${String(b)}`).join(' '))}</code></td><td class="num">${formatNumber(k.wallTimeS)} s</td></tr>`,
  );
  if (controls.length) parts.push(`<h3>Controls (the mechanism removed)</h3><table><tr><th>control</th><th>what it removes</th><th>overrides</th><th>wall time</th></tr>${controls.join('')}</table>`);
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
  const effects = claims.filter((c) => c.kind === 'effect');
  const facts = claims.filter((c) => c.kind === 'fact');
  const counts = [
    `${effects.filter(isReproduced).length} of ${effects.length} effect claims reproduced (met, and broken by every control)`,
    `${effects.filter((c) => c.met).length} met`,
    `${effects.filter(heldUnderControl).length} held under a control (defects)`,
    `${facts.filter((c) => c.met).length} of ${facts.length} facts hold`,
  ].join(' · ');
  const title = options.title ?? 'neuromorph results';
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeXml(title)}</title><style>${CSS}</style></head><body>`;
  const header = `<h1>${escapeXml(title)}</h1><p class="meta">${counts} across ${sorted.length} experiment${sorted.length === 1 ? '' : 's'}${options.generatedAt ? ` · generated ${escapeXml(options.generatedAt)}` : ''}</p>`;
  const body = sorted.length ? summary(sorted) + sorted.map(section).join('\n') : '<p>No results yet: run <code>npm start</code>.</p>';
  return `${head}${header}${body}</body></html>\n`;
}

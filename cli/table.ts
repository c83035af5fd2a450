/** Plain-text tables for terminal output. */

/**
 * Left-aligned columns separated by two spaces, with a dashed rule under the header.
 * @example
 * formatTable(['id', 'claims'], [['mlp-mnist', '1']]);
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A number for tables: 4 significant digits, `—` for null. */
export function formatMeasured(v: number | null): string {
  if (v === null) return '—';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

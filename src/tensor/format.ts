/**
 * PyTorch-like printing of a tensor's values: nested brackets, a common number
 * format for all entries, and `...` in place of the middle of each axis when the
 * tensor is large (`torch.set_printoptions` defaults: 4 decimals, 3 edge items,
 * summarised above 1000 elements).
 */

/** Options of {@link formatValues}. */
export interface FormatOptions {
  /** Digits after the point (default 4). */
  readonly precision?: number;
  /** Items kept at each end of a summarised axis (default 3). */
  readonly edgeItems?: number;
  /** Summarise when the tensor has more elements than this (default 1000). */
  readonly threshold?: number;
}

function numberFormat(values: ArrayLike<number>, precision: number): (x: number) => string {
  let maxAbs = 0;
  let allInt = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    maxAbs = Math.max(maxAbs, Math.abs(x));
    if (!Number.isInteger(x)) allInt = false;
  }
  const sci = maxAbs >= 1e8 || (maxAbs > 0 && maxAbs < 1e-4 && !allInt);
  const one = (x: number): string => (Number.isNaN(x) ? 'nan' : !Number.isFinite(x) ? (x > 0 ? 'inf' : '-inf') : sci ? x.toExponential(precision) : allInt ? `${x}.` : x.toFixed(precision));
  let width = 0;
  for (let i = 0; i < values.length; i++) width = Math.max(width, one(values[i]!).length);
  return (x) => one(x).padStart(width);
}

/**
 * The values of a row-major array of the given shape, as PyTorch prints them (without the `tensor(` wrapper).
 * @example
 * formatValues(Float32Array.from([1, 2.5, -3, 4]), [2, 2]); // '[[ 1.0000,  2.5000],\n [-3.0000,  4.0000]]'
 */
export function formatValues(values: ArrayLike<number>, shape: readonly number[], opts: FormatOptions = {}): string {
  const precision = opts.precision ?? 4;
  const edge = opts.edgeItems ?? 3;
  const summarise = values.length > (opts.threshold ?? 1000);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  // The entries that are shown, for a common width.
  const shownIdx: number[] = [];
  const keep = (n: number): number[] => (summarise && n > 2 * edge ? [...Array.from({ length: edge }, (_, i) => i), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)] : Array.from({ length: n }, (_, i) => i));
  const collect = (dim: number, off: number): void => {
    if (dim === shape.length) {
      shownIdx.push(off);
      return;
    }
    for (const i of keep(shape[dim]!)) if (i >= 0) collect(dim + 1, off + i * strides[dim]!);
  };
  collect(0, 0);
  const fmt = numberFormat(shownIdx.map((i) => values[i]!), precision);
  const render = (dim: number, off: number, indent: number): string => {
    if (dim === shape.length) return fmt(values[off]!);
    const parts = keep(shape[dim]!).map((i) => (i < 0 ? '...' : render(dim + 1, off + i * strides[dim]!, indent + 1)));
    if (dim === shape.length - 1) return `[${parts.join(', ')}]`;
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  return shape.length === 0 ? fmt(values[0]!) : render(0, 0, 0);
}

/**
 * Classification metrics over rows of logits: the row argmax (first index of the
 * maximum on ties, as `torch.argmax`; NaN never wins against a number) and the
 * fraction of rows whose argmax equals the label.
 */
import type { Tensor } from '../tensor/index.js';
import { ShapeError } from '../util/index.js';

/** The argmax of the `classes` values starting at `base`. */
function rowArgmax(values: ArrayLike<number>, base: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[base + c]! > values[base + best]!) best = c;
  return best;
}

/**
 * Writes the argmax of rows `[row0, row0 + rows)` of a row-major `[*, classes]` array into `out[0 .. rows)`.
 * @returns `out`
 */
export function argmaxRows(values: ArrayLike<number>, classes: number, rows: number, out: Int32Array = new Int32Array(rows), row0 = 0): Int32Array {
  for (let i = 0; i < rows; i++) out[i] = rowArgmax(values, (row0 + i) * classes, classes);
  return out;
}

/** Rows in `[row0, row0 + rows)` whose argmax equals `labels[row0 + i]` (labels indexed like rows). */
export function countCorrect(values: ArrayLike<number>, labels: ArrayLike<number>, classes: number, rows: number, row0 = 0): number {
  let correct = 0;
  for (let i = row0; i < row0 + rows; i++) if (rowArgmax(values, i * classes, classes) === labels[i]) correct++;
  return correct;
}

function rowsOf(where: string, logits: Tensor): [number, number] {
  if (logits.shape.length !== 2) throw new ShapeError(where, { what: 'logits must be [rows, classes]', expected: '2 dimensions', received: logits.shape });
  return [logits.shape[0]!, logits.shape[1]!];
}

/**
 * The predicted class of each row of `[rows, classes]` logits.
 * @example
 * argmax(tensor([0.1, 0.9, 0.5, 0.2], [2, 2])); // Int32Array [1, 0]
 */
export function argmax(logits: Tensor): Int32Array {
  const [rows, classes] = rowsOf('argmax(logits)', logits);
  return argmaxRows(logits.data, classes, rows);
}

/**
 * Fraction of rows of `[rows, classes]` logits whose argmax equals the label.
 * @throws ShapeError when the label count differs from the row count.
 * @example
 * accuracy(model.forward(x), labels); // 0.97
 */
export function accuracy(logits: Tensor, labels: ArrayLike<number>): number {
  const [rows, classes] = rowsOf('accuracy(logits, labels)', logits);
  if (labels.length !== rows) throw new ShapeError('accuracy(logits, labels)', { what: 'one label per row', expected: rows, received: labels.length });
  return rows === 0 ? 0 : countCorrect(logits.data, labels, classes, rows) / rows;
}

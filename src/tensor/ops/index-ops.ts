/** Integer indexing: gather (torch.gather) and indexSelect (torch.index_select). */
import { ArgumentError, ShapeError } from '../../util/index.js';
import { makeOp, Tensor } from '../tensor.js';
import { normAxis, splitAt, stridedOffsets, stridesOf } from '../shape.js';

/** Integer indices as accepted by indexSelect / crossEntropy. */
export type Indices = Int32Array | readonly number[] | Tensor;

/**
 * @internal Converts indices to an Int32Array, checking each is an integer in [0, limit).
 */
export function toIndices(idx: Indices, limit: number, where: string): Int32Array {
  const src: ArrayLike<number> = idx instanceof Tensor ? idx.data : idx;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!Number.isInteger(v) || v < 0 || v >= limit) {
      throw new ArgumentError(where, { what: `index ${i} out of range`, expected: `an integer in [0, ${limit - 1}]`, received: v });
    }
    out[i] = v;
  }
  return out;
}

/**
 * `out[i][j][k] = a[i][index[i][j][k]][k]` for axis 1 (and likewise for any axis), as `torch.gather`.
 * @param a source tensor.
 * @param axis the indexed axis.
 * @param index integer-valued tensor with a's rank and sizes ≤ a's off the axis.
 * @returns a tensor of index's shape; gradients scatter-add back into a.
 */
export function gather(a: Tensor, axis: number, index: Tensor): Tensor {
  const where = 'gather(a, axis, index)';
  const ax = normAxis(axis, a.ndim, where);
  if (index.ndim !== a.ndim || index.shape.some((d, i) => i !== ax && d > a.shape[i])) {
    throw new ShapeError(where, { what: 'index shape does not fit', expected: `rank ${a.ndim} with sizes <= ${JSON.stringify(a.shape)} off axis ${ax}`, received: index.shape });
  }
  const idx = toIndices(index, a.shape[ax], where);
  const st = stridesOf(a.shape);
  const base = stridedOffsets(index.shape, st.map((s, i) => (i === ax ? 0 : s)));
  const offs = new Int32Array(base.length);
  for (let i = 0; i < offs.length; i++) offs[i] = base[i] + idx[i] * st[ax];
  const A = a.data;
  const out = new Float32Array(offs.length);
  for (let i = 0; i < out.length; i++) out[i] = A[offs[i]];
  return makeOp('gather', out, index.shape, [a, index], (g) => {
    const ga = new Float32Array(a.size);
    for (let i = 0; i < g.length; i++) ga[offs[i]] += g[i];
    return [ga, null];
  });
}

/**
 * Selects entries along one axis, as `torch.index_select` (indices may repeat).
 * @param a source tensor.
 * @param axis the indexed axis.
 * @param indices integers in `[0, a.shape[axis])`.
 * @returns a tensor with `shape[axis] = indices.length`.
 */
export function indexSelect(a: Tensor, axis: number, indices: Indices): Tensor {
  const where = 'indexSelect(a, axis, indices)';
  const ax = normAxis(axis, a.ndim, where);
  const idx = toIndices(indices, a.shape[ax], where);
  const [outer, n, inner] = splitAt(a.shape, ax, ax + 1);
  const len = idx.length;
  const shape = [...a.shape];
  shape[ax] = len;
  const A = a.data;
  const out = new Float32Array(outer * len * inner);
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < len; r++) {
      const src = (o * n + idx[r]) * inner;
      out.set(A.subarray(src, src + inner), (o * len + r) * inner);
    }
  }
  const parents = indices instanceof Tensor ? [a, indices] : [a];
  return makeOp('indexSelect', out, shape, parents, (g) => {
    const ga = new Float32Array(a.size);
    for (let o = 0; o < outer; o++) {
      for (let r = 0; r < len; r++) {
        const dst = (o * n + idx[r]) * inner;
        const src = (o * len + r) * inner;
        for (let j = 0; j < inner; j++) ga[dst + j] += g[src + j];
      }
    }
    return [ga, null];
  });
}

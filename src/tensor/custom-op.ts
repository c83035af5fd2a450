/** Extension point: differentiable ops defined outside src/tensor (e.g. conv2d in src/nn). */
import { ShapeError } from '../util/index.js';
import { makeOp, type Tensor } from './tensor.js';
import { sizeOf, type Shape } from './shape.js';

/**
 * Defines a new differentiable op from a forward result and a backward closure.
 * Recorded on the tape only when grad mode is on and some parent requires grad;
 * the engine ADDS the returned buffers into the parents' gradients.
 * @param name op name, used in error messages (e.g. `conv2d`).
 * @param data forward result, length `sizeOf(shape)` (owned by the result).
 * @param shape result shape.
 * @param parents inputs, in the order backward returns their gradients.
 * @param backward gets dL/d(result) (do not mutate it) and returns, per parent, a
 *   buffer of that parent's size or `null` (no gradient).
 * @returns the result tensor.
 * @example
 * const y = customOp('double', x.data.map((v) => 2 * v), x.shape, [x], (g) => [g.map((v) => 2 * v)]);
 */
export function customOp(
  name: string,
  data: Float32Array,
  shape: Shape,
  parents: readonly Tensor[],
  backward: (gradOut: Float32Array) => readonly (Float32Array | null)[],
): Tensor {
  const where = `customOp(${name})`;
  if (data.length !== sizeOf(shape)) throw new ShapeError(where, { what: 'data length does not match shape', expected: sizeOf(shape), received: data.length });
  const ps = [...parents];
  return makeOp(name, data, shape, ps, (g) => {
    const gs = backward(g);
    if (gs.length !== ps.length) throw new ShapeError(`${where}.backward`, { what: 'one gradient per parent', expected: ps.length, received: gs.length });
    for (let i = 0; i < ps.length; i++) {
      const gi = gs[i];
      if (gi !== null && gi.length !== ps[i].size) {
        throw new ShapeError(`${where}.backward`, { what: `gradient ${i} has the wrong length`, expected: ps[i].size, received: gi.length });
      }
    }
    return gs;
  });
}

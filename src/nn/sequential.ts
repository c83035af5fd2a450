/**
 * Containers and shape layers: {@link Sequential} chains modules, {@link Flatten}
 * merges axes.
 */
import { reshape, type Tensor } from '../tensor/index.js';
import { ArgumentError, ShapeError } from '../util/index.js';
import { Module } from './module.js';
import { Linear, linear } from './linear.js';
import { ReLU } from './activation.js';

/**
 * Runs modules one after another. Children are stored as properties `'0'`, `'1'`,
 * … so parameter names match PyTorch's `nn.Sequential` (`0.weight`, `2.bias`).
 * @example
 * const mlp = new Sequential(new Linear(4, 8, { rng }), new ReLU(), new Linear(8, 2, { rng }));
 * mlp.namedParameters().map(([n]) => n); // ['0.weight', '0.bias', '2.weight', '2.bias']
 */
export class Sequential extends Module {
  /** @param modules the layers, applied in order */
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new ArgumentError(`Sequential(modules[${i}])`, { what: 'not a Module', expected: 'a Module', received: typeof m });
      (this as unknown as Record<string, Module>)[String(i)] = m;
    });
  }

  /** @returns the number of layers */
  get length(): number {
    return this.children().length;
  }

  /**
   * The i-th layer.
   * @param i index, 0-based
   * @returns the module
   */
  at(i: number): Module {
    const m = (this as unknown as Record<string, Module | undefined>)[String(i)];
    if (m === undefined) throw new ArgumentError('Sequential.at(i)', { what: 'index out of range', expected: `0..${this.length - 1}`, received: i });
    return m;
  }

  /** @param x input of the first layer @returns output of the last layer */
  forward(x: Tensor): Tensor {
    let y = x;
    const layers = this.children() as unknown as Module[];
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i];
      // Linear directly followed by ReLU runs as one fused op (same values and gradients)
      if (m.constructor === Linear && layers[i + 1]?.constructor === ReLU) {
        const l = m as unknown as Linear;
        y = linear(y, l.weight, l.bias, 'relu');
        i++;
      } else y = m.forward(y);
    }
    return y;
  }
}

/**
 * Flattens axes `startDim..endDim` into one (default: all but the batch axis).
 * @example new Flatten().forward(zeros([2, 3, 4])).shape; // [2, 12]
 */
export class Flatten extends Module {
  /**
   * @param startDim first axis to merge (default 1; negative counts from the end)
   * @param endDim last axis to merge, inclusive (default −1)
   */
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  /** @param x `[..., d_start, …, d_end, ...]` @returns `[..., ∏d, ...]` */
  forward(x: Tensor): Tensor {
    const s = this.startDim < 0 ? this.startDim + x.ndim : this.startDim;
    const e = this.endDim < 0 ? this.endDim + x.ndim : this.endDim;
    if (s < 0 || e >= x.ndim || s > e) {
      throw new ShapeError('Flatten.forward(x)', { what: `axes ${this.startDim}..${this.endDim} out of range`, expected: `rank > ${Math.max(s, e)}`, received: x.shape });
    }
    const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
    return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
  }
}

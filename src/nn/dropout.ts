/**
 * Inverted dropout with an explicit, module-held random stream: in training mode
 * each element is zeroed with probability `p` and the survivors are scaled by
 * `1/(1−p)`; in eval mode it is the identity. The same seed gives the same masks.
 * @see https://jmlr.org/papers/v15/srivastava14a.html
 */
import { mul, tensor, zerosLike, type Tensor } from '../tensor/index.js';
import { ArgumentError, defaultRng, type Rng } from '../util/index.js';
import { Module } from './module.js';

/**
 * Dropout layer.
 * @example
 * const drop = new Dropout(0.5, { rng: createRng(0) });
 * drop.eval().forward(x); // x unchanged
 */
export class Dropout extends Module {
  /** The stream the masks are drawn from; advances on every training forward. */
  readonly rng: Rng;

  /**
   * @param p drop probability in [0, 1]
   * @param opts `rng`: the module's own stream (pass `rng.child()` to keep siblings' draws stable; default: the generator of `manualSeed`)
   */
  constructor(
    readonly p: number,
    opts: { rng?: Rng } = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ArgumentError('Dropout(p)', { what: 'probability out of range', expected: '0 <= p <= 1', received: p });
    this.rng = opts.rng ?? defaultRng();
  }

  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (this.p === 1) return mul(x, zerosLike(x));
    const scale = 1 / (1 - this.p);
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.rng.next() < this.p ? 0 : scale;
    return mul(x, tensor(mask, x.shape));
  }
}

/** Regression and binary losses, mean reduction over all elements. */
import { ShapeError } from '../../util/index.js';
import { makeOp, type Tensor } from '../tensor.js';
import { sameShape } from '../shape.js';
import { sigmoid64, softplus64 } from './activation.js';
import { sub, pow } from './binary.js';
import { mean } from './reduce.js';

function checkSame(where: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) throw new ShapeError(where, { what: 'shapes differ', expected: a.shape, received: b.shape });
}

/**
 * Mean squared error (built from sub, pow and mean).
 * @param pred predictions, any shape.
 * @param target same shape as pred.
 * @returns scalar `mean((pred − target)²)`.
 */
export function mse(pred: Tensor, target: Tensor): Tensor {
  checkSame('mse(pred, target)', pred, target);
  return mean(pow(sub(pred, target), 2));
}

/** PyTorch clamps log terms of BCE at −100 so p = 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
const EPS = 1e-12;

/**
 * Binary cross-entropy on probabilities (log terms clamped at −100 like PyTorch).
 * Prefer {@link bceWithLogits}, which is stable.
 * @param probs probabilities in [0, 1].
 * @param target same shape, values in [0, 1].
 * @returns scalar `mean(−t·log p − (1 − t)·log(1 − p))`.
 */
export function bce(probs: Tensor, target: Tensor): Tensor {
  checkSame('bce(probs, target)', probs, target);
  const P = probs.data;
  const T = target.data;
  const n = probs.size;
  let s = 0;
  for (let i = 0; i < n; i++) s -= T[i] * Math.max(Math.log(P[i]), LOG_FLOOR) + (1 - T[i]) * Math.max(Math.log(1 - P[i]), LOG_FLOOR);
  return makeOp('bce', new Float32Array([s / n]), [], [probs, target], (g) => {
    const scale = g[0] / n;
    const gp = probs.requiresGrad ? new Float32Array(n) : null;
    const gt = target.requiresGrad ? new Float32Array(n) : null;
    for (let i = 0; i < n; i++) {
      const p = P[i];
      if (gp !== null) gp[i] = (scale * (p - T[i])) / Math.max(p * (1 - p), EPS);
      if (gt !== null) gt[i] = -scale * (Math.max(Math.log(p), LOG_FLOOR) - Math.max(Math.log(1 - p), LOG_FLOOR));
    }
    return [gp, gt];
  });
}

/**
 * Binary cross-entropy on logits, stable: `max(x, 0) − x·t + log(1 + e^−|x|)`.
 * @param logits any shape.
 * @param target same shape, values in [0, 1].
 * @returns the scalar mean loss; d/dx = (sigmoid(x) − t)/n.
 */
export function bceWithLogits(logits: Tensor, target: Tensor): Tensor {
  checkSame('bceWithLogits(logits, target)', logits, target);
  const X = logits.data;
  const T = target.data;
  const n = logits.size;
  let s = 0;
  for (let i = 0; i < n; i++) s += softplus64(X[i]) - X[i] * T[i];
  return makeOp('bceWithLogits', new Float32Array([s / n]), [], [logits, target], (g) => {
    const scale = g[0] / n;
    const gx = logits.requiresGrad ? new Float32Array(n) : null;
    const gt = target.requiresGrad ? new Float32Array(n) : null;
    for (let i = 0; i < n; i++) {
      if (gx !== null) gx[i] = scale * (sigmoid64(X[i]) - T[i]);
      if (gt !== null) gt[i] = -scale * X[i];
    }
    return [gx, gt];
  });
}

/**
 * Activation functions as modules, so they can sit in a {@link Sequential}. Each
 * is shape-preserving and elementwise, and delegates to the tensor op of the same
 * name (which owns the gradient).
 */
import { elu, gelu, leakyRelu, relu, sigmoid, softplus, tanh, type Tensor } from '../tensor/index.js';
import { Module } from './module.js';

/**
 * `max(0, x)`.
 * @example new ReLU().forward(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class ReLU extends Module {
  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/**
 * `x` if positive, else `negativeSlope · x`.
 * @example new LeakyReLU(0.1).forward(tensor([-1, 2])).toArray(); // [-0.1, 2]
 */
export class LeakyReLU extends Module {
  /** @param negativeSlope slope for x < 0 (default 0.01, like PyTorch) */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}

/**
 * `x` if positive, else `alpha · (eˣ − 1)`.
 * @see https://arxiv.org/abs/1511.07289
 * @example new ELU().forward(tensor([0, 1])).toArray(); // [0, 1]
 */
export class ELU extends Module {
  /** @param alpha saturation value for x → −∞ (default 1) */
  constructor(readonly alpha = 1) {
    super();
  }

  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
}

/**
 * `x · Φ(x)` with the exact erf form (PyTorch's default `approximate='none'`).
 * @see https://arxiv.org/abs/1606.08415
 * @example new GELU().forward(tensor([0])).toArray(); // [0]
 */
export class GELU extends Module {
  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/**
 * Hyperbolic tangent.
 * @example new Tanh().forward(tensor([0])).toArray(); // [0]
 */
export class Tanh extends Module {
  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/**
 * Logistic sigmoid `1 / (1 + e⁻ˣ)`.
 * @example new Sigmoid().forward(tensor([0])).toArray(); // [0.5]
 */
export class Sigmoid extends Module {
  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/**
 * `log(1 + eˣ)` (beta = 1).
 * @example new Softplus().forward(tensor([0])).toArray(); // [0.6931…]
 */
export class Softplus extends Module {
  /** @param x any shape @returns same shape */
  forward(x: Tensor): Tensor {
    return softplus(x);
  }
}

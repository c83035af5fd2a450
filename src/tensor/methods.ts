/**
 * Method form of every op (`x.add(y)`, `x.sum(1, true)`, `x.matmul(w)`, ...).
 * The class lives in tensor.ts and the ops import it, so the methods are
 * attached here, in one place, via declaration merging; importing
 * `src/tensor/index.ts` loads this module.
 */
import { Tensor } from './tensor.js';
import { add, div, maximum, minimum, mul, pow, sub, where, type Operand } from './ops/binary.js';
import { abs, clamp, exp, log, neg, sqrt } from './ops/unary.js';
import { elu, gelu, leakyRelu, relu, sigmoid, softplus, tanh } from './ops/activation.js';
import { max, mean, min, sum, type Axes } from './ops/reduce.js';
import { matmul } from './ops/matmul.js';
import { concat, expand, permute, reshape, slice, squeeze, stack, transpose, unsqueeze } from './ops/shape-ops.js';
import { gather, indexSelect, type Indices } from './ops/index-ops.js';
import { crossEntropy, logSoftmax, softmax } from './ops/softmax.js';
import { bce, bceWithLogits, mse } from './ops/loss.js';
import type { Shape } from './shape.js';

declare module './tensor.js' {
  interface Tensor {
    /** @see add */ add(b: Operand): Tensor;
    /** @see sub */ sub(b: Operand): Tensor;
    /** @see mul */ mul(b: Operand): Tensor;
    /** @see div */ div(b: Operand): Tensor;
    /** @see pow */ pow(exponent: Operand): Tensor;
    /** @see maximum */ maximum(b: Operand): Tensor;
    /** @see minimum */ minimum(b: Operand): Tensor;
    /** `where(cond, this, other)`, as `torch.Tensor.where`. */ where(cond: Tensor, other: Operand): Tensor;
    /** @see neg */ neg(): Tensor;
    /** @see exp */ exp(): Tensor;
    /** @see log */ log(): Tensor;
    /** @see sqrt */ sqrt(): Tensor;
    /** @see abs */ abs(): Tensor;
    /** @see clamp */ clamp(min?: number, max?: number): Tensor;
    /** @see relu */ relu(): Tensor;
    /** @see leakyRelu */ leakyRelu(slope?: number): Tensor;
    /** @see elu */ elu(alpha?: number): Tensor;
    /** @see gelu */ gelu(): Tensor;
    /** @see tanh */ tanh(): Tensor;
    /** @see sigmoid */ sigmoid(): Tensor;
    /** @see softplus */ softplus(): Tensor;
    /** @see sum */ sum(axis?: Axes, keepDims?: boolean): Tensor;
    /** @see mean */ mean(axis?: Axes, keepDims?: boolean): Tensor;
    /** @see max */ max(axis?: Axes, keepDims?: boolean): Tensor;
    /** @see min */ min(axis?: Axes, keepDims?: boolean): Tensor;
    /** @see matmul */ matmul(b: Tensor): Tensor;
    /** @see reshape */ reshape(shape: Shape): Tensor;
    /** @see transpose */ transpose(dim0?: number, dim1?: number): Tensor;
    /** @see permute */ permute(dims: readonly number[]): Tensor;
    /** @see expand */ expand(shape: Shape): Tensor;
    /** @see squeeze */ squeeze(axis?: number): Tensor;
    /** @see unsqueeze */ unsqueeze(axis: number): Tensor;
    /** @see slice */ slice(axis: number, start: number, end?: number): Tensor;
    /** `concat([this, ...others], axis)`. */ concat(others: readonly Tensor[], axis?: number): Tensor;
    /** `stack([this, ...others], axis)`. */ stack(others: readonly Tensor[], axis?: number): Tensor;
    /** @see gather */ gather(axis: number, index: Tensor): Tensor;
    /** @see indexSelect */ indexSelect(axis: number, indices: Indices): Tensor;
    /** @see softmax */ softmax(axis?: number): Tensor;
    /** @see logSoftmax */ logSoftmax(axis?: number): Tensor;
    /** @see crossEntropy */ crossEntropy(labels: Indices): Tensor;
    /** @see mse */ mse(target: Tensor): Tensor;
    /** @see bce */ bce(target: Tensor): Tensor;
    /** @see bceWithLogits */ bceWithLogits(target: Tensor): Tensor;
  }
}

const P = Tensor.prototype;
P.add = function (b) { return add(this, b); };
P.sub = function (b) { return sub(this, b); };
P.mul = function (b) { return mul(this, b); };
P.div = function (b) { return div(this, b); };
P.pow = function (e) { return pow(this, e); };
P.maximum = function (b) { return maximum(this, b); };
P.minimum = function (b) { return minimum(this, b); };
P.where = function (cond, other) { return where(cond, this, other); };
P.neg = function () { return neg(this); };
P.exp = function () { return exp(this); };
P.log = function () { return log(this); };
P.sqrt = function () { return sqrt(this); };
P.abs = function () { return abs(this); };
P.clamp = function (lo, hi) { return clamp(this, lo, hi); };
P.relu = function () { return relu(this); };
P.leakyRelu = function (slope) { return leakyRelu(this, slope); };
P.elu = function (alpha) { return elu(this, alpha); };
P.gelu = function () { return gelu(this); };
P.tanh = function () { return tanh(this); };
P.sigmoid = function () { return sigmoid(this); };
P.softplus = function () { return softplus(this); };
P.sum = function (axis, keepDims) { return sum(this, axis, keepDims); };
P.mean = function (axis, keepDims) { return mean(this, axis, keepDims); };
P.max = function (axis, keepDims) { return max(this, axis, keepDims); };
P.min = function (axis, keepDims) { return min(this, axis, keepDims); };
P.matmul = function (b) { return matmul(this, b); };
P.reshape = function (shape) { return reshape(this, shape); };
P.transpose = function (d0, d1) { return transpose(this, d0, d1); };
P.permute = function (dims) { return permute(this, dims); };
P.expand = function (shape) { return expand(this, shape); };
P.squeeze = function (axis) { return squeeze(this, axis); };
P.unsqueeze = function (axis) { return unsqueeze(this, axis); };
P.slice = function (axis, start, end) { return slice(this, axis, start, end); };
P.concat = function (others, axis) { return concat([this, ...others], axis); };
P.stack = function (others, axis) { return stack([this, ...others], axis); };
P.gather = function (axis, index) { return gather(this, axis, index); };
P.indexSelect = function (axis, indices) { return indexSelect(this, axis, indices); };
P.softmax = function (axis) { return softmax(this, axis); };
P.logSoftmax = function (axis) { return logSoftmax(this, axis); };
P.crossEntropy = function (labels) { return crossEntropy(this, labels); };
P.mse = function (target) { return mse(this, target); };
P.bce = function (target) { return bce(this, target); };
P.bceWithLogits = function (target) { return bceWithLogits(this, target); };

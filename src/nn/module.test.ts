import { describe, expect, it } from 'vitest';
import { relu, tensor, zeros, type Tensor } from '../tensor/index.js';
import { createRng, ShapeError } from '../util/index.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Module, StateDictKeyError } from './module.js';
import { ReLU } from './activation.js';
import { Flatten, Sequential } from './sequential.js';

class Mlp extends Module {
  fc1: Linear;
  act = new ReLU();
  fc2: Linear;
  constructor(seed = 0) {
    super();
    const rng = createRng(seed);
    this.fc1 = new Linear(3, 4, { rng });
    this.fc2 = new Linear(4, 2, { rng, bias: false });
  }
  forward(x: Tensor): Tensor {
    return this.fc2.forward(relu(this.fc1.forward(x)));
  }
}

class WithBuffer extends Module {
  scale = tensor([1, 2]);
  blocks = [new Linear(2, 2, { rng: createRng(1) }), new Linear(2, 1, { rng: createRng(2) })];
  constructor() {
    super();
    this.registerBuffer('runningMean', zeros([2]));
  }
  forward(x: Tensor): Tensor {
    return this.blocks[1]!.forward(this.blocks[0]!.forward(x.mul(this.scale)));
  }
}

describe('Module parameter walk', () => {
  it('names parameters by property path in declaration order', () => {
    const m = new Mlp();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['fc1.weight', 'fc1.bias', 'fc2.weight']);
    expect(m.parameters().map((p) => p.shape)).toEqual([[4, 3], [4], [2, 4]]);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['fc1', 'act', 'fc2']);
    expect(m.children()).toHaveLength(3);
    expect(m.numParameters()).toBe(12 + 4 + 8);
  });

  it('names Sequential children 0, 1, … like PyTorch and nests dotted names', () => {
    const rng = createRng(0);
    const net = new Sequential(new Flatten(), new Linear(4, 3, { rng }), new ReLU(), new Sequential(new Linear(3, 2, { rng })));
    expect(net.namedParameters().map(([n]) => n)).toEqual(['1.weight', '1.bias', '3.0.weight', '3.0.bias']);
    expect(net.namedModules().map(([n]) => n)).toEqual(['', '0', '1', '2', '3', '3.0']);
    expect(net.length).toBe(4);
    expect(net.forward(zeros([5, 2, 2])).shape).toEqual([5, 2]);
  });

  it('treats arrays of modules as children and registered tensors as buffers', () => {
    const m = new WithBuffer();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['scale', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['runningMean']);
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'runningMean', 'blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias']);
  });

  it('lists a shared parameter once', () => {
    const lin = new Linear(2, 2, { rng: createRng(0) });
    const net = new Sequential(lin, lin);
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
  });

  it('freezes and unfreezes, counting trainable parameters', () => {
    const m = new Mlp();
    m.fc1.freeze();
    expect(m.fc1.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(m.numParameters('trainable')).toBe(8);
    m.unfreeze();
    expect(m.numParameters('trainable')).toBe(24);
  });

  it('switches train/eval mode recursively', () => {
    const net = new Sequential(new Linear(2, 2, { rng: createRng(0) }), new Dropout(0.5, { rng: createRng(1) }));
    expect(net.eval().namedModules().every(([, m]) => !m.training)).toBe(true);
    expect(net.train().namedModules().every(([, m]) => m.training)).toBe(true);
  });

  it('zeroGrad clears every gradient', () => {
    const m = new Mlp();
    m.forward(tensor([[1, 2, 3]])).sum().backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('Module state dict', () => {
  it('snapshots copies in PyTorch layout and round-trips into another instance', () => {
    const a = new Mlp(1), b = new Mlp(2);
    const sd = a.stateDict();
    expect(sd['fc1.weight']!.shape).toEqual([4, 3]);
    expect(sd['fc1.weight']!.data).toBeInstanceOf(Float32Array);
    a.fc1.weight.data[0] = 99; // the snapshot is a copy
    expect(sd['fc1.weight']!.data[0]).not.toBe(99);
    const wRef = b.fc1.weight;
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.fc1.weight).toBe(wRef); // copied in place: optimizers keep their references
    expect(Array.from(b.fc2.weight.data)).toEqual(Array.from(a.fc2.weight.data));
    const x = tensor([[0.5, -1, 2]]);
    a.fc1.weight.data[0] = sd['fc1.weight']!.data[0]!;
    expect(b.forward(x).toArray()).toEqual(a.forward(x).toArray());
  });

  it('strict load names missing and unexpected keys', () => {
    const m = new Mlp();
    const sd = m.stateDict();
    delete sd['fc1.bias'];
    sd['fc3.weight'] = { shape: [1], data: new Float32Array(1) };
    let err: unknown;
    try {
      m.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictKeyError);
    const e = err as StateDictKeyError;
    expect(e.code).toBe('unknown_key');
    expect(e.missingKeys).toEqual(['fc1.bias']);
    expect(e.unexpectedKeys).toEqual(['fc3.weight']);
    expect(e.message).toMatch(/^Mlp\.loadStateDict\(sd\): state dict keys differ \(missing: fc1\.bias; unexpected: fc3\.weight\)/);
  });

  it('non-strict load reports the differences and loads the rest', () => {
    const m = new Mlp(0);
    const sd = new Mlp(5).stateDict();
    delete sd['fc2.weight'];
    sd.extra = { shape: [1], data: new Float32Array(1) };
    expect(m.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['fc2.weight'], unexpectedKeys: ['extra'] });
    expect(Array.from(m.fc1.weight.data)).toEqual(Array.from(sd['fc1.weight']!.data));
  });

  it('throws ShapeError on a shape mismatch and copies nothing', () => {
    const m = new Mlp(0);
    const before = Array.from(m.fc1.weight.data);
    const sd = new Mlp(3).stateDict();
    sd['fc2.weight'] = { shape: [4, 2], data: new Float32Array(8) };
    expect(() => m.loadStateDict(sd)).toThrow(ShapeError);
    expect(() => m.loadStateDict(sd)).toThrow(/Mlp\.loadStateDict\(sd\)\["fc2\.weight"\]: shape mismatch, expected \[2, 4\], received \[4, 2\]/);
    expect(Array.from(m.fc1.weight.data)).toEqual(before);
  });
});

describe('Module.summary', () => {
  it('lists each module with its parameter shapes and counts, and the totals', () => {
    const rng = createRng(0);
    const net = new Sequential(new Linear(784, 64, { rng }), new ReLU(), new Linear(64, 10, { rng }));
    (net.children()[2] as Linear).freeze();
    const s = net.summary();
    expect(s).toMatch(/^module\s+type\s+parameters\s+count$/m);
    expect(s).toMatch(/^0\s+Linear\s+weight \[64, 784\], bias \[64\]\s+50,240$/m);
    expect(s).toMatch(/^2\s+Linear\s+weight \[10, 64\] \(frozen\), bias \[10\] \(frozen\)\s+650$/m);
    expect(s).toContain(`total 50,890 parameters: 50,240 trainable, 650 frozen`);
    expect(net.numParameters()).toBe(50_890);
  });
});

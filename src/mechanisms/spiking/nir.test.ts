import { describe, expect, it } from 'vitest';
import { NeuroError, ParseError } from '../../util/index.js';
import { decodeNir, encodeNir, nirArray, validateNirGraph, type NirGraph } from './nir.js';

const graph: NirGraph = {
  version: '1.0.0',
  nodes: {
    input: { type: 'Input', params: { shape: nirArray([3]) } },
    affine: { type: 'Affine', params: { weight: nirArray([1, 2, 3, 4, 5, 6], [2, 3]), bias: nirArray([0.5, -0.5]) } },
    lif: { type: 'LIF', params: { tau: nirArray([0.02, 0.02]), r: nirArray([20, 20]), v_leak: nirArray([0, 0]), v_threshold: nirArray([1, 1]), v_reset: nirArray([0, 0]) } },
    linear: { type: 'Linear', params: { weight: nirArray([1, -1, 0.5, 2], [2, 2]) } },
    cuba: { type: 'CubaLIF', params: { tau_mem: nirArray([0.02, 0.01]), tau_syn: nirArray([0.005, 0.005]), r: nirArray([1, 1]), v_leak: nirArray([0, 0]), v_threshold: nirArray([1, 2]), v_reset: nirArray([0, 0]), w_in: nirArray([1, 1]) } },
    if: { type: 'IF', params: { r: nirArray([1, 1]), v_threshold: nirArray([1, 1]), v_reset: nirArray([0, 0]) } },
    li: { type: 'LI', params: { tau: nirArray([0.01, 0.01]), r: nirArray([1, 1]), v_leak: nirArray([0, 0]) } },
    output: { type: 'Output', params: { shape: nirArray([2]) } },
  },
  edges: [
    ['input', 'affine'],
    ['affine', 'lif'],
    ['lif', 'linear'],
    ['linear', 'cuba'],
    ['cuba', 'if'],
    ['if', 'li'],
    ['li', 'output'],
  ],
};

describe('NIR HDF5 interchange', () => {
  it('round-trips every supported node type through HDF5 bytes', async () => {
    const bytes = await encodeNir(graph);
    expect(Array.from(bytes.subarray(1, 4), (c) => String.fromCharCode(c)).join('')).toBe('HDF');
    const back = await decodeNir(bytes);
    expect(back.version).toBe('1.0.0');
    expect(back.edges).toEqual(graph.edges);
    expect(Object.keys(back.nodes).sort()).toEqual(Object.keys(graph.nodes).sort());
    for (const [name, node] of Object.entries(graph.nodes)) {
      expect(back.nodes[name]!.type).toBe(node.type);
      for (const [k, a] of Object.entries(node.params)) {
        expect(Array.from(back.nodes[name]!.params[k]!.data)).toEqual(Array.from(a.data));
        expect(back.nodes[name]!.params[k]!.shape).toEqual(a.shape);
      }
    }
  });

  it('rejects malformed files and unknown node types with typed errors', async () => {
    await expect(decodeNir(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(ParseError);
    const bytes = await encodeNir(graph);
    await expect(decodeNir(bytes.slice(0, 600))).rejects.toBeInstanceOf(ParseError);
    const bad = { ...graph, nodes: { ...graph.nodes, conv: { type: 'Conv3d', params: {} } } } as unknown as NirGraph;
    expect(() => validateNirGraph(bad)).toThrow(NeuroError);
    const dangling: NirGraph = { ...graph, edges: [['input', 'nowhere']] };
    expect(() => validateNirGraph(dangling)).toThrow(ParseError);
  });

  it('validates names, parameters and shapes with own-property lookups', () => {
    const withNode = (name: string, node: unknown): NirGraph => ({ ...graph, nodes: { ...graph.nodes, [name]: node } } as unknown as NirGraph);
    expect(() => validateNirGraph({ ...graph, edges: [['input', 'constructor']] })).toThrow('edge names an unknown node');
    expect(() => validateNirGraph({ ...graph, edges: [['toString', 'output']] })).toThrow('edge names an unknown node');
    expect(() => validateNirGraph(withNode('x', { type: 'toString', params: {} }))).toThrow('unknown or unsupported NIR node type');
    const lif = graph.nodes.lif!;
    expect(() => validateNirGraph(withNode('lif', { ...lif, params: { ...lif.params, tau: nirArray([NaN, 0.02]) } }))).toThrow(/lif\.tau\[0\]: parameter is not finite/);
    const affine = graph.nodes.affine!;
    expect(() => validateNirGraph(withNode('affine', { ...affine, params: { ...affine.params, bias: nirArray([1, 2, 3]) } }))).toThrow('bias length does not match the weight');
    expect(() => validateNirGraph(withNode('affine', { ...affine, params: { ...affine.params, weight: nirArray([1, 2, 3, 4, 5, 6]) } }))).toThrow('weight is not a matrix');
  });

  it('decodes a node named __proto__ as a plain node', async () => {
    const g: NirGraph = { ...graph, nodes: { ...graph.nodes }, edges: [['input', 'output']] };
    Object.defineProperty(g.nodes, '__proto__', { value: { type: 'Output', params: { shape: nirArray([2]) } }, enumerable: true });
    const back = await decodeNir(await encodeNir({ ...g, edges: [['input', '__proto__']] }));
    expect(Object.keys(back.nodes)).toContain('__proto__');
    expect(back.nodes['__proto__']!.type).toBe('Output');
  });
});

import h5wasm from 'h5wasm';
import { describe, expect, it } from 'vitest';
import { LimitError, NeuroError, ParseError } from '../util/index.js';
import { decodeNir, encodeNir, NIR_DECODE_DEFAULTS, nirArray, validateNirGraph, type NirGraph } from './nir.js';

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

/**
 * A NIR file Input → Linear → Output written with h5wasm directly, with format
 * bounds (['earliest', 'v108'] gives superblock v0, what h5py writes by default)
 * and an optionally gzip-compressed weight.
 */
async function rawNir(opts: { libver?: ['earliest', 'v108']; weight: Float64Array; gzip?: boolean }): Promise<Uint8Array> {
  const { FS } = await h5wasm.ready;
  const f = new h5wasm.File('/raw.nir', 'w', opts.libver ? { libver: opts.libver } : {});
  f.create_dataset({ name: 'version', data: '0.4.0' });
  const g = f.create_group('node');
  g.create_dataset({ name: 'type', data: 'NIRGraph' });
  const nodes = g.create_group('nodes');
  const n = opts.weight.length;
  for (const [name, type] of [['input', 'Input'], ['output', 'Output']]) {
    const io = nodes.create_group(name!);
    io.create_dataset({ name: 'type', data: type! });
    io.create_dataset({ name: 'shape', data: BigInt64Array.from([1n]), shape: [1], dtype: '<q' });
  }
  const lin = nodes.create_group('lin');
  lin.create_dataset({ name: 'type', data: 'Linear' });
  lin.create_dataset({ name: 'weight', data: opts.weight, shape: [1, n], dtype: '<d', ...(opts.gzip ? { chunks: [1, n], compression: 'gzip' as const } : {}) });
  g.create_dataset({ name: 'edges', data: ['input', 'lin', 'lin', 'output'], shape: [2, 2] });
  f.close();
  const bytes = FS.readFile('/raw.nir').slice();
  FS.unlink('/raw.nir');
  return bytes;
}

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

  it('reads files with a v0 superblock, as h5py writes them', async () => {
    const bytes = await rawNir({ libver: ['earliest', 'v108'], weight: new Float64Array([0.5, -2]) });
    expect(bytes[8]).toBe(0);
    const g = await decodeNir(bytes);
    expect(g.version).toBe('0.4.0');
    expect(Array.from(g.nodes.lin!.params.weight!.data)).toEqual([0.5, -2]);
    expect(g.edges).toEqual([['input', 'lin'], ['lin', 'output']]);
  });

  it('refuses files and datasets over maxBytes with a LimitError naming the option', async () => {
    expect(NIR_DECODE_DEFAULTS.maxBytes).toBe(256 * 2 ** 20);
    const bytes = await encodeNir(graph);
    await expect(decodeNir(bytes, { maxBytes: bytes.length - 1 })).rejects.toThrow(/decodeNir\(bytes\): file size in bytes exceeds the limit \(raise it with decodeNir\(bytes, \{ maxBytes \}\)\)/);
    await expect(decodeNir(bytes, { maxBytes: bytes.length })).resolves.toBeDefined();
    // A compressed dataset can be far larger than the file that holds it.
    const zipped = await rawNir({ weight: new Float64Array(100_000), gzip: true });
    expect(zipped.length).toBeLessThan(100_000);
    const err = await decodeNir(zipped, { maxBytes: 100_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LimitError);
    expect((err as LimitError).message).toMatch(/\/node\/nodes\/lin\/weight: dataset size in bytes exceeds the limit .*received 800000/);
    expect((await decodeNir(zipped)).nodes.lin!.params.weight!.data.length).toBe(100_000);
  });

  it('rejects a corrupt superblock before h5wasm opens the file', async () => {
    const bytes = await encodeNir(graph);
    await expect(decodeNir(bytes.slice(0, bytes.length - 100))).rejects.toThrow(/HDF5 superblock: the file is shorter than its end-of-file address/);
    const badRoot = bytes.slice();
    badRoot.fill(0x7f, 36, 40);
    await expect(decodeNir(badRoot)).rejects.toThrow(/root group object header address outside the file/);
  });

  it('rejects shapes that are not counts even when their product matches', () => {
    const lif = graph.nodes.lif!;
    const g = { ...graph, nodes: { ...graph.nodes, lif: { ...lif, params: { ...lif.params, tau: { data: new Float64Array(2), shape: [-1, -2] } } } } };
    expect(() => validateNirGraph(g)).toThrow(/lif\.tau: shape has a dimension that is not a count/);
  });
});

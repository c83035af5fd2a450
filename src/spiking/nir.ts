/**
 * NIR (Neuromorphic Intermediate Representation; Pedersen et al., Nat. Commun.
 * 15:8122, 2024) graphs and their HDF5 files, as written by `nir.write`:
 * root dataset `version`; group `node` holding the graph (`type` = "NIRGraph",
 * group `nodes/<name>` per node with a `type` string dataset and one dataset per
 * parameter, and an `edges` dataset of [source, target] name pairs).
 * Supported node types: Input, Output (`shape`), Affine (`weight` [out, in],
 * `bias`), Linear (`weight`), LIF (tau, r, v_leak, v_threshold, v_reset),
 * CubaLIF (tau_mem, tau_syn, r, v_leak, v_threshold, v_reset, w_in),
 * IF (r, v_threshold, v_reset), LI (tau, r, v_leak). NIR time constants are in
 * seconds. Plasticity has no NIR primitive: only trained weights travel.
 * Encoding and decoding use the `h5wasm` package (HDF5 compiled to WebAssembly,
 * in-memory file system), loaded lazily, so this runs in browsers and Node.
 * @see https://neuroir.org/docs/
 */
import { LimitError, NeuroError, ParseError } from '../util/index.js';
import { checkHdf5Superblock } from './hdf5-superblock.js';

/** A parameter array: values plus shape (row-major). */
export interface NirArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** The NIR node types this module reads and writes. */
export type NirNodeType = 'Input' | 'Output' | 'Affine' | 'Linear' | 'LIF' | 'CubaLIF' | 'IF' | 'LI';

/** The parameters each node type carries (NIR's names). */
export const NIR_PARAMS: Readonly<Record<NirNodeType, readonly string[]>> = Object.freeze({
  Input: ['shape'],
  Output: ['shape'],
  Affine: ['weight', 'bias'],
  Linear: ['weight'],
  LIF: ['tau', 'r', 'v_leak', 'v_threshold', 'v_reset'],
  CubaLIF: ['tau_mem', 'tau_syn', 'r', 'v_leak', 'v_threshold', 'v_reset', 'w_in'],
  IF: ['r', 'v_threshold', 'v_reset'],
  LI: ['tau', 'r', 'v_leak'],
});

/** A node: its type and parameter arrays. */
export interface NirNode {
  readonly type: NirNodeType;
  readonly params: Readonly<Record<string, NirArray>>;
}

/** A NIR graph: named nodes and directed edges between them. */
export interface NirGraph {
  readonly nodes: Readonly<Record<string, NirNode>>;
  readonly edges: readonly (readonly [string, string])[];
  /** The NIR version written to / read from the file. */
  readonly version: string;
}

/** The NIR format version written. */
export const NIR_VERSION = '1.0.0';

/** An array from numbers (1-D unless `shape` is given). */
export function nirArray(values: ArrayLike<number>, shape: readonly number[] = [values.length]): NirArray {
  return { data: Float64Array.from(values), shape: [...shape] };
}

/** Checks a graph: known node types, all parameters present, edges naming existing nodes. Throws typed errors. */
export function validateNirGraph(g: NirGraph, where = 'NIR graph'): NirGraph {
  for (const [name, node] of Object.entries(g.nodes)) {
    const want = Object.hasOwn(NIR_PARAMS, node.type) ? NIR_PARAMS[node.type] : undefined;
    if (!want) throw new NeuroError('invalid_argument', `${where}.nodes.${name}.type`, { what: 'unknown or unsupported NIR node type', expected: Object.keys(NIR_PARAMS).join(' | '), received: node.type });
    for (const p of want) {
      const a = Object.hasOwn(node.params, p) ? node.params[p] : undefined;
      if (!a) throw new ParseError(`${where}.nodes.${name}.${p}`, { what: `missing parameter of ${node.type}`, expected: want, received: Object.keys(node.params) });
      if (!a.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ParseError(`${where}.nodes.${name}.${p}`, { what: 'shape has a dimension that is not a count', expected: 'non-negative integers', received: a.shape });
      const size = a.shape.reduce((x, y) => x * y, 1);
      if (size !== a.data.length) throw new ParseError(`${where}.nodes.${name}.${p}`, { what: 'shape does not match data', expected: size, received: a.data.length });
      const bad = a.data.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new ParseError(`${where}.nodes.${name}.${p}[${bad}]`, { what: 'parameter is not finite', expected: 'finite numbers', received: a.data[bad] });
    }
    if (node.type === 'Affine' || node.type === 'Linear') {
      const w = node.params.weight!;
      if (w.shape.length !== 2) throw new ParseError(`${where}.nodes.${name}.weight`, { what: 'weight is not a matrix', expected: '[out, in]', received: w.shape });
      const b = node.params.bias;
      if (node.type === 'Affine' && b && b.data.length !== w.shape[0]) throw new ParseError(`${where}.nodes.${name}.bias`, { what: 'bias length does not match the weight', expected: w.shape[0], received: b.data.length });
    }
  }
  g.edges.forEach(([a, b], k) => {
    if (!Object.hasOwn(g.nodes, a) || !Object.hasOwn(g.nodes, b)) throw new ParseError(`${where}.edges[${k}]`, { what: 'edge names an unknown node', expected: Object.keys(g.nodes), received: [a, b] });
  });
  return g;
}

/** h5wasm's API surface used here (typed locally: no `any`). */
interface H5Group {
  keys(): string[];
  get(name: string): H5Group | H5Dataset | null;
  create_group(name: string): H5Group;
  create_dataset(args: { name: string; data: unknown; shape?: number[]; dtype?: string }): unknown;
}
interface H5Dataset {
  readonly value: unknown;
  readonly shape: number[] | null;
  /** Bytes per element (`size`) and element count (`total_size`): what reading `value` allocates. */
  readonly metadata: { readonly size: number; readonly total_size: number };
}
interface H5Module {
  ready: Promise<{ FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void } }>;
  File: new (path: string, mode: string) => H5Group & { close(): void; flush(): void };
  Dataset: abstract new (...args: never[]) => H5Dataset;
  Group: abstract new (...args: never[]) => H5Group;
}

let counter = 0;
async function h5(): Promise<{ mod: H5Module; fs: Awaited<H5Module['ready']>['FS'] }> {
  // Loaded on first use: h5wasm is an optional peer dependency (NIR files only), and bundlers split it off.
  const imported = await import('h5wasm').catch((err: unknown) => {
    throw new NeuroError('not_found', 'NIR (h5wasm)', { what: 'the h5wasm package could not be loaded', expected: 'npm install h5wasm', received: err instanceof Error ? err.message : String(err) });
  });
  const mod = imported.default as unknown as H5Module;
  const { FS } = await mod.ready;
  return { mod, fs: FS };
}

/** Encodes a graph as the bytes of a NIR HDF5 file. */
export async function encodeNir(graph: NirGraph): Promise<Uint8Array> {
  validateNirGraph(graph);
  const { mod, fs } = await h5();
  const path = `/nir-${counter++}.h5`;
  const f = new mod.File(path, 'w');
  try {
    f.create_dataset({ name: 'version', data: graph.version });
    const g = f.create_group('node');
    g.create_dataset({ name: 'type', data: 'NIRGraph' });
    const nodes = g.create_group('nodes');
    for (const [name, node] of Object.entries(graph.nodes)) {
      const ng = nodes.create_group(name);
      ng.create_dataset({ name: 'type', data: node.type });
      for (const [k, a] of Object.entries(node.params)) {
        const isShape = k === 'shape';
        ng.create_dataset({ name: k, data: isShape ? BigInt64Array.from(a.data, (x) => BigInt(x)) : a.data, shape: [...a.shape], dtype: isShape ? '<q' : '<d' });
      }
    }
    g.create_dataset({ name: 'edges', data: graph.edges.flat(), shape: [graph.edges.length, 2] });
    f.flush();
  } finally {
    f.close();
  }
  const bytes = fs.readFile(path).slice();
  fs.unlink(path);
  return bytes;
}

/** Limits of {@link decodeNir}. */
export interface DecodeNirOptions {
  /**
   * Largest file, and largest dataset read from it, in bytes (default
   * {@link NIR_DECODE_DEFAULTS}`.maxBytes`): larger inputs throw `LimitError`
   * before anything is allocated for them.
   */
  readonly maxBytes?: number;
}

/** Default limits of {@link decodeNir}. */
export const NIR_DECODE_DEFAULTS = Object.freeze({
  /** 256 MiB: a 5,000 × 5,000 float64 weight matrix is 200 MB; far beyond that is a corrupt or hostile file. */
  maxBytes: 256 * 2 ** 20,
});

/**
 * Decodes NIR HDF5 bytes. Checks the byte length against `maxBytes` and the
 * HDF5 superblock (version, field sizes, addresses inside the file) before
 * h5wasm opens the file, checks each dataset's size before reading it, and
 * validates the graph ({@link validateNirGraph}) before returning it.
 *
 * Untrusted files: h5wasm reads synchronously and some corrupt files make HDF5
 * loop forever (e.g. a global heap whose free-space object has size 0), which
 * nothing in the same thread can interrupt. In Node use `loadNir` /
 * `decodeNirSafe` from `neuromorph/node` (a worker thread with a time limit);
 * in a browser call this function inside a Web Worker, terminate the worker
 * when it takes too long, and start a fresh one after a failure (h5wasm is one
 * shared instance, and a corrupt file can leave it in a bad state for later files).
 * @param bytes the file's bytes
 * @param options limits (see {@link DecodeNirOptions})
 * @returns the validated graph
 * @throws ParseError on malformed files, NeuroError `invalid_argument` on unsupported node types, LimitError on inputs over `maxBytes`
 * @example
 * const graph = await decodeNir(await encodeNir(myGraph), { maxBytes: 2 ** 30 });
 */
export async function decodeNir(bytes: Uint8Array, options: DecodeNirOptions = {}): Promise<NirGraph> {
  const maxBytes = options.maxBytes ?? NIR_DECODE_DEFAULTS.maxBytes;
  if (bytes.length > maxBytes) throw new LimitError('decodeNir(bytes)', { what: 'file size in bytes', limit: maxBytes, requested: bytes.length, raise: 'decodeNir(bytes, { maxBytes })' });
  checkHdf5Superblock(bytes, 'decodeNir(bytes)');
  const { mod, fs } = await h5();
  const path = `/nir-${counter++}.h5`;
  fs.writeFile(path, bytes);
  let f: (H5Group & { close(): void }) | null = null;
  let graph: NirGraph | undefined;
  let error: unknown;
  try {
    f = new mod.File(path, 'r');
    graph = readGraph({ mod, maxBytes }, f);
  } catch (err) {
    error = err;
  }
  // Closing can fail too (HDF5 may trap on a corrupt file while flushing its caches).
  try {
    f?.close();
  } catch (err) {
    error ??= err;
  }
  fs.unlink(path);
  if (error !== undefined || graph === undefined) throw typedDecodeError(error);
  return graph;
}

/**
 * A typed error for what h5wasm threw: NeuroErrors as they are, anything else
 * (HDF5's messages, WebAssembly traps such as "memory access out of bounds") as
 * a ParseError whose `cause` is the original, so a caller can tell a trap (after
 * which the h5wasm instance should not be trusted) from a clean refusal.
 */
function typedDecodeError(err: unknown): NeuroError {
  if (err instanceof NeuroError) return err;
  const e = new ParseError('decodeNir(bytes)', { what: `malformed HDF5 file (${err instanceof Error ? (err.name === 'Error' ? err.message : `${err.name}: ${err.message}`) : String(err)})` });
  e.cause = err;
  return e;
}

/** What the readers below need: the h5wasm module (for instanceof) and the dataset size limit. */
interface ReadContext {
  readonly mod: H5Module;
  readonly maxBytes: number;
}

function readGraph(ctx: ReadContext, f: H5Group): NirGraph {
  const { mod } = ctx;
  const version = String(value(ctx, dataset(mod, f, 'version', 'decodeNir'), '/version'));
  const g = f.get('node');
  if (!(g instanceof mod.Group)) throw new ParseError('decodeNir: /node', { what: 'missing graph group', expected: 'a group', received: g === null ? 'nothing' : 'a dataset' });
  const graph = g as H5Group;
  const type = String(value(ctx, dataset(mod, graph, 'type', '/node'), '/node/type'));
  if (type !== 'NIRGraph') throw new NeuroError('invalid_argument', 'decodeNir: /node/type', { what: 'the root node must be a graph', expected: 'NIRGraph', received: type });
  const nodesG = graph.get('nodes');
  if (!(nodesG instanceof mod.Group)) throw new ParseError('decodeNir: /node/nodes', { what: 'missing nodes group', expected: 'a group', received: nodesG === null ? 'nothing' : 'a dataset' });
  const nodes: Record<string, NirNode> = Object.create(null) as Record<string, NirNode>;
  for (const name of (nodesG as H5Group).keys()) nodes[name] = readNode(ctx, (nodesG as H5Group).get(name) as H5Group, `/node/nodes/${name}`);
  const raw = value(ctx, dataset(mod, graph, 'edges', '/node'), '/node/edges');
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string') || list.length % 2 !== 0) {
    throw new ParseError('decodeNir: /node/edges', { what: 'edges are not pairs of node names', expected: 'an [n, 2] dataset of strings', received: Array.isArray(list) ? `${list.length} entries of ${[...new Set(list.map((x) => typeof x))].join(', ')}` : ArrayBuffer.isView(raw) ? 'numbers' : typeof raw });
  }
  const flat = list as string[];
  const edges: [string, string][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) edges.push([flat[k]!, flat[k + 1]!]);
  return validateNirGraph({ nodes, edges, version }, 'decodeNir');
}

/** A dataset's value, after checking that reading it allocates at most `maxBytes` (a corrupt dataspace can claim billions of elements). */
function value(ctx: ReadContext, d: H5Dataset, where: string): unknown {
  const { size, total_size: count } = d.metadata;
  if (size * count > ctx.maxBytes) throw new LimitError(`decodeNir: ${where}`, { what: 'dataset size in bytes', limit: ctx.maxBytes, requested: size * count, raise: 'the maxBytes option' });
  return d.value;
}

function dataset(mod: H5Module, g: H5Group, name: string, where: string): H5Dataset {
  const d = g.get(name);
  if (!(d instanceof mod.Dataset)) throw new ParseError(`decodeNir: ${where}/${name}`, { what: 'missing dataset (a truncated or malformed file?)', expected: 'a dataset', received: d == null ? 'nothing' : d instanceof mod.Group ? 'a group' : 'an unreadable object' });
  return d as H5Dataset;
}

function readNode(ctx: ReadContext, g: H5Group, where: string): NirNode {
  const { mod } = ctx;
  if (!(g instanceof mod.Group)) throw new ParseError(`decodeNir: ${where}`, { what: 'a node must be a group', expected: 'a group', received: 'a dataset' });
  const type = String(value(ctx, dataset(mod, g, 'type', where), `${where}/type`));
  if (!Object.hasOwn(NIR_PARAMS, type)) throw new NeuroError('invalid_argument', `decodeNir: ${where}/type`, { what: 'unknown or unsupported NIR node type', expected: Object.keys(NIR_PARAMS).join(' | '), received: type });
  const params = Object.create(null) as Record<string, NirArray>;
  for (const k of g.keys()) {
    if (k === 'type') continue;
    const d = g.get(k);
    if (!(d instanceof mod.Dataset)) continue; // metadata / input_type groups: not needed
    const v = value(ctx, d as H5Dataset, `${where}/${k}`);
    const data = typeof v === 'number' || typeof v === 'bigint' ? [Number(v)] : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number | bigint>, Number) : null;
    if (data === null) continue;
    params[k] = nirArray(data, (d as H5Dataset).shape ?? [data.length]);
  }
  return { type: type as NirNodeType, params };
}

/**
 * A NIR `LIF` node for n neurons of a cell type (τ in s, r = τm/cm in MΩ, voltages in mV).
 * NIR's LIF has no synaptic filter, so IF_curr_delta maps exactly; synaptic time constants are dropped.
 */
export function lifNodeFromCell(cell: { tauMMs: number; cmNf: number; vRestMv: number; vThreshMv: number; vResetMv: number }, n: number): NirNode {
  const fill = (x: number): NirArray => nirArray(new Float64Array(n).fill(x));
  return { type: 'LIF', params: { tau: fill(cell.tauMMs / 1000), r: fill(cell.tauMMs / cell.cmNf), v_leak: fill(cell.vRestMv), v_threshold: fill(cell.vThreshMv), v_reset: fill(cell.vResetMv) } };
}

/** IF_curr_delta-style parameters from the first neuron of a NIR `LIF` node (inverse of {@link lifNodeFromCell}). */
export function cellFromLifNode(node: NirNode): { tauMMs: number; cmNf: number; vRestMv: number; vThreshMv: number; vResetMv: number } {
  if (node.type !== 'LIF') throw new NeuroError('invalid_argument', 'cellFromLifNode(node)', { what: 'not a LIF node', expected: 'LIF', received: node.type });
  const p = (k: string): number => node.params[k]!.data[0]!;
  const tauMMs = p('tau') * 1000;
  return { tauMMs, cmNf: tauMMs / p('r'), vRestMv: p('v_leak'), vThreshMv: p('v_threshold'), vResetMv: p('v_reset') };
}

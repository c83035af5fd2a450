/**
 * The NIR worker's side and its wire format: the worker decodes with
 * `decodeNir` and replies with the graph as plain arrays, or with the typed
 * error's fields; the main side rebuilds and validates the graph again, and
 * rebuilds the error with the same code, path and message.
 */
import type { MessagePort } from 'node:worker_threads';
import { decodeNir, validateNirGraph, type NirArray, type NirGraph, type NirNode, type NirNodeType } from '../spiking/index.js';
import { describeValue, NeuroError, ParseError, type ErrorCode } from '../util/index.js';

// Plain arrays: structured clone turns null-prototype maps into plain objects,
// where a node named `__proto__` would be special.

type WireArray = readonly [param: string, data: Float64Array, shape: readonly number[]];
type WireNode = readonly [name: string, type: string, params: readonly WireArray[]];
interface WireGraph {
  readonly version: string;
  readonly nodes: readonly WireNode[];
  readonly edges: readonly (readonly [string, string])[];
}
export interface WireError {
  readonly code: ErrorCode;
  readonly path: string;
  readonly message: string;
  readonly expected?: unknown;
  readonly received?: unknown;
}
export interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly maxBytes: number;
}
/** `trapped`: the decode hit a WebAssembly trap, after which this h5wasm instance is not trusted (the worker is replaced). */
export type Reply = { readonly id: number; readonly ms: number; readonly heapBytes: number; readonly trapped: boolean } & ({ readonly ok: true; readonly graph: WireGraph } | { readonly ok: false; readonly error: WireError });
export interface Control {
  readonly ready?: true;
  readonly fatal?: string;
}

function toWire(g: NirGraph): WireGraph {
  const nodes = Object.entries(g.nodes).map(([name, n]): WireNode => [name, n.type, Object.entries(n.params).map(([k, a]): WireArray => [k, a.data, [...a.shape]])]);
  return { version: g.version, nodes, edges: g.edges.map(([a, b]) => [a, b] as const) };
}

function toWireError(err: unknown): WireError {
  if (err instanceof NeuroError) return { code: err.code, path: err.path, message: err.message, expected: err.expected, received: err.received };
  // Not a typed error: a bug in decodeNir, reported as such (with the stack).
  return { code: 'internal', path: 'decodeNir worker', message: `decodeNir worker: untyped exception, ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
}

/**
 * Worker side: warms h5wasm (so the time limit covers decoding only), then
 * answers each `{ id, bytes, maxBytes }` with the graph as plain data or the
 * error's fields. Exported for the worker's bootstrap only.
 */
export async function serveNirDecodes(port: MessagePort): Promise<void> {
  const h5 = (await (await import('h5wasm')).default.ready) as unknown as { HEAPU8: Uint8Array };
  port.on('message', (req: Request) => {
    const t0 = performance.now();
    let cause: unknown;
    const reply = (r: { ok: true; graph: WireGraph } | { ok: false; error: WireError }): void => {
      const trapped = !r.ok && cause instanceof WebAssembly.RuntimeError;
      const head = { id: req.id, ms: performance.now() - t0, heapBytes: h5.HEAPU8.length, trapped };
      try {
        port.postMessage({ ...head, ...r });
      } catch (err) {
        if (r.ok) throw err;
        // An error's expected / received that cannot be cloned travel as text.
        port.postMessage({ ...head, ok: false, error: { ...r.error, expected: describeValue(r.error.expected), received: describeValue(r.error.received) } });
      }
    };
    decodeNir(req.bytes, { maxBytes: req.maxBytes }).then(
      (g) => reply({ ok: true, graph: toWire(g) }),
      (err: unknown) => {
        cause = err instanceof Error ? err.cause : undefined;
        reply({ ok: false, error: toWireError(err) });
      },
    );
  });
  port.postMessage({ ready: true } satisfies Control);
}

/** Main side: the graph of a worker reply, rebuilt with own-property maps and validated again (`validateNirGraph`). */
export function fromWire(w: WireGraph, where: string): NirGraph {
  const bad = (what: string): never => {
    throw new NeuroError('internal', `${where} (worker reply)`, { what });
  };
  if (typeof w?.version !== 'string' || !Array.isArray(w.nodes) || !Array.isArray(w.edges)) bad('not a graph');
  const nodes = Object.create(null) as Record<string, NirNode>;
  for (const [name, type, params] of w.nodes) {
    if (typeof name !== 'string' || typeof type !== 'string' || !Array.isArray(params)) bad('malformed node');
    const ps = Object.create(null) as Record<string, NirArray>;
    for (const [k, data, shape] of params) {
      if (typeof k !== 'string' || !(data instanceof Float64Array) || !Array.isArray(shape)) bad('malformed parameter');
      ps[k] = { data, shape: [...shape] };
    }
    nodes[name] = { type: type as NirNodeType, params: ps };
  }
  const edges = w.edges.map((e) => (Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string' ? ([e[0], e[1]] as const) : bad('malformed edge')));
  return validateNirGraph({ version: w.version, nodes, edges }, where);
}

/** Main side: a worker's typed error with the same code, path, message, expected and received (`ParseError` for `parse_error`, else `NeuroError`). */
export function revive(e: WireError): NeuroError {
  const details = { what: '', expected: e.expected, received: e.received };
  const err = e.code === 'parse_error' ? new ParseError(e.path, details) : new NeuroError(e.code, e.path, details);
  err.message = e.message; // exactly as thrown in the worker
  return err;
}

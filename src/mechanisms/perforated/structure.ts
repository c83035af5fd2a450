/**
 * Wrapping a model's Linear/Conv2d layers in place, and saving/restoring a
 * perforated model: weights as safetensors, the structure (which layers carry
 * how many dendrite sets) as a small JSON stored in the file's `__metadata__`.
 */
import { Conv2d, Linear, decodeSafetensors, encodeSafetensors, type AnyModule, type StateDict } from '../../nn/index.js';
import { ArgumentError, ParseError } from '../../util/index.js';
import { DendriteLayer } from './layer.js';

/** The saved structure of a perforated model. */
export interface PerforatedStructure {
  readonly format: 'neuromorph-perforated';
  readonly version: 1;
  /** One entry per wrapped layer, in model order. */
  readonly layers: readonly { readonly name: string; readonly kind: 'linear' | 'conv2d'; readonly dendrites: number }[];
}

/** Key of the structure JSON in the safetensors `__metadata__`. */
const METADATA_KEY = 'perforated';

/**
 * Replaces every selected Linear/Conv2d of `model` (found through its properties,
 * arrays included) by a {@link DendriteLayer} around it, in place.
 * @param model any module tree (not itself a Linear/Conv2d)
 * @param layers `'all'` or the dotted names to wrap
 * @returns the wrapped layers with their dotted names
 * @throws ArgumentError if the model is already perforated, nothing matches or a name is unknown
 */
export function wrapLayers(model: AnyModule, layers: 'all' | readonly string[]): [string, DendriteLayer][] {
  const where = 'perforate(model)';
  if (model instanceof Linear || model instanceof Conv2d) {
    throw new ArgumentError(where, { what: 'the model itself is a layer', expected: 'a container (e.g. a Sequential around it)', received: model.constructor.name });
  }
  if (model.namedModules().some(([, m]) => m instanceof DendriteLayer)) {
    throw new ArgumentError(where, { what: 'model is already perforated', expected: 'a model of Linear/Conv2d layers', received: 'DendriteLayer found' });
  }
  const out: [string, DendriteLayer][] = [];
  for (const [prefix, parent] of model.namedModules()) {
    const props = parent as unknown as Record<string, unknown>;
    for (const [key, v] of Object.entries(parent)) {
      const slots: [string, Record<string | number, unknown>, string | number, unknown][] = Array.isArray(v)
        ? v.map((el, i) => [`${key}.${i}`, v as unknown as Record<number, unknown>, i, el])
        : [[key, props, key, v]];
      for (const [name, holder, slot, child] of slots) {
        const full = prefix === '' ? name : `${prefix}.${name}`;
        if (!(child instanceof Linear || child instanceof Conv2d) || (layers !== 'all' && !layers.includes(full))) continue;
        const wrapped = new DendriteLayer(child);
        wrapped.training = child.training;
        holder[slot] = wrapped;
        out.push([full, wrapped]);
      }
    }
  }
  const missing = layers === 'all' ? [] : layers.filter((n) => !out.some(([m]) => m === n));
  if (missing.length > 0) throw new ArgumentError(`${where}.layers`, { what: 'not Linear/Conv2d modules of the model', expected: out.map(([n]) => n), received: missing });
  if (out.length === 0) throw new ArgumentError(where, { what: 'no Linear/Conv2d layer to wrap', expected: 'at least one', received: 0 });
  return out;
}

/** @returns the wrapped layers of a perforated model, with their dotted names */
export function dendriteLayers(model: AnyModule): [string, DendriteLayer][] {
  return model.namedModules().filter((e): e is [string, DendriteLayer] => e[1] instanceof DendriteLayer);
}

/**
 * The structure of a perforated model (for saving next to its weights).
 * @param model a model wrapped by `perforate`
 * @returns layer names, kinds and installed set counts
 */
export function perforatedStructure(model: AnyModule): PerforatedStructure {
  const layers = dendriteLayers(model).map(([name, l]) => ({ name, kind: l.main instanceof Linear ? ('linear' as const) : ('conv2d' as const), dendrites: l.sets.length }));
  return { format: 'neuromorph-perforated', version: 1, layers };
}

/**
 * Serialises a perforated model: safetensors bytes (F32) whose metadata holds the structure JSON.
 * Candidates (correlation-phase scaffolding) are not part of the model and are not saved.
 * @param model a model wrapped by `perforate`
 * @returns the file bytes
 * @example
 * const bytes = encodePerforated(pb.model);
 * const copy = restorePerforated(buildBaseModel(), bytes);
 */
export function encodePerforated(model: AnyModule): Uint8Array {
  return encodeSafetensors(model.stateDict(), { metadata: { [METADATA_KEY]: JSON.stringify(perforatedStructure(model)) } });
}

/**
 * Rebuilds a perforated model from a freshly built base model (same architecture,
 * not perforated) and saved bytes or a `{ structure, tensors }` pair: wraps the
 * listed layers, adds their dendrite sets and loads every weight (strict).
 * @param base the un-perforated model, modified in place
 * @param saved bytes from {@link encodePerforated}, or the structure and state dict
 * @returns `base`, now perforated with the saved weights
 * @throws ParseError when the bytes carry no valid structure
 */
export function restorePerforated<M extends AnyModule>(base: M, saved: Uint8Array | { readonly structure: PerforatedStructure; readonly tensors: StateDict }): M {
  let structure: PerforatedStructure, tensors: StateDict;
  if (saved instanceof Uint8Array) {
    const file = decodeSafetensors(saved);
    structure = parseStructure(file.metadata[METADATA_KEY]);
    tensors = file.tensors;
  } else {
    ({ structure, tensors } = saved);
  }
  const wrapped = new Map(wrapLayers(base, structure.layers.map((l) => l.name)));
  for (const l of structure.layers) {
    const layer = wrapped.get(l.name)!;
    for (let k = 0; k < l.dendrites; k++) layer.addSet();
    layer.configure('neuron', 'correlation');
  }
  base.loadStateDict(tensors);
  return base;
}

function parseStructure(json: string | undefined): PerforatedStructure {
  const where = 'restorePerforated(bytes)';
  let s: unknown;
  try {
    s = json === undefined ? undefined : JSON.parse(json);
  } catch {
    s = undefined;
  }
  const ok =
    s instanceof Object &&
    (s as PerforatedStructure).format === 'neuromorph-perforated' &&
    Array.isArray((s as PerforatedStructure).layers) &&
    (s as PerforatedStructure).layers.every((l) => typeof l.name === 'string' && Number.isSafeInteger(l.dendrites) && l.dendrites >= 0);
  if (!ok) throw new ParseError(where, { what: `no valid "${METADATA_KEY}" structure in the metadata`, expected: 'a file written by encodePerforated', received: json ?? 'none' });
  return s as PerforatedStructure;
}

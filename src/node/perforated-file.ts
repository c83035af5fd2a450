/**
 * Node file helpers for perforated models: one safetensors file holding the
 * weights, with the structure JSON (which layers carry how many dendrite sets)
 * in its `__metadata__`. Writes are atomic (temp file + rename).
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomicAsync } from './atomic-file.js';
import type { AnyModule } from '../nn/index.js';
import { encodePerforated, restorePerforated } from '../mechanisms/perforated/index.js';

/**
 * Saves a perforated model (candidates are scaffolding and are not saved).
 * @param path file to write (parent folders are created)
 * @param model a model wrapped by `perforate`
 * @returns resolves when the file is in place
 * @example
 * await savePerforated('weights/mlp-pb.safetensors', pb.model);
 */
export async function savePerforated(path: string, model: AnyModule): Promise<void> {
  await writeFileAtomicAsync(path, encodePerforated(model));
}

/**
 * Loads a perforated model into a freshly built base model of the same architecture.
 * @param path file written by {@link savePerforated}
 * @param base the un-perforated model, modified in place
 * @returns `base`, perforated, with the saved weights
 * @throws ParseError when the file holds no perforated structure
 * @example
 * const model = await loadPerforated('weights/mlp-pb.safetensors', buildMlp());
 */
export async function loadPerforated<M extends AnyModule>(path: string, base: M): Promise<M> {
  const buf = await readFile(path);
  return restorePerforated(base, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
}

// TensorFlow.js bases kept in the browser (keeper.ts: OPFS or IndexedDB): the record holds what the page lists
// (KeptTfjsBase) plus the base's topology and its weights' names and shapes; the bytes are the base's float32
// weights in order. The topology is made buildable in the worker once (tfjsBasesReady), the weights are read
// and their size checked again on every load.
import type { KeptTfjsBase } from '../../model/bases/tfjs-types';
import { forgetTfjsBase, isTfjsBasePrepared, prepareTfjsBase } from '../model/bases/tfjs-build';
import { weightBytes, type TfjsBaseParts, type TfjsBaseRead, type TfjsBaseWeight } from '../model/bases/tfjs-read';
import { createKeeper } from './keeper';

interface TfjsBaseRecord extends KeptTfjsBase {
  topology: Record<string, unknown>;
  config: TfjsBaseRead['config'];
  preprocessLayer: string;
  weightNames: string[];
  weightShapes: number[][];
}

const keeper = createKeeper<TfjsBaseRecord>({ db: 'convnet-lab-tfjs-bases', dir: 'tfjs-bases' });

const forPage = (r: TfjsBaseRecord): KeptTfjsBase => {
  const { topology: _t, config: _c, preprocessLayer: _p, weightNames: _n, weightShapes: _s, ...kept } = r;
  return kept;
};

/** Keeps a read base (replacing an earlier copy) and makes it buildable here. Throws when the browser refuses. */
export async function keepTfjsBase(read: TfjsBaseRead, picked: string[]): Promise<KeptTfjsBase> {
  const bytes = weightBytes(read.weights);
  const record = await keeper.keep(
    {
      fileName: read.fileName,
      picked,
      source: read.source,
      preprocess: read.preprocess,
      model: read.model,
      bytes: bytes.length,
      topology: read.topology,
      config: read.config,
      preprocessLayer: read.preprocessLayer,
      weightNames: read.weights.map((w) => w.name),
      weightShapes: read.weights.map((w) => w.shape),
    },
    bytes,
  );
  prepareTfjsBase(record.fileName, record.config, record.preprocessLayer);
  return forPage(record);
}

export const keptTfjsBases = async (): Promise<KeptTfjsBase[]> => (await keeper.list()).map(forPage);

let ready: Promise<void> | null = null;

/**
 * Every kept base made buildable in this worker, once (a fresh worker after a reload or a crash): builds are
 * synchronous, so the worker's entries wait for this before any model is built. Only the kept tfjs config is
 * read (no tensor: a fresh worker may have no backend yet). Never fails: a base whose record cannot be read is
 * then refused by name when a model needs it.
 */
export function tfjsBasesReady(): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve();
  ready ??= keeper
    .list()
    .then(async (records) => {
      for (const r of records)
        if (!isTfjsBasePrepared(r.fileName)) prepareTfjsBase(r.fileName, r.config, r.preprocessLayer);
    })
    .catch(() => undefined);
  return ready;
}

/** A kept base's weights by tfjs' names, or null when it is not kept; an Error when its bytes are damaged. */
export async function keptTfjsWeights(fileName: string): Promise<TfjsBaseWeight[] | null> {
  const record = await keeper.record(fileName);
  const bytes = record && (await keeper.bytes(fileName));
  if (!record || !bytes) return null;
  const sizes = record.weightShapes.map((s) => s.reduce((a, b) => a * b, 1));
  const want = sizes.reduce((a, b) => a + b, 0) * 4;
  if (bytes.byteLength !== want)
    throw new Error(`the kept weights of ${fileName} hold ${bytes.byteLength} bytes, ${want} expected`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let at = 0;
  return record.weightNames.map((name, i) => {
    const values = all.subarray(at, at + sizes[i]!);
    at += sizes[i]!;
    return { name, shape: record.weightShapes[i]!, values };
  });
}

export async function removeTfjsBase(fileName: string): Promise<void> {
  await keeper.remove(fileName);
  forgetTfjsBase(fileName);
}

/** What a kept base is made from (to cut it), or null when it is not kept. */
export async function keptTfjsParts(fileName: string): Promise<(TfjsBaseParts & { picked: string[] }) | null> {
  const record = await keeper.record(fileName);
  const weights = record && (await keptTfjsWeights(fileName));
  if (!record || !weights) return null;
  const { topology, preprocessLayer, source, preprocess, picked } = record;
  return { topology, preprocessLayer, source, preprocess, picked, weights };
}

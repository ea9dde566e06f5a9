// Export and import in TensorFlow.js' LayersModel format (model.json + one
// .bin, optionally zipped with fflate), worker side. Export builds the run's
// architecture, puts the checkpoint's weights in and saves it through
// tf.io.withSaveHandler, so the file is what tfjs itself writes (custom
// augmentation layers under Keras' class names). Import reads the topology
// with the pure fromTopology.ts (clear errors before any tensor exists), checks
// the manifest against the weight files' bytes, and maps each weight onto the
// lab's model by the file's layer names, shapes checked.
import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { architectureFromTopology, TopologyError, withoutAugmentation } from '../../model/from-topology';
import { inferSummary } from '../../model/infer';
import { stackNames } from '../../model/names';
import { labelsFromMetadata, METADATA_JSON } from '../../model/tfjs-metadata';
import type { Architecture } from '../../model/layers';
import type { WeightTensor } from '../trainer';
import { buildModel } from './build';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'model.weights.bin';

/** A file by name and bytes (what crosses the worker boundary either way). */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export interface ExportOptions {
  /** "For prediction only": leave the augmentation layers out (they do nothing at inference; Dropout stays). */
  stripAugmentation: boolean;
}

/** model.json (as tfjs writes it) and the weights of `arch` with `tensors` (a checkpoint, in buildModel's weight order). */
export async function exportLayersModel(
  arch: Architecture,
  tensors: WeightTensor[],
  options: ExportOptions,
): Promise<{ modelJson: string; weights: Uint8Array }> {
  const target = options.stripAugmentation ? withoutAugmentation(arch) : arch;
  const model = buildModel(target);
  try {
    // Augmentation layers hold no weights, so the checkpoint fits the stripped model as it is.
    tf.tidy(() => model.setWeights(tensors.map((t) => tf.tensor(t.values, t.shape))));
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    const a = saved as tf.io.ModelArtifacts | null;
    if (!a || !a.weightData || !a.weightSpecs) throw new Error('tfjs saved no weights.');
    const json = {
      format: 'layers-model',
      generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers} (Convnet Lab)`,
      convertedBy: null,
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: a.weightSpecs }],
    };
    return { modelJson: JSON.stringify(json), weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)) };
  } finally {
    model.dispose();
  }
}

/**
 * The files (model.json, the weights and, given class names, metadata.json: Teachable Machine's labels), or
 * one zip holding them (the default download).
 */
export function packModel(
  modelJson: string,
  weights: Uint8Array,
  zip: boolean,
  stem: string,
  metadataJson?: string,
): NamedBytes[] {
  const files: NamedBytes[] = [
    { name: MODEL_JSON, bytes: strToU8(modelJson) },
    { name: WEIGHTS_BIN, bytes: weights },
    ...(metadataJson ? [{ name: METADATA_JSON, bytes: strToU8(metadataJson) }] : []),
  ];
  if (!zip) return files;
  // The weights barely compress (float noise); level 6 still takes model.json down a lot, and costs little.
  const entries = Object.fromEntries(files.map((f) => [f.name, f.bytes]));
  return [{ name: `${stem}.zip`, bytes: zipSync(entries, { level: 6 }) }];
}

export const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The files the student chose (model.json + .bin files, or one .zip) as a name → bytes map. */
export function unpackFiles(files: NamedBytes[]): Map<string, Uint8Array> {
  if (files.length === 0)
    throw new ModelFileError('No file was chosen: pick model.json and its .bin file, or one .zip.');
  const out = new Map<string, Uint8Array>();
  for (const f of files) {
    if (/\.zip$/i.test(f.name)) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.bytes);
      } catch (e) {
        throw new ModelFileError(
          `${f.name} is not a readable zip file (${e instanceof Error ? e.message : String(e)}).`,
        );
      }
      for (const [name, bytes] of Object.entries(entries)) if (!name.endsWith('/')) out.set(baseName(name), bytes);
    } else out.set(baseName(f.name), f.bytes);
  }
  return out;
}

export interface ParsedModelJson {
  modelTopology: unknown;
  specs: tf.io.WeightsManifestEntry[];
  paths: string[];
}

export function parseModelJson(files: Map<string, Uint8Array>): ParsedModelJson {
  // metadata.json (class names) travels beside model.json: it is not a second model.
  const jsonNames = [...files.keys()].filter((n) => /\.json$/i.test(n) && n !== METADATA_JSON);
  if (jsonNames.length === 0)
    throw new ModelFileError(
      'No model.json among the files: pick model.json and its .bin file, or one .zip holding them.',
    );
  if (jsonNames.length > 1)
    throw new ModelFileError(
      `Several .json files (${jsonNames.join(', ')}): pick one model's model.json and its .bin file.`,
    );
  const name = jsonNames[0]!;
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(files.get(name)!));
  } catch (e) {
    throw new ModelFileError(`${name} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (typeof json !== 'object' || json === null)
    throw new ModelFileError(`${name} is not a TensorFlow.js model: it holds no object.`);
  const j = json as Record<string, unknown>;
  if (j.format !== undefined && j.format !== 'layers-model')
    throw new ModelFileError(
      `${name}: the format is "${String(j.format)}"; the lab reads "layers-model" files only (a graph model has no layers to show).`,
    );
  if (!j.modelTopology)
    throw new ModelFileError(`${name} has no "modelTopology": it is not a TensorFlow.js LayersModel.`);
  const manifest = j.weightsManifest;
  if (!Array.isArray(manifest))
    throw new ModelFileError(`${name} has no "weightsManifest": it says nothing about the weights.`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const paths: string[] = [];
  for (const group of manifest as { paths?: unknown; weights?: unknown }[]) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights))
      throw new ModelFileError(`${name}: a weightsManifest entry lacks "paths" or "weights".`);
    paths.push(...(group.paths as string[]).map(String));
    specs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
  }
  return { modelTopology: j.modelTopology, specs, paths };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

export function specBytes(s: tf.io.WeightsManifestEntry): number {
  const count = (s.shape ?? []).reduce((a, b) => a * b, 1);
  const dtype = s.quantization?.dtype ?? s.dtype;
  const per = DTYPE_BYTES[dtype];
  if (per === undefined || !Array.isArray(s.shape))
    throw new ModelFileError(
      `model.json: the weight '${String(s.name)}' has a dtype or shape the lab cannot read (${String(dtype)}).`,
    );
  return count * per;
}

/** The weight files model.json names, joined in its order; a ModelFileError when one is missing or the bytes differ. */
export function joinWeightFiles(files: Map<string, Uint8Array>, parsed: ParsedModelJson): Uint8Array {
  const parts = parsed.paths.map((p) => {
    const bytes = files.get(baseName(p));
    if (!bytes)
      throw new ModelFileError(
        `model.json names the weight file '${baseName(p)}', which is not among the chosen files: pick it too (or the .zip holding both).`,
      );
    return bytes;
  });
  const expected = parsed.specs.reduce((a, s) => a + specBytes(s), 0);
  const got = parts.reduce((a, p) => a + p.byteLength, 0);
  if (got !== expected)
    throw new ModelFileError(
      `The weight file${parts.length === 1 ? '' : 's'} hold${parts.length === 1 ? 's' : ''} ${got} bytes, but model.json's manifest describes ${expected}: the .bin does not belong to this model.json (or is cut short).`,
    );
  const buffer = new Uint8Array(got);
  let at = 0;
  for (const p of parts) {
    buffer.set(p, at);
    at += p.byteLength;
  }
  return buffer;
}

export interface ImportedWeights {
  arch: Architecture;
  /** The class names of a metadata.json beside model.json (one per class), else null. */
  classNames: string[] | null;
  /** In buildModel(arch)'s weight order, named as the lab names them: ready to be a checkpoint. */
  tensors: WeightTensor[];
}

/** model.json + weights → the lab's architecture and a checkpoint, or a ModelFileError naming what is wrong. */
export function importLayersModel(input: NamedBytes[]): ImportedWeights {
  const files = unpackFiles(input);
  const parsed = parseModelJson(files);
  let topology;
  try {
    topology = architectureFromTopology(parsed.modelTopology);
  } catch (e) {
    if (e instanceof TopologyError) throw new ModelFileError(e.message);
    throw e;
  }
  const { arch } = topology;
  const summary = inferSummary(arch);
  if (!summary.valid) throw new ModelFileError(`model.json: ${summary.issues[0]!.message} ${summary.issues[0]!.fix}`);
  const buffer = joinWeightFiles(files, parsed);
  const metadata = files.get(METADATA_JSON);
  return {
    arch,
    classNames: metadata ? labelsFromMetadata(strFromU8(metadata), arch.numClasses) : null,
    tensors: mapWeights(
      arch,
      topology.layers.map((l) => l.name),
      parsed.specs,
      buffer.buffer as ArrayBuffer,
    ),
  };
}

/** Each weight of the lab's model from the manifest entry `<file's layer name>/<kind>` (e.g. conv2d_1/kernel), shape checked. */
export function mapWeights(
  arch: Architecture,
  fileNames: string[],
  specs: tf.io.WeightsManifestEntry[],
  buffer: ArrayBuffer,
  what = 'model.json',
): WeightTensor[] {
  const labNames = stackNames(arch);
  // A base's weights are named after its own layers (block1_conv1/kernel), not after the base.
  const baseAt = arch.layers.findIndex((l) => l.type === 'Base');
  const model = buildModel(arch);
  const decoded = tf.io.decodeWeights(buffer, specs);
  try {
    const out: WeightTensor[] = [];
    const used = new Set<string>();
    // model.weights' order (trainable first, then BatchNorm's statistics) is the order checkpoints and setWeights use.
    for (const w of model.weights) {
      const slash = w.originalName.indexOf('/');
      const top = labNames.indexOf(w.originalName.slice(0, slash));
      const inBase = top < 0 && baseAt >= 0;
      const i = inBase ? baseAt : top;
      const kind = inBase ? w.originalName : w.originalName.slice(slash + 1);
      const wanted = inBase ? kind : `${fileNames[i]}/${kind}`;
      // Keras 3's converter may prefix the model's name ("sequential/conv2d/kernel").
      const key = Object.keys(decoded).find((k) => !used.has(k) && (k === wanted || k.endsWith(`/${wanted}`)));
      const where = `layer ${i + 1} '${fileNames[i]}' (${arch.layers[i]!.type})`;
      if (!key)
        throw new ModelFileError(
          `${what}: the weights of ${where} lack its ${kind} ("${wanted}" is not in the ${what === 'model.json' ? 'weights manifest' : 'weights'}).`,
        );
      const t = decoded[key]!;
      const shape = w.shape.map((d) => d ?? 1);
      if (t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k]))
        throw new ModelFileError(
          `${what}: ${where} has a ${kind} of shape [${t.shape.join(', ')}], but the layer needs [${shape.join(', ')}].`,
        );
      used.add(key);
      out.push({ name: w.originalName, shape, values: new Float32Array(t.dataSync()) });
    }
    return out;
  } finally {
    tf.dispose(Object.values(decoded));
    model.dispose();
  }
}

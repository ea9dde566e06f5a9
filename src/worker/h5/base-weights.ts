// A base's weight file checked before anything uses it: HDF5 at all, not cut short, Keras' legacy layout, which
// base it is for (VGG16, or MobileNetV2 and its alpha), every layer and shape against what keras.applications
// builds, and the MD5 Keras names for it (VGG16's `file_hash`; Keras gives none for MobileNetV2's files).
// Throws BaseWeightsError with a message naming what does not fit; the caller keeps nothing on failure.
import {
  checkBaseWeights,
  expectedBaseWeights,
  weightsFileName,
  weightsMd5,
  type BaseLayerWeights,
  type BaseRef,
} from '../../model/bases/weights';
import { MOBILENET_V2_SIZES } from '../../model/bases/spec';
import { MOBILENET_V2_ALPHAS } from '../../model/bases/types';
import type { ChecksumState } from '../../model/base-files';
import { readH5 } from './file';
import { readLegacyWeights } from './legacy-weights';
import { md5Hex } from './md5';
import { H5FormatError } from './superblock';

export class BaseWeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaseWeightsError';
  }
}

export const ALL_BASE_REFS: readonly BaseRef[] = [
  { base: 'vgg16' },
  ...MOBILENET_V2_ALPHAS.map((alpha) => ({ base: 'mobilenet_v2', alpha }) as const),
];

export const sameRef = (a: BaseRef, b: BaseRef): boolean =>
  a.base === b.base && (a.base === 'vgg16' || (b.base === 'mobilenet_v2' && a.alpha === b.alpha));

export const refLabel = (ref: BaseRef): string => (ref.base === 'vgg16' ? 'VGG16' : `MobileNetV2 alpha ${ref.alpha}`);

export interface CheckedBaseWeights {
  ref: BaseRef;
  /** The input rows the weights were trained at (MobileNetV2's 96-224; VGG16: 224). */
  rows: number;
  /** The file's name as Keras names it (the key it is kept under). */
  fileName: string;
  bytes: number;
  md5: string;
  checksum: ChecksumState;
  layers: BaseLayerWeights[];
}

/** What a file name says (only Keras' own names are trusted: a renamed file is identified by its contents). */
export function refFromFileName(name: string): { ref: BaseRef; rows: number } | null {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (base === weightsFileName({ base: 'vgg16' }, 224)) return { ref: { base: 'vgg16' }, rows: 224 };
  const m = /^mobilenet_v2_weights_tf_dim_ordering_tf_kernels_([0-9.]+)_(\d+)_no_top\.h5$/.exec(base);
  if (!m) return null;
  const alpha = MOBILENET_V2_ALPHAS.find((a) => a === Number(m[1]));
  const rows = Number(m[2]);
  if (alpha === undefined || !MOBILENET_V2_SIZES.includes(rows)) return null;
  return { ref: { base: 'mobilenet_v2', alpha }, rows };
}

/** The base whose shapes the file's layers fit, else the one it was meant for, with what does not fit. */
function identify(layers: BaseLayerWeights[], meant: BaseRef | null): BaseRef {
  const fits = ALL_BASE_REFS.find((ref) => checkBaseWeights(ref, layers) === null);
  if (fits) return fits;
  const names = new Set(layers.map((l) => l.layer));
  const guess =
    meant ??
    ALL_BASE_REFS.find((ref) => expectedBaseWeights(ref).filter((l) => names.has(l.layer)).length > names.size / 2) ??
    null;
  if (!guess)
    throw new BaseWeightsError(
      `This is a Keras weights file, but not of VGG16 or MobileNetV2: its layers (${[...names].slice(0, 4).join(', ')}, ...) are neither network's.`,
    );
  throw new BaseWeightsError(`This file does not fit ${refLabel(guess)}: ${mismatch(guess, layers)}.`);
}

/** The first thing that does not fit, naming missing and unexpected layers before shapes. */
function mismatch(ref: BaseRef, layers: BaseLayerWeights[]): string {
  const want = expectedBaseWeights(ref).map((l) => l.layer);
  const got = layers.map((l) => l.layer);
  const missing = want.filter((n) => !got.includes(n));
  const extra = got.filter((n) => !want.includes(n));
  if (got.length !== want.length && (missing.length > 0 || extra.length > 0)) {
    const parts = [];
    if (missing.length) parts.push(`missing layer${missing.length > 1 ? 's' : ''} ${list(missing)}`);
    if (extra.length) parts.push(`layer${extra.length > 1 ? 's' : ''} ${list(extra)} not in ${refLabel(ref)}`);
    return `${parts.join('; ')} (the file has ${got.length} layers with weights, ${want.length} expected)`;
  }
  return checkBaseWeights(ref, layers) ?? 'unknown';
}

const list = (names: string[]) =>
  names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');

export interface ReadBaseOptions {
  /** The picked or downloaded file's name. */
  fileName: string;
  /** The base (and its rows) the student's model uses, where it has one: names the misfit, gives the rows. */
  meant?: { ref: BaseRef; rows: number } | null;
}

export async function readBaseWeights(bytes: Uint8Array, options: ReadBaseOptions): Promise<CheckedBaseWeights> {
  const what = `"${options.fileName}"`;
  let file;
  try {
    file = await readH5(bytes, (f) => readLegacyWeights(f, what), what);
  } catch (e) {
    if (e instanceof H5FormatError) throw new BaseWeightsError(e.message);
    throw e;
  }
  const named = refFromFileName(options.fileName);
  const ref = identify(file.layers, named?.ref ?? options.meant?.ref ?? null);
  const rows =
    named && sameRef(named.ref, ref)
      ? named.rows
      : options.meant && sameRef(options.meant.ref, ref)
        ? options.meant.rows
        : 224;
  const meant = options.meant;
  if (meant && !sameRef(meant.ref, ref))
    throw new BaseWeightsError(
      `${what} holds ${refLabel(ref)} weights, but the model's base is ${refLabel(meant.ref)}: pick ${weightsFileName(meant.ref, meant.rows)}.`,
    );
  if (meant && named && named.rows !== meant.rows)
    throw new BaseWeightsError(
      `${what} holds the weights trained at ${named.rows}x${named.rows}; for this model Keras loads ${weightsFileName(meant.ref, meant.rows)}.`,
    );
  const md5 = md5Hex(bytes);
  const known = weightsMd5(ref);
  return {
    ref,
    rows,
    fileName: weightsFileName(ref, rows),
    bytes: bytes.length,
    md5,
    checksum: known === null ? 'unknown' : known === md5 ? 'match' : 'mismatch',
    layers: file.layers,
  };
}

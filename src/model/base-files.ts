// The facts both threads share about a base's weight file: which file a model needs, where Keras gets it, how
// large it is about to be, what its checksum must be, and how a kept file is described. Pure.
import { weightsRows } from './bases/spec';
import { baseRef } from './bases/summary';
import type { Architecture } from './layers';
import type { BaseRef } from './bases/types';
import { expectedValueCount, weightsFileName, weightsMd5, weightsUrl } from './bases/weights';

/** 'match': the MD5 Keras names; 'mismatch': another file with the right shapes; 'unknown': Keras names none. */
export type ChecksumState = 'match' | 'mismatch' | 'unknown';

/** A weight file checked and kept in the browser. */
export interface KeptBaseFile {
  /** Keras' name for it (the key: one file per base, alpha and rows). */
  fileName: string;
  ref: BaseRef;
  rows: number;
  bytes: number;
  md5: string;
  checksum: ChecksumState;
  /** OPFS where the browser has it, else IndexedDB. */
  where: 'opfs' | 'indexeddb';
  keptAt: number;
}

/** What the student sees before a download starts. */
export interface BaseDownloadPlan {
  fileName: string;
  url: string;
  /** Its float32 weights alone: the file adds its HDF5 structure (0.14 MB more in our MobileNetV2 0.35 fixture). */
  approxBytes: number;
  /** The MD5 Keras checks the file against, or null where Keras names none (MobileNetV2). */
  md5: string | null;
}

/** The failure message of a download the student cancelled (not an error to show). */
export const DOWNLOAD_CANCELLED = 'Download cancelled.';

export interface BaseDownloadProgress {
  received: number;
  /** The server's Content-Length, when it sends one. */
  total: number | null;
}

/** The base a model needs: which network and the rows its weights were trained at. */
export interface BaseNeed {
  ref: BaseRef;
  rows: number;
}

export const baseNeed = (ref: BaseRef, height: number, width: number): BaseNeed => ({
  ref,
  rows: weightsRows(ref, height, width),
});

/** The base a model starts with, and the rows its weights are for; null for a model without one. */
export function archBaseNeed(arch: Architecture): BaseNeed | null {
  const layer = arch.layers.find((l) => l.type === 'Base');
  // A TF.js base brings its own weights (src/model/bases/tfjs-types.ts): no Keras file to need.
  return layer?.type === 'Base' && layer.base !== 'tfjs'
    ? baseNeed(baseRef(layer), arch.input.height, arch.input.width)
    : null;
}

/**
 * Keras' URL for the file, or the same file name under `urlBase` (tests serve a fixture from the lab's own
 * origin: the page's `__labBaseWeightsUrl`; students never set it).
 */
export function baseDownloadPlan(need: BaseNeed, urlBase?: string | null): BaseDownloadPlan {
  const fileName = weightsFileName(need.ref, need.rows);
  return {
    fileName,
    url: urlBase ? `${urlBase.replace(/\/?$/, '/')}${fileName}` : weightsUrl(need.ref, need.rows),
    approxBytes: expectedValueCount(need.ref) * 4,
    md5: weightsMd5(need.ref),
  };
}

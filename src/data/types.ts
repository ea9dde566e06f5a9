// The dataset as every part of the lab sees it: decoded pixels as compact
// bytes (N x H x W x C, row-major, like a NHWC tensor), never float tensors.
import type { DecodedChannels, ImageShape } from '../model/shape';

export type SplitName = 'train' | 'val' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

export interface SplitData {
  /** count x height x width x channels bytes, 0-255. */
  images: Uint8Array;
  /** Class index of each image, into ImageDataset.classNames. */
  labels: Uint16Array;
  count: number;
  /**
   * Set in the training worker only, while a run keeps the pixels on disk (src/worker/spill.ts): reads
   * image `index` into `into`. `images` is then empty.
   */
  disk?: { read(index: number, into: Uint8Array): void };
}

export interface ImageDataset extends ImageShape<DecodedChannels> {
  /** Stable id (builtin name, or a hash of the folder listing). */
  id: string;
  /** What the student sees: folder name or builtin title. */
  name: string;
  source: 'folder' | 'builtin';
  /** In Keras' label order: alphanumeric order of the class folder names. */
  classNames: string[];
  train: SplitData;
  val: SplitData;
  test: SplitData;
  /**
   * Set by the page's store on each dataset it keeps (a load, a re-split): the client sends a dataset to the
   * training worker once per id and version, so the same images under a new object (their pixels moved to
   * disk and back) are not sent again, and new images under the same id are.
   */
  version?: number;
}

/** Bytes one image takes in memory. */
export const bytesPerImage = (d: ImageShape): number => d.height * d.width * d.channels;

// The IndexedDB schema the dataset is kept in (persist.ts), shared by the page
// and the worker that writes the pixels (keep.worker.ts): one definition of the
// stores, the record's shape and the chunk size.
import { lazyDatabase } from './indexed-db';
import type { SplitItems } from './split-pixels';
import type { SkippedFile } from './skip';
import type { DataSource, LoadSettings, Target } from './source';
import type { ImageDataset } from './types';

export interface SavedDataset {
  dataset: ImageDataset | null;
  items: SplitItems | null;
  skipped: SkippedFile[];
  source: DataSource;
  settings: LoadSettings;
  target: Target;
  /** Read back: a folder's record whose pixels were not written yet (`dataset` is then null; decode the kept files). */
  pixelsPending?: boolean;
}

/** How the background copy of the pixels ended: written, stopped by a newer save (or nothing to write). */
export type PixelsOutcome = 'kept' | 'stopped';

/** The record as stored: each split's pixels replaced by how many chunks hold them. */
export type StoredDataset = Omit<SavedDataset, 'dataset' | 'pixelsPending'> & {
  dataset:
    | (Omit<ImageDataset, 'train' | 'val' | 'test'> &
        Record<'train' | 'val' | 'test', { labels: Uint16Array; count: number; images?: Uint8Array; chunks?: number }>)
    | null;
  /** Set while the pixels are not written yet: the token of the save that will write them. */
  pending?: number;
};

const DB_NAME = 'convnet-lab-data';
export const CURRENT = 'current';
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export const CHUNK_BYTES = 8 * 2 ** 20;
/** Chunk copies alive at once while saving: 32 MiB at most. */
export const PUTS_IN_FLIGHT = 4;

/** This thread's connection (the page and the keep worker each open their own). */
export const open = lazyDatabase({
  name: DB_NAME,
  version: 2,
  upgrade(d, oldVersion) {
    if (oldVersion < 1) {
      d.createObjectStore('datasets');
      d.createObjectStore('files');
    }
    // Version 2: pixels apart from the record, in chunks (version 1 records kept them inline, and are still read).
    if (oldVersion < 2) d.createObjectStore('pixels');
  },
});

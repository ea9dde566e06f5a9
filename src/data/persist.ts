// Keeps the loaded dataset in IndexedDB so a reload doesn't ask for the folder
// again. Folders keep their decoded pixels and their original files (to decode
// again at another size); built-ins keep only how to make them again.
// Pixels live in shared memory (shared.ts), which IndexedDB cannot store, so
// they are written as plain copies of 8 MiB chunks, one at a time: saving a
// 486 MB dataset never holds a second 486 MB copy in the page.
import { openDB, type IDBPDatabase } from 'idb';
import type { SplitItems } from './pool';
import { pixelBytes } from './shared';
import type { SkippedFile } from './skip';
import type { DataSource, FolderFile, LoadSettings, Target } from './source';
import type { ImageDataset } from './types';

export interface SavedDataset {
  dataset: ImageDataset | null;
  items: SplitItems | null;
  skipped: SkippedFile[];
  source: DataSource;
  settings: LoadSettings;
  target: Target;
}

const DB_NAME = 'convnet-lab-data';
const CURRENT = 'current';
const SPLIT_NAMES = ['train', 'val', 'test'] as const;
export const CHUNK_BYTES = 8 * 2 ** 20;
/** Chunk copies alive at once while saving: 32 MiB at most. */
const PUTS_IN_FLIGHT = 4;
let db: Promise<IDBPDatabase> | null = null;
const open = () =>
  (db ??= openDB(DB_NAME, 2, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore('datasets');
        d.createObjectStore('files');
      }
      // Version 2: pixels apart from the record, in chunks (version 1 records kept them inline, and are still read).
      if (oldVersion < 2) d.createObjectStore('pixels');
    },
  }));

/** The record as stored: each split's pixels replaced by how many chunks hold them. */
type StoredDataset = Omit<SavedDataset, 'dataset'> & { dataset: (Omit<ImageDataset, 'train' | 'val' | 'test'> & Record<'train' | 'val' | 'test', { labels: Uint16Array; count: number; images?: Uint8Array; chunks?: number }>) | null };

/** `files`: a folder's files to keep, null to drop them, undefined to leave the saved ones. */
export async function saveDataset(record: SavedDataset, files: FolderFile[] | null | undefined): Promise<void> {
  const d = await open();
  const tx = d.transaction(['datasets', 'files', 'pixels'], 'readwrite');
  const pixels = tx.objectStore('pixels');
  await pixels.clear();
  const { dataset } = record;
  let stored: StoredDataset['dataset'] = null;
  const inFlight: Promise<unknown>[] = [];
  if (dataset) {
    stored = { ...dataset } as NonNullable<StoredDataset['dataset']>;
    for (const s of SPLIT_NAMES) {
      const { images, labels, count } = dataset[s];
      const chunks = Math.ceil(images.length / CHUNK_BYTES);
      // slice(): a plain (unshared) copy of one chunk, serialised by put() and then free. A few puts
      // stay in flight (one at a time made the save 2-3x slower than the old single record).
      for (let k = 0; k < chunks; k++) {
        inFlight.push(pixels.put(images.slice(k * CHUNK_BYTES, (k + 1) * CHUNK_BYTES), `${s}:${k}`));
        if (inFlight.length >= PUTS_IN_FLIGHT) await inFlight.shift();
      }
      stored[s] = { labels, count, chunks };
    }
  }
  await Promise.all(inFlight);
  await tx.objectStore('datasets').put({ ...record, dataset: stored } satisfies StoredDataset, CURRENT);
  if (files) await tx.objectStore('files').put(files, CURRENT);
  else if (files === null) await tx.objectStore('files').delete(CURRENT);
  await tx.done;
}

export async function loadSavedDataset(): Promise<SavedDataset | null> {
  const d = await open();
  const stored = (await d.get('datasets', CURRENT)) as StoredDataset | undefined;
  if (!stored) return null;
  const saved = { ...stored, dataset: stored.dataset ? await readPixels(d, stored.dataset) : null } as SavedDataset;
  return isUsable(saved) ? saved : null;
}

/** The splits' chunks read back into one shared block (train, val, test), as buildDataset lays them out. */
async function readPixels(d: IDBPDatabase, stored: NonNullable<StoredDataset['dataset']>): Promise<ImageDataset | null> {
  const size = stored.height * stored.width * stored.channels;
  const total = SPLIT_NAMES.reduce((n, s) => n + (stored[s]?.count ?? 0) * size, 0);
  if (!Number.isSafeInteger(total)) return null;
  const bytes = pixelBytes(total);
  const dataset = { ...stored } as ImageDataset;
  let at = 0;
  for (const s of SPLIT_NAMES) {
    const split = stored[s];
    if (!split) return null;
    const length = split.count * size;
    if (split.images instanceof Uint8Array) {
      if (split.images.length !== length) return null;
      bytes.set(split.images, at); // a version 1 record
    } else {
      let filled = 0;
      for (let k = 0; k < (split.chunks ?? 0); k++) {
        const chunk = (await d.get('pixels', `${s}:${k}`)) as Uint8Array | undefined;
        if (!(chunk instanceof Uint8Array) || filled + chunk.length > length) return null;
        bytes.set(chunk, at + filled);
        filled += chunk.length;
      }
      if (filled !== length) return null;
    }
    dataset[s] = { images: bytes.subarray(at, at + length), labels: split.labels, count: split.count };
    at += length;
  }
  return dataset;
}

/** Stale or damaged records are ignored rather than trusted. */
function isUsable(saved: SavedDataset): boolean {
  const { source, settings, dataset, items } = saved;
  if (!source || !settings || !saved.target || !Array.isArray(saved.skipped)) return false;
  if (source.kind === 'builtin') return source.builtin === 'mnist' || source.builtin === 'shapes';
  if (!dataset || !items) return false;
  const size = dataset.height * dataset.width * dataset.channels;
  return (['train', 'val', 'test'] as const).every((s) => {
    const split = dataset[s];
    return split.images instanceof Uint8Array && split.labels instanceof Uint16Array && split.images.length === split.count * size && split.labels.length === split.count && items[s]?.length === split.count;
  });
}

export async function loadSavedFiles(): Promise<FolderFile[] | null> {
  const d = await open();
  return ((await d.get('files', CURRENT)) as FolderFile[] | undefined) ?? null;
}

export async function clearSaved(): Promise<void> {
  const d = await open();
  const tx = d.transaction(['datasets', 'files', 'pixels'], 'readwrite');
  await Promise.all([tx.objectStore('datasets').clear(), tx.objectStore('files').clear(), tx.objectStore('pixels').clear(), tx.done]);
}

export const isQuotaError = (e: unknown): boolean => e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'UnknownError');

/** What the student reads when the dataset could not be kept. */
export function saveErrorMessage(e: unknown): string {
  if (isQuotaError(e)) {
    return 'The dataset is loaded, but the browser has no storage space left to keep it for your next visit. Free space (clear old datasets or site data) or load a smaller dataset; until then you will need to pick the folder again after a reload.';
  }
  return `The dataset is loaded, but could not be kept for your next visit (${e instanceof Error ? e.message : String(e)}).`;
}

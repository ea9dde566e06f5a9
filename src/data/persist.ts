// Keeps the loaded dataset in IndexedDB so a reload doesn't ask for the folder
// again. Folders keep their original files (to decode again at another size)
// and a copy of their decoded pixels; built-ins keep only how to make them.
//
// A save is two transactions. The first holds what the dataset is made of (the
// record: splits, labels, paths, settings; and the original files): once it is
// written a reload keeps the dataset, so "ready" waits for it alone. The second
// adds the pixels, the quick way back (read, not decoded again), in the
// background. Measured on 1,000 500x375 JPEGs at 180x180 (2 cores): the files
// (19.5 MB) and record take ~0.15 s, the pixels (97 MB) 1.1-1.4 s, which "ready"
// used to wait for (277 images/s to ready against 495 decoding). Until the
// pixels are in, the record says so (`pending`) and a reload decodes the kept
// files again. A newer save, a re-split (which reorders the pixels in place) or
// a clear stops the pixels' transaction first, so its chunks are never kept.
//
// Pixels live in shared memory (shared.ts), which IndexedDB cannot store, so
// they are written as plain copies of 8 MiB chunks, a few at a time: saving a
// 486 MB dataset never holds a second 486 MB copy in the page.
import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
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
  /** Read back: a folder's record whose pixels were not written yet (`dataset` is then null; decode the kept files). */
  pixelsPending?: boolean;
}

/** How the background copy of the pixels ended: written, stopped by a newer save (or nothing to write). */
export type PixelsOutcome = 'kept' | 'stopped';

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
type StoredDataset = Omit<SavedDataset, 'dataset' | 'pixelsPending'> & {
  dataset: (Omit<ImageDataset, 'train' | 'val' | 'test'> & Record<'train' | 'val' | 'test', { labels: Uint16Array; count: number; images?: Uint8Array; chunks?: number }>) | null;
  /** Set while the pixels are not written yet: the token of the save that will write them. */
  pending?: number;
};

let tokens = 0;
/** The pixels' transaction in flight, if any. */
let keeping: { stop: () => void } | null = null;

/** Stops the background copy of the pixels (its chunks are rolled back). Synchronous: call it before the pixels change. */
export function stopKeepingPixels(): void {
  keeping?.stop();
  keeping = null;
}

/** Splits as stored, with no pixels yet. */
function withoutPixels(dataset: ImageDataset): NonNullable<StoredDataset['dataset']> {
  const stored = { ...dataset } as NonNullable<StoredDataset['dataset']>;
  for (const s of SPLIT_NAMES) stored[s] = { labels: dataset[s].labels, count: dataset[s].count, chunks: 0 };
  return stored;
}

/** Puts a dataset's pixels as chunks (a few puts in flight: one at a time made it 2-3x slower); false when stopped. */
async function putChunks(tx: IDBPTransaction<unknown, string[], 'readwrite'>, dataset: ImageDataset, into: NonNullable<StoredDataset['dataset']>, stopped: () => boolean): Promise<boolean> {
  const pixels = tx.objectStore('pixels');
  const inFlight: Promise<unknown>[] = [];
  for (const s of SPLIT_NAMES) {
    const { images } = dataset[s];
    const chunks = Math.ceil(images.length / CHUNK_BYTES);
    for (let k = 0; k < chunks; k++) {
      if (stopped()) return false;
      // slice(): a plain (unshared) copy of one chunk, serialised by put() and then free.
      const put = pixels.put(images.slice(k * CHUNK_BYTES, (k + 1) * CHUNK_BYTES), `${s}:${k}`);
      put.catch(() => {}); // a stop rejects the puts still in flight; they are awaited or dropped below
      inFlight.push(put);
      if (inFlight.length >= PUTS_IN_FLIGHT) await inFlight.shift();
    }
    into[s] = { ...into[s], chunks };
  }
  await Promise.all(inFlight);
  return !stopped();
}

/**
 * Saves the dataset; resolves once a reload keeps it (the record and files are
 * written). `pixels` then settles when the background copy of a folder's
 * pixels is written ('kept'), or was stopped by a newer save ('stopped'); it
 * rejects if writing them failed (a full disk), when a reload decodes the kept
 * files instead. `files`: a folder's files to keep, null to drop them,
 * undefined to leave the saved ones.
 */
export async function saveDataset(record: SavedDataset, files: FolderFile[] | null | undefined): Promise<{ pixels: Promise<PixelsOutcome> }> {
  stopKeepingPixels();
  const token = ++tokens;
  const d = await open();
  const tx = d.transaction(['datasets', 'files', 'pixels'], 'readwrite');
  await tx.objectStore('pixels').clear();
  const { dataset } = record;
  // Without kept files a pending record could not come back: then the pixels go in this transaction.
  const filesKept = files ? true : files === null ? false : (await tx.objectStore('files').count(CURRENT)) > 0;
  const later = dataset !== null && filesKept;
  const stored = dataset ? withoutPixels(dataset) : null;
  if (dataset && !later) await putChunks(tx, dataset, stored!, () => false);
  const { pixelsPending: _, ...rest } = record;
  await tx.objectStore('datasets').put({ ...rest, dataset: stored, ...(later ? { pending: token } : {}) } satisfies StoredDataset, CURRENT);
  if (files) await tx.objectStore('files').put(files, CURRENT);
  else if (files === null) await tx.objectStore('files').delete(CURRENT);
  await tx.done;
  return { pixels: later && token === tokens ? keepPixels(d, dataset!, token) : Promise.resolve('stopped') };
}

/**
 * Writes the pixels of a dataset whose record is pending (after a reload that
 * decoded the kept files again), so the next reload reads them. 'stopped' when
 * the saved record is not this dataset's or is not pending.
 */
export async function keepRestoredPixels(dataset: ImageDataset): Promise<PixelsOutcome> {
  stopKeepingPixels();
  return keepPixels(await open(), dataset, null);
}

/** The pixels' own transaction: only for the record it belongs to (`token`, or null: any pending record of this dataset). */
async function keepPixels(d: IDBPDatabase, dataset: ImageDataset, token: number | null): Promise<PixelsOutcome> {
  const tx = d.transaction(['datasets', 'pixels'], 'readwrite') as unknown as IDBPTransaction<unknown, string[], 'readwrite'>;
  tx.done.catch(() => {}); // a stop aborts it; the outcome says so
  let stopped = false;
  const me = {
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        tx.abort();
      } catch {
        // already finished
      }
    },
  };
  keeping = me;
  try {
    const stored = (await tx.objectStore('datasets').get(CURRENT)) as StoredDataset | undefined;
    const mine = !!stored?.dataset && stored.pending !== undefined && (token === null ? sameDataset(stored.dataset, dataset) : stored.pending === token);
    if (stopped || !mine) {
      me.stop();
      return 'stopped';
    }
    if (!(await putChunks(tx, dataset, stored.dataset!, () => stopped))) return 'stopped';
    const { pending: _, ...done } = stored;
    await tx.objectStore('datasets').put(done satisfies StoredDataset, CURRENT);
    await tx.done;
    return 'kept';
  } catch (e) {
    if (stopped) return 'stopped';
    throw e;
  } finally {
    if (keeping === me) keeping = null;
  }
}

const sameDataset = (a: NonNullable<StoredDataset['dataset']>, b: ImageDataset): boolean =>
  a.id === b.id && a.height === b.height && a.width === b.width && a.channels === b.channels && SPLIT_NAMES.every((s) => a[s].count === b[s].count);

export async function loadSavedDataset(): Promise<SavedDataset | null> {
  const d = await open();
  const stored = (await d.get('datasets', CURRENT)) as StoredDataset | undefined;
  if (!stored) return null;
  const { pending, ...rest } = stored;
  if (pending !== undefined) return rest.source?.kind === 'folder' && rest.items && Array.isArray(rest.skipped) && rest.settings && rest.target ? ({ ...rest, dataset: null, pixelsPending: true } as SavedDataset) : null;
  const saved = { ...rest, dataset: stored.dataset ? await readPixels(d, stored.dataset) : null } as SavedDataset;
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
  stopKeepingPixels();
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

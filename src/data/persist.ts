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
// The copy runs in a worker (keep.worker.ts): IndexedDB serialises a put on
// the calling thread, and on the page it blocked clicks for 1.5 s after
// "ready" at 111 MB.
//
// Pixels live in shared memory (shared.ts), which IndexedDB cannot store, so
// they are written as plain copies of 8 MiB chunks, a few at a time: saving a
// 486 MB dataset never holds a second 486 MB copy in the page.
import type { IDBPDatabase } from 'idb';
import { isStopped, keepPixels, putChunks } from './keep-pixels';
import type { KeepReply, KeepRequest } from './keep.worker';
import {
  CHUNK_BYTES,
  CURRENT,
  open,
  SPLIT_NAMES,
  type PixelsOutcome,
  type SavedDataset,
  type StoredDataset,
} from './persist-db';
import { canShare, isShared, pixelBytes } from './shared';
import type { FolderFile } from './source';
import type { ImageDataset } from './types';

export { CHUNK_BYTES, type PixelsOutcome, type SavedDataset };

let tokens = 0;
/** The stop flag of the pixels' copy in flight, if any. */
let keeping: Int32Array | null = null;

/** Stops the background copy of the pixels (its chunks are rolled back). Synchronous: call it before the pixels change. */
export function stopKeepingPixels(): void {
  if (keeping) Atomics.store(keeping, 0, 1);
  keeping = null;
}

/** Splits as stored, with no pixels yet. */
function withoutPixels(dataset: ImageDataset): NonNullable<StoredDataset['dataset']> {
  const stored = { ...dataset } as NonNullable<StoredDataset['dataset']>;
  for (const s of SPLIT_NAMES) stored[s] = { labels: dataset[s].labels, count: dataset[s].count, chunks: 0 };
  return stored;
}

/**
 * Saves the dataset; resolves once a reload keeps it (the record and files are
 * written). `pixels` then settles when the background copy of a folder's
 * pixels is written ('kept'), or was stopped by a newer save ('stopped'); it
 * rejects if writing them failed (a full disk), when a reload decodes the kept
 * files instead. `files`: a folder's files to keep, null to drop them,
 * undefined to leave the saved ones.
 */
export async function saveDataset(
  record: SavedDataset,
  files: FolderFile[] | null | undefined,
): Promise<{ pixels: Promise<PixelsOutcome> }> {
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
  await tx
    .objectStore('datasets')
    .put({ ...rest, dataset: stored, ...(later ? { pending: token } : {}) } satisfies StoredDataset, CURRENT);
  if (files) await tx.objectStore('files').put(files, CURRENT);
  else if (files === null) await tx.objectStore('files').delete(CURRENT);
  await tx.done;
  return { pixels: later && token === tokens ? keepInBackground(dataset!, token) : Promise.resolve('stopped') };
}

/**
 * Writes the pixels of a dataset whose record is pending (after a reload that
 * decoded the kept files again), so the next reload reads them. 'stopped' when
 * the saved record is not this dataset's or is not pending.
 */
export function keepRestoredPixels(dataset: ImageDataset): Promise<PixelsOutcome> {
  stopKeepingPixels();
  return keepInBackground(dataset, null);
}

/**
 * Runs the pixels' copy where it keeps the page free: in a keep worker when the
 * pixels are shared memory (posting them shares them), else on this thread
 * (no isolation, or no workers: Node's tests).
 */
function keepInBackground(dataset: ImageDataset, token: number | null): Promise<PixelsOutcome> {
  const inWorker = typeof Worker === 'function' && canShare() && SPLIT_NAMES.every((s) => isShared(dataset[s].images));
  const stop = new Int32Array(inWorker ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
  keeping = stop;
  const copy = inWorker ? keepInWorker({ dataset, token, stop }) : keepPixels(dataset, token, stop);
  return copy.finally(() => {
    if (keeping === stop) keeping = null;
  });
}

function keepInWorker(request: KeepRequest): Promise<PixelsOutcome> {
  const worker = new Worker(new URL('./keep.worker.ts', import.meta.url), { type: 'module', name: 'keep pixels' });
  return new Promise<PixelsOutcome>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<KeepReply>) =>
      'outcome' in e.data ? resolve(e.data.outcome) : reject(new DOMException(e.data.error, e.data.name));
    worker.onerror = (e) => {
      e.preventDefault();
      // A worker that failed: its transaction is rolled back (a reload decodes the kept files).
      if (isStopped(request.stop)) resolve('stopped');
      else reject(new Error(e.message || 'the worker that keeps the pixels failed'));
    };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

export async function loadSavedDataset(): Promise<SavedDataset | null> {
  const d = await open();
  const stored = (await d.get('datasets', CURRENT)) as StoredDataset | undefined;
  if (!stored) return null;
  const { pending, ...rest } = stored;
  // Pixels not in yet: a folder's record, decoded again from its kept files.
  if (pending !== undefined)
    return hasRecord(rest) && rest.source.kind === 'folder' && rest.items
      ? ({ ...rest, dataset: null, pixelsPending: true } as SavedDataset)
      : null;
  const saved = { ...rest, dataset: stored.dataset ? await readPixels(d, stored.dataset) : null } as SavedDataset;
  return isUsable(saved) ? saved : null;
}

/** The splits' chunks read back into one shared block (train, val, test), as buildDataset lays them out. */
async function readPixels(
  d: IDBPDatabase,
  stored: NonNullable<StoredDataset['dataset']>,
): Promise<ImageDataset | null> {
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

/** What any kept record needs, whether or not its pixels are in. */
const hasRecord = (r: Omit<SavedDataset, 'dataset'>): boolean =>
  !!r.source && !!r.settings && !!r.target && Array.isArray(r.skipped);

/** Stale or damaged records are ignored rather than trusted. */
function isUsable(saved: SavedDataset): boolean {
  const { source, dataset, items } = saved;
  if (!hasRecord(saved)) return false;
  if (source.kind === 'builtin') return source.builtin === 'mnist' || source.builtin === 'shapes';
  if (!dataset || !items) return false;
  const size = dataset.height * dataset.width * dataset.channels;
  return (['train', 'val', 'test'] as const).every((s) => {
    const split = dataset[s];
    return (
      split.images instanceof Uint8Array &&
      split.labels instanceof Uint16Array &&
      split.images.length === split.count * size &&
      split.labels.length === split.count &&
      items[s]?.length === split.count
    );
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
  await Promise.all([
    tx.objectStore('datasets').clear(),
    tx.objectStore('files').clear(),
    tx.objectStore('pixels').clear(),
    tx.done,
  ]);
}

export const isQuotaError = (e: unknown): boolean =>
  e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'UnknownError');

/** What the student reads when the dataset could not be kept. */
export function saveErrorMessage(e: unknown): string {
  if (isQuotaError(e)) {
    return 'The dataset is loaded, but the browser has no storage space left to keep it for your next visit. Free space (clear old datasets or site data) or load a smaller dataset; until then you will need to pick the folder again after a reload.';
  }
  return `The dataset is loaded, but could not be kept for your next visit (${e instanceof Error ? e.message : String(e)}).`;
}

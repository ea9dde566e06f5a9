// Writes a dataset's decoded pixels to IndexedDB as 8 MiB chunks: inside the
// save's own transaction (no kept files) or as the background copy that
// follows "ready" (persist.ts), in the keep worker where the pixels are shared.
// A stop is a flag (an Int32Array, shared with the worker), read before each
// chunk is copied and once after the last: the page sets it before it changes
// the pixels in place, so a chunk copied after that is never committed.
import { sameShape } from '../model/shape';
import {
  CHUNK_BYTES,
  CURRENT,
  open,
  PUTS_IN_FLIGHT,
  SPLIT_NAMES,
  type PixelsOutcome,
  type StoredDataset,
} from './persist-db';
import type { ImageDataset } from './types';
import type { IDBPTransaction } from 'idb';

type Tx = IDBPTransaction<unknown, string[], 'readwrite'>;

/** Whether the flag says stop. */
export const isStopped = (stop: Int32Array): boolean => Atomics.load(stop, 0) === 1;

/** Puts a dataset's pixels as chunks (a few puts in flight: one at a time made it 2-3x slower); false when stopped. */
export async function putChunks(
  tx: Tx,
  dataset: ImageDataset,
  into: NonNullable<StoredDataset['dataset']>,
  stopped: () => boolean,
): Promise<boolean> {
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

const sameDataset = (a: NonNullable<StoredDataset['dataset']>, b: ImageDataset): boolean =>
  a.id === b.id && sameShape(a, b) && SPLIT_NAMES.every((s) => a[s].count === b[s].count);

/** The pixels' own transaction: only for the record it belongs to (`token`, or null: any pending record of this dataset). */
export async function keepPixels(
  dataset: ImageDataset,
  token: number | null,
  stop: Int32Array,
): Promise<PixelsOutcome> {
  const stopped = () => isStopped(stop);
  const tx = (await open()).transaction(['datasets', 'pixels'], 'readwrite') as unknown as Tx;
  tx.done.catch(() => {}); // a stop aborts it; the outcome says so
  const abort = (): PixelsOutcome => {
    try {
      tx.abort();
    } catch {
      // already finished
    }
    return 'stopped';
  };
  try {
    const stored = (await tx.objectStore('datasets').get(CURRENT)) as StoredDataset | undefined;
    const mine =
      !!stored?.dataset &&
      stored.pending !== undefined &&
      (token === null ? sameDataset(stored.dataset, dataset) : stored.pending === token);
    if (stopped() || !mine) return abort();
    if (!(await putChunks(tx, dataset, stored.dataset!, stopped))) return abort();
    const { pending: _, ...done } = stored;
    await tx.objectStore('datasets').put(done satisfies StoredDataset, CURRENT);
    await tx.done;
    return 'kept';
  } catch (e) {
    if (stopped()) return 'stopped';
    throw e;
  }
}

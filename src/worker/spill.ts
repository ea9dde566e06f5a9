// The training worker's side of "pixels on disk while training" (the why is in
// src/data/spill-file.ts): the dataset's pixels written to one file, each
// split then read image by image from it (batches.ts), and read back into a
// new shared block when the run is over. A sync access handle (dedicated
// workers only) reads an image in microseconds from the OS cache: a cats-vs-dogs
// batch of 32 (3 MB) costs ~1-3 ms against a ~1.4 s step.
import {
  attachPixels,
  dropPixels,
  layoutOf,
  privateFilesRoot,
  removeSpillFile,
  SPILL_FILE,
  type PixelLayout,
} from '../data/spill-file';
import { pixelBytes } from '../data/shared';
import { bytesPerImage, SPLITS, type ImageDataset } from '../data/types';

/** The part of FileSystemSyncAccessHandle used here (a fake in Node's tests). */
export interface SyncFile {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export interface SpillStore {
  open(): Promise<SyncFile>;
  remove(): Promise<void>;
}

interface OpfsFileHandle {
  createSyncAccessHandle(): Promise<SyncFile>;
}

/** The Origin Private File System, where this worker can open sync access handles; null elsewhere. */
export function opfsSpillStore(name = SPILL_FILE): SpillStore | null {
  const root = privateFilesRoot();
  const handleProto = (globalThis as { FileSystemFileHandle?: { prototype: object } }).FileSystemFileHandle?.prototype;
  if (!root || !handleProto || !('createSyncAccessHandle' in handleProto)) return null;
  return {
    async open() {
      const handle = (await (await root()).getFileHandle(name, { create: true })) as unknown as OpfsFileHandle;
      return handle.createSyncAccessHandle();
    },
    async remove() {
      await removeSpillFile(await root(), name);
    },
  };
}

/** A file in memory, for tests. */
export function memorySpillStore(): SpillStore & { bytes: () => Uint8Array | null; opens: number } {
  let data: Uint8Array | null = null;
  const store = {
    opens: 0,
    bytes: () => data,
    async open(): Promise<SyncFile> {
      store.opens++;
      data ??= new Uint8Array(0);
      return {
        read: (buffer, { at }) => {
          const part = data!.subarray(at, at + buffer.length);
          buffer.set(part);
          return part.length;
        },
        write: (buffer, { at }) => {
          if (at + buffer.length > data!.length) {
            const grown = new Uint8Array(at + buffer.length);
            grown.set(data!);
            data = grown;
          }
          data!.set(buffer, at);
          return buffer.length;
        },
        truncate: (size) => void (data = data!.slice(0, size)),
        flush: () => undefined,
        close: () => undefined,
      };
    },
    async remove() {
      data = null;
    },
  };
  return store;
}

const PIECE = 64 * 2 ** 20;

/** Writes or reads all of `buffer` at `at`, a piece at a time (a call may do less than asked). */
export function whole(op: (b: Uint8Array, o: { at: number }) => number, buffer: Uint8Array, at: number): number {
  let done = 0;
  while (done < buffer.length) {
    const n = op(buffer.subarray(done, Math.min(buffer.length, done + PIECE)), { at: at + done });
    if (n <= 0) break;
    done += n;
  }
  return done;
}

export interface Spilled {
  datasetId: string;
  layout: PixelLayout;
  file: SyncFile;
}

/**
 * Writes `d`'s pixels to the store's file, then swaps its views for readers of the file. On a failure
 * (a full disk) the dataset is left as it was, in memory, and the error is thrown.
 */
export async function spillPixels(d: ImageDataset, store: SpillStore): Promise<Spilled> {
  const layout = layoutOf(d);
  const file = await store.open();
  try {
    file.truncate(0);
    for (const s of SPLITS) {
      const wrote = whole((b, o) => file.write(b, o), d[s].images, layout.offsets[s]);
      if (wrote !== d[s].images.length) throw new Error(`only ${wrote} of ${d[s].images.length} bytes were written`);
    }
    file.flush();
  } catch (e) {
    file.close();
    await store.remove();
    throw e;
  }
  const size = bytesPerImage(d);
  dropPixels(d);
  for (const s of SPLITS) {
    const start = layout.offsets[s];
    d[s].disk = {
      read(index, into) {
        const got = file.read(into.subarray(0, size), { at: start + index * size });
        if (got !== size)
          throw new Error(
            `The pixels kept on disk for this run could not be read (image ${index} of ${s}: ${got} of ${size} bytes).`,
          );
      },
    };
  }
  return { datasetId: d.id, layout, file };
}

/** Reads the file back into a new shared block, gives `d` views of it again and removes the file. */
export async function restorePixels(d: ImageDataset, spilled: Spilled, store: SpillStore): Promise<ArrayBufferLike> {
  const block = pixelBytes(spilled.layout.bytes);
  const got = whole((b, o) => spilled.file.read(b, o), block, 0);
  if (got !== spilled.layout.bytes)
    throw new Error(
      `The pixels kept on disk for this run could not be read back (${got} of ${spilled.layout.bytes} bytes).`,
    );
  spilled.file.close();
  await store.remove();
  for (const s of SPLITS) delete d[s].disk;
  attachPixels(d, block.buffer, spilled.layout);
  return block.buffer;
}

/** Closes and removes the file without reading it (the dataset it held is gone). */
export async function discardSpill(spilled: Spilled, store: SpillStore): Promise<void> {
  spilled.file.close();
  await store.remove();
}

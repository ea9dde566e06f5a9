// Pixels on disk while a large dataset trains. During a run the
// training step's own memory (tfjs-wasm's WebAssembly memory: 186 MB for the
// cats-vs-dogs step in pieces of 4) comes on top of the pixel block, so a
// 5,000-image 180x180 folder (486 MB of pixels) held 1.42x its pixel bytes
// while training. For a run the pixels move to one file in the Origin Private
// File System instead: the training worker writes it and reads each batch
// from it through a sync access handle (src/worker/spill.ts), the page and the
// worker drop their views of the block, and the page asks the worker for the
// few images it shows meanwhile. When the run ends the worker reads the file
// back into a new shared block and the page takes its views of it again.
//
// The dataset object keeps its identity while its pixels are away (only its
// three views change): the bridge sends a dataset once per object, and the
// stale-result checks compare objects. The page reads this file itself only
// after the worker crashed (its lock on the file is then gone).
import { pixelBytes } from './shared';
import { bytesPerImage, SPLITS, type ImageDataset, type SplitName } from './types';

export const SPILL_FILE = 'training-pixels.bin';
/** Fast feature extraction's features, kept on disk by the same rule (src/worker/feature-keep.ts). */
export const FEATURES_FILE = 'training-features.bin';

/** The Origin Private File System's root, or null where there is none (Node's tests, old browsers). */
export function privateFilesRoot(): (() => Promise<FileSystemDirectoryHandle>) | null {
  const storage = (
    globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<FileSystemDirectoryHandle> } } }
  ).navigator?.storage;
  return storage?.getDirectory ? () => storage.getDirectory!() : null;
}

/** Removes the file from `root`; a file that is gone, or locked by a run that holds it, is left as it is. */
export const removeSpillFile = async (root: FileSystemDirectoryHandle, name = SPILL_FILE) =>
  root.removeEntry(name).catch(() => undefined);

/** From this many pixel bytes, `auto` keeps the pixels on disk while training; below it they are a small part of what a run holds. */
export const PIXELS_ON_DISK_FROM = 64 * 2 ** 20;

export type PixelsWhileTraining = 'auto' | 'memory' | 'disk';
export const PIXELS_WHILE_TRAINING: readonly PixelsWhileTraining[] = ['auto', 'memory', 'disk'];

/** Where each split's pixels start in the file (and in the block read back from it): train, val, test, one after another. */
export interface PixelLayout {
  offsets: Record<SplitName, number>;
  bytes: number;
}

export function layoutOf(d: ImageDataset): PixelLayout {
  const size = bytesPerImage(d);
  const offsets = { train: 0, val: 0, test: 0 };
  let at = 0;
  for (const s of SPLITS) {
    offsets[s] = at;
    at += d[s].count * size;
  }
  return { offsets, bytes: at };
}

export const pixelByteCount = (d: ImageDataset): number => layoutOf(d).bytes;

/** Whether every split's pixels are in memory (false while they wait on disk for a run). */
export const pixelsInMemory = (d: ImageDataset): boolean =>
  SPLITS.every((s) => d[s].images.length === d[s].count * bytesPerImage(d));

/** The rule for what a run keeps (the pixels, a base's features): on disk from `from` bytes under `auto`. */
export const bytesOnDisk = (bytes: number, mode: PixelsWhileTraining, from = PIXELS_ON_DISK_FROM): boolean =>
  bytes > 0 && (mode === 'disk' || (mode === 'auto' && bytes >= from));

/** Whether a run on `d` should keep its pixels on disk. */
export const wantsDisk = (d: ImageDataset, mode: PixelsWhileTraining): boolean => bytesOnDisk(pixelByteCount(d), mode);

const EMPTY = new Uint8Array(0);

/** Lets go of the views (the block is freed once no context holds one). */
export function dropPixels(d: ImageDataset): void {
  for (const s of SPLITS) d[s].images = EMPTY;
}

/** Views of `block` laid out as `layout` says. */
export function attachPixels(d: ImageDataset, block: ArrayBufferLike, layout: PixelLayout): void {
  const size = bytesPerImage(d);
  for (const s of SPLITS) d[s].images = new Uint8Array(block, layout.offsets[s], d[s].count * size);
}

/** The same dataset without its pixels (the page's copy while a run keeps them on disk). */
export const withoutPixels = (d: ImageDataset): ImageDataset => ({
  ...d,
  train: { ...d.train, images: EMPTY },
  val: { ...d.val, images: EMPTY },
  test: { ...d.test, images: EMPTY },
});

/** The same dataset over `block`, laid out as `layout` says. */
export function withPixels(d: ImageDataset, block: ArrayBufferLike, layout: PixelLayout): ImageDataset {
  const size = bytesPerImage(d);
  const split = (s: SplitName) => ({ ...d[s], images: new Uint8Array(block, layout.offsets[s], d[s].count * size) });
  return { ...d, train: split('train'), val: split('val'), test: split('test') };
}

/** The page's way back after the worker died: the file read in one go into a new block. */
export async function readSpillFile(layout: PixelLayout): Promise<ArrayBufferLike> {
  const root = await navigator.storage.getDirectory(); // the worker that wrote the file had one, so this page has one too
  const file = await (await root.getFileHandle(SPILL_FILE)).getFile();
  if (file.size < layout.bytes) throw new Error(`the file holds ${file.size} bytes, not ${layout.bytes}`);
  const block = pixelBytes(layout.bytes);
  const CHUNK = 8 * 2 ** 20; // in pieces, so the read never holds a second copy of the pixels
  for (let at = 0; at < layout.bytes; at += CHUNK)
    block.set(new Uint8Array(await file.slice(at, Math.min(layout.bytes, at + CHUNK)).arrayBuffer()), at);
  await removeSpillFile(root);
  return block.buffer;
}

/**
 * At start-up: a file left by a run the page did not see end (a reload or a closed tab mid-run) is removed.
 * A file another tab's run holds is locked, so its removal fails and it is left alone.
 */
export async function removeLeftSpillFile(): Promise<void> {
  const root = privateFilesRoot();
  if (!root) return;
  const dir = await root();
  await removeSpillFile(dir);
  await removeSpillFile(dir, FEATURES_FILE);
}

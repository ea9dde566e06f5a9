// Writes the dataset zip planned by dataset-zip.ts, off the page: original
// files are read one at a time and stored as they are (JPEG and PNG are
// compressed already; deflating them again gains ~1% for the time it costs),
// built-in images are encoded as PNGs by OffscreenCanvas. The zip streams out
// of fflate into Blob parts of at most 16 MiB, so the archive is never held
// twice in memory (the browser may keep large Blobs on disk).
import { Zip, ZipPassThrough } from 'fflate';
import type { ZipEntry } from './dataset-zip';
import type { SplitName } from './types';

export interface ZipRequest {
  dirs: string[];
  entries: ZipEntry[];
  /** A folder's files (Blobs travel by reference). */
  files: Blob[] | null;
  /** A built-in's pixels (views of the shared block: posting them shares them), with their shape. */
  pixels: { images: Record<SplitName, Uint8Array>; height: number; width: number; channels: 1 | 3 } | null;
}
export type ZipReply =
  { type: 'progress'; done: number; total: number } | { type: 'done'; blob: Blob } | { type: 'error'; message: string };

const PART_BYTES = 16 * 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

function pngEncoder(p: NonNullable<ZipRequest['pixels']>) {
  const canvas = new OffscreenCanvas(p.width, p.height);
  const ctx = canvas.getContext('2d')!;
  const image = new ImageData(p.width, p.height);
  const size = p.height * p.width * p.channels;
  return async (split: SplitName, index: number): Promise<Uint8Array> => {
    const src = p.images[split].subarray(index * size, (index + 1) * size);
    const rgba = image.data;
    for (let i = 0, o = 0; i < size; i += p.channels, o += 4) {
      rgba[o] = src[i]!;
      rgba[o + 1] = src[p.channels === 1 ? i : i + 1]!;
      rgba[o + 2] = src[p.channels === 1 ? i : i + 2]!;
      rgba[o + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Uint8Array(await blob.arrayBuffer());
  };
}

async function writeZip(request: ZipRequest, post: (reply: ZipReply) => void): Promise<Blob> {
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pending.length) parts.push(new Blob(pending as BlobPart[]));
    pending = [];
    pendingBytes = 0;
  };
  let failure: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= PART_BYTES || final) flush();
    }
  });
  const add = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(bytes, true);
    if (failure) throw failure;
  };
  for (const dir of request.dirs) add(dir, new Uint8Array(0));
  const encode = request.pixels ? pngEncoder(request.pixels) : null;
  const total = request.entries.length;
  let shown = 0;
  for (const [done, e] of request.entries.entries()) {
    const file = e.file !== null ? request.files?.[e.file] : null;
    if (file) add(e.name, new Uint8Array(await file.arrayBuffer()));
    else if (encode) add(e.name, await encode(e.split, e.index));
    else throw new Error(`No file or pixels for ${e.name}`);
    if (performance.now() - shown > PROGRESS_EVERY_MS) {
      shown = performance.now();
      post({ type: 'progress', done: done + 1, total });
    }
  }
  zip.end();
  if (failure) throw failure;
  flush();
  return new Blob(parts, { type: 'application/zip' });
}

self.onmessage = (e: MessageEvent<ZipRequest>) => {
  const post = (reply: ZipReply) => self.postMessage(reply);
  writeZip(e.data, post).then(
    (blob) => post({ type: 'done', blob }),
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
};

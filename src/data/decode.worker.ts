// Decodes and resizes image files off the main thread, to RGB or grayscale
// bytes written straight into the page's shared pixel block (shared.ts) when
// there is one: the file is decoded, drawn scaled (bilinear) onto an
// OffscreenCanvas, and read back with getImageData.
//
// JPEGs larger than the target decode at reduced size where the browser can
// (WebCodecs ImageDecoder with a desired size: libjpeg's DCT scaling to M/8,
// e.g. 500x375 at half size for 180x180, never below the target's long side;
// jpeg-size.ts). Its frame carries the EXIF orientation, which drawImage
// applies as createImageBitmap does (checked in Chromium 150 on an
// orientation-6 JPEG: same size and pixels). 1,000 500x375 JPEGs from disk
// to 180x180 in 2 workers, decode + draw + read only: 321-347 images/s at full
// size, 384-437 at half (2026-12-02, idle). Everything else (PNG, GIF, WebP,
// BMP, no ImageDecoder, a failure) goes through createImageBitmap at full
// size: its resizeWidth/resizeHeight decoded at full size anyway and
// resampled in a slower second pass (155-209 vs 417-436 images/s, one worker).
// The scaled draw with imageSmoothingQuality 'low' is bilinear, as Keras'
// image_dataset_from_directory resizes; from a half-size decode it averages
// more source pixels per output pixel than from a full one.
import * as Comlink from 'comlink';
import { hashPixels } from './hash';
import { fromRgba } from './pixels';
import { shapesPool } from './shapes';
import { decodeEighths, jpegSize } from './jpeg-size';
import { CORRUPT_IMAGE, NOT_AN_IMAGE, sniffImage } from './skip';
import type { Target } from './source';

export type DecodeTarget = Target;
export interface DecodeJob {
  id: number;
  blob: Blob;
}
/** `pixels` only when no shared block was given (they are then transferred). */
export type DecodeResult =
  { id: number; ok: true; hash: string; pixels?: Uint8Array } | { id: number; ok: false; reason: string };

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

/**
 * Decodes first and reads the file's first bytes only when that fails, to say
 * whether it is no image at all or a damaged one. Sniffing every file first
 * was a second read per file through the browser process: 1,000 500x375
 * JPEGs from disk, 2 workers, 330 images/s without it and 210 with it.
 */
async function bitmapOf(job: DecodeJob, bytes?: Uint8Array): Promise<ImageBitmap | string> {
  try {
    return await createImageBitmap(
      bytes ? new Blob([bytes as Uint8Array<ArrayBuffer>], { type: job.blob.type }) : job.blob,
      { colorSpaceConversion: 'none' },
    );
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotReadableError')
      return 'could not be read (was the file moved or deleted?)';
    try {
      const head = new Uint8Array(await job.blob.slice(0, 16).arrayBuffer());
      return sniffImage(head) ? CORRUPT_IMAGE : NOT_AN_IMAGE;
    } catch {
      return 'could not be read (was the file moved or deleted?)';
    }
  }
}

/** A JPEG at reduced size as a frame to draw, or its bytes when it is not worth it (small, or no size found); null when this path fails. */
async function reducedJpeg(bytes: Uint8Array, target: DecodeTarget): Promise<VideoFrame | Uint8Array | null> {
  let decoder: ImageDecoder | null = null;
  try {
    const size = jpegSize(bytes);
    const eighths = size ? decodeEighths(size, target) : 8;
    if (!size || eighths >= 8) return bytes;
    // The desired size is the scaled one itself: Chromium picks the largest DCT scale that fits in its area.
    decoder = new ImageDecoder({
      data: bytes,
      type: 'image/jpeg',
      colorSpaceConversion: 'none',
      desiredWidth: Math.ceil((size.width * eighths) / 8),
      desiredHeight: Math.ceil((size.height * eighths) / 8),
    });
    const { image } = await decoder.decode();
    if (image.displayWidth >= target.width && image.displayHeight >= target.height) return image;
    image.close();
    return bytes;
  } catch {
    return null;
  } finally {
    decoder?.close();
  }
}

/** Batches whose files add up to more than this are read file by file (a few camera originals), to bound the bytes held at once. */
const ONE_READ_BYTES = 16 * 2 ** 20;

/**
 * The bytes of the files this worker decodes itself (JPEGs, with ImageDecoder),
 * in one read of the batch as a single Blob, cut into views; null for the
 * others. Each file read apart costs a request through the browser process:
 * 1,000 500x375 JPEGs from disk, 2 workers, read only, about 1.2 ms of the
 * browser process's CPU and 1.1 ms of the page's per file, against 0.6 and 0.5
 * in batches of 8, which took decode + draw + read from 358-378 to 431-441
 * images/s (2026-12-02, idle; the batch is now 16 files, measured in
 * decoder.ts). When the one read fails (a file moved, deleted
 * or changed since it was picked), every file is read apart, so only that one
 * is reported.
 */
async function readJpegs(jobs: DecodeJob[]): Promise<(Uint8Array | null)[]> {
  const bytes: (Uint8Array | null)[] = jobs.map(() => null);
  if (typeof ImageDecoder === 'undefined') return bytes;
  const picked = jobs.flatMap((job, k) => (job.blob.type === 'image/jpeg' ? [k] : []));
  const total = picked.reduce((n, k) => n + jobs[k]!.blob.size, 0);
  let whole: ArrayBuffer | null = null;
  if (picked.length > 1 && total <= ONE_READ_BYTES)
    whole = await new Blob(picked.map((k) => jobs[k]!.blob)).arrayBuffer().catch(() => null);
  if (whole && whole.byteLength === total) {
    let at = 0;
    for (const k of picked) {
      bytes[k] = new Uint8Array(whole, at, jobs[k]!.blob.size);
      at += jobs[k]!.blob.size;
    }
  } else {
    await Promise.all(
      picked.map(async (k) => {
        const one = await jobs[k]!.blob.arrayBuffer().catch(() => null);
        if (one) bytes[k] = new Uint8Array(one);
      }),
    );
  }
  return bytes;
}

/** Something to draw, or why the file cannot be used. `bytes`: the file's, when read (readJpegs). */
async function decodeOne(
  job: DecodeJob,
  bytes: Uint8Array | null,
  target: DecodeTarget,
): Promise<ImageBitmap | VideoFrame | string> {
  if (bytes) {
    const reduced = await reducedJpeg(bytes, target);
    if (reduced instanceof VideoFrame) return reduced;
    // The bytes already read serve the full-size decode; after a failure the file is read again, for the reason.
    if (reduced) return bitmapOf(job, reduced);
  }
  return bitmapOf(job);
}

const api = {
  /**
   * Decodes a batch into `out` (image `id` at `id * H*W*C`) when given, else into
   * transferred buffers. The files are read together, their bitmaps made in parallel, then drawn one by one.
   */
  async decode(jobs: DecodeJob[], target: DecodeTarget, out: Uint8Array | null = null): Promise<DecodeResult[]> {
    const bytes = await readJpegs(jobs);
    const bitmaps = await Promise.all(jobs.map((job, k) => decodeOne(job, bytes[k]!, target)));
    // After the await: another batch of this worker may have drawn at another size meanwhile.
    if (!canvas || canvas.width !== target.width || canvas.height !== target.height) {
      canvas = new OffscreenCanvas(target.width, target.height);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    const size = target.width * target.height * target.channels;
    const results: DecodeResult[] = bitmaps.map((bitmap, k) => {
      const id = jobs[k]!.id;
      if (typeof bitmap === 'string') return { id, ok: false, reason: bitmap };
      ctx!.clearRect(0, 0, target.width, target.height);
      ctx!.imageSmoothingEnabled = true;
      ctx!.imageSmoothingQuality = 'low';
      ctx!.drawImage(bitmap, 0, 0, target.width, target.height);
      bitmap.close();
      const rgba = ctx!.getImageData(0, 0, target.width, target.height).data;
      const pixels = fromRgba(
        rgba,
        target.width * target.height,
        target.channels,
        out ? out.subarray(id * size, (id + 1) * size) : undefined,
      );
      return out ? { id, ok: true, hash: hashPixels(pixels) } : { id, ok: true, hash: hashPixels(pixels), pixels };
    });
    return Comlink.transfer(
      results,
      results.flatMap((r) => (r.ok && r.pixels ? [r.pixels.buffer as ArrayBuffer] : [])),
    );
  },
  /** The built-in shapes, drawn here so big input sizes don't freeze the page. */
  shapes(target: DecodeTarget, maxPerClass: number, seed: number) {
    const pool = shapesPool(target, maxPerClass, seed);
    return Comlink.transfer(
      pool,
      pool.sources.map((s) => s.buffer as ArrayBuffer),
    );
  },
};

export type DecodeApi = typeof api;
Comlink.expose(api);

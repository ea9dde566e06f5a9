// Decodes and resizes image files off the main thread: createImageBitmap at
// full size, drawImage scaled (bilinear) onto an OffscreenCanvas,
// getImageData, to RGB or grayscale bytes written straight into the page's
// shared pixel block (shared.ts) when there is one.
//
// Why not createImageBitmap's own resizeWidth/resizeHeight: in Chromium 150 it
// decodes at full size anyway (no reduced-size JPEG decode) and then resamples
// in a slower second pass: 500x375 JPEGs to 180x180, one worker, 155-209
// images/s with resize options vs 417-436 for a full decode + a scaled
// drawImage (same run, best of 3). The scaled draw with imageSmoothingQuality
// 'low' is bilinear, as Keras' image_dataset_from_directory resizes, and
// differs from the old resize path by 0.39 levels on average (of 255).
import * as Comlink from 'comlink';
import { hashPixels } from './hash';
import { fromRgba } from './pixels';
import { shapesPool } from './shapes';
import { CORRUPT_IMAGE, NOT_AN_IMAGE, sniffImage } from './skip';
import type { Target } from './source';

export type DecodeTarget = Target;
export interface DecodeJob { id: number; blob: Blob }
/** `pixels` only when no shared block was given (they are then transferred). */
export type DecodeResult = { id: number; ok: true; hash: string; pixels?: Uint8Array } | { id: number; ok: false; reason: string };

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

/**
 * Decodes first and reads the file's first bytes only when that fails, to say
 * whether it is no image at all or a damaged one. Sniffing every file first
 * was a second read per file through the browser process: 1,000 500x375
 * JPEGs from disk, 2 workers, 330 images/s without it and 210 with it.
 */
async function bitmapOf(job: DecodeJob): Promise<ImageBitmap | string> {
  try {
    return await createImageBitmap(job.blob, { colorSpaceConversion: 'none' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotReadableError') return 'could not be read (was the file moved or deleted?)';
    try {
      const head = new Uint8Array(await job.blob.slice(0, 16).arrayBuffer());
      return sniffImage(head) ? CORRUPT_IMAGE : NOT_AN_IMAGE;
    } catch {
      return 'could not be read (was the file moved or deleted?)';
    }
  }
}

const api = {
  /**
   * Decodes a batch into `out` (image `id` at `id * H*W*C`) when given, else into
   * transferred buffers. The files' bitmaps are made in parallel, then drawn one by one.
   */
  async decode(jobs: DecodeJob[], target: DecodeTarget, out: Uint8Array | null = null): Promise<DecodeResult[]> {
    const bitmaps = await Promise.all(jobs.map((job) => bitmapOf(job)));
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
      const pixels = fromRgba(rgba, target.width * target.height, target.channels, out ? out.subarray(id * size, (id + 1) * size) : undefined);
      return out ? { id, ok: true, hash: hashPixels(pixels) } : { id, ok: true, hash: hashPixels(pixels), pixels };
    });
    return Comlink.transfer(results, results.flatMap((r) => (r.ok && r.pixels ? [r.pixels.buffer as ArrayBuffer] : [])));
  },
  /** The built-in shapes, drawn here so big input sizes don't freeze the page. */
  shapes(target: DecodeTarget, maxPerClass: number, seed: number) {
    const pool = shapesPool(target, maxPerClass, seed);
    return Comlink.transfer(pool, pool.sources.map((s) => s.buffer as ArrayBuffer));
  },
};

export type DecodeApi = typeof api;
Comlink.expose(api);

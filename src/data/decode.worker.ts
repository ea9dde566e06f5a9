// Decodes and resizes image files off the main thread: createImageBitmap with
// resize options, then OffscreenCanvas getImageData, to RGB or grayscale bytes.
import * as Comlink from 'comlink';
import { hashPixels } from './hash';
import { fromRgba } from './pixels';
import { shapesPool } from './shapes';
import { CORRUPT_IMAGE, NOT_AN_IMAGE, sniffImage } from './skip';
import type { Target } from './source';

export type DecodeTarget = Target;
export interface DecodeJob { id: number; blob: Blob }
export type DecodeResult = { id: number; ok: true; pixels: Uint8Array; hash: string } | { id: number; ok: false; reason: string };

let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

async function bitmapOf(job: DecodeJob, target: DecodeTarget): Promise<ImageBitmap | string> {
  try {
    const head = new Uint8Array(await job.blob.slice(0, 16).arrayBuffer());
    if (!sniffImage(head)) return NOT_AN_IMAGE;
    return await createImageBitmap(job.blob, {
      resizeWidth: target.width,
      resizeHeight: target.height,
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (e) {
    return e instanceof DOMException && e.name === 'NotReadableError' ? 'could not be read (was the file moved or deleted?)' : CORRUPT_IMAGE;
  }
}

const api = {
  /** Decodes a batch; the files' bitmaps are made in parallel, then read back one by one. */
  async decode(jobs: DecodeJob[], target: DecodeTarget): Promise<DecodeResult[]> {
    if (!canvas || canvas.width !== target.width || canvas.height !== target.height) {
      canvas = new OffscreenCanvas(target.width, target.height);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    const bitmaps = await Promise.all(jobs.map((job) => bitmapOf(job, target)));
    const results: DecodeResult[] = bitmaps.map((bitmap, k) => {
      const id = jobs[k]!.id;
      if (typeof bitmap === 'string') return { id, ok: false, reason: bitmap };
      ctx!.clearRect(0, 0, target.width, target.height);
      ctx!.drawImage(bitmap, 0, 0);
      bitmap.close();
      const rgba = ctx!.getImageData(0, 0, target.width, target.height).data;
      const pixels = fromRgba(rgba, target.width * target.height, target.channels);
      return { id, ok: true, pixels, hash: hashPixels(pixels) };
    });
    return Comlink.transfer(results, results.flatMap((r) => (r.ok ? [r.pixels.buffer as ArrayBuffer] : [])));
  },
  /** The built-in shapes, drawn here so big input sizes don't freeze the page. */
  shapes(target: DecodeTarget, maxPerClass: number, seed: number) {
    const pool = shapesPool(target, maxPerClass, seed);
    return Comlink.transfer(pool, pool.sources.map((s) => s.buffer as ArrayBuffer));
  },
};

export type DecodeApi = typeof api;
Comlink.expose(api);

// Test images made in the test itself: tiny PNG (gray, RGB, palette, RGBA) and
// BMP encoders in Node, JPEG and WebP through the browser's canvas.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { encodePng, type PngMode } from '../scripts/png.mjs';

export type { PngMode } from '../scripts/png.mjs';

/** A PNG with a diagonal gradient; `seed` varies the pixels so no two test images are equal. */
export function png(width: number, height: number, mode: PngMode, seed = 0): Buffer {
  return encodePng(
    width,
    height,
    mode,
    (x, y, c) =>
      mode === 'palette'
        ? (x + y + seed) % 4
        : c === 3
          ? 128 + ((x * 7) % 128)
          : (x * 13 + y * 7 + c * 50 + seed * 31) % 256,
    [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, (seed * 40) % 256],
  );
}

/** A 24-bit BMP. */
export function bmp(width: number, height: number, seed = 0): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + rowSize * height);
  buf.write('BM', 0, 'ascii');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width * 3; x++) buf[54 + y * rowSize + x] = (x * 20 + y * 9 + seed * 17) % 256;
  return buf;
}

/** The smallest valid GIF: 1x1. */
export const GIF_1X1 = Buffer.from('R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=', 'base64');

/** Encodes a gradient image in the page: image/jpeg or image/webp. */
export async function canvasImage(
  page: Page,
  type: 'image/jpeg' | 'image/webp',
  width: number,
  height: number,
  seed = 0,
): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ({ type, width, height, seed }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      const g = ctx.createLinearGradient(0, 0, width, height);
      g.addColorStop(0, `hsl(${seed * 47} 70% 50%)`);
      g.addColorStop(1, `hsl(${seed * 47 + 120} 70% 40%)`);
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#fff';
      ctx.fillRect(width / 4, height / 4, width / 3, height / 3);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    },
    { type, width, height, seed },
  );
  return Buffer.from(b64, 'base64');
}

/** Writes files (path -> bytes) under root. */
export function writeTree(root: string, files: Record<string, Buffer | string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/**
 * A JPEG whose left half is red and right half blue, with an EXIF orientation
 * tag (6: shown turned 90° clockwise, so red on top and blue below), as
 * phone cameras write them.
 */
export async function orientedJpeg(page: Page, width: number, height: number, orientation: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ({ width, height, orientation }) => {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = 'rgb(255,0,0)';
      ctx.fillRect(0, 0, width / 2, height);
      ctx.fillStyle = 'rgb(0,0,255)';
      ctx.fillRect(width / 2, 0, width / 2, height);
      const jpeg = new Uint8Array(
        await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer(),
      );
      // APP1 "Exif": a little-endian TIFF header and one IFD entry, Orientation (0x0112), SHORT.
      const tiff = [
        0x49,
        0x49,
        0x2a,
        0,
        8,
        0,
        0,
        0,
        1,
        0,
        0x12,
        0x01,
        3,
        0,
        1,
        0,
        0,
        0,
        orientation,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
      ];
      const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
      const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 255, ...payload];
      const bytes = [...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)];
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    },
    { width, height, orientation },
  );
  return Buffer.from(b64, 'base64');
}

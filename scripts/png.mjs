// One PNG writer for the Node side of the tests and benches (e2e/data-images.ts,
// bench/*.bench.mjs): the container (signature, IHDR, PLTE, IDAT, IEND with their
// CRCs) around rows of 8-bit samples the caller draws. zlib does the deflate.
import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';

/** PNG colour types by name, and the samples per pixel of each. */
export const PNG_COLOR_TYPE = { gray: 0, rgb: 2, palette: 3, rgba: 6 };
export const PNG_CHANNELS = { gray: 1, rgb: 3, palette: 1, rgba: 4 };

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit PNG of `mode` whose sample `c` of pixel (x, y) is `sample(x, y, c)` (0-255;
 * a palette index for 'palette', which then needs `palette`, RGB triples).
 */
export function encodePng(width, height, mode, sample, palette) {
  const ch = PNG_CHANNELS[mode];
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * ch); // filter byte 0 (none), then the samples
    for (let x = 0; x < width; x++) for (let c = 0; c < ch; c++) row[1 + x * ch + c] = sample(x, y, c);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = PNG_COLOR_TYPE[mode];
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (mode === 'palette') parts.push(chunk('PLTE', Buffer.from(palette ?? [])));
  parts.push(chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

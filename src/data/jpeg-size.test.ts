import { describe, expect, it } from 'vitest';
import { decodeEighths, jpegSize } from './jpeg-size';

/** SOI, an APP0 segment, optionally fill bytes, then a frame header of the given marker and size. */
function header(marker: number, width: number, height: number, fill = 0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Array.from({ length: 14 }, () => 0)];
  const sof = [
    0xff,
    marker,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    0x03,
    ...Array.from({ length: 9 }, () => 0),
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...Array.from({ length: fill }, () => 0xff), ...sof]);
}

describe('jpegSize', () => {
  it('reads the size from baseline and progressive frame headers, after other segments and fill bytes', () => {
    expect(jpegSize(header(0xc0, 500, 375))).toEqual({ width: 500, height: 375 });
    expect(jpegSize(header(0xc2, 4032, 3024, 2))).toEqual({ width: 4032, height: 3024 });
  });

  it('says null for what is no JPEG or has no frame header where it should be', () => {
    expect(jpegSize(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    // A Huffman table segment (C4) is not a frame header; here nothing follows it.
    expect(jpegSize(new Uint8Array([0xff, 0xd8, 0xff, 0xc4, 0x00, 0x04, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(jpegSize(header(0xc0, 0, 375))).toBeNull();
    expect(jpegSize(header(0xc0, 500, 375).subarray(0, 10))).toBeNull();
  });
});

describe('decodeEighths', () => {
  it('decodes camera photos at the smallest scale whose short side still covers the target', () => {
    // 500x375 to 180x180: half size (250x188); 3/8 would give 141 rows.
    expect(decodeEighths({ width: 500, height: 375 }, { width: 180, height: 180 })).toBe(4);
    // A phone photo to 180x180: 1/8 (504x378).
    expect(decodeEighths({ width: 4032, height: 3024 }, { width: 180, height: 180 })).toBe(1);
    // A portrait photo to a wide target: the short side must cover the long target side.
    expect(decodeEighths({ width: 375, height: 500 }, { width: 180, height: 90 })).toBe(4);
  });

  it('keeps full size when the image is not much larger than the target', () => {
    expect(decodeEighths({ width: 200, height: 150 }, { width: 180, height: 180 })).toBe(8);
    expect(decodeEighths({ width: 28, height: 28 }, { width: 28, height: 28 })).toBe(8);
  });
});

import { describe, expect, it } from 'vitest';
import { hashPixels } from './hash';

describe('hashPixels', () => {
  it('gives equal pixels the same hash wherever they sit in memory, aligned or not', () => {
    const image = Uint8Array.from({ length: 183 }, (_, i) => (i * 37) % 256);
    const block = new Uint8Array(1 + 2 * 184);
    block.set(image, 1); // unaligned: byte by byte
    const aligned = new Uint8Array(new ArrayBuffer(192), 4, 183);
    aligned.set(image);
    const h = hashPixels(image);
    expect(hashPixels(block.subarray(1, 184))).toBe(h);
    expect(hashPixels(aligned)).toBe(h);
    expect(h).toMatch(/^[0-9a-f]{16}$/);
  });

  it('tells images apart by one pixel, by order and by length', () => {
    const a = Uint8Array.from({ length: 3 * 180 * 180 }, (_, i) => i % 251);
    const b = a.slice();
    b[40_000] = (b[40_000]! + 1) % 256;
    const swapped = a.slice();
    [swapped[0], swapped[4]] = [swapped[4]!, swapped[0]!];
    const hashes = new Set([
      hashPixels(a),
      hashPixels(b),
      hashPixels(swapped),
      hashPixels(a.subarray(0, a.length - 1)),
      hashPixels(new Uint8Array(a.length)),
    ]);
    expect(hashes.size).toBe(5);
  });
});

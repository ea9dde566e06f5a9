import { describe, expect, it } from 'vitest';
import { looksColour, sampleIndices } from './colour';

const image = (pixels: number, rgb: (p: number) => [number, number, number]) => {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) out.set(rgb(p), p * 3);
  return out;
};

describe('colour detection', () => {
  it('tells colour images from gray ones, JPEG-noisy gray included', () => {
    expect(looksColour(image(1024, (p) => [p % 256, (p * 3) % 256, 40]))).toBe(true);
    expect(looksColour(image(1024, (p) => [p % 256, p % 256, p % 256]))).toBe(false);
    // Gray with a few levels of chroma noise, as JPEG leaves it.
    expect(looksColour(image(1024, (p) => [100 + (p % 5), 100, 98 + (p % 7)]))).toBe(false);
    // A gray scan with a red stamp in 2% of it.
    expect(looksColour(image(1000, (p) => (p < 20 ? [220, 30, 30] : [128, 128, 128])))).toBe(true);
    expect(looksColour(new Uint8Array(0))).toBe(false);
  });

  it('samples evenly across the files (all of them when few)', () => {
    expect(sampleIndices(3, 8)).toEqual([0, 1, 2]);
    expect(sampleIndices(100, 4)).toEqual([12, 37, 62, 87]);
  });
});

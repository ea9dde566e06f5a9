import { describe, expect, it } from 'vitest';
import { nextSeed, toRgba } from './augmentation-pixels';

describe('toRgba', () => {
  it('spreads grey bytes over R, G and B with an opaque alpha', () => {
    expect(Array.from(toRgba(Uint8Array.from([0, 128]), 2, 1, 1))).toEqual([0, 0, 0, 255, 128, 128, 128, 255]);
  });
  it('keeps colour channels in order', () => {
    expect(Array.from(toRgba(Uint8Array.from([1, 2, 3, 4, 5, 6]), 1, 2, 3))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });
  it('refuses bytes that do not fit the size', () => {
    expect(() => toRgba(new Uint8Array(5), 2, 1, 3)).toThrow(/needs 6 bytes/);
  });
});

describe('nextSeed', () => {
  it('always changes the seed (a re-roll never shows the same images)', () => {
    const draws = [0.5, 0.5, 0.25];
    const random = () => draws.shift()!;
    const current = Math.floor(0.5 * 0x7fffffff);
    expect(nextSeed(current, random)).toBe(Math.floor(0.25 * 0x7fffffff));
  });
});

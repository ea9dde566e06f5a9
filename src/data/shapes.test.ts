import { describe, expect, it } from 'vitest';
import { hashPixels } from './hash';
import { SHAPE_CLASSES, SHAPES_PER_CLASS, shapesPool } from './shapes';

describe('shapes generator', () => {
  const target = { height: 32, width: 32, channels: 3 as const };

  it('is deterministic', () => {
    const a = shapesPool(target, 0, 1);
    const b = shapesPool(target, 0, 1);
    expect(hashPixels(a.sources[0]!)).toBe(hashPixels(b.sources[0]!));
    expect(a.items.map((i) => i.hash)).toEqual(b.items.map((i) => i.hash));
  });

  it('makes four classes with few training images and a larger test split, all different', () => {
    const pool = shapesPool(target, 0, 1);
    expect(pool.classNames).toEqual([...SHAPE_CLASSES]);
    const count = (split: string) => pool.items.filter((i) => i.given === split).length;
    expect([count('train'), count('val'), count('test')]).toEqual([SHAPES_PER_CLASS.train * 4, SHAPES_PER_CLASS.val * 4, SHAPES_PER_CLASS.test * 4]);
    expect(new Set(pool.items.map((i) => i.hash)).size).toBe(pool.items.length);
  });

  it('draws at any size and in grayscale, and honours the cap per class and split', () => {
    const pool = shapesPool({ height: 20, width: 24, channels: 1 }, 3, 5);
    expect(pool.sources[0]!.length).toBe(pool.items.length * 20 * 24);
    expect(pool.items).toHaveLength(3 * 4 * 3);
  });

  it('varies the test split more than training (pixel spread of the shape centre)', () => {
    const pool = shapesPool({ height: 32, width: 32, channels: 1 }, 0, 1);
    const spread = (split: string) => {
      const centres = pool.items
        .filter((i) => i.given === split)
        .map((item) => {
          const img = pool.sources[0]!.subarray(item.index * 1024, (item.index + 1) * 1024);
          const bg = img[0]!;
          let sx = 0, n = 0;
          img.forEach((v, p) => {
            if (Math.abs(v - bg) > 40) {
              sx += p % 32;
              n++;
            }
          });
          return n ? sx / n : 16;
        });
      const mean = centres.reduce((a, b) => a + b, 0) / centres.length;
      return Math.sqrt(centres.reduce((a, b) => a + (b - mean) ** 2, 0) / centres.length);
    };
    expect(spread('test')).toBeGreaterThan(spread('train') * 2);
  });
});

import { describe, expect, it } from 'vitest';
import { hashPixels } from './hash';
import { SHAPE_CLASSES, SHAPES_PER_CLASS, shapeParams, shapesDrawnHow, shapesPool, type ShapeParams } from './shapes';
import { seededRandom } from './random';
import type { SplitName } from './types';

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
    expect([count('train'), count('val'), count('test')]).toEqual([
      SHAPES_PER_CLASS.train * 4,
      SHAPES_PER_CLASS.val * 4,
      SHAPES_PER_CLASS.test * 4,
    ]);
    expect(new Set(pool.items.map((i) => i.hash)).size).toBe(pool.items.length);
  });

  it('draws at any size and in grayscale, and honours the cap per class and split', () => {
    const pool = shapesPool({ height: 20, width: 24, channels: 1 }, 3, 5);
    expect(pool.sources[0]!.length).toBe(pool.items.length * 20 * 24);
    expect(pool.items).toHaveLength(3 * 4 * 3);
  });

  it('draws validation and test images from the wild, training images tidy', () => {
    const draw = (split: SplitName) =>
      Array.from({ length: 400 }, (_, i) => shapeParams(seededRandom(7, `${split}/${i}`), split));
    const range = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    const deg = (p: ShapeParams) => (p.angle * 180) / Math.PI;
    const train = draw('train');
    expect(Math.max(...train.map((p) => Math.abs(deg(p))))).toBeLessThanOrEqual(8);
    for (const split of ['val', 'test'] as const) {
      const wild = draw(split);
      expect(Math.max(...wild.map((p) => Math.abs(deg(p))))).toBeGreaterThan(35);
      expect(Math.max(...wild.map((p) => Math.abs(deg(p))))).toBeLessThanOrEqual(40);
      expect(range(wild.map((p) => p.size))).toBeGreaterThan(range(train.map((p) => p.size)) * 3);
    }
  });

  it('says in words how the splits are drawn, with the numbers the generator uses', () => {
    expect(shapesDrawnHow()).toBe(
      'Drawn by a seeded generator, the same on every machine. Training: 60 tidy images per shape, upright within ±8°, ' +
        '60%-70% of the picture wide, near the centre. Validation (40 per shape) and test (100) come from the wild: ' +
        'turned up to ±40°, 45%-80% wide, off centre. Colours vary alike in every split.',
    );
  });
});

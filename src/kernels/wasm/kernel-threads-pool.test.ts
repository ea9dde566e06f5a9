import { describe, expect, it } from 'vitest';
import { splitUnits } from './kernel-threads-pool';

describe('splitUnits', () => {
  it('covers every unit once, in order, with sizes that differ by at most one', () => {
    for (const [units, parts] of [
      [9, 2],
      [32, 2],
      [7, 3],
      [1, 4],
      [144, 8],
    ] as const) {
      const ranges = splitUnits(units, parts);
      expect(ranges).toHaveLength(parts);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(units);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
      const sizes = ranges.map(([a, b]) => b - a);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the caller (first range) the larger share when units do not divide', () => {
    expect(splitUnits(9, 2)).toEqual([
      [0, 5],
      [5, 9],
    ]);
  });
});

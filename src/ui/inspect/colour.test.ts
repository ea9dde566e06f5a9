import { describe, expect, test } from 'vitest';
import { diverging, fmt, paint, plain, sequential, tileLayout } from './colour';

describe('colour scales', () => {
  test('diverging: white at 0, full red at +max, full blue at -max, clamped beyond', () => {
    expect(diverging(0, 2)).toEqual([255, 255, 255]);
    expect(diverging(2, 2)).toEqual([255, 0, 0]);
    expect(diverging(-2, 2)).toEqual([0, 0, 255]);
    expect(diverging(-9, 2)).toEqual([0, 0, 255]);
    expect(diverging(1, 0)).toEqual([255, 255, 255]);
  });

  test('sequential: dark at the minimum, bright at the maximum, brighter as it grows', () => {
    const lum = ([r, g, b]: number[]) => r! + g! + b!;
    expect(sequential(0, 0, 1)).toEqual([0, 0, 4]);
    expect(sequential(1, 0, 1)).toEqual([252, 253, 191]);
    const steps = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => lum(sequential(v, 0, 1)));
    steps.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(steps[i]!));
  });

  test('paint writes opaque RGBA per pixel; tiles sit in a near-square grid with gaps', () => {
    expect(Array.from(paint([0, 1], 1, 2, (v) => diverging(v, 1)))).toEqual([255, 255, 255, 255, 255, 0, 0, 255]);
    const t = tileLayout(32, 3, 3);
    expect([t.cols, t.rows, t.width, t.height]).toEqual([6, 6, 23, 23]);
    expect(t.origin(7)).toEqual([4, 4]);
  });

  test('numbers for tooltips and data attributes are plain', () => {
    expect(fmt(1234.56789)).toBe('1234.5679');
    expect(fmt(0.00001234)).toBe('1.23e-5');
    expect(fmt(0)).toBe('0');
  });
});

test('data-* numbers are never in exponent notation', () => {
  expect(plain(1e-7)).toBe('0.0000001');
  expect(plain(-2.5e-8)).toBe('-0.000000025');
  expect(plain(0.25)).toBe('0.25');
});

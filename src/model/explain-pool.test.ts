import { describe, expect, test } from 'vitest';
import { explainPool, poolOutputShape, poolShapeReason, type PoolGeometry } from './explain-pool';

describe('explainPool', () => {
  const input = Float32Array.from([1, 5, 2, 0, 7, 3, 4, 8, 1, 1, 0, 9, 2, 2, 6, 6, 1, 3, 4, 0, 2, 2, 2, 2, 9]);
  const valid: PoolGeometry = { inHeight: 5, inWidth: 5, poolSize: [2, 2], strides: null, padding: 'valid' };

  test('the textbook 2x2 window with stride 2 (the default strides): the maximum and where it sits', () => {
    expect(poolOutputShape(valid)).toEqual([2, 2]);
    const step = explainPool(input, valid, 0, 1);
    expect(Array.from(step.window)).toEqual([2, 0, 8, 1]);
    expect([step.value, step.maxIndex, step.maxRow, step.maxCol]).toEqual([8, 2, 1, 2]);
    expect(explainPool(input, valid, 1, 0).value).toBe(9);
    expect(poolShapeReason(valid)).toBe('height: floor((5 - 2) / 2) + 1 = 2; width: floor((5 - 2) / 2) + 1 = 2');
  });

  test('same padding keeps the last row and column; padded taps never win', () => {
    const same = { ...valid, padding: 'same' as const };
    expect(poolOutputShape(same)).toEqual([3, 3]);
    const corner = explainPool(
      Float32Array.from(input, (v) => v - 100),
      same,
      2,
      2,
    );
    expect(Number.isNaN(corner.window[1]!)).toBe(true);
    expect(corner.value).toBe(-91);
    expect(poolShapeReason(same)).toBe('height: ceil(5 / 2) = 3; width: ceil(5 / 2) = 3');
  });
});

import { describe, expect, it } from 'vitest';
import { datasetBytes, downscaleToFit, formatBytes, memoryBudget } from './memory';

describe('memory check', () => {
  it('budgets a quarter of device memory, at most 1 GiB', () => {
    expect(memoryBudget(2)).toBe(0.5 * 1024 ** 3);
    expect(memoryBudget(8)).toBe(1024 ** 3);
    expect(memoryBudget(undefined)).toBe(1024 ** 3);
  });

  it('offers the largest same-aspect size that fits', () => {
    const budget = 100 * 1024 ** 2;
    expect(datasetBytes(25_000, 180, 180, 3)).toBeGreaterThan(budget);
    const fit = downscaleToFit(25_000, 180, 180, 3, budget)!;
    expect(fit.height).toBe(fit.width);
    expect(datasetBytes(25_000, fit.height, fit.width, 3)).toBeLessThanOrEqual(budget);
    expect(datasetBytes(25_000, fit.height + 1, fit.width + 1, 3)).toBeGreaterThan(budget);
    expect(downscaleToFit(10, 28, 28, 1, budget)).toEqual({ height: 28, width: 28 });
    expect(downscaleToFit(1e9, 28, 28, 1, budget)).toBeNull();
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(7_850_000)).toBe('7.5 MB');
    expect(formatBytes(97_202_000)).toBe('93 MB');
  });
});

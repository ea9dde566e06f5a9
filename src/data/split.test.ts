import { describe, expect, it } from 'vitest';
import { assignSplits, capPerClass, checkFractions, DEFAULT_FRACTIONS, splitCounts, type SplitItem } from './split';

const SIXTY_TWENTY_TWENTY = { train: 0.6, val: 0.2, test: 0.2 };
const items = (perClass: number[]): SplitItem[] =>
  perClass.flatMap((n, label) =>
    Array.from({ length: n }, (_, i) => ({
      path: `c${label}/img${String(i).padStart(4, '0')}.jpg`,
      label,
      given: null,
    })),
  );

const tally = (list: SplitItem[], splits: string[]) => {
  const t: Record<string, Record<string, number>> = {};
  list.forEach((it, i) => {
    const row = (t[it.label] ??= { train: 0, val: 0, test: 0 });
    row[splits[i]!]!++;
  });
  return t;
};

describe('seeded stratified split', () => {
  it('gives the same split for the same seed, whatever order the files came in', () => {
    const list = items([50, 30, 20]);
    const a = assignSplits(list, DEFAULT_FRACTIONS, 7);
    const reversed = [...list].reverse();
    const b = assignSplits(reversed, DEFAULT_FRACTIONS, 7).reverse();
    expect(b).toEqual(a);
    expect(assignSplits(list, DEFAULT_FRACTIONS, 8)).not.toEqual(a);
  });

  it('splits each class 60/20/20 when asked', () => {
    const list = items([50, 30, 20]);
    expect(tally(list, assignSplits(list, SIXTY_TWENTY_TWENTY, 1))).toEqual({
      0: { train: 30, val: 10, test: 10 },
      1: { train: 18, val: 6, test: 6 },
      2: { train: 12, val: 4, test: 4 },
    });
  });

  it('puts every class in every split when it has at least 3 images', () => {
    for (let n = 3; n <= 12; n++) {
      const counts = splitCounts(n, DEFAULT_FRACTIONS);
      expect(counts.train + counts.val + counts.test).toBe(n);
      expect(Math.min(counts.train, counts.val, counts.test)).toBeGreaterThanOrEqual(1);
    }
    expect(splitCounts(1, DEFAULT_FRACTIONS)).toEqual({ train: 1, val: 0, test: 0 });
    expect(splitCounts(2, DEFAULT_FRACTIONS)).toEqual({ train: 2, val: 0, test: 0 });
  });

  it('keeps given splits and carves a missing one out of train', () => {
    const list: SplitItem[] = [
      ...Array.from({ length: 10 }, (_, i) => ({ path: `train/a/${i}`, label: 0, given: 'train' as const })),
      ...Array.from({ length: 4 }, (_, i) => ({ path: `test/a/${i}`, label: 0, given: 'test' as const })),
    ];
    const splits = assignSplits(list, SIXTY_TWENTY_TWENTY, 3);
    expect(splits.slice(10)).toEqual(['test', 'test', 'test', 'test']);
    // validation takes 20% of train's 10: the test fraction is folded back into train.
    expect(splits.slice(0, 10).filter((s) => s === 'val')).toHaveLength(2);
  });

  it('checks fractions', () => {
    expect(checkFractions({ train: 0.6, val: 0.2, test: 0.2 })).toBeNull();
    expect(checkFractions({ train: 0.7, val: 0.2, test: 0.2 })).toMatch(/110%/);
    expect(checkFractions({ train: 0, val: 0.5, test: 0.5 })).toMatch(/training/);
    expect(checkFractions({ train: NaN, val: 0.5, test: 0.5 })).toMatch(/numbers/);
  });
});

describe('per-class cap', () => {
  it('keeps at most n of each class, seeded', () => {
    const list = items([50, 5, 30]);
    const kept = capPerClass(list, 10, 42);
    const perClass = [0, 0, 0];
    for (const i of kept) perClass[list[i]!.label]!++;
    expect(perClass).toEqual([10, 5, 10]);
    expect(capPerClass(list, 10, 42)).toEqual(kept);
    expect(capPerClass(list, 10, 43)).not.toEqual(kept);
    expect(capPerClass(list, 0, 42)).toHaveLength(85);
  });
});

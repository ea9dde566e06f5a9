// The health report: problems a student should know about before training.
import { SPLITS, type SplitName } from './types';
import type { SplitItems } from './split-pixels';

export interface HealthIssue {
  kind: 'tiny-class' | 'imbalance' | 'missing-in-split' | 'duplicates';
  message: string;
  details: string[];
}

export const TINY_CLASS = 20;
export const IMBALANCE_RATIO = 3;
const SPLIT_LABEL: Record<SplitName, string> = { train: 'train', val: 'validation', test: 'test' };

export function healthReport(
  classNames: string[],
  counts: Record<SplitName, number>[],
  items: SplitItems,
): HealthIssue[] {
  const issues: HealthIssue[] = [];
  const totals = counts.map((c) => c.train + c.val + c.test);
  const tiny = classNames.filter((_, i) => totals[i]! < TINY_CLASS);
  if (tiny.length) {
    issues.push({
      kind: 'tiny-class',
      message: `${tiny.length} class${tiny.length > 1 ? 'es have' : ' has'} fewer than ${TINY_CLASS} images: too few to learn from or to measure reliably.`,
      details: tiny.map((c) => `${c}: ${totals[classNames.indexOf(c)]} images`),
    });
  }
  const max = Math.max(...totals);
  const min = Math.min(...totals);
  if (min > 0 && max / min >= IMBALANCE_RATIO) {
    const big = classNames[totals.indexOf(max)]!;
    const small = classNames[totals.indexOf(min)]!;
    issues.push({
      kind: 'imbalance',
      message: `Strong class imbalance: ${big} has ${(max / min).toFixed(1)}× as many images as ${small}. Accuracy can look good while the small class is ignored.`,
      details: [`${big}: ${max}`, `${small}: ${min}`],
    });
  }
  const missing = classNames.flatMap((c, i) =>
    SPLITS.filter((s) => counts[i]![s] === 0).map((s) => `${c} has no ${SPLIT_LABEL[s]} images`),
  );
  if (missing.length) {
    issues.push({
      kind: 'missing-in-split',
      message: `Some classes are missing from a split (${missing.length}).`,
      details: missing,
    });
  }
  const seen = new Map<string, { split: SplitName; path: string }[]>();
  for (const s of SPLITS) {
    for (const it of items[s]) {
      if (!it.hash) continue;
      const list = seen.get(it.hash);
      if (list) list.push({ split: s, path: it.path });
      else seen.set(it.hash, [{ split: s, path: it.path }]);
    }
  }
  const across = [...seen.values()].filter((group) => new Set(group.map((g) => g.split)).size > 1);
  if (across.length) {
    issues.push({
      kind: 'duplicates',
      message: `${across.length} image${across.length > 1 ? 's appear' : ' appears'} in more than one split: validation and test scores overstate how well the model generalises.`,
      details: across.slice(0, 50).map((g) => g.map((x) => `${x.path} (${SPLIT_LABEL[x.split]})`).join(' = ')),
    });
  }
  return issues;
}

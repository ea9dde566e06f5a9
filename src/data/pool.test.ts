import { describe, expect, it } from 'vitest';
import { buildDataset, classCounts, poolFromDataset, type Pool } from './pool';
import { healthReport } from './health';
import { assignSplits, DEFAULT_FRACTIONS } from './split';
import { mnistPool, parseMnist } from './mnist';

function tinyPool(perClass: number[]): Pool {
  const items = perClass.flatMap((n, label) => Array.from({ length: n }, (_, i) => ({ path: `c${label}/${i}`, label, given: null, hash: `${label}-${i}`, src: 0, index: 0 })));
  items.forEach((it, k) => (it.index = k));
  const sources = [Uint8Array.from(items.map((_, k) => k))];
  return { height: 1, width: 1, channels: 1, classNames: perClass.map((_, i) => `c${i}`), sources, items };
}

describe('dataset assembly', () => {
  it('gathers each split into its own buffer, labels aligned with pixels', () => {
    const pool = tinyPool([5, 5]);
    const { dataset, items } = buildDataset(pool, assignSplits(pool.items, DEFAULT_FRACTIONS, 1), { id: 't', name: 't', source: 'folder' });
    expect(dataset.train.count + dataset.val.count + dataset.test.count).toBe(10);
    expect(dataset.train.images.buffer).not.toBe(dataset.val.images.buffer);
    dataset.train.labels.forEach((label, k) => expect(label).toBe(dataset.train.images[k]! < 5 ? 0 : 1));
    expect(items.train.map((i) => i.path)).toHaveLength(dataset.train.count);
    // Re-splitting from the dataset itself keeps every image exactly once.
    const again = buildDataset(poolFromDataset(dataset, items), assignSplits(poolFromDataset(dataset, items).items, { train: 0.8, val: 0.1, test: 0.1 }, 2), dataset);
    const all = [...again.dataset.train.images, ...again.dataset.val.images, ...again.dataset.test.images].sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(classCounts(again.dataset)).toEqual([{ train: 3, val: 1, test: 1 }, { train: 3, val: 1, test: 1 }]);
  });

  it('reports tiny classes, imbalance and duplicates across splits', () => {
    const pool = tinyPool([60, 5]);
    pool.items[1]!.hash = pool.items[0]!.hash;
    const assignment = assignSplits(pool.items, DEFAULT_FRACTIONS, 1);
    assignment[0] = 'train';
    assignment[1] = 'test';
    const { dataset, items } = buildDataset(pool, assignment, { id: 't', name: 't', source: 'folder' });
    const kinds = healthReport(dataset.classNames, classCounts(dataset), items).map((i) => i.kind);
    expect(kinds).toEqual(['tiny-class', 'imbalance', 'duplicates']);
  });
});

describe('mnist asset', () => {
  it('parses the binary and resizes to the model input', () => {
    const count = 20;
    const buf = new ArrayBuffer(12 + count + count * 4);
    const view = new DataView(buf);
    [...'MNST'].forEach((c, i) => view.setUint8(i, c.charCodeAt(0)));
    view.setUint32(4, count, true);
    view.setUint16(8, 2, true);
    view.setUint16(10, 2, true);
    for (let i = 0; i < count; i++) view.setUint8(12 + i, i % 10);
    new Uint8Array(buf, 12 + count).fill(200);
    const asset = parseMnist(buf);
    const pool = mnistPool(asset, { height: 4, width: 4, channels: 3 }, 1, 1);
    expect(pool.items).toHaveLength(10);
    expect([...pool.sources[0]!.subarray(0, 48)].every((v) => v === 200)).toBe(true);
    expect(() => parseMnist(new ArrayBuffer(8))).toThrow(/npm install/);
  });
});

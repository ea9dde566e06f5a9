import { describe, expect, it } from 'vitest';
import { buildDataset, classCounts, gatherInPlace, poolFromDataset, type Pool } from './split-pixels';
import { mulberry32, shuffleInPlace } from './random';
import { healthReport } from './health';
import { assignSplits, DEFAULT_FRACTIONS } from './split';
import { mnistPool, parseMnist } from './mnist';

function tinyPool(perClass: number[]): Pool {
  const items = perClass.flatMap((n, label) =>
    Array.from({ length: n }, (_, i) => ({
      path: `c${label}/${i}`,
      label,
      given: null,
      hash: `${label}-${i}`,
      src: 0,
      index: 0,
    })),
  );
  items.forEach((it, k) => (it.index = k));
  const sources = [Uint8Array.from(items.map((_, k) => k))];
  return { height: 1, width: 1, channels: 1, classNames: perClass.map((_, i) => `c${i}`), sources, items };
}

describe('gatherInPlace', () => {
  it('moves each wanted image to its slot, whatever the permutation and the gaps (failed files)', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const slots = 1 + Math.floor(random() * 30);
      const size = 1 + Math.floor(random() * 3);
      const bytes = Uint8Array.from({ length: slots * size }, (_, i) => Math.floor(i / size) * 7 + (i % size));
      const original = bytes.slice();
      // A random subset of the slots (the decoded files) in a random order.
      const from = Array.from(
        shuffleInPlace(
          Uint32Array.from({ length: slots }, (_, i) => i),
          random,
        ),
      ).slice(0, Math.floor(random() * (slots + 1)));
      gatherInPlace(bytes, size, from);
      from.forEach((f, d) =>
        expect(Array.from(bytes.subarray(d * size, (d + 1) * size))).toEqual(
          Array.from(original.subarray(f * size, (f + 1) * size)),
        ),
      );
    }
  });
});

describe('dataset assembly', () => {
  it('reuses a fresh decode buffer: the same dataset, no second pixel block', () => {
    const pool = tinyPool([6, 4]);
    const assignment = assignSplits(pool.items, DEFAULT_FRACTIONS, 3);
    const copied = buildDataset(tinyPool([6, 4]), assignment, { id: 't', name: 't', source: 'folder' });
    const reused = buildDataset(pool, assignment, { id: 't', name: 't', source: 'folder' }, true);
    expect(reused.dataset.train.images.buffer).toBe(pool.sources[0]!.buffer);
    for (const s of ['train', 'val', 'test'] as const) {
      expect(Array.from(reused.dataset[s].images)).toEqual(Array.from(copied.dataset[s].images));
      expect(Array.from(reused.dataset[s].labels)).toEqual(Array.from(copied.dataset[s].labels));
    }
  });

  it('gathers the splits into one shared pixel block (train, val, test), labels aligned with pixels', () => {
    const pool = tinyPool([5, 5]);
    const { dataset, items } = buildDataset(pool, assignSplits(pool.items, DEFAULT_FRACTIONS, 1), {
      id: 't',
      name: 't',
      source: 'folder',
    });
    expect(dataset.train.count + dataset.val.count + dataset.test.count).toBe(10);
    // One block the training worker shares with the page (posting it does not copy it).
    expect(dataset.train.images.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(dataset.val.images.buffer).toBe(dataset.train.images.buffer);
    expect(dataset.val.images.byteOffset).toBe(dataset.train.images.byteLength);
    expect(pool.sources[0]![0]).toBe(0); // not reused: the pool is left as it was
    dataset.train.labels.forEach((label, k) => expect(label).toBe(dataset.train.images[k]! < 5 ? 0 : 1));
    expect(items.train.map((i) => i.path)).toHaveLength(dataset.train.count);
    // Re-splitting from the dataset itself keeps every image exactly once.
    const again = buildDataset(
      poolFromDataset(dataset, items),
      assignSplits(poolFromDataset(dataset, items).items, { train: 0.8, val: 0.1, test: 0.1 }, 2),
      dataset,
    );
    const all = [...again.dataset.train.images, ...again.dataset.val.images, ...again.dataset.test.images].sort(
      (a, b) => a - b,
    );
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(classCounts(again.dataset)).toEqual([
      { train: 3, val: 1, test: 1 },
      { train: 3, val: 1, test: 1 },
    ]);
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

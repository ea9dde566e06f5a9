import { describe, expect, it } from 'vitest';
import { layeredSnapshots, memorySnapshots, type SnapshotStore } from './snapshot-store';
import type { EpochSnapshot } from './snapshots';

const snap = (epoch: number): EpochSnapshot => ({
  epoch,
  input: { height: 2, width: 2, channels: 1 },
  layers: [],
  bytes: 10,
  skipped: [],
});

describe('snapshot store', () => {
  it('keeps the latest run in memory, every run durably, and deletes a run from both', async () => {
    const durable = memorySnapshots();
    const store = layeredSnapshots(durable);
    await store.save('a', [snap(1)]);
    await store.save('a', [snap(1), snap(2)]);
    await store.save('b', [snap(1)]);
    expect((await store.load('a')).map((x) => x.epoch)).toEqual([1, 2]);
    expect((await durable.load('b')).map((x) => x.epoch)).toEqual([1]);
    await store.deleteRun('b');
    expect(await store.load('b')).toEqual([]);
    expect(await durable.load('b')).toEqual([]);
  });

  it('a failing disk never stops training: the memory copy still serves', async () => {
    const broken: SnapshotStore = {
      save: () => Promise.reject(new Error('quota')),
      load: () => Promise.reject(new Error('quota')),
      deleteRun: () => Promise.reject(new Error('quota')),
    };
    const store = layeredSnapshots(broken);
    await store.save('a', [snap(1)]);
    expect((await store.load('a')).map((x) => x.epoch)).toEqual([1]);
    expect(await store.load('other')).toEqual([]);
    await expect(store.deleteRun('a')).resolves.toBeUndefined();
  });
});

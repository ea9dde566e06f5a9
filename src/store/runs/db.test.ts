import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { indexedDbRuns, memoryRuns, type StoredRun } from './db';

interface R extends StoredRun {
  name: string;
  epochs: { epoch: number; loss: number }[];
}
const run = (i: number): R => ({
  id: `run-${i}`,
  createdAt: 1_000 + i,
  name: `Run ${i}`,
  epochs: Array.from({ length: 30 }, (_, e) => ({ epoch: e + 1, loss: 1 / (e + 1) })),
});

describe.each([
  ['IndexedDB', (n: string) => indexedDbRuns<R>(n)],
  ['memory', () => memoryRuns<R>()],
])('runs store (%s)', (_label, make) => {
  it('saves, updates and deletes runs, oldest first', async () => {
    const db = make(`t-${Math.random()}`);
    await db.put(run(2));
    await db.put(run(1));
    await db.put({ ...run(2), name: 'renamed' });
    expect((await db.all()).map((r) => [r.id, r.name])).toEqual([
      ['run-1', 'Run 1'],
      ['run-2', 'renamed'],
    ]);
    await db.remove('run-1');
    expect((await db.all()).map((r) => r.id)).toEqual(['run-2']);
  });
});

describe('a store of 500 runs', () => {
  it('loads in well under a second', async () => {
    const name = `big-${Math.random()}`;
    const db = indexedDbRuns<R>(name);
    for (let i = 0; i < 500; i++) await db.put(run(i));
    // A fresh handle, as after a reload.
    const reopened = indexedDbRuns<R>(name);
    const t0 = performance.now();
    const all = await reopened.all();
    const ms = performance.now() - t0;
    expect(all).toHaveLength(500);
    expect(all[499]!.epochs).toHaveLength(30);
    // ~30 ms on an idle 2-core machine; the bound leaves room for a loaded CI box.
    expect(ms).toBeLessThan(1000);
  });
});

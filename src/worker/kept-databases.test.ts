// What a student's browser already holds must survive an update of the lab: records written by the
// worker's stores before they shared src/data/indexed-db.ts (each opened its database by hand, with
// these names, versions and stores) are read back, and deleted, by the stores as they are now.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { indexedDbCheckpoints, type StoredCheckpoint } from './checkpoints';
import { indexedDbBackendMemory, type RememberedChoice } from './backend-memory';
import { indexedDbSnapshots } from './inspect/snapshot-store';
import type { EpochSnapshot } from './inspect/snapshots';

/** Writes `value` under `key` the way the earlier code made the database: version 1, one plain store. */
async function writtenBefore(name: string, store: string, key: string, value: unknown) {
  const db = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore(store) });
  await db.put(store, value, key);
  db.close();
}

describe('databases kept before the shared opener', () => {
  it('checkpoints: a run kept under "<run>:best" loads and deletes', async () => {
    const kept: StoredCheckpoint = {
      runId: 'run-1',
      which: 'best',
      epoch: 3,
      valLoss: 0.25,
      tensors: [{ name: 'conv2d/kernel', shape: [2], values: Float32Array.of(0.5, -1) }],
    };
    await writtenBefore('convnet-lab-checkpoints', 'checkpoints', 'run-1:best', kept);
    const store = indexedDbCheckpoints();
    expect(await store.load('run-1', 'best')).toEqual(kept);
    await store.deleteRun('run-1');
    expect(await store.load('run-1', 'best')).toBeNull();
  });

  it("backend memory: a device's remembered choice is still remembered", async () => {
    const choice: RememberedChoice = { backend: 'wasm', reason: 'fastest in the trial', trials: [], decidedAt: 1 };
    await writtenBefore('convnet-lab-backend', 'choices', 'device|model|32', choice);
    expect(await indexedDbBackendMemory().get('device|model|32')).toEqual(choice);
  });

  it("snapshots: a run's epoch snapshots load for the scrubber", async () => {
    const snapshots: EpochSnapshot[] = [
      { epoch: 1, input: { height: 2, width: 2, channels: 1 }, layers: [], bytes: 0, skipped: [] },
    ];
    await writtenBefore('convnet-lab-snapshots', 'snapshots', 'run-2', snapshots);
    expect(await indexedDbSnapshots().load('run-2')).toEqual(snapshots);
  });
});

// Where a run's epoch snapshots (snapshots.ts) are kept: in memory for this
// session, and in IndexedDB (a database of its own, one record per run, at
// most SNAPSHOT_RUN_BYTES) so the epoch scrubber still works after a reload.
// The service deletes them with the run's checkpoints (deleteRun).
import { lazyDatabase } from '../../data/indexed-db';
import type { EpochSnapshot } from './snapshots';

export interface SnapshotStore {
  /** Replaces the run's kept snapshots (the keeper's list changes as epochs come). */
  save(runId: string, snapshots: EpochSnapshot[]): Promise<void>;
  load(runId: string): Promise<EpochSnapshot[]>;
  deleteRun(runId: string): Promise<void>;
}

export function memorySnapshots(): SnapshotStore {
  const map = new Map<string, EpochSnapshot[]>();
  return {
    async save(runId, snapshots) {
      map.set(runId, [...snapshots]);
    },
    async load(runId) {
      return map.get(runId) ?? [];
    },
    async deleteRun(runId) {
      map.delete(runId);
    },
  };
}

const DB_NAME = 'convnet-lab-snapshots';
const STORE = 'snapshots';

export function indexedDbSnapshots(): SnapshotStore {
  const open = lazyDatabase({ name: DB_NAME, version: 1, upgrade: (d) => void d.createObjectStore(STORE) });
  return {
    async save(runId, snapshots) {
      await (await open()).put(STORE, snapshots, runId);
    },
    async load(runId) {
      return ((await (await open()).get(STORE, runId)) as EpochSnapshot[] | undefined) ?? [];
    },
    async deleteRun(runId) {
      await (await open()).delete(STORE, runId);
    },
  };
}

/**
 * Memory for the latest run (fast, always works), IndexedDB behind it; a full
 * disk or a private window never stops training (the memory copy serves).
 */
export function layeredSnapshots(durable: SnapshotStore): SnapshotStore {
  const memory = memorySnapshots();
  let latest: string | null = null;
  return {
    async save(runId, snapshots) {
      if (latest && latest !== runId) await memory.deleteRun(latest);
      latest = runId;
      await memory.save(runId, snapshots);
      await durable.save(runId, snapshots).catch(() => undefined);
    },
    async load(runId) {
      const m = await memory.load(runId);
      return m.length ? m : await durable.load(runId).catch(() => []);
    },
    async deleteRun(runId) {
      await memory.deleteRun(runId);
      await durable.deleteRun(runId).catch(() => undefined);
    },
  };
}

// Saved runs in IndexedDB: one record per run, written as it trains (after
// every epoch) so a reload or a crash never loses a finished epoch. Runs live
// here and not in localStorage: hundreds of runs with their curves would not
// fit the ~5 MB localStorage quota, and IndexedDB loads them off the main
// thread's parse path (one structured-clone read instead of one JSON.parse).
import { lazyDatabase } from '../../data/indexed-db';

/** What the store needs of a run; the full record is `Run` in ../train-runs.ts. */
export interface StoredRun {
  id: string;
  createdAt: number;
}

export interface RunsDb<R extends StoredRun> {
  /** Every saved run, oldest first. */
  all(): Promise<R[]>;
  put(run: R): Promise<void>;
  remove(id: string): Promise<void>;
}

const STORE = 'runs';

export function indexedDbRuns<R extends StoredRun>(name = 'convnet-lab-runs'): RunsDb<R> {
  const open = lazyDatabase({
    name,
    version: 1,
    upgrade(database) {
      const store = database.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('createdAt', 'createdAt');
    },
  });
  return {
    async all() {
      // One getAll over the createdAt index: a single request for the whole list (500 runs in ~20 ms in Node).
      return (await (await open()).getAllFromIndex(STORE, 'createdAt')) as R[];
    },
    async put(run) {
      await (await open()).put(STORE, run);
    },
    async remove(id) {
      await (await open()).delete(STORE, id);
    },
  };
}

/** The same API in memory, for tests and for browsers without IndexedDB (private modes): runs then last for the page. */
export function memoryRuns<R extends StoredRun>(): RunsDb<R> {
  const map = new Map<string, R>();
  return {
    async all() {
      return [...map.values()].sort((a, b) => a.createdAt - b.createdAt).map((r) => structuredClone(r));
    },
    async put(run) {
      map.set(run.id, structuredClone(run));
    },
    async remove(id) {
      map.delete(id);
    },
  };
}

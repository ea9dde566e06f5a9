// Keeps the runs in IndexedDB: loads them once at start-up (taking over any
// runs an older version kept in localStorage), then writes each run whose
// record changed (a new epoch, a rename) and removes the ones whose deletion
// became final. Writes follow the store; the store never waits for them. The
// runs slice stays the one writer of the runs: this file calls its actions.
import type { StoreApi } from 'zustand';
import type { RunsDb } from './runs/db';
import { sanitizeRuns, type Run } from './train-runs';
import type { LabState } from './create';

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function attachRunsPersistence(store: StoreApi<LabState>, db: RunsDb<Run>): Promise<void> {
  let saved: Run[];
  try {
    saved = sanitizeRuns(await db.all());
  } catch (e) {
    store.getState().runsStorageFailed(`Saved runs could not be read (${text(e)}); new runs last only for this page.`);
    return;
  }
  store.getState().runsRestored(saved);

  let previous = new Map<string, Run>(saved.map((r) => [r.id, r]));
  const write = (runs: Run[], pending: Run | null) => {
    const next = new Map(runs.map((r) => [r.id, r]));
    for (const run of runs) if (previous.get(run.id) !== run) void db.put(run).catch(reportFull);
    for (const id of previous.keys())
      if (!next.has(id) && pending?.id !== id) void db.remove(id).catch(() => undefined);
    if (pending) next.set(pending.id, pending); // still restorable: keep it stored until the deletion is final
    previous = next;
  };
  const reportFull = (e: unknown) =>
    store
      .getState()
      .runsStorageFailed(
        `A run could not be saved (${text(e)}). The browser's storage may be full: delete old runs in Runs.`,
      );
  write(store.getState().runs, store.getState().pendingDelete?.run ?? null);
  store.subscribe((s, p) => {
    if (s.runs !== p.runs || s.pendingDelete !== p.pendingDelete) write(s.runs, s.pendingDelete?.run ?? null);
  });
}

// Keeps the runs in IndexedDB: loads them once at start-up (taking over any
// runs an older version kept in localStorage), then writes each run whose
// record changed (a new epoch, a rename) and removes the ones whose deletion
// became final. Writes follow the store; the store never waits for them.
import type { StoreApi } from 'zustand';
import type { RunsDb } from './runs/db';
import { sanitizeRuns, type Run } from './trainRuns';

interface RunsState {
  runs: Run[];
  pendingDelete: { run: Run } | null;
  runsLoaded: boolean;
  runsStorageError: string | null;
}

export async function attachRunsPersistence<S extends RunsState>(store: StoreApi<S>, db: RunsDb<Run>): Promise<void> {
  let saved: Run[];
  try {
    saved = sanitizeRuns(await db.all());
  } catch (e) {
    store.setState({
      runsLoaded: true,
      runsStorageError: `Saved runs could not be read (${e instanceof Error ? e.message : String(e)}); new runs last only for this page.`,
    } as Partial<S>);
    return;
  }
  // Runs already in the store came from localStorage (older versions) or were started before the load finished.
  const inStore = store.getState().runs;
  const known = new Set(saved.map((r) => r.id));
  const merged = [...saved, ...inStore.filter((r) => !known.has(r.id))].sort((a, b) => a.createdAt - b.createdAt);
  const current = (store.getState() as unknown as { currentRunId: string | null }).currentRunId;
  store.setState({
    runs: merged,
    runsLoaded: true,
    ...(current && !merged.some((r) => r.id === current) ? { currentRunId: null } : {}),
  } as Partial<S>);

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
    store.setState({
      runsStorageError: `A run could not be saved (${e instanceof Error ? e.message : String(e)}). The browser's storage may be full: delete old runs in Runs.`,
    } as Partial<S>);
  write(merged, store.getState().pendingDelete?.run ?? null);
  store.subscribe((s, p) => {
    if (s.runs !== p.runs || s.pendingDelete !== p.pendingDelete) write(s.runs, s.pendingDelete?.run ?? null);
  });
}

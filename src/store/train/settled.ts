// Waiting for a run to settle (the A/B waits for each arm): its end is in and
// it is not being scored. Watched in the store, so no list of waiters is kept.
import type { StoreApi } from 'zustand';
import type { Run } from '../train-runs';

interface Watched {
  runs: Run[];
  currentRunId: string | null;
  evaluating: boolean;
}

/** Resolves with the settled run, or null once it is gone (deleted). */
export function settledRun<S extends Watched>(store: Pick<StoreApi<S>, 'getState' | 'subscribe'>, runId: string) {
  return new Promise<Run | null>((resolve) => {
    const settled = (s: S) => {
      const run = s.runs.find((r) => r.id === runId);
      if (!run) return (resolve(null), true);
      if (run.end !== null && !(s.currentRunId === runId && s.evaluating)) return (resolve(run), true);
      return false;
    };
    if (settled(store.getState())) return;
    const stop = store.subscribe((s) => void (settled(s) && stop()));
  });
}

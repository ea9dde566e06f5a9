// The project file's entries of the worker API: a run's kept checkpoints and
// epoch snapshots out (they live in the worker's IndexedDB and never pass
// through the page otherwise), and an opened project's back in. Restoring
// first forgets the runs the project replaces, so their weights do not linger.
import type { ProjectRunData, TrainWorkerApi } from './protocol';
import type { Session } from './session';

export function projectEntries(session: Session): Pick<TrainWorkerApi, 'projectRunData' | 'projectRestoreRuns'> {
  return {
    projectRunData: session.short(async (runId: string) => {
      const [best, last, snapshots] = await Promise.all([
        session.store.load(runId, 'best'),
        session.store.load(runId, 'last'),
        session.snapshots.load(runId),
      ]);
      const value: ProjectRunData = { runId, best, last, snapshots };
      // Cloned, not transferred: the worker's memory copy of the weights stays whole.
      return { value, transfer: [] };
    }),
    projectRestoreRuns: session.short(async (forget: string[], runs: ProjectRunData[]) => {
      for (const id of forget) {
        await session.store.deleteRun(id);
        await session.snapshots.deleteRun(id);
      }
      for (const run of runs) {
        if (run.best) await session.store.save({ ...run.best, runId: run.runId, which: 'best' });
        if (run.last) await session.store.save({ ...run.last, runId: run.runId, which: 'last' });
        if (run.snapshots.length) await session.snapshots.save(run.runId, run.snapshots);
      }
      const current = session.current;
      if (current && session.training !== current.runId) {
        current.model.dispose();
        session.current = null;
      }
      return { value: null, transfer: [] };
    }),
  };
}

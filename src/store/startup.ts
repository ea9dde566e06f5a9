// What the app does once at start-up, apart from making its store: the saved
// dataset is brought back (it lives in IndexedDB, never localStorage), a
// pixels file a closed tab's run left is removed, and the runs are read from
// their database and then kept there. Tests call it, or not, as they need.
import { removeLeftSpillFile } from '../data/spill-file';
import { attachRunsPersistence } from './runs-persist';
import type { LabStore } from './create';
import type { LabDeps } from './deps';

export async function startLab(store: LabStore, { runsDb }: Pick<LabDeps, 'runsDb'>): Promise<void> {
  if (!runsDb) {
    store
      .getState()
      .runsStorageFailed('This browser keeps no saved runs (no IndexedDB): runs last only for this page.');
    return;
  }
  void store.getState().restoreDataset();
  void removeLeftSpillFile().catch(() => undefined);
  await attachRunsPersistence(store, runsDb);
}
